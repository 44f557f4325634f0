"""Watch mode: re-check the current exercise each time you save.
Keys: r read the exercise, h hint, l list, n next, c check again, q quit."""

from __future__ import annotations

import contextlib
import select
import sys
import termios
import tty
from collections.abc import Iterator
from typing import TYPE_CHECKING

import typer

from groundup.cli import render, show
from groundup.cli.hint import show_hint
from groundup.course.roadmap import nearby, next_exercise
from groundup.course.session import Session, check, hint, open_session
from groundup.errors import GroundupError

if TYPE_CHECKING:
    from groundup.course.watch import Watcher

KEYS = "[dim]keys: r read · h hint · l list · n next · c check · q quit[/]"


@contextlib.contextmanager
def cbreak() -> Iterator[None]:
    """Single key presses without Enter, restored on exit."""
    fd = sys.stdin.fileno()
    old = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)


def wait_for(watcher: Watcher, timeout_s: float) -> tuple[bool, str | None]:
    """Blocks until a save or a key press (or ``timeout_s``): (saved, the key)."""
    ready, _, _ = select.select([sys.stdin, watcher], [], [], timeout_s)
    saved = watcher in ready and watcher.changed()
    key = sys.stdin.read(1) if sys.stdin in ready else None
    return saved, key


def _check(s: Session, exercise_id: str) -> bool:
    render.console.rule(f"checking {exercise_id}")
    result = check(s, [exercise_id])[0]
    render.result(result, s.catalog.exercises[exercise_id].title)
    if result.passed:
        upcoming = next_exercise(s.rows(), after=exercise_id)
        if upcoming:
            render.console.print(
                f"[bold green]Well done.[/] Press [bold]n[/] for the next one: "
                f"{upcoming.id} ({upcoming.title})"
            )
    render.console.print(KEYS)
    return result.passed


def _next(s: Session, current: str) -> str:
    upcoming = next_exercise(s.rows(), after=current)
    if upcoming is None:
        render.console.print("[bold green]Every exercise has passed.[/]")
        return current
    ex = s.catalog.exercises[upcoming.id]
    render.console.print(
        f"now on [bold]{ex.id}[/] ({ex.title}) in {ex.workspace_path}: press [bold]r[/] to read it"
    )
    render.console.print(KEYS)
    return ex.id


def on_key(s: Session, key: str, current: str) -> str:
    """Answers one key press; returns the exercise watched from now on."""
    if key == "r":  # what `groundup show` prints: the lesson's part, where to write it
        show.command(current, full=False)
        render.console.print(KEYS)
    elif key == "h":
        ex = s.catalog.exercises[current]
        tier, text = hint(s, ex)
        show_hint(current, tier, len(ex.hints), text)
    elif key == "l":
        _short_list(s, current)
    elif key == "c":
        _check(s, current)
    elif key == "n":
        return _next(s, current)
    return current


def _short_list(s: Session, current: str) -> None:
    """The exercises around the current one, not all of them."""
    all_rows = s.rows()
    near = nearby(all_rows, current)
    render.exercise_table(near, current=current)
    render.console.print(
        f"[dim]{len(near)} of {len(all_rows)} exercises: `groundup list` shows them all[/]"
    )
    render.console.print(KEYS)


def run_watch(exercise_id: str | None) -> None:
    """The watch loop (needs a terminal)."""
    with open_session(warm=True) as s:
        if exercise_id is None:
            row = next_exercise(s.rows())
            if row is None:
                render.console.print("[bold green]Every exercise has passed. Congratulations![/]")
                return
            exercise_id = row.id
        current = s.catalog.exercise(exercise_id).id
        from groundup.course.watch import Watcher  # watchdog: only when watching

        watcher = Watcher(s.ws.mine)
        ex = s.catalog.exercises[current]
        render.console.print(
            f"watching {s.ws.mine} ({watcher.mode} file events): edit "
            f"[bold]{ex.workspace_path}[/] and save to check [bold]{current}[/]"
        )
        _check(s, current)
        try:
            with cbreak():
                while True:
                    saved, key = wait_for(watcher, 1.0)
                    if saved:
                        _check(s, current)
                    if key in (None, ""):
                        continue
                    if key == "q":
                        break
                    try:
                        current = on_key(s, key, current)
                    except GroundupError as exc:  # e.g. a region marker deleted mid-edit
                        render.error(exc.message, exc.fix)
        finally:
            watcher.stop()


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def command(exercise_id: str = typer.Argument(None, metavar="[ID]")) -> None:
    if not interactive():
        render.error("Watch mode needs a terminal.", "Use `groundup check ID` in scripts.")
        raise typer.Exit(2)
    run_watch(exercise_id)

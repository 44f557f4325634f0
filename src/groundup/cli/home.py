"""Your roadmap and the next exercise; in a terminal, watch mode on it. Outside a
workspace: the course outline and how to start."""

from __future__ import annotations

from groundup.cli import render
from groundup.cli.watch import interactive, run_watch
from groundup.course.catalog import Catalog, default_catalog
from groundup.course.roadmap import next_exercise, summary
from groundup.course.session import open_session
from groundup.course.workspace import find_workspace, needs_upgrade
from groundup.errors import GroundupError
from groundup.testing.words import plural


def welcome(catalog: Catalog) -> None:
    render.console.print(f"[bold]{catalog.title}[/]\n")
    for part in catalog.parts:
        if part.status == "coming":
            render.console.print(f"[dim][bold]{part.title}[/bold] (coming): {part.summary}[/]")
            continue
        render.console.print(f"[bold]{part.title}[/]")
        for s in part.sections:
            minutes = sum(e.minutes for e in s.exercises)
            render.console.print(
                f"  {s.number} {s.title}: {plural(len(s.exercises), 'exercise')}, about "
                f"{minutes} min. {s.summary}"
            )
    render.console.print(
        "\nStart with [bold]groundup init DIR[/] (your own workspace), then "
        "[bold]cd DIR[/] and run [bold]groundup[/] there. "
        "`groundup --help` lists every command."
    )


def command() -> None:
    try:
        find_workspace()
    except GroundupError:
        welcome(default_catalog())
        return
    with open_session() as s:
        all_rows = s.rows()
        render.roadmap(summary(s.catalog, all_rows))
        upcoming = next_exercise(all_rows)
        if upcoming is None:
            render.console.print("[bold green]Every exercise has passed. Congratulations![/]")
            return
        ex = s.catalog.exercises[upcoming.id]
        if needs_upgrade(s.ws, s.catalog):
            render.console.print(
                "[bold yellow]This groundup has new or changed exercises for "
                "your workspace:[/] run `groundup upgrade` (your code is kept)."
            )
    render.console.print(
        f"\n[bold]next:[/] {ex.id}: {ex.title} ({'★' * ex.difficulty}, about "
        f"{ex.minutes} min) in [bold]{ex.workspace_path}[/]"
    )
    render.console.print(f"read it with `groundup show {ex.id}`")
    if interactive():
        run_watch(ex.id)

"""The ``groundup`` command: wires each command module into one Typer app."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import typer

from groundup.cli import (
    check,
    doctor,
    gate,
    hint,
    home,
    init,
    lessons,
    listing,
    progress,
    render,
    reset,
    run,
    show,
    solution,
    upgrade,
    watch,
)
from groundup.errors import GroundupError

app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="groundup: learn AI from the ground up. Run it inside a workspace to see "
    "your roadmap and the next exercise.",
)


def _friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Known problems become one sentence and the fix, with exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except GroundupError as exc:
            render.error(exc.message, exc.fix)
            raise typer.Exit(2) from None

    return wrapper


for name, module in [
    ("init", init),
    ("list", listing),
    ("show", show),
    ("lessons", lessons),
    ("check", check),
    ("watch", watch),
    ("hint", hint),
    ("solution", solution),
    ("reset", reset),
    ("progress", progress),
    ("upgrade", upgrade),
    ("doctor", doctor),
    ("gate", gate),
    ("run", run),
]:
    app.command(name, help=module.__doc__)(_friendly(module.command))


@app.callback(invoke_without_command=True)
def _root(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        _friendly(home.command)()


def main() -> None:
    """Console-script entry point."""
    app()

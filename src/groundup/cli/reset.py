"""Put an exercise back to its stub (your code is saved to a backup first)."""

from __future__ import annotations

import typer

from groundup.cli import render
from groundup.course.session import open_session, reset


def command(
    exercise_id: str = typer.Argument(..., metavar="ID"),
    yes: bool = typer.Option(False, "--yes", "-y", help="do not ask to confirm"),
) -> None:
    with open_session() as s:
        ex = s.catalog.exercise(exercise_id)
        if not yes:
            typer.confirm(
                f"Replace your code for {ex.id} in {ex.workspace_path} with the stub?", abort=True
            )
        backup = reset(s, ex)
    render.console.print(f"{ex.id} is a stub again; your code is saved in {backup}")

"""Show the reference solution: after you pass, or with --reveal (confirmed, recorded)."""

from __future__ import annotations

import typer

from groundup.cli import render
from groundup.course.session import open_session, solution


def command(
    exercise_id: str = typer.Argument(..., metavar="ID"),
    reveal: bool = typer.Option(False, "--reveal", help="show it before passing"),
    yes: bool = typer.Option(False, "--yes", "-y", help="do not ask to confirm"),
) -> None:
    with open_session() as s:
        ex = s.catalog.exercise(exercise_id)
        status = s.progress.status(ex.id)
        if reveal and not (status.ever_passed or status.revealed) and not yes:
            typer.confirm(
                f"Reveal the solution of {ex.id} before passing it? It is recorded "
                "in your progress",
                abort=True,
            )
        body = solution(s, ex, reveal)
    render.console.print(f"[bold]reference solution of {ex.id}[/] ({ex.target}):")
    render.code(body)

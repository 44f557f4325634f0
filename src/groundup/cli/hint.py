"""Show the next hint for an exercise (a nudge first, nearly the answer last)."""

from __future__ import annotations

import typer

from groundup.cli import render
from groundup.course.session import hint, open_session


def command(exercise_id: str = typer.Argument(..., metavar="ID")) -> None:
    with open_session() as s:
        ex = s.catalog.exercise(exercise_id)
        tier, text = hint(s, ex)
    render.console.print(f"[bold]hint {tier + 1} of {len(ex.hints)}[/] for {ex.id}:")
    render.markdown(text)
    if tier + 1 < len(ex.hints):
        render.console.print("[dim]run the command again for the next hint[/]")

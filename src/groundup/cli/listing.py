"""List every exercise with its state (passed, failing, started, new)."""

from __future__ import annotations

import typer

from groundup.cli import render
from groundup.course.session import open_session


def command(as_json: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    with open_session() as s:
        rows = s.rows()
    if as_json:
        render.print_json([r.to_json() for r in rows])
    else:
        render.exercise_table(rows)

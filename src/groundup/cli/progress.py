"""Your progress: a bar per section; export or import it as JSON."""

from __future__ import annotations

from pathlib import Path

import typer

from groundup.cli import render
from groundup.course.roadmap import summary
from groundup.course.session import export_progress, import_progress, open_session


def command(
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
    export: Path = typer.Option(None, "--export", help="write all progress to FILE"),
    import_: Path = typer.Option(None, "--import", help="merge progress from FILE"),
) -> None:
    with open_session() as s:
        if export is not None:
            n = export_progress(s, export)
            render.console.print(f"wrote {n} attempts to {export}")
            return
        if import_ is not None:
            attempts, events = import_progress(s, import_)
            render.console.print(
                f"imported {attempts} attempts and {events} events "
                "(records already here were skipped)"
            )
            return
        data = summary(s.catalog, s.rows())
    if as_json:
        render.print_json(data)
    else:
        render.roadmap(data)

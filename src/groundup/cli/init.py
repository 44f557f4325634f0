"""Create a workspace: your own package with every exercise stubbed, lesson notebooks,
and a progress store."""

from __future__ import annotations

from pathlib import Path

import typer

from groundup.cli import render
from groundup.course.catalog import default_catalog
from groundup.course.progress import Progress
from groundup.course.workspace import init_workspace


def command(directory: Path = typer.Argument(..., help="a new or empty folder")) -> None:
    ws, report = init_workspace(directory, default_catalog())
    Progress(ws.db_path).close()
    render.console.print(f"[bold green]Created a groundup workspace in {ws.root}[/]")
    render.console.print(
        f"  mine/     your package: {len(report.new_exercises)} exercises to write"
    )
    render.console.print("  lessons/  lesson notebooks (open them with `groundup lessons`)")
    render.console.print(f"\nNext: [bold]cd {directory}[/] and run [bold]groundup[/]")

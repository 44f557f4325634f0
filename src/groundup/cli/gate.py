"""For content authors: prove every exercise's stub fails, reference passes and known
mistakes are caught and named, and every lesson runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from groundup.cli import render
from groundup.course.catalog import default_catalog

if TYPE_CHECKING:
    from groundup.course.gate import GateItem


def command(
    exercise_ids: list[str] = typer.Argument(None, metavar="[ID]..."),
    lessons: bool = typer.Option(True, help="also execute the lessons"),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    def show(item: GateItem) -> None:
        if not item.ok or verbose:
            mark = "[green]✓[/]" if item.ok else "[red]✗[/]"
            render.console.print(f"{mark} {item.subject}: ", end="")
            render.console.print(item.detail, markup=False, highlight=False)

    from groundup.course.gate import run_gate  # lessons and notebooks: only here

    items = run_gate(default_catalog(), exercise_ids or [], lessons=lessons, on_item=show)
    failed = [i for i in items if not i.ok]
    render.console.print(f"content gate: {len(items) - len(failed)} passed, {len(failed)} failed")
    if failed:
        raise typer.Exit(1)

"""Check exercises (default: every one you have started); exit code 1 if any fails."""

from __future__ import annotations

import typer

from groundup.cli import render
from groundup.course.session import check, open_session


def command(
    exercise_ids: list[str] = typer.Argument(None, metavar="[ID]..."),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
    mine_only: bool = typer.Option(
        False, "--mine-only", help="never fill in unpassed prerequisites with reference code"
    ),
    seed: int = typer.Option(None, help="repeat a run with this random seed"),
) -> None:
    with open_session() as s:
        results = check(s, exercise_ids or [], mine_only=mine_only or None, seed=seed)
        titles = {r.exercise: s.catalog.exercises[r.exercise].title for r in results}
    if as_json:
        render.print_json([r.to_json() for r in results])
    else:
        for r in results:
            render.result(r, titles[r.exercise])
        if len(results) > 1:
            passed = sum(r.passed for r in results)
            render.console.print(f"[bold]{passed} passed, {len(results) - passed} failed[/]")
    if not all(r.passed for r in results):
        raise typer.Exit(1)

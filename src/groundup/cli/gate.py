"""For content authors: prove every exercise's stub fails, reference passes and known
mistakes are caught and named, and every lesson runs; with --mutants, that the checks
catch every automatic slip of each reference body too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from groundup.cli import render
from groundup.course.catalog import default_catalog

if TYPE_CHECKING:
    from groundup.course.catalog import Exercise
    from groundup.course.gate import GateItem
    from groundup.course.mutation import MutantOutcome


def command(
    exercise_ids: list[str] = typer.Argument(None, metavar="[ID|SECTION]..."),
    lessons: bool = typer.Option(True, help="also execute the lessons"),
    mutants: bool = typer.Option(
        False, "--mutants", help="mutation-test the checks: every automatic slip must fail"
    ),
    report: Path = typer.Option(None, "--report", help="with --mutants: every outcome as JSON"),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    if mutants:
        _mutants(exercise_ids or [], report, verbose)
        return

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


def _mutants(names: list[str], report: Path | None, verbose: bool) -> None:
    from groundup.course.gate import select
    from groundup.course.mutation import run_mutants, tally

    catalog = default_catalog()

    def show(exercise: Exercise, outcomes: list[MutantOutcome]) -> None:
        for o in outcomes:
            if not o.ok or verbose:
                mark = "[green]✓[/]" if o.ok else "[red]✗[/]"
                render.console.print(
                    f"{mark} {o.exercise}: mutant {o.mutant!r} {o.status}: ", end=""
                )
                render.console.print(o.detail.strip(), markup=False, highlight=False)

    outcomes = run_mutants(catalog, select(catalog, names), on_exercise=show)
    if report is not None:
        report.write_text(json.dumps([o.to_json() for o in outcomes], indent=1), encoding="utf-8")
    render.console.print("section        mutants  killed  named  equivalent  failing  kill rate")
    for section in catalog.sections.values():
        mine = [o for o in outcomes if catalog.exercises[o.exercise].section == section.id]
        if mine:
            t = tally(mine)
            render.console.print(
                f"{section.number:<5} {section.id:<12} {t.mutants:>5} {t.killed:>7} {t.named:>6} "
                f"{t.equivalent:>11} {t.failing:>8} {t.kill_rate:>9.1%}"
            )
    t = tally(outcomes)
    render.console.print(
        f"mutation gate: {t.mutants} mutants, {t.killed} killed ({t.named} named), "
        f"{t.equivalent} declared equivalent, {t.failing} failing; kill rate {t.kill_rate:.1%}"
    )
    if t.failing:
        raise typer.Exit(1)

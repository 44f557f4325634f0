"""Run a project (milestone) on your engine, the reference or PyTorch; without a
project, list them."""

from __future__ import annotations

from pathlib import Path

import typer

from groundup.cli import render
from groundup.course.workspace import find_workspace
from groundup.errors import GroundupError

# NOTE: the projects (and matplotlib, NumPy) are imported inside the functions: every
# command imports this module, and `groundup check` must start fast.

NEEDS = ("id", "section", "state", "title")


def _list() -> None:
    from groundup.course.catalog import default_catalog
    from groundup.course.project_needs import project_section
    from groundup.projects.registry import PROJECTS

    catalog = default_catalog()
    rows = []
    for p in PROJECTS.values():
        tiers = "; ".join(
            f"{name}: {t.metric} >= {t.target:g} (~{t.minutes:g} min)"
            for name, t in p.tiers.items()
        )
        rows.append((p.id, project_section(p, catalog), p.title, tiers))
    render.project_table(rows)


def command(
    project: str = typer.Argument(None, help="the project id; omit to list them"),
    engine: str = typer.Option("mine", help="mine, reference or torch"),
    tier: str = typer.Option("cpu", help="cpu (minutes on a laptop) or gpu (the fuller run)"),
    seed: int = typer.Option(0, help="seeds data order, initialization and shuffling"),
    set_: list[str] = typer.Option(
        None, "--set", help="change the configuration, KEY=VALUE (the run is then not graded)"
    ),
    out: Path = typer.Option(None, help="folder for runs (default: runs/ in your workspace)"),
    as_json: bool = typer.Option(False, "--json", help="print the report as JSON"),
) -> None:
    if project is None:
        _list()
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from groundup.course.project_needs import NotReady
    from groundup.course.projects import run_project

    try:
        root: Path | None = find_workspace().root
    except GroundupError:
        root = None
    runs_dir = out or (root / "runs" if root else Path.cwd() / "runs")
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("loss {task.fields[loss]}"),
        TimeRemainingColumn(),
    )
    # The bar appears with the first step, after the checks that come before training.
    bar = Progress(*columns, console=render.console, disable=as_json)
    task = bar.add_task(f"{project} ({engine})", total=None, loss="-")

    def on_step(step: int, total: int, metrics: dict[str, float]) -> None:
        if not bar.live.is_started:
            bar.start()
        bar.update(task, completed=step, total=total, loss=f"{metrics.get('loss', 0):.4f}")

    def on_check(ids: list[str]) -> None:
        if not as_json:
            render.console.print(f"Checking what you wrote first: {', '.join(ids)}")

    try:
        report = run_project(
            project,
            engine=engine,
            tier=tier,
            seed=seed,
            overrides=set_ or [],
            runs_dir=runs_dir,
            workspace_root=root,
            on_step=on_step,
            on_check=on_check,
        )
    except NotReady as exc:
        rows = [(n.id, n.section, n.state, n.title) for n in exc.needs]
        if as_json:
            render.print_json(
                {"project": project, "needs": [dict(zip(NEEDS, r, strict=True)) for r in rows]}
            )
        else:
            render.needs_table(rows)
        raise
    finally:
        if bar.live.is_started:  # NOTE: stop() prints a blank line even when never started
            bar.stop()
    if as_json:
        render.print_json(report.to_json())
    else:
        render.run_report(report)
    if report.graded and not report.passed:
        raise typer.Exit(1)

"""Rendering for the terminal with Rich: results, lists, the roadmap. No logic here."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from groundup.course.roadmap import Row
from groundup.testing.result import Result, Verdict
from groundup.testing.words import plural

# soft_wrap: long lines (paths, messages) are left to the terminal to wrap, unbroken.
console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

VERDICT_LABEL = {
    Verdict.FAILED: "✗ failed",
    Verdict.ERROR: "✗ error",
    Verdict.TIMEOUT: "✗ timed out",
    Verdict.CRASHED: "✗ crashed",
}

STATE_STYLE = {
    "passed": ("✓", "green"),
    "changed": ("↻", "yellow"),
    "failing": ("✗", "red"),
    "started": ("…", "yellow"),
    "new": ("·", "dim"),
}


def print_json(data: Any) -> None:
    """Machine-readable output for instructors' tools: plain JSON on stdout."""
    sys.stdout.write(json.dumps(data, indent=2) + "\n")


def error(message: str, fix: str = "") -> None:
    err_console.print(f"[bold red]error:[/] {message}")
    if fix:
        err_console.print(f"[bold]fix:[/] {fix}")


def result(res: Result, title: str = "") -> None:
    """One check result: a green line, or the failure with everything needed to act on it."""
    head = f"{res.exercise}" + (f" ({title})" if title else "")
    if res.reference_used:  # only the prerequisites whose reference code the check ran
        console.print(f"[dim]checked with reference code for: {', '.join(res.reference_used)}[/]")
    if res.passed:
        console.print(
            f"[bold green]✓ {head}: all checks passed[/] [dim]({plural(res.cases, 'case')}, "
            f"{res.duration_ms} ms)[/]"
        )
        return
    f = res.failure
    lines = Text()
    label = VERDICT_LABEL[res.verdict]
    lines.append(f"{label}: {head}\n", style="bold red")
    if f is not None:
        lines.append("case: ", style="bold")
        lines.append(f"{f.label}\n")
        if f.step and f.step not in f.message:  # said once: the message may name it
            lines.append("first divergence at: ", style="bold")
            lines.append(f"{f.step}\n")
        lines.append(f"{f.message}\n")
        for name, value in f.inputs.items():
            lines.append(f"  {name} = ", style="cyan")
            lines.append(f"{value}\n")
        if f.expected is not None:
            lines.append("  expected: ", style="green")
            lines.append(f"{f.expected}\n")
        if f.got is not None:
            lines.append("  got:      ", style="red")
            lines.append(f"{f.got}\n")
        for detail in f.details:
            lines.append(f"  · {detail}\n", style="dim")
        if f.traceback:
            lines.append(f"{f.traceback}\n", style="dim")
        if f.mistake_message:
            lines.append("likely mistake: ", style="bold yellow")
            lines.append(f"{f.mistake_message}\n")
    if res.output:
        lines.append("your code printed:\n", style="bold")
        lines.append(res.output + "\n", style="dim")
    lines.append(
        f"{plural(res.cases, 'case')} passed before this one · seed {res.seed} · "
        f"`groundup hint {res.exercise}` for a hint",
        style="dim",
    )
    console.print(Panel(lines, border_style="red", expand=False), soft_wrap=False)


def exercise_table(rows: list[Row], current: str | None = None) -> None:
    """Exercises grouped by section; ``current`` (watch mode's exercise) is marked ▶."""
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for col in ("", "id", "title", "level", "min", "tries"):
        table.add_column(col)
    section = None
    for r in rows:
        if r.section != section:
            section = r.section
            table.add_row("", f"[bold]{r.number} {r.section}[/]", "", "", "", "")
        mark, style = STATE_STYLE[r.state]
        note = " [magenta](solution revealed)[/]" if r.revealed and r.state != "passed" else ""
        name = r.id
        if current is not None:
            name = f"[bold]▶ {r.id}[/]" if r.id == current else f"  {r.id}"
        table.add_row(
            f"[{style}]{mark}[/]",
            name,
            r.title + note,
            "★" * r.difficulty,
            str(r.minutes),
            str(r.attempts) if r.attempts else "",
        )
    console.print(table)
    console.print(
        "[dim]✓ passed · ↻ changed since it passed: check again · ✗ failing · … started · · new[/]"
    )


def bar(done: int, total: int, width: int = 30) -> str:
    """A text bar that reads the same with or without colours."""
    filled = round(width * done / total) if total else 0
    return f"[green]{'█' * filled}[/][dim]{'░' * (width - filled)}[/]"


def roadmap(summary: dict[str, Any]) -> None:
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column("section")
    table.add_column("bar")
    table.add_column("count", justify="right")
    sections = {s["id"]: s for s in summary["sections"]}
    for part in summary["parts"]:
        if part["status"] == "coming":
            table.add_row(f"[dim]{part['title']}[/]", "[dim]coming[/]", "")
            continue
        table.add_row(f"[bold]{part['title']}[/]", "", "")
        for s in (sections[i] for i in part["sections"]):
            table.add_row(
                f"  {s['number']} {s['title']}",
                bar(s["passed"], s["total"]),
                f"{s['passed']}/{s['total']}",
            )
    console.print(table)
    console.print(f"[bold]{summary['passed']} of {summary['total']} exercises passed[/]")


def markdown(text: str) -> None:
    from rich.markdown import Markdown  # imported here: it costs 50 ms at start-up

    console.print(Markdown(text), soft_wrap=False)


def code(text: str, start_line: int = 1) -> None:
    from rich.syntax import Syntax  # pygments: only to show code

    console.print(Syntax(text, "python", line_numbers=True, start_line=start_line), soft_wrap=False)


def project_table(rows: list[tuple[str, str, str, str]]) -> None:
    """The projects: id, section, title, and each tier's target and measured time."""
    table = Table(show_header=True, header_style="bold", box=None)
    for column in ("project", "section", "title", "tiers (target, time)"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    console.print("Run one with `groundup run PROJECT --engine mine|reference|torch`.")


def needs_table(rows: list[tuple[str, str, str, str]]) -> None:
    """The exercises a project needs that are not passed: id, section, state, title."""
    table = Table(show_header=True, header_style="bold", box=None)
    for column in ("exercise", "section", "state", "title"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row, style="dim" if row[2] == "not written" else "yellow")
    console.print(table)


def run_report(report: Any) -> None:
    """A project run's result: graded verdict, metric vs target, where the files are."""
    if not report.graded:
        verdict, style = "not graded (configuration changed)", "yellow"
    elif report.passed:
        verdict, style = "target reached", "green"
    else:
        verdict, style = "below target", "red"
    lines = [
        f"{report.metric} = {report.value:.4f} (target {report.target:g}): {verdict}",
        f"engine {report.engine}, tier {report.tier}, seed {report.seed}, {report.seconds:.1f} s",
    ]
    console.print(Panel("\n".join(lines), title=f"project {report.project}", border_style=style))
    console.print(f"files in {report.folder}: {', '.join(report.files)}", soft_wrap=True)

"""Check the installation, optional extras, data sources and this workspace."""

from __future__ import annotations

import typer

from groundup.cli import render


def command() -> None:
    from groundup.course.doctor import examine  # reads package metadata: only here

    findings = examine()
    bad = False
    for f in findings:
        mark = "[green]✓[/]" if f.ok else ("[red]✗[/]" if f.required else "[yellow]-[/]")
        render.console.print(f"{mark} {f.topic}: {f.detail}")
        if not f.ok and f.fix:
            render.console.print(f"    fix: {f.fix}")
        bad = bad or (f.required and not f.ok)
    if bad:
        raise typer.Exit(1)

"""Add new exercises and lessons to this workspace; your code is carried over, never lost."""

from __future__ import annotations

from groundup.cli import render
from groundup.course.session import open_session, upgrade


def command() -> None:
    with open_session() as s:
        report = upgrade(s)
    for path in report.created:
        render.console.print(f"[green]added[/]   {path}")
    for path in report.restored:
        render.console.print(f"[green]restored[/] {path} (it was missing)")
    for path in report.updated:
        render.console.print(f"[yellow]updated[/] {path} (your exercise code kept)")
    for path in report.merged:
        render.console.print(f"[yellow]merged[/]  {path} (your changes and the new version)")
    for move in report.moved:
        render.console.print(f"[cyan]moved[/]   {move} (your code went with it)")
    for note in report.kept:
        render.console.print(f"[red]kept[/]    {note}")
    for where in report.conflicts:
        render.console.print(
            f"[red]conflict[/] {where}: you and the new version changed the same part; "
            "both are kept there, between groundup's notes (or <<<<<<< and >>>>>>> lines): "
            "keep what you want and delete the notes"
        )
    if report.backups:
        render.console.print(
            f"backups of the files before the upgrade: {', '.join(report.backups)}"
        )
    if report.new_exercises:
        render.console.print(f"new exercises: {', '.join(report.new_exercises)}")
    if not (report.changed or report.kept):
        render.console.print("your workspace is up to date")

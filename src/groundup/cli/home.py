"""Your roadmap and the next exercise; in a terminal, watch mode on it."""

from __future__ import annotations

from groundup.cli import render
from groundup.cli.watch import interactive, run_watch
from groundup.course.roadmap import next_exercise, summary
from groundup.course.session import open_session


def command() -> None:
    with open_session() as s:
        all_rows = s.rows()
        render.roadmap(summary(s.catalog, all_rows))
        upcoming = next_exercise(all_rows)
        if upcoming is None:
            render.console.print("[bold green]Every exercise has passed. Congratulations![/]")
            return
        ex = s.catalog.exercises[upcoming.id]
    render.console.print(
        f"\n[bold]next:[/] {ex.id}: {ex.title} ({'★' * ex.difficulty}, about "
        f"{ex.minutes} min) in [bold]{ex.workspace_path}[/]"
    )
    render.console.print(f"read it with `groundup show {ex.id}`")
    if interactive():
        run_watch(ex.id)

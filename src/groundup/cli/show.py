"""Show an exercise: its lesson text, where to write it, and your code so far."""

from __future__ import annotations

import typer

from groundup.cli import render
from groundup.course.lessons import lesson_markdown, lesson_part_for
from groundup.course.roadmap import state_of
from groundup.course.session import function_source, open_session


def command(
    exercise_id: str = typer.Argument(..., metavar="ID"),
    full: bool = typer.Option(False, "--full", help="the whole lesson"),
) -> None:
    with open_session() as s:
        ex = s.catalog.exercise(exercise_id)
        section = s.catalog.sections[ex.section]
        state = state_of(s.progress.status(ex.id), s.ws.codes([ex])[ex.id])
        attempts = s.progress.status(ex.id).attempts
        code, line = function_source(s.ws, ex)
    render.markdown(lesson_markdown(section) if full else lesson_part_for(section, ex.id))
    render.console.rule(f"[bold]{ex.id}[/]: {ex.title}")
    render.console.print(
        f"section {section.number} {section.title} · {'★' * ex.difficulty} · "
        f"about {ex.minutes} min · tolerance: {ex.tolerance.reason}"
    )
    if ex.prerequisites:
        render.console.print(f"builds on: {', '.join(ex.prerequisites)}")
    said = {
        "passed": "passed",
        "changed": "changed since it passed: check it again",
        "failing": f"{attempts} attempt{'s' * (attempts != 1)}, not passed yet",
    }.get(state, "not checked yet")
    render.console.print(f"write it in [bold]{ex.workspace_path}[/] (line {line}) · {said}")
    render.code(code, line)
    render.console.print(
        f"[dim]check it: groundup check {ex.id} · a hint: groundup hint {ex.id}[/]"
    )

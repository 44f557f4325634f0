"""Where the learner stands: each exercise's state, each section's bar, what comes next."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from groundup.course.catalog import Catalog, Part
from groundup.course.progress import Progress, Status
from groundup.course.workspace import Code, Workspace
from groundup.testing.result import Verdict


@dataclass(frozen=True)
class Row:
    """One exercise as the learner sees it in lists and the roadmap.

    ``state`` is one of: passed (the code in the workspace passed), changed (it passed,
    and the code changed since: check again), failing (the latest check failed), started
    (changed but never checked), new (the stub). ``revealed``: the solution was shown.
    """

    id: str
    title: str
    section: str
    number: str
    difficulty: int
    minutes: int
    state: str
    attempts: int
    hints_shown: int
    revealed: bool
    prerequisites: tuple[str, ...]
    last_at: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def state_of(status: Status, code: Code | None) -> str:
    """An exercise's state: "passed" only while its region holds code that passed.

    ``code``: what the region holds now; None when its file or region is missing.
    """
    if code is None:
        return "failing" if status.attempts else "new"
    verdict = status.verdict_for(code.digest, stub=code.stub)
    if verdict is Verdict.PASSED and not code.stub:
        return "passed"
    if verdict is not None:
        return "failing"
    if code.stub:
        return "new"  # never checked as a stub since it was reset, or at all
    if status.last_verdict is Verdict.PASSED:
        return "changed"  # the last check passed on other code
    return "failing" if status.attempts else "started"


def passing(ws: Workspace, catalog: Catalog, progress: Progress, ids: list[str]) -> set[str]:
    """Those of ``ids`` whose region in the workspace holds code that passed."""
    statuses = progress.statuses(ids)
    codes = ws.codes(catalog.exercises[i] for i in ids)
    return {i for i in ids if state_of(statuses[i], codes[i]) == "passed"}


def rows(catalog: Catalog, ws: Workspace, progress: Progress) -> list[Row]:
    """Every exercise in course order with the learner's state."""
    statuses = progress.statuses([e.id for e in catalog.ordered()])
    codes = ws.codes(catalog.ordered())
    out = []
    for ex in catalog.ordered():
        status = statuses[ex.id]
        state = state_of(status, codes[ex.id])
        out.append(
            Row(
                ex.id,
                ex.title,
                ex.section,
                catalog.sections[ex.section].number,
                ex.difficulty,
                ex.minutes,
                state,
                status.attempts,
                status.hints_shown,
                status.revealed,
                ex.prerequisites,
                status.last_at,
            )
        )
    return out


def next_exercise(all_rows: list[Row], after: str | None = None) -> Row | None:
    """The first exercise not passed, in course order (starting after ``after`` if given)."""
    start = 0
    if after is not None:
        ids = [r.id for r in all_rows]
        start = ids.index(after) + 1 if after in ids else 0
    ordered = all_rows[start:] + all_rows[:start]
    return next((r for r in ordered if r.state != "passed"), None)


def nearby(all_rows: list[Row], exercise_id: str, before: int = 5, after: int = 5) -> list[Row]:
    """The exercises around ``exercise_id`` in course order (watch mode's short list).

    Shows ``before + after + 1`` rows where the course has them, also at either end.
    """
    ids = [r.id for r in all_rows]
    here = ids.index(exercise_id) if exercise_id in ids else 0
    start = max(0, min(here - before, len(all_rows) - before - after - 1))
    return all_rows[start : start + before + after + 1]


def attempted(all_rows: list[Row]) -> list[Row]:
    """Exercises the learner has touched: checked at least once or changed from the stub."""
    return [r for r in all_rows if r.state != "new"]


def _part(part: Part, sections: list[dict[str, Any]]) -> dict[str, Any]:
    """One part of the course for the roadmap: available (with its counts) or coming."""
    mine = [s for s in sections if s["part"] == part.title]
    return {
        "id": part.id,
        "title": part.title,
        "status": part.status,
        "summary": part.summary,
        "sections": [s["id"] for s in mine],
        "passed": sum(s["passed"] for s in mine),
        "total": sum(s["total"] for s in mine),
    }


def summary(catalog: Catalog, all_rows: list[Row]) -> dict[str, Any]:
    """Per-section and overall counts, for the progress view and instructors' tools."""
    sections = []
    for part in catalog.parts:
        for section in part.sections:
            mine = [r for r in all_rows if r.section == section.id]
            sections.append(
                {
                    "id": section.id,
                    "number": section.number,
                    "title": section.title,
                    "part": part.title,
                    "passed": sum(r.state == "passed" for r in mine),
                    "total": len(mine),
                    "minutes_left": sum(r.minutes for r in mine if r.state != "passed"),
                }
            )
    passed = sum(r.state == "passed" for r in all_rows)
    return {
        "passed": passed,
        "total": len(all_rows),
        "parts": [_part(part, sections) for part in catalog.parts],
        "sections": sections,
        "exercises": [r.to_json() for r in all_rows],
    }

"""What the commands do, in one place: each CLI command parses, calls one function here
(or in the modules it names), and renders the result."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from groundup.course.catalog import Catalog, Exercise, default_catalog
from groundup.course.checker import check_exercise, warm_worker
from groundup.course.progress import Progress
from groundup.course.roadmap import Row, attempted, rows
from groundup.course.worker import WarmWorker
from groundup.course.workspace import (
    UpgradeReport,
    Workspace,
    find_workspace,
    reference_region,
    reset_exercise,
    sync,
)
from groundup.errors import GroundupError
from groundup.testing.result import Result


@dataclass
class Session:
    """A workspace, the installed curriculum and the progress store, open together.

    ``worker``: the warm worker checks start from (watch mode sets one), if any.
    """

    ws: Workspace
    catalog: Catalog
    progress: Progress
    worker: WarmWorker | None = None

    def rows(self) -> list[Row]:
        return rows(self.catalog, self.ws, self.progress)


@contextmanager
def open_session(start: Path | None = None, *, warm: bool = False) -> Iterator[Session]:
    """The session of the workspace at (or above) ``start``, closed when the block ends.

    ``warm``: keep a warm worker for the checks (watch mode checks on every save).
    """
    ws = find_workspace(start)
    with (
        Progress(ws.db_path) as progress,
        warm_worker() if warm else nullcontext() as worker,
    ):
        yield Session(ws, default_catalog(), progress, worker)


def check(
    session: Session, ids: list[str], *, mine_only: bool | None = None, seed: int | None = None
) -> list[Result]:
    """Checks the given exercises, or every attempted one when none are given."""
    if ids:
        chosen = [session.catalog.exercise(i) for i in ids]
    else:
        chosen = [session.catalog.exercises[r.id] for r in attempted(session.rows())]
        if not chosen:
            raise GroundupError(
                "You have not started any exercise yet, so there is nothing to check.",
                "Run `groundup` to see the next exercise, or `groundup check ID`.",
            )
    return [
        check_exercise(
            session.ws,
            session.catalog,
            ex,
            session.progress,
            mine_only=mine_only,
            seed=seed,
            worker=session.worker,
        )
        for ex in chosen
    ]


def function_source(ws: Workspace, exercise: Exercise) -> tuple[str, int]:
    """The learner's function that holds the exercise, and its first line number."""
    text, region = ws.learner_region(exercise)
    lines = text.splitlines()
    start = region.start
    while start > 0 and not re.match(
        rf"^{re.escape(region.indent[:-4])}(async )?def ", lines[start]
    ):
        start -= 1
    # Include decorators and the class line of a method for context.
    while start > 0 and lines[start - 1].lstrip().startswith("@"):
        start -= 1
    return "\n".join(lines[start : region.end + 1]), start + 1


def hint(session: Session, exercise: Exercise) -> tuple[int, str]:
    """The next hint tier (recorded); returns its index (0-based) and text."""
    tier = session.progress.next_hint(exercise.id, len(exercise.hints))
    return tier, exercise.hints[tier]


def solution(session: Session, exercise: Exercise, reveal: bool) -> str:
    """The reference body, only after a pass or an explicit, recorded reveal."""
    status = session.progress.status(exercise.id)
    if not status.ever_passed and not status.revealed:
        if not reveal:
            raise GroundupError(
                f"The solution of {exercise.id} opens once you pass it.",
                f"Keep going (`groundup hint {exercise.id}`), or reveal it anyway "
                f"with `groundup solution {exercise.id} --reveal`.",
            )
        session.progress.record_event(exercise.id, "reveal")
    session.progress.record_event(exercise.id, "solution")
    return reference_region(exercise)


def reset(session: Session, exercise: Exercise) -> Path:
    backup = reset_exercise(session.ws, exercise)
    session.progress.record_event(exercise.id, "reset", str(backup))
    return backup


def upgrade(session: Session) -> UpgradeReport:
    return sync(session.ws, session.catalog)


def export_progress(session: Session, path: Path) -> int:
    data = session.progress.export()
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return len(data["attempts"])


def import_progress(session: Session, path: Path) -> tuple[int, int]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GroundupError(f"{path} does not exist.", "Give the path of an export file.") from None
    except json.JSONDecodeError as exc:
        raise GroundupError(
            f"{path} is not JSON ({exc}).", "Use a file written by `groundup progress --export`."
        ) from None
    return session.progress.import_(data)

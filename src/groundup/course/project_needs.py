"""What a project needs from the learner's engine, and what to say when that code fails.

Each project declares the exercises its run reaches (:attr:`Project.exercises`). Before
a run on the learner's engine every one must be written and pass its checks; during the
run, whatever the learner's code raises becomes one sentence that names the exercise
whose code raised (read from the traceback, never shown).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from groundup.course.catalog import Catalog
from groundup.course.regions import RegionError, find_regions
from groundup.course.roadmap import passing
from groundup.course.session import Session, check, open_session
from groundup.errors import GroundupError
from groundup.projects.registry import Project
from groundup.testing.failure import unwritten_exercise
from groundup.testing.words import plural

OnCheck = Callable[[list[str]], None]
"""Called with the exercises about to be checked before a run on the learner's engine."""

REFERENCE_FOR_NOW = "or run with --engine reference for now."


def project_section(project: Project, catalog: Catalog) -> str:
    """The section a project belongs to: that of the latest-taught exercise it needs."""
    order = {ex.id: i for i, ex in enumerate(catalog.ordered())}
    latest = catalog.exercises[max(project.exercises, key=order.__getitem__)]
    return catalog.sections[latest.section].number


# -- before a run ----------------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    """One exercise a project needs, and where the learner stands on it."""

    id: str
    title: str
    section: str
    written: bool
    passed: bool

    @property
    def state(self) -> str:
        if self.passed:
            return "passed"
        return "written, not passed" if self.written else "not written"


class NotReady(GroundupError):
    """Exercises a project needs are not written yet; ``needs`` lists every one not passed."""

    def __init__(self, message: str, fix: str, needs: list[Need]) -> None:
        super().__init__(message, fix)
        self.needs = needs


def needs(session: Session, project: Project) -> list[Need]:
    """Every exercise ``project`` needs, in course order, with the learner's state.

    The one place a project asks the progress store: "passed" is the roadmap's rule
    (:func:`groundup.course.roadmap.passing`), read for these exercises only.
    """
    passed = passing(session.ws, session.catalog, session.progress, list(project.exercises))
    out = []
    for ex_id in project.exercises:
        ex = session.catalog.exercises[ex_id]
        written = session.ws.is_attempted(ex)
        number = session.catalog.sections[ex.section].number
        out.append(Need(ex.id, ex.title, number, written, written and ex_id in passed))
    return out


def _and(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _not_ready(project: Project, needed: list[Need]) -> NotReady:
    missing = [n for n in needed if not n.passed]
    unwritten = [n.id for n in missing if not n.written]
    unpassed = [n.id for n in missing if n.written]
    states = [plural(len(unwritten), "is not written yet", "are not written yet")]
    fix = f"Start with `groundup show {unwritten[0]}`"
    if unpassed:
        states.append(
            plural(len(unpassed), "is written but not passed", "are written but not passed")
        )
        fix += f"; `groundup check {' '.join(unpassed)}` grades what you wrote"
    return NotReady(
        f"{project.id} needs {len(needed)} exercises on your engine: {_and(states)}.",
        f"{fix}; {REFERENCE_FOR_NOW}",
        missing,
    )


def ensure_ready(project: Project, workspace_root: Path, on_check: OnCheck | None = None) -> None:
    """Makes sure every exercise ``project`` needs is written and passes its checks.

    Written but not passed ones are checked now (and the attempts recorded).

    Raises:
        NotReady: some are not written yet (nothing is checked then).
        GroundupError: a written one fails its checks; the message names it.
    """
    with open_session(workspace_root) as session:
        needed = needs(session, project)
        if any(not n.written for n in needed):
            raise _not_ready(project, needed)
        unpassed = [n.id for n in needed if not n.passed]
        if not unpassed:
            return
        if on_check:
            on_check(unpassed)
        failing = [r.exercise for r in check(session, unpassed) if not r.passed]
    if failing:
        subject = (
            f"exercise {failing[0]} fails its"
            if len(failing) == 1
            else f"exercises {_and(failing)} fail their"
        )
        raise GroundupError(
            f"{subject} checks, so your engine cannot train {project.id} yet.",
            f"`groundup check {' '.join(failing)}` shows why; {REFERENCE_FOR_NOW}",
        )


# -- when the learner's code raises during a run ---------------------------------------


def _region_at(path: Path, line: int) -> str | None:
    """The exercise whose region holds ``line`` (1-based) of the learner's file, if any."""
    try:
        regions = find_regions(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, RegionError):
        return None
    return next((r.exercise_id for r in regions.values() if r.start + 1 < line <= r.end), None)


def _learner_frames(exc: BaseException, mine: Path) -> list[tuple[Path, int]]:
    """Where the traceback passes through the learner's package, innermost first.

    Paths are relative to the workspace (``mine/engine/optim/adam.py``).
    """
    places = [(Path(f.filename), f.lineno or 0) for f in traceback.extract_tb(exc.__traceback__)]
    if isinstance(exc, SyntaxError) and exc.filename:  # raised while importing their code
        places.append((Path(exc.filename), exc.lineno or 0))
    root = mine.resolve()
    return [
        (path.resolve().relative_to(root.parent), line)
        for path, line in reversed(places)
        if path.resolve().is_relative_to(root)
    ]


def learner_failure(exc: Exception, mine: Path, project: str, doing: str) -> GroundupError:
    """One sentence for an exception the learner's engine raised, naming its exercise.

    The exercise is the one whose region holds the innermost line of the learner's code
    in the traceback.

    Args:
        exc: what was raised (its traceback is read, never shown).
        mine: the learner's package, ``<workspace>/mine``.
        project: the project's id.
        doing: ``"training"`` or ``"saving"``.
    """
    stub = unwritten_exercise(exc)
    if stub is not None:  # a stub the project's declared needs missed
        return GroundupError(
            f"your engine needs exercise {stub}, which is not written yet.",
            f"Write it (`groundup show {stub}`, then `groundup check {stub}`), {REFERENCE_FOR_NOW}",
        )
    lines = str(exc).strip().splitlines()
    raised = type(exc).__name__ + (f": {lines[0][:160]}" if lines else "")
    when = "while training" if doing == "training" else "while saving the checkpoint of"
    frames = _learner_frames(exc, mine)
    for path, line in frames:
        exercise = _region_at(mine.parent / path, line)
        if exercise is not None:
            return GroundupError(
                f"your code for exercise {exercise} raised {raised} {when} {project}.",
                f"Look at {path}:{line} (`groundup check {exercise}` regrades it), "
                + REFERENCE_FOR_NOW,
            )
    if frames:
        path, line = frames[0]
        message = f"your engine raised {raised} {when} {project}, at {path}:{line}."
    else:
        message = f"your engine's results broke the run {when} {project}: {raised}."
    return GroundupError(
        message, f"`groundup check` regrades the exercises you wrote; {REFERENCE_FOR_NOW}"
    )

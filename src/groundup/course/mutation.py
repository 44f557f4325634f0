"""The content gate's mutation run: every automatic slip must be caught, or declared.

For each exercise, every mutant of its reference body (:mod:`groundup.course.mutants`)
goes through the exercise's checks as a learner's code would: in the region of a new
learner's workspace, its prerequisites from the reference, in the sandbox child (forked
from a warm worker, so a check costs tens of milliseconds). A mutant that fails is
*killed*, and the catalogued mistake the checker named, if any, is recorded. One that
passes has *survived*: the gate fails unless the manifest declares it equivalent
(``[[exercises.equivalent]]``, with the reason), and a declared one must pass on every
reference seed, so a declaration can never hide a mutant the checks do kill.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from groundup.course.catalog import Catalog, Exercise
from groundup.course.gate import REFERENCE_SEEDS, Scratch, over_exercises, reference_body
from groundup.course.mutants import Mutant, mutants
from groundup.course.worker import WarmWorker
from groundup.testing.result import Result

MUTANT_TIMEOUT_S = 5.0
"""A mutant that loops (a deleted increment) is stopped here and counts as killed: ten
times the slowest exercise's check, so a loaded machine does not kill a correct mutant."""


@dataclass(frozen=True)
class MutantOutcome:
    """What the checks made of one mutant.

    Attributes:
        exercise: the exercise id.
        mutant: the mutant's id (its place and change).
        status: "killed", "equivalent" (declared, and it passes every seed), "survived"
            (passes, undeclared), or "bad declaration" (declared but killed on a seed,
            or declared and no such mutant exists).
        mistake: the catalogued mistake the checker named for a killed mutant, if any.
        detail: what failed, or why it is equivalent.
    """

    exercise: str
    mutant: str
    status: str
    mistake: str | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status in ("killed", "equivalent")

    def to_json(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "mutant": self.mutant,
            "status": self.status,
            "mistake": self.mistake,
            "detail": self.detail,
        }


def _killed_by(result: Result) -> str:
    f = result.failure
    if f is None:
        return str(result.verdict)
    return f"{result.verdict} at {f.label!r}: {f.message.splitlines()[0][:160]}"


def mutate_exercise(
    catalog: Catalog, exercise: Exercise, root: Path, worker: WarmWorker | None = None
) -> list[MutantOutcome]:
    """Every mutant of one exercise through its checks, and every declaration proven."""
    declared = {e.mutant: e.why for e in exercise.equivalent}
    found = mutants(reference_body(exercise))
    outcomes = [
        MutantOutcome(exercise.id, name, "bad declaration", detail="no such mutant any more")
        for name in sorted(set(declared) - {m.id for m in found})
    ]
    scratch = Scratch(root, catalog, exercise, MUTANT_TIMEOUT_S)
    try:
        for mutant in found:
            outcomes.append(_judge(scratch, exercise, mutant, declared.get(mutant.id), worker))
    finally:
        scratch.close()
    return outcomes


def _judge(
    scratch: Scratch,
    exercise: Exercise,
    mutant: Mutant,
    why: str | None,
    worker: WarmWorker | None,
) -> MutantOutcome:
    first = scratch.check(mutant.body, REFERENCE_SEEDS[0], worker)
    if not first.passed:
        mistake = first.failure.mistake if first.failure else None
        if why is not None:
            return MutantOutcome(
                exercise.id, mutant.id, "bad declaration", mistake,
                f"declared equivalent, but the checks kill it: {_killed_by(first)}",
            )  # fmt: skip
        return MutantOutcome(exercise.id, mutant.id, "killed", mistake, _killed_by(first))
    if why is None:
        return MutantOutcome(exercise.id, mutant.id, "survived", detail=mutant.body)
    for seed in REFERENCE_SEEDS[1:]:
        got = scratch.check(mutant.body, seed, worker)
        if not got.passed:
            return MutantOutcome(
                exercise.id, mutant.id, "bad declaration", None,
                f"declared equivalent, but seed {seed} kills it: {_killed_by(got)}",
            )  # fmt: skip
    return MutantOutcome(exercise.id, mutant.id, "equivalent", detail=why)


def run_mutants(
    catalog: Catalog,
    exercises: list[Exercise],
    workers: int = 2,
    on_exercise: Callable[[Exercise, list[MutantOutcome]], None] | None = None,
) -> list[MutantOutcome]:
    """Mutation-tests the given exercises over ``workers`` threads (each with its worker)."""
    outcomes: list[MutantOutcome] = []
    mutated = over_exercises(
        exercises,
        lambda ex, root, w: mutate_exercise(catalog, ex, root, w),
        workers,
        prefix="groundup-mutants-",
    )
    for ex, batch in mutated:
        outcomes += batch
        if on_exercise:
            on_exercise(ex, batch)
    return outcomes


@dataclass(frozen=True)
class Tally:
    """Counts of one section's (or the whole run's) mutants."""

    mutants: int
    killed: int
    named: int
    equivalent: int
    failing: int

    @property
    def kill_rate(self) -> float:
        """Killed over the mutants that are not declared equivalent."""
        real = self.mutants - self.equivalent
        return self.killed / real if real else 1.0


def tally(outcomes: Iterable[MutantOutcome]) -> Tally:
    done = [
        o
        for o in outcomes
        if o.status != "bad declaration" or o.detail != "no such mutant any more"
    ]
    return Tally(
        mutants=len(done),
        killed=sum(o.status == "killed" for o in done),
        named=sum(o.status == "killed" and o.mistake is not None for o in done),
        equivalent=sum(o.status == "equivalent" for o in done),
        failing=sum(not o.ok for o in outcomes),
    )

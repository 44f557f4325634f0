"""The content gate: proves every exercise's checks can fail and name what is wrong.

For each exercise, in a scratch workspace built from the library: the stub must fail;
the reference must pass (on several seeds) having run at least one case; every known
mistake must fail and be diagnosed as itself. Every lesson must execute.
"""

from __future__ import annotations

import shutil
import tempfile
import textwrap
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from groundup.course.catalog import LIBRARY, Catalog, Exercise
from groundup.course.checker import run_sandbox, warm_worker
from groundup.course.lessons import execute_lesson
from groundup.course.regions import find_regions, indent_body, replace_bodies, stub_body
from groundup.course.worker import WarmWorker
from groundup.course.workspace import library_files
from groundup.testing.result import Result

REFERENCE_SEEDS = (0, 1, 2)
MISTAKE_SEEDS = (0, 1)


@dataclass
class GateItem:
    """One proof obligation and how it went."""

    subject: str  # "linalg.solve: stub", "linalg.solve: mistake no-pivoting", "lesson linalg"
    ok: bool
    detail: str


def _scratch(root: Path, catalog: Catalog, exercise: Exercise, body: str | None) -> Path:
    """A new learner's workspace: every region a stub, except the one under test.

    That region holds ``body`` (the reference when ``None``). Checking it with its
    prerequisites from the reference is exactly a new learner's situation, so an
    exercise that quietly depends on an undeclared exercise fails the gate.
    """
    ws = Path(tempfile.mkdtemp(prefix="gate-", dir=root))
    for rel in library_files(catalog):
        dest = ws / "mine" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        source = (LIBRARY / rel).read_text(encoding="utf-8")
        regions = find_regions(source, str(rel))
        bodies = {rid: stub_body(rid, r.indent) for rid, r in regions.items()}
        if exercise.id in regions:
            indent = regions[exercise.id].indent
            bodies[exercise.id] = (
                regions[exercise.id].body if body is None else indent_body(body, indent)
            )
        dest.write_text(replace_bodies(source, bodies, str(rel)), encoding="utf-8")
    (ws / "mine" / "__init__.py").write_text("", encoding="utf-8")
    return ws


def reference_body(exercise: Exercise) -> str:
    """The exercise's reference region body, dedented."""
    text = exercise.source_path.read_text(encoding="utf-8")
    return textwrap.dedent(find_regions(text, str(exercise.source_path))[exercise.id].body)


class Scratch:
    """A new learner's workspace for one exercise (:func:`_scratch`), built once; each
    check rewrites only the exercise's region.

    Args:
        timeout_s: the time limit of each check (the exercise's own, if it sets one).
    """

    def __init__(self, root: Path, catalog: Catalog, exercise: Exercise, timeout_s: float) -> None:
        self.catalog, self.exercise, self.timeout_s = catalog, exercise, timeout_s
        self.root = _scratch(root, catalog, exercise, None)
        self.path = self.root / exercise.workspace_path
        self.text = self.path.read_text(encoding="utf-8")
        self.indent = find_regions(self.text)[exercise.id].indent

    def check(self, body: str, seed: int, worker: WarmWorker | None) -> Result:
        """The checks' verdict on ``body`` (dedented) in the region."""
        region = {self.exercise.id: indent_body(body, self.indent)}
        self.path.write_text(replace_bodies(self.text, region), encoding="utf-8")
        return run_sandbox(
            self.root,
            self.catalog,
            self.exercise,
            reference_for=self.catalog.prerequisites_closure(self.exercise.id),
            timeout_s=self.timeout_s,
            memory_mb=4096,
            seed=seed,
            worker=worker,
        )

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def thread_workers() -> Iterator[Callable[[], WarmWorker]]:
    """One warm worker per thread, made on first use and all stopped at the end.

    A check forked from a warm worker starts in milliseconds instead of importing NumPy
    and the checker anew: the gate's hundreds of runs are mostly start-up otherwise.
    """
    local = threading.local()
    made: list[Any] = []

    def get() -> WarmWorker:
        if not hasattr(local, "worker"):
            context = warm_worker()
            local.worker = context.__enter__()
            made.append(context)
        worker: WarmWorker = local.worker
        return worker

    try:
        yield get
    finally:
        for context in made:
            context.__exit__(None, None, None)


T = TypeVar("T")


def over_exercises(
    exercises: list[Exercise],
    run: Callable[[Exercise, Path, WarmWorker], T],
    workers: int = 2,
    prefix: str = "groundup-gate-",
) -> Iterator[tuple[Exercise, T]]:
    """``run(exercise, scratch_root, worker)`` for each exercise over ``workers`` threads,
    each with its warm worker; yields the results in the exercises' order."""
    with (
        tempfile.TemporaryDirectory(prefix=prefix) as tmp,
        thread_workers() as worker_of_thread,
        ThreadPoolExecutor(max_workers=workers) as pool,
    ):

        def one(ex: Exercise) -> T:
            return run(ex, Path(tmp), worker_of_thread())

        yield from zip(exercises, pool.map(one, exercises), strict=True)


def _describe(result: Result) -> str:
    f = result.failure
    if f is None:
        return f"{result.verdict} after {result.cases} cases"
    return f"{result.verdict} at {f.label!r}: {f.message} (mistake: {f.mistake})"


def gate_exercise(
    catalog: Catalog, exercise: Exercise, root: Path, worker: WarmWorker | None = None
) -> list[GateItem]:
    """Every proof obligation of one exercise."""
    items: list[GateItem] = []
    scratch = Scratch(root, catalog, exercise, timeout_s=60)
    try:
        stub = scratch.check(stub_body(exercise.id, ""), 0, worker)
        items.append(
            GateItem(
                f"{exercise.id}: stub fails",
                not stub.passed
                and stub.failure is not None
                and "not written yet" in stub.failure.message,
                _describe(stub),
            )
        )
        reference = reference_body(exercise)
        for seed in REFERENCE_SEEDS:
            ref = scratch.check(reference, seed, worker)
            items.append(
                GateItem(
                    f"{exercise.id}: reference passes (seed {seed})",
                    ref.passed and ref.cases > 0,
                    _describe(ref),
                )
            )
        for mistake in exercise.mistakes:
            for seed in MISTAKE_SEEDS:
                got = scratch.check(mistake.body, seed, worker)
                caught = (
                    not got.passed and got.failure is not None and got.failure.mistake == mistake.id
                )
                items.append(
                    GateItem(
                        f"{exercise.id}: mistake {mistake.id} caught and named (seed {seed})",
                        caught,
                        _describe(got),
                    )
                )
    finally:
        scratch.close()
    return items


def select(catalog: Catalog, names: Iterable[str]) -> list[Exercise]:
    """The exercises named by ids, section ids (``linalg``) or numbers (``1.1``); all if none."""
    chosen: list[Exercise] = []
    for name in names:
        section = next((s for s in catalog.sections.values() if name in (s.id, s.number)), None)
        if section is None:
            chosen.append(catalog.exercise(name))
        else:
            chosen += [e for e in catalog.ordered() if e.section == section.id]
    return chosen or catalog.ordered()


def run_gate(
    catalog: Catalog,
    exercise_ids: Iterable[str] = (),
    lessons: bool = True,
    workers: int = 2,
    on_item: Callable[[GateItem], None] | None = None,
) -> list[GateItem]:
    """Runs the gate over the given exercises or sections (all when none are given) and
    their lessons."""
    chosen = select(catalog, exercise_ids)
    items: list[GateItem] = []
    gated = over_exercises(chosen, lambda ex, root, w: gate_exercise(catalog, ex, root, w), workers)
    for _, batch in gated:
        for item in batch:
            items.append(item)
            if on_item:
                on_item(item)
    if lessons:
        sections = {catalog.sections[e.section].id: catalog.sections[e.section] for e in chosen}
        for section in sections.values():
            run = execute_lesson(section)
            item = GateItem(
                f"lesson {section.id} executes",
                run.ok,
                f"{run.seconds:.1f} s" + ("" if run.ok else "\n" + run.output[-3000:]),
            )
            items.append(item)
            if on_item:
                on_item(item)
    return items

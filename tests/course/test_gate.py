"""The content gate: it passes on the shipped curriculum, and it can fail."""

import dataclasses
from pathlib import Path

import pytest

from groundup.course.catalog import Catalog
from groundup.course.gate import gate_exercise, run_gate
from groundup.course.workspace import reference_region


@pytest.mark.slow
def test_every_exercise_and_lesson_passes_the_content_gate(catalog: Catalog) -> None:
    items = run_gate(catalog)
    failed = [f"{i.subject}: {i.detail}" for i in items if not i.ok]
    assert not failed, "\n".join(failed)
    n_mistakes = sum(len(e.mistakes) for e in catalog.exercises.values())
    assert len(items) >= len(catalog.exercises) * 4 + n_mistakes + len(catalog.sections)


def test_a_mistake_that_is_really_the_solution_fails_the_gate(
    catalog: Catalog, tmp_path: Path
) -> None:
    ex = catalog.exercises["linalg.matmul-loops"]
    fake = dataclasses.replace(ex.mistakes[0], id="not-a-mistake", body=reference_region(ex))
    rigged = dataclasses.replace(ex, mistakes=(fake,))
    items = {i.subject: i for i in gate_exercise(catalog, rigged, tmp_path)}
    assert not items[f"{ex.id}: mistake not-a-mistake caught and named (seed 0)"].ok
    assert items[f"{ex.id}: reference passes (seed 0)"].ok
    assert items[f"{ex.id}: stub fails"].ok


def test_a_mistake_diagnosed_as_another_fails_the_gate(catalog: Catalog, tmp_path: Path) -> None:
    ex = catalog.exercises["linalg.matmul-loops"]
    first, second = ex.mistakes[0], ex.mistakes[1]
    # Two entries with the same wrong body: the second is always reported as the first.
    twin = dataclasses.replace(second, id="twin", body=first.body)
    rigged = dataclasses.replace(ex, mistakes=(first, twin))
    items = {i.subject: i for i in gate_exercise(catalog, rigged, tmp_path)}
    assert items[f"{ex.id}: mistake {first.id} caught and named (seed 0)"].ok
    assert not items[f"{ex.id}: mistake twin caught and named (seed 0)"].ok


def test_the_gate_runs_each_exercise_as_a_new_learner_would(
    catalog: Catalog, tmp_path: Path
) -> None:
    """Other exercises are stubs in the gate's workspace: a body that leans on one works
    only when that one is a declared prerequisite (then filled in from the reference)."""
    ex = catalog.exercises["linalg.matmul"]
    doubled = dataclasses.replace(
        ex.mistakes[0], id="doubled", body="return 2 * matmul_loops(A, B)"
    )
    declared = dataclasses.replace(ex, mistakes=(doubled,))
    items = {i.subject: i for i in gate_exercise(catalog, declared, tmp_path)}
    assert items[f"{ex.id}: mistake doubled caught and named (seed 0)"].ok

    undeclared = dataclasses.replace(declared, prerequisites=())
    catalog_without = dataclasses.replace(
        catalog, exercises={**catalog.exercises, ex.id: undeclared}
    )
    items = {i.subject: i for i in gate_exercise(catalog_without, undeclared, tmp_path)}
    item = items[f"{ex.id}: mistake doubled caught and named (seed 0)"]
    assert not item.ok and "not written yet" in item.detail

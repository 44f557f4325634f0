"""Each project declares the exercises it needs, and the declaration is exact.

A run on the reference engine, in a tiny configuration, is traced line by line: every
exercise region it executes (training, evaluation, plotting, saving the checkpoint)
is an exercise the learner's engine needs. The declared tuple must be that set, in
course order, and the section a project is listed under is the section of the latest
of them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from groundup.course.catalog import Catalog
from groundup.course.project_needs import learner_failure, project_section
from groundup.course.projects import run_project
from groundup.course.regions import find_regions
from groundup.data import load_fashion_mnist
from groundup.errors import GroundupError
from groundup.projects.registry import PROJECTS

# The smallest configuration that still takes every branch of each project's run.
TINY = {
    "perceptron": ["max_epochs=3"],
    "xor": ["steps=2"],
    "mlp-mnist": ["epochs=1", "hidden=[8]", "batch_size=1000"],
    "mlp-fashion": ["epochs=1", "hidden=[8]", "batch_size=4096"],
}


@contextmanager
def regions_executed(catalog: Catalog) -> Iterator[set[str]]:
    """Records the id of every exercise region of the reference library that runs."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for ex in catalog.exercises.values():
        region = find_regions(ex.source_path.read_text(encoding="utf-8"))[ex.id]
        # 1-based numbers of the body's lines, markers excluded
        spans.setdefault(os.path.realpath(ex.source_path), []).append(
            (region.start + 2, region.end, ex.id)
        )
    real: dict[str, str] = {}
    hit: set[str] = set()

    def on_line(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            for first, last, ex_id in spans[real[frame.f_code.co_filename]]:
                if first <= frame.f_lineno <= last:
                    hit.add(ex_id)
        return on_line

    def on_call(frame: FrameType, event: str, arg: Any) -> Any:
        name = frame.f_code.co_filename
        if name not in real:
            real[name] = os.path.realpath(name)
        return on_line if real[name] in spans else None

    sys.settrace(on_call)
    try:
        yield hit
    finally:
        sys.settrace(None)


def _needs_fashion_mnist(project_id: str) -> None:
    if project_id == "mlp-fashion":
        try:
            load_fashion_mnist("test")
        except GroundupError:
            pytest.skip("Fashion-MNIST is not installed (bin/setup installs it)")


def test_every_project_has_a_tiny_configuration() -> None:
    assert set(TINY) == set(PROJECTS)


@pytest.mark.parametrize("project_id", sorted(PROJECTS))
def test_a_project_declares_exactly_the_exercises_its_run_reaches(
    tmp_path: Path, catalog: Catalog, project_id: str
) -> None:
    _needs_fashion_mnist(project_id)
    with regions_executed(catalog) as hit:
        run_project(project_id, engine="reference", runs_dir=tmp_path, overrides=TINY[project_id])
    order = [e.id for e in catalog.ordered()]
    reached = tuple(sorted(hit, key=order.index))
    assert reached, "the trace saw no exercise region: the tracer is broken"
    assert "frameworks.state-dict" in reached  # saving the checkpoint is part of the run
    assert PROJECTS[project_id].exercises == reached


@pytest.mark.parametrize("project_id", sorted(PROJECTS))
def test_a_project_is_listed_under_the_section_of_its_latest_exercise(
    catalog: Catalog, project_id: str
) -> None:
    project = PROJECTS[project_id]
    assert set(project.exercises) <= set(catalog.exercises)
    order = [e.id for e in catalog.ordered()]
    latest = catalog.exercises[max(project.exercises, key=order.index)]
    assert project_section(project, catalog) == catalog.sections[latest.section].number


def test_xor_needs_adam_so_it_belongs_to_section_4_4(catalog: Catalog) -> None:
    # The issue's example: xor was listed under 4.1, but it trains with 4.4's Adam.
    assert "training.adam" in PROJECTS["xor"].exercises
    assert project_section(PROJECTS["xor"], catalog) == "4.4"


def _raise_from(mine: Path, rel: str, source: str) -> Exception:
    """Runs ``source`` as if it were the learner's file ``mine/rel``; returns what it raised."""
    path = mine / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    try:
        exec(compile(source, str(path), "exec"), {})
    except Exception as exc:
        return exc
    raise AssertionError("the source did not raise")


LEARNER_FILE = """\
def step(state):
    # exercise: training.adam
    return state["m"]
    # end exercise


def helper(x):
    return x.missing


step({})
"""


def test_the_exercise_whose_code_raised_is_named_with_its_line(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    exc = _raise_from(mine, "engine/optim/adam.py", LEARNER_FILE)
    error = learner_failure(exc, mine, "xor", "training")
    assert error.message == (
        "your code for exercise training.adam raised KeyError: 'm' while training xor."
    )
    assert "mine/engine/optim/adam.py:3" in error.fix
    assert "groundup check training.adam" in error.fix


def test_learner_code_outside_the_exercises_is_named_by_its_line(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    exc = _raise_from(mine, "engine/nn/module.py", LEARNER_FILE.replace("step({})", "helper(1)"))
    error = learner_failure(exc, mine, "xor", "saving")
    assert error.message.startswith("your engine raised AttributeError")
    assert "while saving the checkpoint of xor, at mine/engine/nn/module.py:8." in error.message


def test_a_syntax_error_in_the_learners_package_is_named_by_its_line(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    (mine / "engine").mkdir(parents=True)
    (mine / "engine" / "bad.py").write_text("def f(:\n", encoding="utf-8")
    try:
        compile("def f(:\n", str(mine / "engine" / "bad.py"), "exec")
    except SyntaxError as exc:
        error = learner_failure(exc, mine, "xor", "training")
    assert "SyntaxError" in error.message and "mine/engine/bad.py:1" in error.message


def test_an_error_with_no_line_of_the_learners_code_still_is_one_sentence(tmp_path: Path) -> None:
    error = learner_failure(
        ValueError("shapes (3,) and (2,)\nmore"), tmp_path / "mine", "xor", "training"
    )
    assert error.message == (
        "your engine's results broke the run while training xor: ValueError: shapes (3,) and (2,)."
    )
    assert "groundup check" in error.fix

"""Mistake diagnosis reaches the target the way the check does, through other modules.

A small fake library package stands in for groundup's: a function target that a
sibling module imports (``from .ops import double``), and a method target in a mixin
class used through a subclass defined in another module (as ``Tensor`` mixes in
``Elementwise``). Each known mistake is installed in the reference package for its
replay and the reference is always put back.
"""

from __future__ import annotations

import sys
import textwrap
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from groundup.course.catalog import Exercise, Mistake, Tolerance
from groundup.course.diagnosis import Outcome, behaves_alike, diagnose, replay_on
from groundup.course.provenance import Tripwire
from groundup.testing.table import companion
from groundup.testing.trial import Replay

FILES = {
    "__init__.py": "",
    "ops.py": """
        def double(x):
            # exercise: fake.double
            return 2 * x
            # end exercise
    """,
    "base.py": """
        class Base:
            def __init__(self, v):
                self.v = v

            def unit(self):
                return 1
    """,
    "arith.py": """
        from .base import Base


        class Arith(Base):
            def scaled(self, k):
                # exercise: fake.scaled
                return type(self)(self.v * k * super().unit())
                # end exercise

            rescaled = scaled  # an alias in the class body
    """,
    "box.py": """
        from .arith import Arith
        from .ops import double


        class Box(Arith):
            pass


        def quadruple(x):
            return double(double(x))
    """,
}


@pytest.fixture
def fakelib(tmp_path: Path) -> Iterator[types.ModuleType]:
    root = tmp_path / "fakelib"
    root.mkdir()
    for name, text in FILES.items():
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        import fakelib.box  # noqa: F401  (loads the whole package)

        yield sys.modules["fakelib"]
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n == "fakelib" or n.startswith("fakelib.")]:
            del sys.modules[name]


def exercise(exercise_id: str, target: str, mistakes: dict[str, str]) -> Exercise:
    return Exercise(
        exercise_id,
        "a fake exercise",
        target,
        "fake",
        (),
        ("a nudge", "nearly the answer"),
        1,
        5,
        Tolerance(0.0, 0.0, "exact"),
        tuple(Mistake(mid, f"you did {mid}", body) for mid, body in mistakes.items()),
    )


def equal(got: Any, expected: Any) -> str | None:
    return None if got == expected else "differs"


def replay(call: Callable[..., Any], args: tuple[Any, ...], got: Any, raised: Any = None) -> Replay:
    return Replay(call, args, {}, got, raised, equal)  # type: ignore[arg-type]


DOUBLE = exercise(
    "fake.double",
    "fakelib.ops:double",
    {"plus-one": "return x + 1", "tripled": "return 3 * x", "divides": "return x / 0"},
)
SCALED = exercise(
    "fake.scaled",
    "fakelib.arith:Arith.scaled",
    {
        "added": "return type(self)(self.v + k * super().unit())",
        "squared": "return type(self)(self.v * k * k * super().unit())",
    },
)


def through_box(m: types.ModuleType, x: int) -> int:
    """The check reaches ``double`` only through ``box.quadruple`` (a sibling's alias)."""
    result: int = companion(m, "box").quadruple(x)
    return result


def scaled_box(m: types.ModuleType, v: int, k: int) -> int:
    """The check reaches ``Arith.scaled`` only through the subclass ``Box``."""
    result: int = companion(m, "box").Box(v).scaled(k).v
    return result


def test_a_function_mistake_is_reached_through_a_sibling_module(
    fakelib: types.ModuleType,
) -> None:
    ops, box = sys.modules["fakelib.ops"], sys.modules["fakelib.box"]
    original = ops.double
    # The learner tripled: quadruple(5) gave 3 * 3 * 5.
    found = diagnose(DOUBLE, replay(through_box, (5,), 45))
    assert found is not None and found.id == "tripled"
    assert ops.double is original and box.double is original  # the reference is back
    assert box.quadruple(5) == 20


def test_a_method_mistake_is_reached_through_a_subclass_in_another_module(
    fakelib: types.ModuleType,
) -> None:
    arith, box = sys.modules["fakelib.arith"], sys.modules["fakelib.box"]
    original = arith.Arith.__dict__["scaled"]
    # The learner squared k: Box(3).scaled(2) gave 3 * 2 * 2; super() still works.
    found = diagnose(SCALED, replay(scaled_box, (3, 2), 12))
    assert found is not None and found.id == "squared"
    assert arith.Arith.__dict__["scaled"] is original
    assert arith.Arith.__dict__["rescaled"] is original  # the class-body alias too
    assert "scaled" not in vars(box.Box)  # nothing left behind on the subclass
    assert box.Box(3).scaled(2).v == 6


def test_the_reference_is_restored_when_the_mistake_raises(fakelib: types.ModuleType) -> None:
    ops, box = sys.modules["fakelib.ops"], sys.modules["fakelib.box"]
    original = ops.double
    found = diagnose(DOUBLE, replay(through_box, (5,), None, raised=ZeroDivisionError))
    assert found is not None and found.id == "divides"
    assert ops.double is original and box.double is original


def test_no_mistake_matches_an_unknown_behaviour(fakelib: types.ModuleType) -> None:
    assert diagnose(DOUBLE, replay(through_box, (5,), 8)) is None  # plus-one gives 7
    assert sys.modules["fakelib.box"].quadruple(5) == 20


def test_the_tripwire_keeps_working_across_a_diagnosis(fakelib: types.ModuleType) -> None:
    ops, box = sys.modules["fakelib.ops"], sys.modules["fakelib.box"]
    tripwire = Tripwire(ops, "double")
    wrapped = ops.double
    assert box.double is wrapped  # the sibling's alias is watched too
    found = diagnose(DOUBLE, replay(through_box, (5,), 45))
    assert found is not None and found.id == "tripled"
    assert ops.double is wrapped and box.double is wrapped
    assert tripwire.hits == []  # replaying a mistake is not learner code
    tripwire.trial = types.SimpleNamespace(learner_running=True)  # type: ignore[assignment]
    assert box.quadruple(1) == 4
    assert tripwire.hits == ["double", "double"]


def test_a_method_tripwire_survives_a_diagnosis(fakelib: types.ModuleType) -> None:
    arith, box = sys.modules["fakelib.arith"], sys.modules["fakelib.box"]
    tripwire = Tripwire(arith, "Arith.scaled")
    wrapped = arith.Arith.__dict__["scaled"]
    found = diagnose(SCALED, replay(scaled_box, (3, 2), 5))
    assert found is not None and found.id == "added"
    assert arith.Arith.__dict__["scaled"] is wrapped
    tripwire.trial = types.SimpleNamespace(learner_running=True)  # type: ignore[assignment]
    assert box.Box(3).scaled(2).v == 6 and tripwire.hits == ["Arith.scaled"]


def test_an_input_changed_in_place_is_matched_by_a_mistake_that_changes_it_too() -> None:
    def mutates(m: types.ModuleType, x: np.ndarray, y: np.ndarray) -> float:
        x[0] += 1.0  # the learner's slip: x changed in place, y left alone
        return float(x.sum())

    replay = Replay(mutates, (np.zeros(2), np.zeros(2)), {}, 1.0, None, equal, changed=0)  # type: ignore[arg-type]
    outcome = replay_on(replay, types.ModuleType("anything"))
    assert outcome.changed == frozenset({0}) and replay.args[0][0] == 0.0  # on a copy
    assert behaves_alike(replay, outcome)
    assert not behaves_alike(replay, Outcome(out=1.0))  # same value, input left intact
    other = Replay(mutates, replay.args, {}, 1.0, None, equal, changed=1)  # type: ignore[arg-type]
    assert not behaves_alike(other, outcome)  # it changed another input

"""Naming the learner's mistake: which known wrong body behaves like their code.

When a case fails, each catalogued mistake of the exercise is replayed on the failing
input, and the first whose output (or exception type) matches the learner's is named.
When the failure is that the learner's code changed an input in place, the first mistake
that changes the same input is named.

A mistake is replayed *inside the reference package*: its version of the target is
built from a copy of the reference file with the mistake's body in the region, rebound
to the reference module's globals, and installed where the reference target lives (on
its module or class, and under every alias) for the length of one replay. So a check
that reaches the target indirectly (a ``Tensor`` method defined in a mixin class, used
through ``companion(m, "engine.tensor").Tensor``) runs the mistake, as it ran the
learner's code. The reference is always put back, also when the mistake raises.
"""

from __future__ import annotations

import copy
import functools
import importlib
import inspect
import sys
import traceback
import types
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from groundup.course.catalog import Exercise, Mistake
from groundup.course.regions import find_regions, indent_body, replace_bodies
from groundup.course.substitution import owner_and_name, rebind, replace_everywhere, restore
from groundup.testing.trial import Replay, same_array


@functools.cache
def mistake_module(exercise: Exercise, mistake: Mistake) -> types.ModuleType:
    """A copy of the reference module with the exercise's region replaced by a mistake.

    Relative imports in the copy resolve to the reference package. Only the mistake's
    version of the target is used from it (see :func:`mistake_object`).
    """
    path = Path(str(importlib.import_module(exercise.module).__file__))
    source = path.read_text(encoding="utf-8")
    region = find_regions(source, str(path))[exercise.id]
    text = replace_bodies(source, {exercise.id: indent_body(mistake.body, region.indent)})
    name = f"groundup._mistakes.{exercise.id}.{mistake.id}"
    module = types.ModuleType(name)
    module.__package__ = exercise.module.rsplit(".", 1)[0]
    module.__file__ = f"<mistake {exercise.id}:{mistake.id}>"
    sys.modules[name] = module
    exec(compile(text, module.__file__, "exec"), module.__dict__)
    return module


def mistake_object(exercise: Exercise, mistake: Mistake, ref: types.ModuleType) -> Any:
    """The mistake's version of the target, running with the reference module's globals."""
    owner, name = owner_and_name(mistake_module(exercise, mistake), exercise.qualname)
    ref_owner, _ = owner_and_name(ref, exercise.qualname)
    cls = ref_owner if isinstance(ref_owner, type) else None
    return rebind(inspect.getattr_static(owner, name), vars(ref), cls)


@contextmanager
def installed(exercise: Exercise, obj: Any, ref: types.ModuleType) -> Iterator[None]:
    """``obj`` in place of the reference target (owner and aliases) until the block ends."""
    owner, name = owner_and_name(ref, exercise.qualname)
    patches = replace_everywhere(owner, name, obj, ref.__name__.split(".")[0])
    try:
        yield
    finally:
        restore(patches)


@dataclass(frozen=True)
class Outcome:
    """What one implementation did on the failing input: returned ``out`` or raised, and
    which positional inputs it changed in place."""

    out: Any = None
    raised: type[BaseException] | None = None
    changed: frozenset[int] = frozenset()


def replay_on(replay: Replay, ref: types.ModuleType) -> Outcome:
    """Runs the failing case's call on the reference module (whatever is installed there)."""
    args = copy.deepcopy(replay.args)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out = replay.call(ref, *args, **copy.deepcopy(replay.kwargs))
        except Exception as exc:
            return Outcome(raised=type(exc))
    changed = frozenset(
        i
        for i, (before, after) in enumerate(zip(replay.args, args, strict=True))
        if isinstance(before, np.ndarray) and not same_array(before, after)
    )
    return Outcome(out, changed=changed)


def behaves_alike(replay: Replay, outcome: Outcome) -> bool:
    """Whether a mistake's outcome is the learner's: the same exception type, a change of
    the same input in place, or a result that ``replay.same`` accepts."""
    if replay.raised is not None or outcome.raised is not None:
        return outcome.raised is replay.raised
    if replay.changed is not None:
        return replay.changed in outcome.changed
    try:
        return replay.same(replay.got, outcome.out) is None
    except Exception:
        return False


def diagnose(exercise: Exercise, replay: Replay) -> Mistake | None:
    """The first known mistake that behaves like the learner's code on the failing input."""
    ref = importlib.import_module(exercise.module)
    for mistake in exercise.mistakes:
        try:
            obj = mistake_object(exercise, mistake, ref)
        except Exception:  # a mistake that does not even compile is a content bug
            traceback.print_exc()
            continue
        with installed(exercise, obj, ref):
            outcome = replay_on(replay, ref)
        if behaves_alike(replay, outcome):
            return mistake
    return None

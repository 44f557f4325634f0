"""Reference code put in place of an unpassed prerequisite runs with the learner's globals."""

from __future__ import annotations

import types

from groundup.course.substitution import rebind


def _module(name: str, source: str) -> types.ModuleType:
    module = types.ModuleType(name)
    exec(source, module.__dict__)
    return module


SOURCE = """
class Box:
    origin = "{origin}"

def make(x, scale=2, *, shift=0):
    return Box(), x * scale + shift

class Holder:
    @staticmethod
    def build():
        return Box()
"""


def test_rebound_function_builds_the_learners_classes() -> None:
    ref = _module("ref", SOURCE.format(origin="reference"))
    mine = _module("mine", SOURCE.format(origin="learner"))
    fn = rebind(ref.make, vars(mine))
    box, value = fn(3, shift=1)
    assert isinstance(box, mine.Box) and box.origin == "learner"
    assert value == 7  # defaults and keyword-only defaults survive the rebinding
    assert fn.__qualname__ == "make" and fn.__code__ is ref.make.__code__
    static = rebind(vars(ref.Holder)["build"], vars(mine))
    assert isinstance(static, staticmethod) and isinstance(static.__func__(), mine.Box)
    assert rebind(42, vars(mine)) == 42  # not a function: unchanged


def test_a_decorated_function_keeps_working_when_rebound() -> None:
    """``@contextmanager``'s wrapper needs contextlib's globals: it is left as it is."""
    source = """
import contextlib

LOG = []

@contextlib.contextmanager
def scoped(value):
    LOG.append(value)
    try:
        yield value
    finally:
        LOG.append("closed")
"""
    origin = _module("origin_cm", source)
    learner = _module("learner_cm", "LOG = []")
    scoped = rebind(origin.scoped, vars(learner))
    with scoped(3) as got:
        assert got == 3
    assert origin.LOG == [3, "closed"]

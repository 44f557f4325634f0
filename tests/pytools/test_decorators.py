"""Decorators of section 0.1 against the standard library's own: functools.wraps
metadata, and functools.cache call counts. Timings use a fake clock, so the recorded
durations are exact differences of the readings we feed in."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Iterator

import pytest

from groundup.pytools.decorators import memoize, timed


def fake_clock(readings: list[float]) -> tuple[list[float], object]:
    it: Iterator[float] = iter(readings)
    return readings, lambda: next(it)


def test_timed_records_every_call_and_keeps_metadata() -> None:
    timings: dict[str, list[float]] = {}
    _, clock = fake_clock([10.0, 10.5, 20.0, 23.0, 30.0, 30.25])

    def area(w: float, h: float = 1.0) -> float:
        """Width times height."""
        if w < 0:
            raise ValueError("negative width")
        return w * h

    wrapped = timed(timings, clock=clock)(area)  # type: ignore[arg-type]
    assert wrapped(2.0, h=3.0) == 6.0
    assert wrapped(4.0) == 4.0
    with pytest.raises(ValueError, match="negative width"):
        wrapped(-1.0)
    assert timings == {"area": [0.5, 3.0, 0.25]}
    # the same attributes functools.wraps sets on a reference wrapper
    reference = functools.wraps(area)(lambda *a, **k: None)
    for attr in ("__name__", "__qualname__", "__doc__", "__module__", "__wrapped__"):
        assert getattr(wrapped, attr) == getattr(reference, attr)
    assert inspect.signature(wrapped) == inspect.signature(area)


def test_timed_with_the_real_clock_is_nonnegative() -> None:
    timings: dict[str, list[float]] = {}

    @timed(timings)
    def work() -> int:
        return sum(range(1000))

    work()
    work()
    assert len(timings["work"]) == 2 and all(d >= 0 for d in timings["work"])


def test_memoize_calls_like_functools_cache() -> None:
    calls = [(3,), (3,), (0,), (0,), (2,), (5,), (2,), (0,)]
    kw_calls = [{"p": 3}, {}, {"p": 3}, {"p": 2}]

    def counting() -> tuple[object, list[tuple[float, int]]]:
        log: list[tuple[float, int]] = []

        def power(x: float, p: int = 2) -> float:
            log.append((x, p))
            return x**p

        return power, log

    ours_fn, ours_log = counting()
    theirs_fn, theirs_log = counting()
    ours = memoize(ours_fn)  # type: ignore[arg-type]
    theirs = functools.cache(theirs_fn)  # type: ignore[arg-type]
    for args in calls:
        assert ours(*args) == theirs(*args)
    for kwargs in kw_calls:
        assert ours(7, **kwargs) == theirs(7, **kwargs)
    assert ours_log == theirs_log  # same misses, in the same order, zeros cached too
    assert ours.__name__ == "power" and ours.__wrapped__ is ours_fn  # type: ignore[attr-defined]


def test_memoize_keys_ignore_keyword_order_and_reject_unhashable() -> None:
    runs = []

    @memoize
    def f(a: int, b: int) -> int:
        runs.append((a, b))
        return a - b

    assert f(a=1, b=2) == f(b=2, a=1) == -1
    assert runs == [(1, 2)]
    with pytest.raises(TypeError):
        f([1], 2)  # type: ignore[arg-type]


def test_each_memoized_function_has_its_own_cache() -> None:
    double = memoize(lambda x: 2 * x)
    triple = memoize(lambda x: 3 * x)
    assert (double(5), triple(5)) == (10, 15)

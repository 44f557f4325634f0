"""Decorators: functions that take a function and return an improved one.

Section 0.1 Python and the scientific stack. ``@timed(timings)`` above ``def f`` means
``f = timed(timings)(f)``: the name ``f`` now refers to a *wrapper* that does some work
around each call of the original. ``functools.wraps`` copies the original's name,
docstring and signature onto the wrapper, so that ``help(f)``, tracebacks and
frameworks that look functions up by name still see ``f``.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Hashable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

Clock = Callable[[], float]
"""A function returning the current time in seconds, such as ``time.perf_counter``."""


def timed(
    timings: dict[str, list[float]], clock: Clock = time.perf_counter
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A decorator that records how long each call of the decorated function takes.

    Each call appends ``clock() after - clock() before`` (seconds) to
    ``timings[fn.__name__]``, even when the call raises; the call's result is returned
    and its exception propagates unchanged. The wrapper keeps the function's
    ``__name__``, ``__doc__`` and ``__wrapped__`` (``functools.wraps``).

    Args:
        timings: where durations are recorded, one list per function name (created on
            the first call).
        clock: called exactly twice per call, before and after; pass a fake clock to
            test deterministically.

    Returns:
        The decorator: it takes a function and returns its timed wrapper.

    Example:
        >>> timings = {}
        >>> @timed(timings)
        ... def step(): ...
        >>> step(); len(timings["step"])
        1
    """

    # exercise: python.timed
    def decorator(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            start = clock()
            try:
                return fn(*args, **kwargs)
            finally:  # record failed calls too: a slow crash is worth knowing about
                timings.setdefault(fn.__name__, []).append(clock() - start)

        return wrapper

    return decorator
    # end exercise


def memoize(fn: Callable[..., R]) -> Callable[..., R]:
    """Caches ``fn``'s results by its arguments: each distinct call runs ``fn`` once.

    The key is the positional arguments together with the keyword arguments, so
    ``f(2, scale=1)`` and ``f(2, scale=3)`` are cached apart, while ``f(a=1, b=2)`` and
    ``f(b=2, a=1)`` share an entry. Every result is cached, including ``0``, ``None``
    and other falsy values. Arguments must be hashable (``TypeError`` otherwise, as with
    ``functools.cache``). The wrapper keeps ``fn``'s name and docstring.

    Args:
        fn: a pure function (same arguments, same result).

    Returns:
        The caching wrapper.
    """
    # exercise: python.memoize
    cache: dict[Hashable, R] = {}

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> R:
        key = (args, tuple(sorted(kwargs.items())))
        if key not in cache:  # NOTE: `if cache.get(key)` would miss cached zeros
            cache[key] = fn(*args, **kwargs)
        return cache[key]

    return wrapper
    # end exercise

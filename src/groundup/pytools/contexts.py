"""Context managers: set something up, run a block, always clean up.

Section 0.1 Python and the scientific stack. ``with manager as value: block`` calls
``manager.__enter__()`` (its result is ``value``), runs the block, then calls
``manager.__exit__(exc_type, exc, tb)`` *whether or not the block raised*. The
clean-up therefore belongs in ``__exit__``, or, for a generator decorated with
``contextlib.contextmanager``, in the ``finally`` clause around its ``yield``.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any

import numpy as np


class Timer:
    """Measures the wall-clock time of a ``with`` block.

    Args:
        clock: a function returning seconds; ``time.perf_counter`` by default (pass a
            fake clock to test deterministically).

    Attributes:
        elapsed: seconds the block took; ``None`` until the block has ended (also when it
            raised).

    Example:
        >>> with Timer() as t:
        ...     total = sum(range(1000))
        >>> t.elapsed >= 0
        True
    """

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self.clock = clock
        self.elapsed: float | None = None
        self._start: float | None = None

    def __enter__(self) -> Timer:
        self.elapsed = None
        self._start = self.clock()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._start is not None, "__exit__ without __enter__"
        self.elapsed = self.clock() - self._start
        # Returning None (falsy) lets an exception from the block propagate; returning
        # True would silently swallow it.


@contextlib.contextmanager
def print_options(**options: Any) -> Iterator[None]:
    """Temporarily sets NumPy's print options, restoring the previous ones afterwards.

    The previous options come back when the block ends, *also when it raises*, and the
    exception propagates unchanged. Options not named keep their current values.

    Args:
        **options: keyword arguments of ``np.set_printoptions``, e.g. ``precision=3``.

    Yields:
        Nothing; the options are in force inside the ``with`` block.

    Example:
        >>> with print_options(precision=2):
        ...     print(np.array([1 / 3]))
        [0.33]
    """
    # exercise: python.print-options
    previous = np.get_printoptions()
    np.set_printoptions(**options)
    try:
        yield
    finally:  # runs when the block ends normally *and* when it raises
        np.set_printoptions(**previous)
    # end exercise

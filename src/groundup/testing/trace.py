"""First-divergence tracing: where a multi-step computation first goes wrong.

An exercise made of steps (a backward pass through several ops, a two-layer network's
forward and backward, an optimizer over several updates, a training loop) is checked by
running the learner's and the reference's computation side by side, each recording its
named intermediates in a :class:`Trace`::

    def run_adam(m, param, grads):
        trace = Trace()
        for k, g in enumerate(grads, start=1):
            m.adam_step(param, g, state, k)
            trace.record(f"step {k}: param", param)
        return trace

Comparing two traces (``close`` does it when both results are traces) walks them in
order and reports the first intermediate that differs: its name ("step 3: param",
"block 0, attention softmax"), expected vs got, and the largest error. The learner
reads where their computation left the reference's path, not only that the end
result is off.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from typing import Any


class Trace:
    """The named intermediates of one run, in the order they were computed.

    Values are copied when recorded, so a later in-place update (an optimizer's
    parameter) does not change what an earlier step recorded.
    """

    def __init__(self) -> None:
        self.steps: list[tuple[str, Any]] = []

    def record(self, name: str, value: Any) -> Any:
        """Records ``value`` under ``name`` (a copy) and returns ``value`` unchanged."""
        self.steps.append((name, copy.deepcopy(value)))
        return value

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def __repr__(self) -> str:
        names = ", ".join(name for name, _ in self.steps[:6])
        more = ", ..." if len(self.steps) > 6 else ""
        return f"Trace({len(self.steps)} steps: {names}{more})"


def path_trace(path: Any) -> Trace:
    """The points of an iterative method's path as a trace, one step per point.

    Row 0 of ``path`` is recorded as ``"step 0: x0"`` (the start) and row ``k`` as
    ``"step k: x"``, so comparing two paths names the first step where they part. A
    result that is not a sequence of points (a scalar, a 1-D vector) is recorded whole,
    as ``"the path"``, and compares as a path with the wrong first step.
    """
    trace = Trace()
    if getattr(path, "ndim", 2) != 2 or not isinstance(path, Iterable):
        trace.record("the path (expected one row per point, shape (n_steps + 1, n))", path)
        return trace
    for k, point in enumerate(path):
        trace.record("step 0: x0" if k == 0 else f"step {k}: x", point)
    return trace

"""Where the learner's code comes from: it must not be, or call, groundup's own solution.

Two ways to hand in the reference instead of one's own code, two detectors: the object
found in the learner's module *is* the reference (imported under the target's name:
:func:`is_reference_solution`), or the learner's code calls the reference while it runs
(the :class:`Tripwire` on the reference target notices).
"""

from __future__ import annotations

import functools
import inspect
import types
from collections.abc import Callable
from typing import Any

from groundup.course.catalog import LIBRARY
from groundup.course.substitution import owner_and_name, replace_everywhere
from groundup.testing.trial import Trial


class Tripwire:
    """Wraps the reference target so that a call from learner code is noticed.

    The wrapper takes the target's place on its owner and under every alias in the
    reference package, and asks the trial it watches whether learner code is running;
    until :attr:`trial` is set, no call counts.

    Attributes:
        original: the reference object as the learner's module would resolve it.
        trial: the trial whose learner code is watched.
        hits: one entry per call from learner code.
    """

    def __init__(self, ref: types.ModuleType, qualname: str) -> None:
        owner, name = owner_and_name(ref, qualname)
        self.original = getattr(owner, name)
        self.trial: Trial | None = None
        self.hits: list[str] = []
        static = inspect.getattr_static(owner, name)
        if isinstance(static, staticmethod | classmethod):
            wrapped: Any = type(static)(self._wrap(static.__func__, qualname))
        elif isinstance(static, types.FunctionType):
            wrapped = self._wrap(static, qualname)
        else:  # a class or a constant: nothing to call through
            return
        replace_everywhere(owner, name, wrapped, ref.__name__.split(".")[0])

    def _wrap(self, fn: Callable[..., Any], qualname: str) -> Any:
        @functools.wraps(fn)
        def tripwire(*args: Any, **kwargs: Any) -> Any:
            if self.trial is not None and self.trial.learner_running:
                self.hits.append(qualname)
            return fn(*args, **kwargs)

        return tripwire


def is_reference_solution(learner_obj: Any, tripwire: Tripwire) -> bool:
    """Whether the learner's target is groundup's own (imported, or defined in the library)."""
    original = tripwire.original
    code = getattr(learner_obj, "__code__", None)
    return (
        learner_obj is original
        or getattr(learner_obj, "__wrapped__", None) is original
        or (code is not None and code.co_filename.startswith(str(LIBRARY)))
    )

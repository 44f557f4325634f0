"""The learner-facing account of a failed check.

Kept free of NumPy so that the command line can read results without importing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

STUB_SUFFIX = ": not written yet"
"""A stub raises ``NotImplementedError("<exercise id>: not written yet")``."""

_STUB = re.compile(r"^([\w.-]+)" + re.escape(STUB_SUFFIX) + "$")


def unwritten_exercise(exc: BaseException) -> str | None:
    """The exercise id when ``exc`` comes from a workspace stub, else None."""
    if not isinstance(exc, NotImplementedError):
        return None
    match = _STUB.match(str(exc))
    return match.group(1) if match else None


@dataclass
class Failure:
    """A learner-facing account of the first thing that went wrong.

    Attributes:
        label: the case that failed ("singular 3x3 matrix").
        message: one sentence saying what is wrong.
        inputs: argument name -> printable value.
        expected: printable expected value, if there is one.
        got: printable learner value, if there is one.
        details: shapes, dtypes, the largest error and where.
        traceback: the learner's own frames, when their code raised.
        step: the first diverging sub-step of a multi-step exercise.
        mistake: id of the known mistake the code behaves like.
        mistake_message: what to fix for that mistake.
        kind: "failed" (a wrong answer) or "error" (the code raised or could not load).
    """

    label: str
    message: str
    inputs: dict[str, str] = field(default_factory=dict)
    expected: str | None = None
    got: str | None = None
    details: list[str] = field(default_factory=list)
    traceback: str | None = None
    step: str | None = None
    mistake: str | None = None
    mistake_message: str | None = None
    kind: str = "failed"

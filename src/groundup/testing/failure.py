"""How a workspace stub announces itself, so a failure can say which exercise is unwritten.

:class:`Failure` itself lives with the verdicts in :mod:`groundup.testing.result`; it is
imported here too for the code that always found it here. Kept free of NumPy.
"""

from __future__ import annotations

import re

from groundup.testing.result import Failure

__all__ = ["STUB_SUFFIX", "Failure", "unwritten_exercise"]

STUB_SUFFIX = ": not written yet"
"""A stub raises ``NotImplementedError("<exercise id>: not written yet")``."""

_STUB = re.compile(r"^([\w.-]+)" + re.escape(STUB_SUFFIX) + "$")


def unwritten_exercise(exc: BaseException) -> str | None:
    """The exercise id when ``exc`` comes from a workspace stub, else None."""
    if not isinstance(exc, NotImplementedError):
        return None
    match = _STUB.match(str(exc))
    return match.group(1) if match else None

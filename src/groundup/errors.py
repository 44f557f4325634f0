"""Errors the command line turns into one sentence and the fix (shared by every layer)."""

from __future__ import annotations


class GroundupError(Exception):
    """A known problem with a message for the learner and, where there is one, the fix.

    Attributes:
        message: what is wrong, in one sentence.
        fix: what to do about it.
    """

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message}\n{self.fix}" if self.fix else self.message

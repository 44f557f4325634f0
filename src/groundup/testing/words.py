"""Learner-facing wording shared by the checks and the command line. Free of NumPy."""

from __future__ import annotations


def plural(n: int, word: str, words: str | None = None) -> str:
    """``"1 case"``, ``"2 cases"``: a count with its noun in the right number.

    Args:
        n: the count.
        word: the noun for one.
        words: the noun for several, when it is not ``word + "s"``.
    """
    return f"{n} {word if n == 1 else (words or word + 's')}"

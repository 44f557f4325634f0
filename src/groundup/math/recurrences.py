r"""Recursion and recurrences: counting by memoized recursion, and closed forms.

Section 1.7 Discrete math and graphs. The number of ways to climb ``n`` stairs with
steps of 1 or 2 satisfies :math:`a_n = a_{n-1} + a_{n-2}`: Fibonacci numbers. Plain
recursion recomputes the same values exponentially often; remembering each value
(memoization) makes it linear. A linear recurrence also has a closed form from the
roots of its characteristic polynomial (Binet's formula for Fibonacci), exact in real
numbers but not in float64 beyond about ``n = 70``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence


def count_ways(n: int, steps: Sequence[int]) -> int:
    r"""How many ordered sequences of ``steps`` sum to exactly ``n``.

    With :math:`a_0 = 1` (the empty sequence) and
    :math:`a_m = \sum_{s \in \text{steps},\, s \le m} a_{m - s}`: the last step is
    some ``s``, and what comes before it is any way to reach ``m - s``. Each
    :math:`a_m` is computed once and remembered.

    Args:
        n: the total, at least 0.
        steps: distinct positive step sizes.

    Returns:
        The exact count (a Python int, it grows exponentially with ``n``).

    Raises:
        ValueError: if ``n`` is negative or a step is not positive.
    """
    if n < 0:
        raise ValueError(f"`n` must be at least 0, got {n}")
    if any(s <= 0 for s in steps):
        raise ValueError(f"every step must be positive, got {list(steps)}")
    steps = sorted(set(steps))
    # exercise: discrete.count-ways

    @functools.cache
    def ways(m: int) -> int:
        if m == 0:
            return 1  # the empty sequence: one way to climb nothing
        return sum(ways(m - s) for s in steps if s <= m)

    # NOTE: fill the cache from the bottom so that the recursion stays shallow.
    for m in range(n + 1):
        ways(m)
    return ways(n)
    # end exercise


def fibonacci(n: int) -> int:
    """The ``n``-th Fibonacci number (``F_0 = 0, F_1 = 1``), exactly, by iteration."""
    if n < 0:
        raise ValueError(f"`n` must be at least 0, got {n}")
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def fibonacci_binet(n: int) -> float:
    r"""Binet's closed form :math:`F_n = (\varphi^n - \psi^n) / \sqrt{5}` in float64.

    :math:`\varphi, \psi = (1 \pm \sqrt{5}) / 2` are the roots of the characteristic
    polynomial :math:`x^2 = x + 1`. Exact in real numbers; in float64 the relative error
    is a few ulps times ``n``, so rounding gives the exact integer only up to ``n = 70``.
    """
    if n < 0:
        raise ValueError(f"`n` must be at least 0, got {n}")
    sqrt5 = math.sqrt(5.0)
    phi, psi = (1.0 + sqrt5) / 2.0, (1.0 - sqrt5) / 2.0
    return (phi**n - psi**n) / sqrt5

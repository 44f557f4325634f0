"""Root finding: bisection and Newton-Raphson.

Section 1.5 Numerical methods. Bisection is slow (one bit per step) but cannot fail
once a sign change is bracketed; Newton's method doubles the number of correct digits
per step near a simple root but needs the derivative and a good start, and must guard
against a zero derivative and against not converging.
"""

from __future__ import annotations

import math
from collections.abc import Callable

Scalar = Callable[[float], float]


def bisection(f: Scalar, a: float, b: float, tol: float = 1e-12, max_iter: int = 200) -> float:
    r"""A root of ``f`` in ``[a, b]`` by bisection, to within ``tol``.

    Invariant: ``f(a)`` and ``f(b)`` have opposite signs, so (for a continuous ``f``) a
    root lies between them. Each step evaluates the midpoint ``m`` and keeps the half
    whose ends still have opposite signs: ``[a, m]`` if :math:`f(a) f(m) \le 0`, else
    ``[m, b]``. After ``k`` steps the bracket has width :math:`(b - a) / 2^k`; stop when
    half the width is at most ``tol`` (or ``f(m) == 0``) and return the midpoint, which
    is then within ``tol`` of a root.

    Args:
        f: a continuous function of one float.
        a: the left end of the bracket.
        b: the right end, ``b > a``.
        tol: the accuracy wanted, positive.
        max_iter: an upper bound on the number of halvings.

    Returns:
        ``x`` with a root within ``tol`` of it.

    Raises:
        ValueError: if ``a >= b``, ``tol <= 0``, or ``f(a)`` and ``f(b)`` have the same
            sign (nothing is bracketed).
    """
    if not a < b:
        raise ValueError(f"expected a < b, got a = {a}, b = {b}")
    if not tol > 0:
        raise ValueError(f"expected tol > 0, got {tol}")
    # exercise: numerics.bisection
    fa, fb = f(a), f(b)
    if fa == 0.0:
        return a
    if fb == 0.0:
        return b
    if (fa > 0) == (fb > 0):
        raise ValueError(f"f(a) = {fa:.6g} and f(b) = {fb:.6g} have the same sign: no bracket")
    for _ in range(max_iter):
        m = 0.5 * (a + b)
        fm = f(m)
        if fm == 0.0 or 0.5 * (b - a) <= tol:
            return m
        if (fa > 0) != (fm > 0):  # the sign change is in [a, m]
            b = m
        else:  # it is in [m, b]
            a, fa = m, fm
    return 0.5 * (a + b)
    # end exercise


def newton(f: Scalar, df: Scalar, x0: float, tol: float = 1e-12, max_iter: int = 50) -> float:
    r"""A root of ``f`` by Newton-Raphson iteration from ``x0``.

    Replace ``f`` by its tangent at :math:`x_k` and step to the tangent's zero:
    :math:`x_{k+1} = x_k - f(x_k) / f'(x_k)`. Stop when the step is at most
    ``tol * max(1, |x_k|)`` (relative for large roots, absolute near 0).

    Args:
        f: the function.
        df: its derivative.
        x0: the starting point.
        tol: the accuracy wanted, positive.
        max_iter: how many steps to try before giving up.

    Returns:
        The root found.

    Raises:
        ValueError: if ``tol <= 0``, or if ``df(x_k) == 0`` at some iterate: the tangent
            is flat and has no zero (the guard must come *before* dividing).
        RuntimeError: if the steps have not become small after ``max_iter`` steps
            (the iteration cycles or diverges from this start).
    """
    if not tol > 0:
        raise ValueError(f"expected tol > 0, got {tol}")
    # exercise: numerics.newton
    x = float(x0)
    for _ in range(max_iter):
        slope = df(x)
        if slope == 0.0:
            raise ValueError(f"f'(x) = 0 at x = {x:.6g}: the tangent has no zero")
        step = f(x) / slope
        x -= step
        if not math.isfinite(x):
            break
        if abs(step) <= tol * max(1.0, abs(x)):
            return x
    raise RuntimeError(f"Newton's method did not converge from x0 = {x0} in {max_iter} steps")
    # end exercise

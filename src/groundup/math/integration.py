r"""Numerical integration: the trapezoid rule, Simpson's rule and Monte Carlo.

Section 1.5 Numerical methods. Split ``[a, b]`` into ``n`` pieces of width
``h = (b - a) / n`` and replace ``f`` on each by a polynomial that is easy to integrate:
a line (trapezoid, error :math:`O(h^2)`) or a parabola through three points (Simpson,
error :math:`O(h^4)`). Monte Carlo instead averages ``f`` at random points; its error
shrinks only like :math:`1 / \sqrt{n}`, but that rate does not depend on the dimension.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._types import FloatArray

Integrand = Callable[[FloatArray], FloatArray]
"""A function that maps an array of points to the array of values (vectorized)."""


def _check_interval(a: float, b: float, n: int) -> None:
    if not a < b:
        raise ValueError(f"expected a < b, got a = {a}, b = {b}")
    if n < 1:
        raise ValueError(f"expected at least one subinterval, got n = {n}")


def trapezoid(f: Integrand, a: float, b: float, n: int) -> float:
    r"""The composite trapezoid rule with ``n`` equal subintervals.

    With :math:`h = (b - a)/n` and :math:`x_i = a + i h`,

    .. math:: \int_a^b f \approx h\Big(\tfrac12 f(x_0) + f(x_1) + \dots
              + f(x_{n-1}) + \tfrac12 f(x_n)\Big):

    each trapezoid has area :math:`h (f(x_i) + f(x_{i+1})) / 2`, so the interior points
    are counted twice and the ends once. Exact for straight lines.

    Args:
        f: a vectorized integrand.
        a: the lower limit.
        b: the upper limit, ``b > a``.
        n: the number of subintervals, at least 1.

    Returns:
        The estimate of the integral.

    Raises:
        ValueError: if ``a >= b`` or ``n < 1``.
    """
    _check_interval(a, b, n)
    # exercise: numerics.trapezoid
    x = np.linspace(a, b, n + 1)  # n + 1 points, n subintervals
    y = f(x)
    h = (b - a) / n
    return float(h * (0.5 * y[0] + np.sum(y[1:-1]) + 0.5 * y[-1]))
    # end exercise


def simpson(f: Integrand, a: float, b: float, n: int) -> float:
    r"""The composite Simpson rule with ``n`` (even) equal subintervals.

    A parabola through three equally spaced points integrates to
    :math:`\tfrac{h}{3}(f_0 + 4 f_1 + f_2)`. Pairing the subintervals,

    .. math:: \int_a^b f \approx \frac{h}{3}\Big(f_0 + 4 f_1 + 2 f_2 + 4 f_3 + \dots
              + 2 f_{n-2} + 4 f_{n-1} + f_n\Big):

    weight 4 at odd indices, 2 at interior even ones, 1 at the ends. Exact for
    cubics.

    Args:
        f: a vectorized integrand.
        a: the lower limit.
        b: the upper limit, ``b > a``.
        n: the number of subintervals, even and at least 2.

    Returns:
        The estimate of the integral.

    Raises:
        ValueError: if ``a >= b``, or ``n`` is odd or less than 2 (the parabolas need
            the subintervals in pairs).
    """
    _check_interval(a, b, n)
    # exercise: numerics.simpson
    if n % 2 != 0:
        raise ValueError(f"Simpson's rule needs an even number of subintervals, got n = {n}")
    x = np.linspace(a, b, n + 1)
    y = f(x)
    h = (b - a) / n
    odd = np.sum(y[1:-1:2])  # f_1, f_3, ..., f_{n-1}
    even = np.sum(y[2:-1:2])  # f_2, f_4, ..., f_{n-2}
    return float(h / 3.0 * (y[0] + 4.0 * odd + 2.0 * even + y[-1]))
    # end exercise


def monte_carlo(f: Integrand, a: float, b: float, n: int, rng: np.random.Generator) -> float:
    r"""A Monte Carlo estimate of :math:`\int_a^b f`, from ``n`` uniform points.

    If :math:`U \sim \text{Uniform}(a, b)` then :math:`E[f(U)] = \frac{1}{b - a}
    \int_a^b f`, so :math:`(b - a)\,\frac{1}{n}\sum_i f(u_i)` is an unbiased estimate
    with standard deviation :math:`(b - a)\,\sigma_f / \sqrt{n}`.

    Args:
        f: a vectorized integrand.
        a: the lower limit.
        b: the upper limit, ``b > a``.
        n: the number of random points, at least 1.
        rng: the random generator to draw ``u = rng.uniform(a, b, size=n)`` from.

    Returns:
        The estimate of the integral.

    Raises:
        ValueError: if ``a >= b`` or ``n < 1``.
    """
    _check_interval(a, b, n)
    # exercise: numerics.monte-carlo
    u = rng.uniform(a, b, size=n)
    return float((b - a) * np.mean(f(u)))
    # end exercise

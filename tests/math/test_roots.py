"""groundup.math.roots against scipy.optimize.brentq and exact roots."""

from __future__ import annotations

import math

import pytest
import scipy.optimize

from groundup.math.roots import bisection, newton


@pytest.mark.parametrize(
    ("f", "a", "b"),
    [
        (lambda x: x * x - 2.0, 0.0, 2.0),
        (math.cos, 0.0, 3.0),
        (lambda x: x**3 - 2 * x - 5, 2.0, 3.0),
        (lambda x: math.exp(x) - 10.0, -5.0, 5.0),
    ],
)
def test_bisection_matches_brentq(f, a: float, b: float) -> None:  # type: ignore[no-untyped-def]
    # bisection promises |x - root| <= tol; brentq is accurate to 1e-15 here.
    root = scipy.optimize.brentq(f, a, b, xtol=1e-15)
    assert abs(bisection(f, a, b, tol=1e-10) - root) <= 1e-10
    assert abs(bisection(f, a, b, tol=1e-13) - root) <= 1e-13


def test_bisection_endpoint_and_errors() -> None:
    assert bisection(lambda x: x - 1.0, 1.0, 2.0) == 1.0
    with pytest.raises(ValueError, match="same sign"):
        bisection(lambda x: x * x + 1.0, -1.0, 1.0)
    with pytest.raises(ValueError, match="a < b"):
        bisection(lambda x: x, 1.0, 0.0)


def test_newton_matches_exact_roots() -> None:
    # Quadratic convergence: the last step is below 1e-12 relative, so the root is good
    # to about 1e-15 relative; allow 1e-14.
    assert newton(lambda x: x * x - 2.0, lambda x: 2.0 * x, 1.0) == pytest.approx(
        math.sqrt(2.0), rel=1e-14
    )
    assert newton(math.cos, lambda x: -math.sin(x), 1.0) == pytest.approx(math.pi / 2, rel=1e-14)
    root = scipy.optimize.brentq(lambda x: x**3 - 2 * x - 5, 2.0, 3.0, xtol=1e-15)
    assert newton(lambda x: x**3 - 2 * x - 5, lambda x: 3 * x * x - 2, 2.0) == pytest.approx(
        root, rel=1e-14
    )


def test_newton_flat_tangent_and_cycle() -> None:
    with pytest.raises(ValueError, match="tangent"):
        newton(lambda x: x * x - 2.0, lambda x: 2.0 * x, 0.0)
    # x^3 - 2x + 2 from 0 cycles 0 -> 1 -> 0: a classic non-convergent start.
    with pytest.raises(RuntimeError, match="did not converge"):
        newton(lambda x: x**3 - 2 * x + 2, lambda x: 3 * x * x - 2, 0.0)

"""groundup.math.integration against scipy.integrate and exact integrals."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.integrate

from groundup.math.integration import monte_carlo, simpson, trapezoid


@pytest.mark.parametrize("n", [1, 2, 7, 100])
def test_trapezoid_matches_scipy(n: int) -> None:
    x = np.linspace(0.0, 2.0, n + 1)
    # same weighted sum: a few ulps
    assert trapezoid(np.exp, 0.0, 2.0, n) == pytest.approx(
        scipy.integrate.trapezoid(np.exp(x), x), rel=1e-13
    )


@pytest.mark.parametrize("n", [2, 4, 10, 100])
def test_simpson_matches_scipy(n: int) -> None:
    x = np.linspace(0.0, 2.0, n + 1)
    # scipy's simpson equals the composite rule for an even number of intervals
    assert simpson(np.sin, 0.0, 2.0, n) == pytest.approx(
        scipy.integrate.simpson(np.sin(x), x=x), rel=1e-12
    )


def test_exactness() -> None:
    # trapezoid is exact for lines, Simpson for cubics: only rounding remains (1e-13)
    assert trapezoid(lambda x: 3 * x + 1, -1.0, 2.0, 3) == pytest.approx(7.5, rel=1e-13)
    cubic = lambda x: x**3 - 2 * x**2 + 1  # noqa: E731  integral on [0, 3] = 81/4 - 18 + 3
    assert simpson(cubic, 0.0, 3.0, 2) == pytest.approx(81 / 4 - 18 + 3, rel=1e-13)


def test_convergence_orders() -> None:
    exact = math.e - 1.0
    errs_t = [abs(trapezoid(np.exp, 0.0, 1.0, n) - exact) for n in (10, 20)]
    errs_s = [abs(simpson(np.exp, 0.0, 1.0, n) - exact) for n in (10, 20)]
    # halving h divides the error by 4 (O(h^2)) and by 16 (O(h^4)), to within 2%
    assert errs_t[0] / errs_t[1] == pytest.approx(4.0, rel=0.02)
    assert errs_s[0] / errs_s[1] == pytest.approx(16.0, rel=0.02)


def test_simpson_rejects_odd_n() -> None:
    with pytest.raises(ValueError, match="even"):
        simpson(np.sin, 0.0, 1.0, 3)


def test_monte_carlo_is_unbiased_with_the_right_spread() -> None:
    # integral of x^2 on [0, 3] is 9; Var(3 U^2) with U ~ U(0,3) is 9 * (81/5 - 9) = 64.8
    rng = np.random.default_rng(3)
    estimates = np.array([monte_carlo(np.square, 0.0, 3.0, 1000, rng) for _ in range(400)])
    se = math.sqrt(64.8 / 1000)
    # the mean of 400 estimates has standard error se / 20; 5 standard errors: false
    # failure below 1e-6
    assert abs(estimates.mean() - 9.0) < 5 * se / 20
    assert estimates.std() == pytest.approx(se, rel=0.2)  # 400 draws: std within 20%

"""The statistical tests: tail probabilities against SciPy, and their stated rates."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special, stats

from groundup.testing.stats import (
    chi2_sf,
    chi_square_test,
    estimate_test,
    kolmogorov_sf,
    ks_2samp_test,
    ks_test,
    mean_test,
    z_threshold,
)


def test_z_threshold_matches_scipy() -> None:
    for rate in (0.05, 1e-3, 1e-6, 1e-9):
        assert z_threshold(rate) == pytest.approx(stats.norm.isf(rate / 2), rel=1e-9)


@pytest.mark.parametrize("x", [0.3, 0.5, 0.8, 1.0, 1.36, 2.0, 3.0, 4.0])
def test_kolmogorov_sf_matches_scipy(x: float) -> None:
    # The series is summed to a 1e-17 term: agreement to 1e-9 relative is generous.
    assert kolmogorov_sf(x) == pytest.approx(special.kolmogorov(x), rel=1e-9, abs=1e-15)


@pytest.mark.parametrize("dof", [1, 2, 5, 10, 50])
@pytest.mark.parametrize("q", [0.5, 1e-2, 1e-6, 1e-10])
def test_chi2_sf_matches_scipy(dof: int, q: float) -> None:
    x = stats.chi2.isf(q, dof)
    # series / continued fraction to 1e-15 relative; 1e-7 leaves room for rounding in lgamma
    assert chi2_sf(x, dof) == pytest.approx(q, rel=1e-7)


def _failure_rate(test: object, trials: int = 400) -> float:
    fails = sum(test(np.random.default_rng(seed)) is not None for seed in range(trials))  # type: ignore[operator]
    return fails / trials


def test_stated_false_failure_rates_hold() -> None:
    # At a 5% rate, 400 correct runs fail about 20 times; a binomial(400, 0.05) lies
    # within [5, 40] except with probability below 1e-4.
    rate = 0.05
    means = _failure_rate(lambda r: mean_test(r.normal(2.0, 3.0, 500), 2.0, 3.0, rate))
    ks = _failure_rate(lambda r: ks_test(r.exponential(size=300), lambda x: 1 - np.exp(-x), rate))
    p = np.array([0.1, 0.2, 0.3, 0.4])
    chi = _failure_rate(
        lambda r: chi_square_test(np.bincount(r.choice(4, 400, p=p), minlength=4), p, rate)
    )
    for observed in (means, ks, chi):
        assert 5 / 400 <= observed <= 40 / 400


def test_wrong_samplers_are_rejected_and_explained() -> None:
    rng = np.random.default_rng(0)
    m = mean_test(rng.normal(0.2, 1.0, 5000), 0.0, 1.0)
    assert m is not None and "standard errors" in m.message
    k = ks_test(rng.normal(0, 1.2, 5000), lambda x: stats.norm.cdf(x))
    assert k is not None and "distribution" in k.message
    p = np.array([0.25, 0.25, 0.5])
    c = chi_square_test(np.bincount(rng.choice(3, 3000, p=[0.3, 0.3, 0.4]), minlength=3), p)
    assert c is not None and "chi-square" in c.message
    impossible = chi_square_test([1, 5], [0.0, 1.0])
    assert impossible is not None and "probability 0" in impossible.message
    assert mean_test([np.nan, 1.0], 0.0, 1.0) is not None


def test_estimate_and_two_sample_tests() -> None:
    assert estimate_test(1.02, 1.0, 0.01) is None  # 2 standard errors: well inside 4.9
    far = estimate_test(1.1, 1.0, 0.01)
    assert far is not None and "10.0 standard errors" in far.message
    assert estimate_test(float("nan"), 1.0, 0.01) is not None
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=2000), rng.normal(size=1500)
    assert ks_2samp_test(a, b) is None
    # the same statistic as SciPy's two-sample KS
    d = stats.ks_2samp(a, b).statistic
    shifted = ks_2samp_test(a, b + 0.5)
    assert shifted is not None and f"{stats.ks_2samp(a, b + 0.5).statistic:.3f}" in shifted.message
    assert d < 0.1

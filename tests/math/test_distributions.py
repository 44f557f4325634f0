"""Section 1.3 distributions (groundup.math.distributions) against scipy.stats.

Each pmf/pdf/cdf is a handful of float operations (or lgamma/erf), so SciPy agrees to
about 1e-14 relative; rel=1e-12 leaves a 100x margin. Values below 1e-300 are compared
with an absolute tolerance.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats

from groundup.math import distributions as d


def test_discrete_pmfs_match_scipy() -> None:
    k = np.arange(-2, 60)
    np.testing.assert_allclose(
        d.bernoulli_pmf(k, 0.3), scipy.stats.bernoulli.pmf(k, 0.3), rtol=1e-14
    )
    for n, p in [(10, 0.3), (50, 0.0), (50, 1.0), (1000, 0.5), (7, 0.99)]:
        kk = np.arange(-1, n + 2)
        np.testing.assert_allclose(
            d.binomial_pmf(kk, n, p), scipy.stats.binom.pmf(kk, n, p), rtol=1e-11, atol=1e-300
        )
    for lam in (0.5, 4.0, 150.0):
        kk = np.arange(0, 400)
        np.testing.assert_allclose(
            d.poisson_pmf(kk, lam), scipy.stats.poisson.pmf(kk, lam), rtol=1e-11, atol=1e-300
        )
    # probabilities sum to 1
    assert d.binomial_pmf(np.arange(1001), 1000, 0.3).sum() == pytest.approx(1.0, rel=1e-12)


def test_continuous_pdfs_and_cdfs_match_scipy() -> None:
    x = np.linspace(-6, 8, 301)
    np.testing.assert_allclose(
        d.uniform_pdf(x, -1, 3), scipy.stats.uniform.pdf(x, -1, 4), rtol=1e-14
    )
    np.testing.assert_allclose(
        d.uniform_cdf(x, -1, 3), scipy.stats.uniform.cdf(x, -1, 4), rtol=1e-14
    )
    np.testing.assert_allclose(
        d.normal_pdf(x, 1.0, 2.0), scipy.stats.norm.pdf(x, 1.0, 2.0), rtol=1e-13
    )
    # the CDF via erf loses relative accuracy in the far left tail (1 + erf(-z) cancels);
    # absolute 1e-15 there
    np.testing.assert_allclose(
        d.normal_cdf(x, 1.0, 2.0), scipy.stats.norm.cdf(x, 1.0, 2.0), rtol=1e-12, atol=1e-15
    )
    sc = 1 / 2.5
    np.testing.assert_allclose(
        d.exponential_pdf(x, 2.5), scipy.stats.expon.pdf(x, scale=sc), rtol=1e-13
    )
    np.testing.assert_allclose(
        d.exponential_cdf(x, 2.5), scipy.stats.expon.cdf(x, scale=sc), rtol=1e-13
    )


def test_mvn_logpdf_matches_scipy() -> None:
    rng = np.random.default_rng(11)
    A = rng.normal(size=(4, 4))
    cov = A @ A.T + 0.1 * np.eye(4)
    mean = rng.normal(size=4)
    X = rng.normal(size=(20, 4))
    expected = scipy.stats.multivariate_normal(mean, cov).logpdf(X)
    # Cholesky solve vs SciPy's eigendecomposition: cond(cov) ~ 1e2, so ~1e-13 relative
    np.testing.assert_allclose(d.mvn_logpdf(X, mean, cov), expected, rtol=1e-10)
    assert d.mvn_logpdf(X[0], mean, cov) == pytest.approx(expected[0], rel=1e-10)


def test_invalid_parameters_are_rejected() -> None:
    with pytest.raises(ValueError):
        d.binomial_pmf(1, 3, 1.5)
    with pytest.raises(ValueError):
        d.normal_pdf(0.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        d.poisson_pmf(1, -1.0)
    with pytest.raises(ValueError):
        d.uniform_pdf(0.0, 1.0, 1.0)

"""Section 1.3 estimators and tests (groundup.math.estimation) against NumPy, SciPy and
exact values. Tolerances: moments are sums of n products, equal to NumPy's to about
n * eps relative; rel=1e-12 leaves a wide margin."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats

from groundup.math.estimation import (
    bernoulli_map,
    correlation,
    covariance,
    gaussian_mle,
    permutation_test,
    z_test,
)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(13)


def test_covariance_matches_numpy(rng: np.random.Generator) -> None:
    X = rng.normal(size=(30, 4)) @ rng.normal(size=(4, 4))
    np.testing.assert_allclose(covariance(X), np.cov(X, rowvar=False), rtol=1e-12)
    np.testing.assert_allclose(
        covariance(X, ddof=0), np.cov(X, rowvar=False, bias=True), rtol=1e-12
    )
    np.testing.assert_allclose(correlation(X), np.corrcoef(X, rowvar=False), rtol=1e-12)
    # far from the origin: two-pass centering keeps full precision (offset 1e8)
    Y = 1e8 + X
    np.testing.assert_allclose(covariance(Y), np.cov(X, rowvar=False), rtol=1e-6)
    with pytest.raises(ValueError):
        covariance(np.ones((1, 2)), ddof=1)
    with pytest.raises(ValueError, match="constant"):
        correlation(np.ones((5, 2)))


def test_sample_variance_is_unbiased_population_is_not(rng: np.random.Generator) -> None:
    # 20000 samples of size 5 from N(0, 4): E[s^2] = 4, E[sigma_MLE^2] = 4 * 4/5 = 3.2
    X = rng.normal(0.0, 2.0, size=(20000, 5))
    sample = np.array([covariance(x[:, None])[0, 0] for x in X])
    mle = np.array([gaussian_mle(x)[1] for x in X])
    se = sample.std() / math.sqrt(sample.size)
    assert abs(sample.mean() - 4.0) < 6 * se  # false failure ~2e-9
    assert abs(mle.mean() - 3.2) < 6 * se


def test_gaussian_mle_matches_scipy_fit(rng: np.random.Generator) -> None:
    x = rng.normal(3.0, 0.5, size=1000)
    mu, var = gaussian_mle(x)
    loc, scale = scipy.stats.norm.fit(x)  # SciPy's MLE: closed form as well
    assert mu == pytest.approx(loc, rel=1e-12)
    assert var == pytest.approx(scale**2, rel=1e-10)


def test_bernoulli_map_is_the_beta_posterior_mode() -> None:
    for k, n, a, b in [
        (7, 10, 3.0, 2.0),
        (0, 0, 4.0, 2.0),
        (5, 5, 2.0, 2.0),
        (300, 1000, 10.0, 30.0),
    ]:
        post = scipy.stats.beta(a + k, b + n - k)
        grid = np.linspace(0, 1, 200001)
        mode_numeric = grid[np.argmax(post.logpdf(grid))]
        # the grid step is 5e-6: the argmax is within one step of the exact mode
        assert bernoulli_map(k, n, a, b) == pytest.approx(mode_numeric, abs=1e-5)
    assert bernoulli_map(3, 12) == pytest.approx(0.25)  # uniform prior: the MLE
    with pytest.raises(ValueError):
        bernoulli_map(0, 0, 1.0, 1.0)
    with pytest.raises(ValueError):
        bernoulli_map(4, 3)


def test_z_test_matches_scipy(rng: np.random.Generator) -> None:
    x = rng.normal(0.3, 1.0, size=50)
    z, p = z_test(x, 0.0, 1.0)
    assert z == pytest.approx(x.mean() * math.sqrt(50), rel=1e-12)
    assert p == pytest.approx(2 * scipy.stats.norm.sf(abs(z)), rel=1e-12)
    # tiny p-values keep their precision
    _, tiny = z_test(np.full(100, 1.0), 0.0, 1.0)  # z = 10
    assert tiny == pytest.approx(2 * scipy.stats.norm.sf(10.0), rel=1e-10)


def test_permutation_test_matches_scipy(rng: np.random.Generator) -> None:
    x = rng.normal(0.0, 1.0, size=15)
    y = rng.normal(0.8, 1.0, size=12)
    ours = permutation_test(x, y, 4000, np.random.default_rng(1))
    ref = scipy.stats.permutation_test(
        (x, y),
        lambda a, b: abs(a.mean() - b.mean()),
        n_resamples=4000,
        alternative="greater",
        rng=np.random.default_rng(2),
    ).pvalue
    # two Monte Carlo p-values from 4000 shuffles: se <= sqrt(p(1-p)/4000) <= 0.008 each
    assert ours == pytest.approx(ref, abs=0.04)
    # identical groups: every shuffle is at least as extreme, p = 1
    assert permutation_test(np.ones(4), np.ones(4), 100, rng) == 1.0

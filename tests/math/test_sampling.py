"""Section 1.3 samplers and Monte Carlo (groundup.math.sampling) against scipy.stats.

Samplers are tested with SciPy's Kolmogorov-Smirnov and chi-square tests at a
significance of 1e-6 per test, with fixed seeds (so the tests are deterministic; a
wrong sampler with these sample sizes gives p-values far below 1e-6).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats

from groundup.math.sampling import (
    box_muller,
    effective_sample_size,
    importance_estimate,
    importance_weights,
    monte_carlo_integral,
    sample_categorical,
    sample_exponential,
    sample_mvn,
    standard_error,
)

ALPHA = 1e-6


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(1303)


def test_exponential_sampler_passes_ks(rng: np.random.Generator) -> None:
    for rate in (0.5, 1.0, 7.0):
        x = sample_exponential(rate, 5000, rng)
        assert x.min() >= 0
        assert scipy.stats.kstest(x, scipy.stats.expon(scale=1 / rate).cdf).pvalue > ALPHA
    # the test has power: samples of rate 1/7 (the rate used as a scale) fail it for rate 7
    wrong = sample_exponential(1 / 7.0, 5000, rng)
    assert scipy.stats.kstest(wrong, scipy.stats.expon(scale=1 / 7.0).cdf).pvalue < ALPHA


def test_box_muller_is_standard_normal_and_independent(rng: np.random.Generator) -> None:
    x = box_muller(20001, rng)
    assert x.shape == (20001,)
    assert scipy.stats.kstest(x, scipy.stats.norm.cdf).pvalue > ALPHA
    # cos and sin halves of one pair are uncorrelated: Pearson r test
    half = 10000
    assert scipy.stats.pearsonr(x[:half], x[half : 2 * half]).pvalue > ALPHA
    assert box_muller(0, rng).shape == (0,)


def test_categorical_sampler_passes_chi_square(rng: np.random.Generator) -> None:
    p = np.array([0.0, 0.1, 0.0, 0.6, 0.3, 0.0])
    draws = sample_categorical(p, 20000, rng)
    counts = np.bincount(draws, minlength=p.size)
    assert counts[p == 0].sum() == 0  # impossible categories never drawn
    keep = p > 0
    assert scipy.stats.chisquare(counts[keep], 20000 * p[keep]).pvalue > ALPHA
    np.testing.assert_array_equal(sample_categorical(np.array([1.0]), 5, rng), np.zeros(5))


def test_mvn_sampler_moments_and_marginals(rng: np.random.Generator) -> None:
    mean = np.array([1.0, -2.0, 0.5])
    A = rng.normal(size=(3, 3))
    cov = A @ A.T + 0.5 * np.eye(3)
    X = sample_mvn(mean, cov, 40000, rng)
    # sample covariance error ~ sqrt(2/n) * scale ~ 0.007 * scale; allow 0.05 * scale
    np.testing.assert_allclose(np.cov(X.T), cov, atol=0.05 * np.abs(cov).max())
    for a in (np.ones(3), np.array([1.0, -1.0, 0.0])):
        dist = scipy.stats.norm(a @ mean, math.sqrt(a @ cov @ a))
        assert scipy.stats.kstest(X @ a, dist.cdf).pvalue > ALPHA
    with pytest.raises(ValueError, match="positive definite"):
        sample_mvn(np.zeros(2), np.array([[1.0, 2.0], [2.0, 1.0]]), 3, rng)


def test_monte_carlo_integral_is_unbiased_with_known_error(rng: np.random.Generator) -> None:
    estimates = np.array(
        [monte_carlo_integral(np.sin, 0.0, math.pi, 1000, rng) for _ in range(400)]
    )
    sd = math.pi * math.sqrt(0.5 - 4 / math.pi**2) / math.sqrt(1000)  # exact se of one estimate
    # the mean of 400 estimates is within 6 of its standard errors of 2 (false failure 2e-9)
    assert abs(estimates.mean() - 2.0) < 6 * sd / math.sqrt(400)
    # and their spread is the predicted standard error (chi-square with 399 dof: +-25%)
    assert estimates.std(ddof=1) == pytest.approx(sd, rel=0.25)
    assert standard_error(estimates) == pytest.approx(estimates.std(ddof=1) / 20)


def test_importance_sampling_estimates_target_mean(rng: np.random.Generator) -> None:
    # E_p[x] for p = N(1, 1), with samples from q = N(0, 2^2) and p known up to a constant
    x = rng.normal(0.0, 2.0, size=50000)
    log_p = -0.5 * (x - 1.0) ** 2 + 123.0  # an arbitrary constant: it must cancel
    log_q = scipy.stats.norm(0.0, 2.0).logpdf(x)
    w = importance_weights(log_p, log_q)
    assert w.sum() == pytest.approx(1.0, rel=1e-14)
    # self-normalized IS: the error is ~ 1/sqrt(ESS) ~ 0.005; 0.03 is > 5 standard errors
    assert importance_estimate(x, log_p, log_q) == pytest.approx(1.0, abs=0.03)
    assert 10000 < effective_sample_size(w) < 50000
    # huge log-densities do not overflow
    big = importance_weights(np.array([800.0, 801.0]), np.zeros(2))
    np.testing.assert_allclose(big, [1 / (1 + math.e), math.e / (1 + math.e)], rtol=1e-14)
    with pytest.raises(ValueError, match="weight 0"):
        importance_weights(np.array([-np.inf]), np.array([0.0]))

"""Section 1.4 reference (groundup.math.information) against SciPy and exact values.

scipy.stats.entropy computes entropy and KL (with 0 log 0 = 0 and inf where q = 0 < p);
scikit-learn's mutual_info_score computes mutual information from paired labels.
Tolerances: these are sums of k terms of order 1, so two correct codes agree to a few
ulps times k; rel=1e-12 (or abs=1e-12 near 0) leaves a margin of 100x or more.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
from sklearn.metrics import mutual_info_score

from groundup.math.information import (
    as_distribution,
    conditional_entropy,
    cross_entropy,
    entropy,
    information_gain,
    joint_entropy,
    kl_divergence,
    kl_normal,
    label_entropy,
    mutual_information,
    perplexity,
)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(1404)


def test_entropy_exact_values() -> None:
    assert entropy([0.5, 0.5], base=2) == pytest.approx(1.0, rel=1e-15)
    assert entropy(np.full(8, 1 / 8), base=2) == pytest.approx(3.0, rel=1e-15)
    assert entropy([0.5, 0.5]) == pytest.approx(math.log(2), rel=1e-15)  # nats by default
    assert entropy([1.0]) == 0.0
    # 0 log 0 = 0: a zero entry changes nothing and gives no NaN
    assert entropy([0.5, 0.25, 0.25, 0.0], base=2) == pytest.approx(1.5, rel=1e-15)


def test_entropy_matches_scipy(rng: np.random.Generator) -> None:
    for k in (2, 10, 100):
        p = rng.dirichlet(np.ones(k))
        p[: k // 3] = 0.0
        p /= p.sum()
        for base in (2.0, math.e, 10.0):
            assert entropy(p, base) == pytest.approx(scipy.stats.entropy(p, base=base), rel=1e-12)


def test_unnormalized_and_invalid_inputs_are_rejected() -> None:
    with pytest.raises(ValueError, match="not normalized"):
        entropy([1.0, 1.0])
    with pytest.raises(ValueError, match="non-negative"):
        entropy([1.5, -0.5])
    with pytest.raises(ValueError, match="empty"):
        entropy([])
    with pytest.raises(ValueError, match="not normalized"):
        kl_divergence([0.5, 0.5], [0.5, 0.6])
    with pytest.raises(ValueError, match="same shape"):
        kl_divergence([0.5, 0.5], [1.0])
    with pytest.raises(ValueError, match="base"):
        entropy([0.5, 0.5], base=1.0)
    with pytest.raises(ValueError, match="2-D"):
        mutual_information([0.5, 0.5])
    # within the documented 1e-9 slack a softmax output is accepted
    assert as_distribution([0.5, 0.5 + 1e-12]).shape == (2,)


def test_kl_and_cross_entropy_match_scipy(rng: np.random.Generator) -> None:
    for _ in range(5):
        p, q = rng.dirichlet(np.ones(12)), rng.dirichlet(np.ones(12))
        p[:3] = 0.0
        p /= p.sum()
        expected_kl = scipy.stats.entropy(p, q)
        assert kl_divergence(p, q) == pytest.approx(expected_kl, rel=1e-11)
        assert kl_divergence(p, q, 2.0) == pytest.approx(expected_kl / math.log(2), rel=1e-11)
        # H(p, q) = H(p) + D(p || q)
        assert cross_entropy(p, q) == pytest.approx(entropy(p) + expected_kl, rel=1e-11)


def test_kl_edge_cases() -> None:
    p = np.array([0.2, 0.3, 0.5])
    assert kl_divergence(p, p) == pytest.approx(0.0, abs=1e-15)
    # q = 0 where p > 0: infinite; p = 0 where q > 0: finite
    assert kl_divergence([0.25, 0.25, 0.5], [0.5, 0.5, 0.0]) == math.inf
    # in a base below 1 every log changes sign, the infinite one too (as in SciPy)
    p, q = [0.25, 0.25, 0.5], [0.5, 0.5, 0.0]
    assert kl_divergence(p, q, base=0.5) == scipy.stats.entropy(p, q, base=0.5) == -math.inf
    assert math.isfinite(kl_divergence([0.5, 0.5, 0.0], [0.25, 0.25, 0.5]))
    assert cross_entropy([0.25, 0.75], [1.0, 0.0]) == math.inf
    # not symmetric
    a, b = [0.9, 0.1], [0.5, 0.5]
    assert kl_divergence(a, b) != pytest.approx(kl_divergence(b, a), rel=1e-3)


def test_kl_normal_closed_form_matches_numerical_integral() -> None:
    cases = [
        (0.0, 1.0, 0.0, 1.0),
        (1.0, 1.0, 0.0, 1.0),
        (0.3, 0.5, -1.0, 2.0),
        (2.0, 3.0, 1.0, 0.7),
    ]
    x = np.linspace(-40, 40, 400_001)
    for mu1, s1, mu2, s2 in cases:
        p = scipy.stats.norm.pdf(x, mu1, s1)
        integrand = p * (scipy.stats.norm.logpdf(x, mu1, s1) - scipy.stats.norm.logpdf(x, mu2, s2))
        numeric = scipy.integrate.trapezoid(integrand, x)
        # trapezoid rule on a grid of step 2e-4 over smooth integrands: error << 1e-8
        assert kl_normal(mu1, s1, mu2, s2) == pytest.approx(numeric, abs=1e-8)
    assert kl_normal(1.0, 1.0, 0.0, 1.0) == pytest.approx(0.5, rel=1e-15)
    with pytest.raises(ValueError, match="positive"):
        kl_normal(0.0, 0.0, 0.0, 1.0)


def test_kl_normal_matches_monte_carlo_estimate(rng: np.random.Generator) -> None:
    mu1, s1, mu2, s2 = 0.5, 1.2, -0.3, 0.8
    x = rng.normal(mu1, s1, size=200_000)
    terms = scipy.stats.norm.logpdf(x, mu1, s1) - scipy.stats.norm.logpdf(x, mu2, s2)
    se = terms.std(ddof=1) / math.sqrt(x.size)
    # the sampled estimate is within 6 standard errors (a false failure ~2e-9)
    assert abs(terms.mean() - kl_normal(mu1, s1, mu2, s2)) < 6 * se


def test_mutual_information_matches_sklearn_and_identities(rng: np.random.Generator) -> None:
    x = rng.integers(0, 4, size=5000)
    y = (x + rng.integers(0, 2, size=5000)) % 3  # dependent on x
    joint = np.zeros((4, 3))
    np.add.at(joint, (x, y), 1.0)
    joint /= joint.sum()
    assert mutual_information(joint) == pytest.approx(mutual_info_score(x, y), rel=1e-10)
    p_x, p_y = joint.sum(1), joint.sum(0)
    # I = H(X) + H(Y) - H(X, Y) and H(Y|X) = H(X, Y) - H(X)
    identity = entropy(p_x) + entropy(p_y) - joint_entropy(joint)
    assert mutual_information(joint) == pytest.approx(identity, rel=1e-10)
    assert conditional_entropy(joint) == pytest.approx(
        entropy(p_y) - mutual_information(joint), rel=1e-10
    )
    # independent variables: exactly 0 up to rounding
    assert mutual_information(np.outer(p_x, p_y)) == pytest.approx(0.0, abs=1e-14)
    # X = Y, a fair bit: 1 bit, with zero cells
    assert mutual_information(np.array([[0.5, 0.0], [0.0, 0.5]]), base=2) == pytest.approx(1.0)


def test_perplexity() -> None:
    assert perplexity(np.full(10, -math.log(50))) == pytest.approx(50.0, rel=1e-13)
    assert perplexity(np.log([0.5, 0.125])) == pytest.approx(4.0, rel=1e-14)
    assert perplexity(np.zeros(3)) == 1.0
    # equals 2 ** (cross-entropy in bits)
    lp = np.log(np.random.default_rng(0).uniform(0.01, 1, 100))
    assert perplexity(lp) == pytest.approx(2 ** (-np.mean(lp) / math.log(2)), rel=1e-12)
    with pytest.raises(ValueError):
        perplexity(np.array([0.1]))
    with pytest.raises(ValueError):
        perplexity(np.array([]))


def test_information_gain_matches_manual_and_sklearn_tree() -> None:
    y = np.array([0, 0, 1, 1])
    assert information_gain(y, np.array([True, True, False, False])) == pytest.approx(1.0)
    assert information_gain(y, np.array([True, False, True, False])) == pytest.approx(
        0.0, abs=1e-15
    )
    assert information_gain(y, np.ones(4, dtype=bool)) == pytest.approx(0.0, abs=1e-15)
    labels = np.array([0, 0, 0, 1, 1, 1, 1, 1, 1, 1])
    left = np.arange(10) < 4
    parent = scipy.stats.entropy([3, 7], base=2)
    children = 0.4 * scipy.stats.entropy([3, 1], base=2) + 0.6 * scipy.stats.entropy([6], base=2)
    assert information_gain(labels, left) == pytest.approx(parent - children, rel=1e-12)
    assert label_entropy(np.array([])) == 0.0
    with pytest.raises(ValueError):
        information_gain(np.array([]), np.array([], dtype=bool))

"""Checks for section 1.3, Probability and statistics.

Deterministic exercises compare the learner's function with the reference on the same
inputs. Samplers and Monte Carlo estimates are checked statistically, with a stated
false-failure rate: a Kolmogorov-Smirnov test against the exact CDF for continuous
samplers, a chi-square test of the counts for discrete ones, a z-test on the known
standard error for Monte Carlo estimates. The learner's function and each known
mistake get copies of the same generator, so a mistake is recognized by drawing the
same distribution from the same stream (a two-sample test, below).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from groundup.testing import Mismatch, Trial, check, chi_square_test, close, ks_test
from groundup.testing.stats import estimate_test, ks_2samp_test

FALSE_FAILURE = 1e-6

# -- statistical helpers --------------------------------------------------------------------


def _normal_cdf(mu: float, sigma: float) -> Callable[[np.ndarray], np.ndarray]:
    erf = np.vectorize(math.erf)
    return lambda x: 0.5 * (1.0 + erf((np.asarray(x) - mu) / (sigma * math.sqrt(2.0))))


def _same_distribution(a: object, b: object) -> Mismatch | None:
    """Do two 1-D samples look alike? Two-sample KS at rate 1e-6; tiny samples exactly."""
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if x.size < 5 or y.size < 5 or not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        return close(a, b, 1e-9, 1e-12)
    return ks_2samp_test(x, y, FALSE_FAILURE)


def _same_moments(a: object, b: object) -> Mismatch | None:
    """Do two (n, d) samples have about the same mean and covariance? (for diagnosis)."""
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if x.shape != y.shape or x.ndim != 2 or x.shape[0] < 50:
        return close(a, b, 1e-9, 1e-12)
    cx, cy = np.cov(x.T).reshape(x.shape[1], -1), np.cov(y.T).reshape(y.shape[1], -1)
    scale = float(np.max(np.abs(cy))) + 1e-12
    if np.max(np.abs(cx - cy)) > 0.15 * scale:
        return Mismatch("the two samples have different covariances")
    if np.max(np.abs(x.mean(axis=0) - y.mean(axis=0))) > 0.15 * math.sqrt(scale):
        return Mismatch("the two samples have different means")
    return None


def _same_counts(a: object, b: object) -> Mismatch | None:
    """Do two arrays of category indices have about the same counts? (for diagnosis)."""
    x, y = np.asarray(a).ravel(), np.asarray(b).ravel()
    if x.shape != y.shape or x.size == 0:
        return close(a, b, 0.0, 0.0)
    if x.min() < 0 or y.min() < 0:
        return close(a, b, 0.0, 0.0)
    k = int(max(x.max(), y.max())) + 1
    cx, cy = (
        np.bincount(x.astype(np.int64), minlength=k),
        np.bincount(y.astype(np.int64), minlength=k),
    )
    if np.all(np.abs(cx - cy) <= 6.0 * np.sqrt(cx + cy + 1.0)):
        return None
    return Mismatch("the two samples have different category counts")


def _shape_is(shape: tuple[int, ...]) -> Callable[[object, object], Mismatch | None]:
    def compare(got: object, _: object) -> Mismatch | None:
        arr = np.asarray(got)
        if arr.shape != shape:
            return Mismatch(f"expected an array of shape {shape}, got shape {arr.shape}")
        if arr.size and not np.all(np.isfinite(arr.astype(np.float64))):
            return Mismatch("some samples are NaN or infinite")
        return None

    return compare


def _follows(cdf: Callable[[np.ndarray], np.ndarray], n: int, lower: float = -math.inf):
    """A comparator: n finite samples, all >= lower, passing a KS test against ``cdf``."""

    def compare(got: object, _: object) -> Mismatch | None:
        wrong_shape = _shape_is((n,))(got, None)
        if wrong_shape:
            return wrong_shape
        x = np.asarray(got, dtype=np.float64)
        if np.any(x < lower):
            return Mismatch(f"every sample should be >= {lower:g}; the smallest is {x.min():.4g}")
        return ks_test(x, cdf, FALSE_FAILURE)

    return compare


def _estimate_near(
    exact: float, standard_error: float
) -> Callable[[object, object], Mismatch | None]:
    """A z-test of one estimate against its exact expectation and known standard error."""

    def compare(got: object, _: object) -> Mismatch | None:
        value = float(np.asarray(got))
        return estimate_test(value, exact, standard_error, FALSE_FAILURE, "the estimate")

    return compare


def _random_stochastic(rng: np.random.Generator, k: int) -> np.ndarray:
    P = rng.uniform(0.05, 1.0, size=(k, k))
    return P / P.sum(axis=1, keepdims=True)


# -- prob.bayes-rule ------------------------------------------------------------------------


@check("prob.bayes-rule")
def bayes_rule(t: Trial) -> None:
    t.compare(
        "a 1% disease and a test with 95% sensitivity, 10% false positives",
        np.array([0.01, 0.99]),
        np.array([0.95, 0.10]),
    )
    t.compare("a single hypothesis: its posterior is 1", np.array([1.0]), np.array([0.3]))
    t.compare(
        "a hypothesis the evidence rules out (likelihood 0)",
        np.array([0.2, 0.3, 0.5]),
        np.array([0.0, 0.4, 0.9]),
    )
    t.compare(
        "a hypothesis with prior 0 stays at 0",
        np.array([0.0, 0.6, 0.4]),
        np.array([1.0, 0.2, 0.5]),
    )
    prior = t.rng.dirichlet(np.ones(10))
    t.compare("10 hypotheses, random prior and likelihoods", prior, t.rng.uniform(0, 1, 10))
    t.compare(
        "tiny likelihoods (1e-200): the ratio still decides",
        np.array([0.5, 0.5]),
        np.array([3e-200, 1e-200]),
    )


# -- prob.word-likelihoods and prob.naive-bayes ---------------------------------------------


@check("prob.word-likelihoods")
def word_likelihoods(t: Trial) -> None:
    counts = np.array([[3.0, 1.0, 0.0], [0.0, 2.0, 2.0]])
    t.compare("2 classes, 3 words, some unseen, alpha = 1", counts, 1.0)
    t.compare("the same counts with alpha = 0.5", counts, 0.5)
    t.compare("one class, one word", np.array([[4.0]]), 1.0)
    t.compare(
        "a class with no words at all (alpha = 1): uniform", np.array([[0.0, 0.0], [1.0, 5.0]]), 1.0
    )
    t.compare(
        "3 classes over a 50-word vocabulary, random counts, alpha = 1",
        t.rng.poisson(2.0, size=(3, 50)).astype(float),
        1.0,
    )
    t.compare(
        "large counts (up to 1e6), alpha = 1",
        t.rng.integers(0, 10**6, size=(2, 20)).astype(float),
        1.0,
    )


def _nb_inputs(rng: np.random.Generator, C: int, V: int) -> tuple[np.ndarray, np.ndarray]:
    log_prior = np.log(rng.dirichlet(np.ones(C)))
    counts = rng.poisson(3.0, size=(C, V)) + 1.0
    log_lik = np.log(counts / counts.sum(axis=1, keepdims=True))
    return log_prior, log_lik


@check("prob.naive-bayes")
def naive_bayes(t: Trial) -> None:
    log_prior = np.log(np.array([0.9, 0.1]))  # ham, spam
    log_lik = np.log(np.array([[0.5, 0.3, 0.2], [0.1, 0.2, 0.7]]))
    t.compare(
        "ham/spam with priors 0.9/0.1, a 4-word document",
        log_prior,
        log_lik,
        np.array([1.0, 0.0, 3.0]),
    )
    t.compare("an empty document: the posterior is the prior", log_prior, log_lik, np.zeros(3))
    lp, ll = _nb_inputs(t.rng, 4, 30)
    t.compare(
        "4 classes, 30 words, a random 40-word document",
        lp,
        ll,
        t.rng.multinomial(40, np.full(30, 1 / 30)).astype(float),
    )
    zero_lik = np.array(
        [[-np.inf, np.log(0.5), np.log(0.5)], [np.log(0.2), np.log(0.3), np.log(0.5)]]
    )
    t.compare(
        "unsmoothed likelihoods: class 0 never saw word 0, and the document lacks it",
        np.log(np.array([0.5, 0.5])),
        zero_lik,
        np.array([0.0, 2.0, 1.0]),
    )
    lp, ll = _nb_inputs(t.rng, 3, 100)
    t.compare(
        "a long document (5000 words): probabilities underflow, logs do not",
        lp,
        ll,
        t.rng.multinomial(5000, np.full(100, 1 / 100)).astype(float),
    )


# -- samplers -------------------------------------------------------------------------------


def _categorical_follows(probs: np.ndarray, n: int) -> Callable[[object, object], Mismatch | None]:
    def compare(got: object, _: object) -> Mismatch | None:
        arr = np.asarray(got)
        if arr.shape != (n,):
            return Mismatch(f"expected {n} indices, got shape {arr.shape}")
        if not np.issubdtype(arr.dtype, np.integer):
            return Mismatch(f"expected integer indices, got dtype {arr.dtype}")
        if n and (arr.min() < 0 or arr.max() >= probs.size):
            return Mismatch(
                f"indices must lie in 0..{probs.size - 1}; got values from {arr.min()} "
                f"to {arr.max()}"
            )
        counts = np.bincount(arr, minlength=probs.size)
        return chi_square_test(counts, probs, FALSE_FAILURE, "the category counts")

    return compare


@check("prob.sample-categorical")
def sample_categorical(t: Trial) -> None:
    def case(label: str, probs: np.ndarray, n: int) -> None:
        t.compare(label, probs, n, t.rng, compare=_categorical_follows(probs, n), same=_same_counts)

    case("p = [0.2, 0.5, 0.3], 3000 draws", np.array([0.2, 0.5, 0.3]), 3000)
    case("a single category: always 0", np.array([1.0]), 50)
    case("zero draws", np.array([0.5, 0.5]), 0)
    case(
        "zero-probability categories first, in the middle and last: never drawn",
        np.array([0.0, 0.3, 0.0, 0.7, 0.0]),
        3000,
    )
    case(
        "a rare category (p = 0.002) among 20, 20000 draws",
        np.r_[0.002, np.full(19, 0.998 / 19)],
        20000,
    )
    case("random probabilities over 8 categories", t.rng.dirichlet(np.ones(8)), 5000)


@check("prob.sample-exponential")
def sample_exponential(t: Trial) -> None:
    def cdf(rate: float) -> Callable[[np.ndarray], np.ndarray]:
        return lambda x: -np.expm1(-rate * np.maximum(x, 0.0))

    for rate, n in [(1.0, 2000), (4.0, 2000), (1e-3, 2000)]:
        t.compare(
            f"{n} samples with rate {rate:g}",
            rate,
            n,
            t.rng,
            compare=_follows(cdf(rate), n, lower=0.0),
            same=_same_distribution,
        )
    t.compare("zero samples: an empty array", 2.0, 0, t.rng, compare=_shape_is((0,)))
    t.raises("rate 0", ValueError, 0.0, 10, t.rng, why="for a rate that is not positive")


@check("prob.box-muller")
def box_muller(t: Trial) -> None:
    t.compare("zero samples", 0, t.rng, compare=_shape_is((0,)))
    t.compare("one sample (an odd n)", 1, t.rng, compare=_shape_is((1,)))
    t.compare("7 samples (an odd n)", 7, t.rng, compare=_shape_is((7,)))
    standard = _normal_cdf(0.0, 1.0)
    got = t.compare(
        "4000 samples against the N(0, 1) CDF",
        4000,
        t.rng,
        compare=_follows(standard, 4000),
        same=_same_distribution,
    )
    # The first and second halves of each pair must be independent: their sum is
    # N(0, 2) exactly when they are (for the Box-Muller pairs as returned or any order).
    x = np.asarray(got, dtype=np.float64)
    t.require(
        ks_test(x[0::2] + x[1::2], _normal_cdf(0.0, math.sqrt(2.0)), FALSE_FAILURE) is None,
        "the sum of neighbouring samples",
        "x[0] + x[1], x[2] + x[3], ... should be N(0, 2) if your samples are independent "
        "standard normals; they are not (Kolmogorov-Smirnov test, false-failure rate 1e-6)",
    )
    t.compare(
        "4001 samples (odd) against the N(0, 1) CDF",
        4001,
        t.rng,
        compare=_follows(standard, 4001),
        same=_same_distribution,
    )


def _mvn_follows(mean: np.ndarray, cov: np.ndarray, n: int, directions: list[np.ndarray]):
    def compare(got: object, _: object) -> Mismatch | None:
        wrong_shape = _shape_is((n, mean.size))(got, None)
        if wrong_shape:
            return wrong_shape
        X = np.asarray(got, dtype=np.float64)
        for a in directions:
            sd = math.sqrt(float(a @ cov @ a))
            mismatch = ks_test(
                X @ a,
                _normal_cdf(float(a @ mean), sd),
                FALSE_FAILURE,
                f"the projections onto direction {np.round(a, 3).tolist()}",
            )
            if mismatch:
                return mismatch
        return None

    return compare


@check("prob.sample-mvn")
def sample_mvn(t: Trial) -> None:
    def case(label: str, mean: np.ndarray, cov: np.ndarray, n: int, directions: list) -> None:
        t.compare(
            label,
            mean,
            cov,
            n,
            t.rng,
            compare=_mvn_follows(mean, cov, n, [np.asarray(a, dtype=float) for a in directions]),
            same=_same_moments,
        )

    cov2 = np.array([[4.0, 1.8], [1.8, 1.0]])
    case(
        "2-D, correlation 0.9, 3000 samples",
        np.array([1.0, -2.0]),
        cov2,
        3000,
        [[1, 1], [1, -1], [1, 0], [0, 1]],
    )
    case("1-D: N(3, 0.25)", np.array([3.0]), np.array([[0.25]]), 2000, [[1]])
    A = t.rng.normal(size=(3, 3))
    cov3 = A @ A.T + 0.5 * np.eye(3)
    case(
        "3-D, random covariance, mean near 1000",
        1000.0 + t.rng.normal(size=3),
        cov3,
        3000,
        [[1, 1, 1], [1, -1, 0], [0, 1, -1], [1, 0, 0]],
    )
    t.compare("zero samples: shape (0, 2)", np.zeros(2), cov2, 0, t.rng, compare=_shape_is((0, 2)))


# -- estimators -----------------------------------------------------------------------------


@check("prob.covariance")
def covariance(t: Trial) -> None:
    X = np.array([[1.0, 2.0], [2.0, 1.0], [4.0, 5.0], [5.0, 8.0]])
    t.compare("4 observations of 2 variables (sample, ddof=1)", X)
    t.compare("the same data, population (ddof=0)", X, 0)
    t.compare("one variable (a column)", t.rng.normal(size=(10, 1)))
    t.compare("one observation, ddof=0: all zeros", np.array([[3.0, 4.0, 5.0]]), 0)
    t.compare(
        "30 observations of 5 variables", t.rng.normal(size=(30, 5)) @ t.rng.normal(size=(5, 5))
    )
    t.compare(
        "50 observations near 1e6 (large offset, unit spread)",
        1e6 + t.rng.normal(size=(50, 3)),
    )
    t.raises(
        "one observation with ddof=1", ValueError, np.ones((1, 3)), 1, why="when n - ddof is 0"
    )


@check("prob.bernoulli-map")
def bernoulli_map(t: Trial) -> None:
    t.compare("7 heads in 10 flips, Beta(3, 2) prior", 7, 10, 3.0, 2.0)
    t.compare("a uniform Beta(1, 1) prior: the MLE k / n", 3, 12, 1.0, 1.0)
    t.compare("no data: the prior's mode", 0, 0, 4.0, 2.0)
    t.compare("all heads with a Beta(2, 2) prior: below 1", 5, 5, 2.0, 2.0)
    k = int(t.rng.integers(0, 1000))
    t.compare("many flips: the data dominate", k, 1000, 10.0, 30.0)
    t.compare("a strong prior Beta(500, 500) and few flips", 3, 3, 500.0, 500.0)


# -- Monte Carlo ----------------------------------------------------------------------------


@check("prob.monte-carlo")
def monte_carlo(t: Trial) -> None:
    def case(label: str, f, a: float, b: float, n: int, exact: float, sd_f: float) -> None:
        se = (b - a) * sd_f / math.sqrt(n)
        t.compare(
            label,
            f,
            a,
            b,
            n,
            t.rng,
            compare=_estimate_near(exact, se),
            same=lambda got, other: close(got, other, 1e-9, 1e-12),
        )

    # sd of f(X) for X uniform on [a, b], from E[f^2] - E[f]^2 in closed form
    case(
        "x^2 on [0, 2], 20000 points",
        lambda x: x**2,
        0.0,
        2.0,
        20000,
        8 / 3,
        math.sqrt(16 / 5 - 16 / 9),
    )
    t.compare(
        "a constant 3 on [-1, 4]: exactly 15",
        lambda x: np.full_like(x, 3.0),
        -1.0,
        4.0,
        10,
        t.rng,
        compare=lambda got, _: close(got, 15.0, 1e-12, 1e-12),
    )
    case("sin on [0, pi]: 2", np.sin, 0.0, math.pi, 20000, 2.0, math.sqrt(0.5 - 4 / math.pi**2))
    e = math.e
    case(
        "exp on [-1, 1]: e - 1/e",
        np.exp,
        -1.0,
        1.0,
        20000,
        e - 1 / e,
        math.sqrt((e**2 - e**-2) / 4 - ((e - 1 / e) / 2) ** 2),
    )


@check("prob.importance-weights")
def importance_weights(t: Trial) -> None:
    t.compare(
        "three samples, small log-densities",
        np.log(np.array([0.2, 0.5, 0.1])),
        np.log(np.array([0.25, 0.25, 0.5])),
    )
    t.compare("one sample: weight 1", np.array([-3.0]), np.array([-1.0]))
    t.compare("p = q: equal weights", np.full(4, -2.0), np.full(4, -2.0))
    # Target N(1, 1) known only up to a constant, proposal N(0, 2^2): real IS inputs.
    x = 2.0 * t.rng.normal(size=500)
    log_q = -0.5 * (x / 2.0) ** 2 - math.log(2.0 * math.sqrt(2.0 * math.pi))
    t.compare("500 samples from N(0, 4) for an unnormalized N(1, 1)", -0.5 * (x - 1.0) ** 2, log_q)
    t.compare(
        "log-densities near 800: exp overflows without a shift",
        800.0 + t.rng.normal(size=20),
        t.rng.normal(size=20),
    )
    t.compare(
        "a sample the target rules out (log p = -inf) gets weight 0",
        np.array([-1.0, -np.inf, -2.0]),
        np.array([-1.0, -1.0, -1.0]),
    )


# -- Markov chains --------------------------------------------------------------------------


@check("prob.stationary-power")
def stationary_power(t: Trial) -> None:
    t.compare("a 2-state chain [[0.9, 0.1], [0.5, 0.5]]", np.array([[0.9, 0.1], [0.5, 0.5]]))
    t.compare("one state", np.array([[1.0]]))
    t.compare("a random 5-state chain", _random_stochastic(t.rng, 5))
    t.compare(
        "a sticky 3-state chain (slow mixing, second eigenvalue ~0.98)",
        np.array([[0.99, 0.01, 0.0], [0.0, 0.99, 0.01], [0.02, 0.0, 0.98]]),
    )
    t.compare("a random 30-state chain", _random_stochastic(t.rng, 30))


@check("prob.stationary-eigen")
def stationary_eigen(t: Trial) -> None:
    t.compare("a 2-state chain [[0.9, 0.1], [0.5, 0.5]]", np.array([[0.9, 0.1], [0.5, 0.5]]))
    t.compare("one state", np.array([[1.0]]))
    t.compare("a random 5-state chain", _random_stochastic(t.rng, 5))
    t.compare(
        "a chain with a state it never returns to (stationary mass 0)",
        np.array([[0.0, 0.5, 0.5], [0.0, 0.3, 0.7], [0.0, 0.6, 0.4]]),
    )
    t.compare("a random 30-state chain", _random_stochastic(t.rng, 30))

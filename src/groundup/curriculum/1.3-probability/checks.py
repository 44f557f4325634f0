"""Checks for section 1.3, Probability and statistics.

One table of cases per exercise, simple to hard. Deterministic exercises compare the
learner's function with the reference on the same inputs. Samplers and Monte Carlo
estimates are checked statistically, each test at the stated false-failure rate
``DEFAULT_FALSE_FAILURE``: a Kolmogorov-Smirnov test against the exact CDF for
continuous samplers, a chi-square test of the counts for discrete ones, a z-test on the
known standard error for Monte Carlo estimates. The learner's function and each known
mistake get copies of the same generator, so a mistake is recognized by drawing the
same distribution from the same stream.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence
from functools import partial
from types import ModuleType
from typing import Any, NamedTuple

import numpy as np

from groundup.testing import DEFAULT_FALSE_FAILURE, Mismatch, Named, Trial, check, close, draw
from groundup.testing.compare import Comparator
from groundup.testing.stats import chi_square_test, estimate_test, ks_2samp_test, ks_test
from groundup.testing.table import Case, MakeInputs, cases, run_cases

Cdf = Callable[[np.ndarray], np.ndarray]

# -- prob.bayes-rule ------------------------------------------------------------------------

BAYES_RULE = [
    Case(
        "a 1% disease and a test with 95% sensitivity, 10% false positives",
        (np.array([0.01, 0.99]), np.array([0.95, 0.10])),
    ),
    Case("a single hypothesis: its posterior is 1", (np.array([1.0]), np.array([0.3]))),
    Case(
        "a hypothesis the evidence rules out (likelihood 0)",
        (np.array([0.2, 0.3, 0.5]), np.array([0.0, 0.4, 0.9])),
    ),
    Case("prior 0 stays 0", (np.array([0.0, 0.6, 0.4]), np.array([1.0, 0.2, 0.5]))),
    Case("10 random hypotheses", lambda r: (r.dirichlet(np.ones(10)), r.uniform(0, 1, 10))),
    Case("likelihoods near 1e-200", (np.array([0.5, 0.5]), np.array([3e-200, 1e-200]))),
]
bayes_rule = cases("prob.bayes-rule", BAYES_RULE)


# -- prob.word-likelihoods and prob.naive-bayes ---------------------------------------------

_COUNTS = np.array([[3.0, 1.0, 0.0], [0.0, 2.0, 2.0]])

WORD_LIKELIHOODS = [
    Case("2 classes, 3 words, some unseen, alpha = 1", (_COUNTS, 1.0)),
    Case("the same counts with alpha = 0.5", (_COUNTS, 0.5)),
    Case("one class, one word", (np.array([[4.0]]), 1.0)),
    Case("a class with no words: uniform", (np.array([[0.0, 0.0], [1.0, 5.0]]), 1.0)),
    Case(
        "3 classes over a 50-word vocabulary, random counts, alpha = 1",
        lambda r: (r.poisson(2.0, size=(3, 50)).astype(float), 1.0),
    ),
    Case("counts up to 1e6", lambda r: (r.integers(0, 10**6, size=(2, 20)).astype(float), 1.0)),
]
word_likelihoods = cases("prob.word-likelihoods", WORD_LIKELIHOODS)


def _document(n_classes: int, n_words: int, length: int) -> MakeInputs:
    """The inputs of ``naive_bayes_log_posterior``: a random prior, smoothed word
    likelihoods, and a random document of ``length`` words, all as logs or counts."""

    def make(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        log_prior = np.log(rng.dirichlet(np.ones(n_classes)))
        counts = rng.poisson(3.0, size=(n_classes, n_words)) + 1.0
        log_lik = np.log(counts / counts.sum(axis=1, keepdims=True))
        words = rng.multinomial(length, np.full(n_words, 1 / n_words)).astype(float)
        return log_prior, log_lik, words

    return make


_HAM_SPAM = np.log(np.array([0.9, 0.1])), np.log(np.array([[0.5, 0.3, 0.2], [0.1, 0.2, 0.7]]))
_UNSMOOTHED = np.array(
    [[-np.inf, np.log(0.5), np.log(0.5)], [np.log(0.2), np.log(0.3), np.log(0.5)]]
)

NAIVE_BAYES = [
    Case("ham/spam, priors 0.9/0.1, a 4-word document", (*_HAM_SPAM, np.array([1.0, 0.0, 3.0]))),
    Case("an empty document: the posterior is the prior", (*_HAM_SPAM, np.zeros(3))),
    Case("4 classes, 30 words, a random 40-word document", _document(4, 30, 40)),
    Case(
        "unsmoothed likelihoods: class 0 never saw word 0, and the document lacks it",
        (np.log(np.array([0.5, 0.5])), _UNSMOOTHED, np.array([0.0, 2.0, 1.0])),
    ),
    Case("5000 words: probabilities underflow, logs do not", _document(3, 100, 5000)),
]
naive_bayes = cases("prob.naive-bayes", NAIVE_BAYES)


# -- samplers -------------------------------------------------------------------------------


def _run_samplers(
    t: Trial, table: Sequence[Case], test: Callable[..., Comparator], same: Comparator
) -> None:
    """Runs a sampler's cases, the trial's generator after the inputs: the draws must pass
    ``test(*inputs)``, a test of the distribution the inputs ask for."""
    for case in table:
        inputs = draw(case, t.rng)
        if case.raises is not None:
            t.raises(case.label, case.raises, *inputs, t.rng, why=case.why)
        else:
            compare = test(*inputs)
            t.compare(case.label, *inputs, t.rng, call=case.call, compare=compare, same=same)


def _same_shape(got: object, expected: object) -> Mismatch | None:
    """The learner's samples have the reference's shape and are finite."""
    arr, shape = np.asarray(got), np.asarray(expected).shape
    if arr.shape != shape:
        return Mismatch(f"expected an array of shape {shape}, got shape {arr.shape}")
    if arr.size and not np.all(np.isfinite(arr.astype(np.float64))):
        return Mismatch("some samples are NaN or infinite")
    return None


def _follows(cdf: Cdf, lower: float = -math.inf) -> Comparator:
    """Samples of the reference's shape, all >= lower, that pass a KS test against ``cdf``."""

    def compare(got: object, expected: object) -> Mismatch | None:
        wrong_shape = _same_shape(got, expected)
        if wrong_shape or np.asarray(got).size == 0:
            return wrong_shape
        x = np.asarray(got, dtype=np.float64)
        if np.any(x < lower):
            return Mismatch(f"every sample should be >= {lower:g}; the smallest is {x.min():.4g}")
        return ks_test(x, cdf, DEFAULT_FALSE_FAILURE)

    return compare


def _same_distribution(a: object, b: object) -> Mismatch | None:
    """Do two 1-D samples look alike? Two-sample KS; tiny samples compared exactly."""
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if x.size < 5 or y.size < 5 or not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        return close(a, b, 1e-9, 1e-12)
    return ks_2samp_test(x, y, DEFAULT_FALSE_FAILURE)


def _categorical_follows(probs: np.ndarray, n: int) -> Comparator:
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
        return chi_square_test(counts, probs, DEFAULT_FALSE_FAILURE, "the category counts")

    return compare


def _same_counts(a: object, b: object) -> Mismatch | None:
    """Do two arrays of category indices have about the same counts? (for diagnosis)."""
    x, y = np.asarray(a).ravel(), np.asarray(b).ravel()
    if x.shape != y.shape or x.size == 0 or x.min() < 0 or y.min() < 0:
        return close(a, b, 0.0, 0.0)
    k = int(max(x.max(), y.max())) + 1
    cx = np.bincount(x.astype(np.int64), minlength=k)
    cy = np.bincount(y.astype(np.int64), minlength=k)
    if np.all(np.abs(cx - cy) <= 6.0 * np.sqrt(cx + cy + 1.0)):
        return None
    return Mismatch("the two samples have different category counts")


SAMPLE_CATEGORICAL = [
    Case("p = [0.2, 0.5, 0.3], 3000 draws", (np.array([0.2, 0.5, 0.3]), 3000)),
    Case("a single category: always 0", (np.array([1.0]), 50)),
    Case("zero draws", (np.array([0.5, 0.5]), 0)),
    Case(
        "zero-probability categories first, in the middle and last: never drawn",
        (np.array([0.0, 0.3, 0.0, 0.7, 0.0]), 3000),
    ),
    Case(
        "a rare category (p = 0.002) among 20, 20000 draws",
        (np.r_[0.002, np.full(19, 0.998 / 19)], 20000),
    ),
    Case("random probabilities over 8 categories", lambda r: (r.dirichlet(np.ones(8)), 5000)),
]


class _LargestUniform(np.random.Generator):
    """A generator whose ``random`` always returns its largest value, 1 - 2**-53 (the
    uniforms a sampler is documented to draw); its other methods draw as usual."""

    def random(self, size: Any = None, dtype: Any = np.float64, out: Any = None) -> Any:
        return np.full(size, np.nextafter(1.0, 0.0))

    def __deepcopy__(self, memo: dict[int, object]) -> _LargestUniform:
        return _LargestUniform(copy.deepcopy(self.bit_generator, memo))


# np.cumsum of ten 0.1s ends at 0.9999999999999999 = 1 - 2**-53, not at 1.
LARGEST_UNIFORM = [
    Case(
        "p = ten 0.1s (cumsum ends at 0.9999999999999999) and uniforms at their largest, "
        "1 - 2**-53: every draw is the last category, 9",
        (np.full(10, 0.1), 5, _LargestUniform(np.random.PCG64(0))),
    ),
]


@check("prob.sample-categorical")
def sample_categorical(t: Trial) -> None:
    _run_samplers(t, SAMPLE_CATEGORICAL, _categorical_follows, _same_counts)
    run_cases(t, LARGEST_UNIFORM)


def _exponential(rate: float, n: int) -> Comparator:
    return _follows(lambda x: -np.expm1(-rate * np.maximum(x, 0.0)), lower=0.0)


SAMPLE_EXPONENTIAL = [
    *(Case(f"2000 samples with rate {rate:g}", (rate, 2000)) for rate in (1.0, 4.0, 1e-3)),
    Case("zero samples: an empty array", (2.0, 0)),
    Case("rate 0", (0.0, 10), raises=ValueError, why="for a rate that is not positive"),
]


@check("prob.sample-exponential")
def sample_exponential(t: Trial) -> None:
    _run_samplers(t, SAMPLE_EXPONENTIAL, _exponential, _same_distribution)


def _normal_cdf(mu: float, sigma: float) -> Cdf:
    erf = np.vectorize(math.erf)
    return lambda x: 0.5 * (1.0 + erf((np.asarray(x) - mu) / (sigma * math.sqrt(2.0))))


def _standard_normal(n: int) -> Comparator:
    # A test of a handful of draws would catch little: the small cases check the shape.
    return _same_shape if n < 100 else _follows(_normal_cdf(0.0, 1.0))


def _pair_sums(module: ModuleType, n: int, rng: np.random.Generator) -> np.ndarray:
    x = np.asarray(module.box_muller(n, rng), dtype=np.float64)
    return (x[0::2] + x[1::2]) / math.sqrt(2.0)


BOX_MULLER = [
    Case("zero samples", (0,)),
    Case("one sample (an odd n)", (1,)),
    Case("7 samples (an odd n)", (7,)),
    Case("4000 samples against the N(0, 1) CDF", (4000,)),
    # For any order of the Box-Muller pairs, the halves of each pair are independent
    # standard normals exactly when (x[0] + x[1]) / sqrt(2), ... is N(0, 1) too.
    Case(
        "4000 samples, neighbours summed: (x[0] + x[1]) / sqrt(2), ... must be N(0, 1) too",
        (4000,),
        call=_pair_sums,
    ),
    Case("4001 samples (odd) against the N(0, 1) CDF", (4001,)),
]


@check("prob.box-muller")
def box_muller(t: Trial) -> None:
    _run_samplers(t, BOX_MULLER, _standard_normal, _same_distribution)


MVN_DIRECTIONS = {
    1: [[1]],
    2: [[1, 1], [1, -1], [1, 0], [0, 1]],
    3: [[1, 1, 1], [1, -1, 0], [0, 1, -1], [1, 0, 0]],
}
"""The directions whose projections are tested, for each dimension."""


def _mvn_follows(mean: np.ndarray, cov: np.ndarray, n: int) -> Comparator:
    """(n, d) samples whose projection onto each direction passes a KS test against the
    exact normal marginal N(a . mean, a^T cov a)."""

    def compare(got: object, expected: object) -> Mismatch | None:
        wrong_shape = _same_shape(got, expected)
        if wrong_shape or n == 0:
            return wrong_shape
        X = np.asarray(got, dtype=np.float64)
        for a in np.array(MVN_DIRECTIONS[mean.size], dtype=np.float64):
            sd = math.sqrt(float(a @ cov @ a))
            where = f"the projections onto direction {a.tolist()}"
            mismatch = ks_test(
                X @ a, _normal_cdf(float(a @ mean), sd), DEFAULT_FALSE_FAILURE, where
            )
            if mismatch:
                return mismatch
        return None

    return compare


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


def _random_3d(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, int]:
    A = rng.normal(size=(3, 3))
    return 1000.0 + rng.normal(size=3), A @ A.T + 0.5 * np.eye(3), 3000


_COV2 = np.array([[4.0, 1.8], [1.8, 1.0]])

SAMPLE_MVN = [
    Case("2-D, correlation 0.9, 3000 samples", (np.array([1.0, -2.0]), _COV2, 3000)),
    Case("1-D: N(3, 0.25)", (np.array([3.0]), np.array([[0.25]]), 2000)),
    Case("3-D, random covariance, mean near 1000", _random_3d),
    Case("zero samples: shape (0, 2)", (np.zeros(2), _COV2, 0)),
]


@check("prob.sample-mvn")
def sample_mvn(t: Trial) -> None:
    _run_samplers(t, SAMPLE_MVN, _mvn_follows, _same_moments)


# -- estimators -----------------------------------------------------------------------------

_X = np.array([[1.0, 2.0], [2.0, 1.0], [4.0, 5.0], [5.0, 8.0]])

COVARIANCE = [
    Case("4 observations of 2 variables (sample, ddof=1)", (_X,)),
    Case("the same data, population (ddof=0)", (_X, 0)),
    Case("one variable (a column)", lambda r: (r.normal(size=(10, 1)),)),
    Case("one observation, ddof=0: all zeros", (np.array([[3.0, 4.0, 5.0]]), 0)),
    Case(
        "30 observations of 5 variables",
        lambda r: (r.normal(size=(30, 5)) @ r.normal(size=(5, 5)),),
    ),
    Case("50 observations near 1e6, unit spread", lambda r: (1e6 + r.normal(size=(50, 3)),)),
    Case(
        "1 observation, ddof=1", (np.ones((1, 3)), 1), raises=ValueError, why="when n - ddof is 0"
    ),
]
covariance = cases("prob.covariance", COVARIANCE)

BERNOULLI_MAP = [
    Case("7 heads in 10 flips, Beta(3, 2) prior", (7, 10, 3.0, 2.0)),
    Case("a uniform Beta(1, 1) prior: the MLE k / n", (3, 12, 1.0, 1.0)),
    Case("no data: the prior's mode", (0, 0, 4.0, 2.0)),
    Case("all heads with a Beta(2, 2) prior: below 1", (5, 5, 2.0, 2.0)),
    Case("many flips: the data dominate", lambda r: (int(r.integers(0, 1000)), 1000, 10.0, 30.0)),
    Case("a strong prior Beta(500, 500) and few flips", (3, 3, 500.0, 500.0)),
]
bernoulli_map = cases("prob.bernoulli-map", BERNOULLI_MAP)


# -- Monte Carlo ----------------------------------------------------------------------------


class Integral(NamedTuple):
    """A Monte Carlo case: the inputs ``(f, a, b, n)``, the exact integral of f over
    [a, b], and the exact mean of f(X)^2 for X uniform on [a, b]."""

    label: str
    inputs: tuple[Named, float, float, int]
    exact: float
    mean_square: float

    def standard_error(self) -> float:
        """Of the estimate (b - a) * mean of f(X_i): (b - a) * sd(f(X)) / sqrt(n)."""
        _, a, b, n = self.inputs
        variance = self.mean_square - (self.exact / (b - a)) ** 2
        return (b - a) * math.sqrt(variance / n)


def _estimate_near(exact: float, standard_error: float) -> Comparator:
    """A z-test of one estimate against its exact expectation; exact when there is no noise."""

    def compare(got: object, _: object) -> Mismatch | None:
        if standard_error == 0.0:  # a constant: only rounding separates it from exact
            return close(got, exact, 1e-12, 1e-12)
        value = float(np.asarray(got))
        return estimate_test(value, exact, standard_error, DEFAULT_FALSE_FAILURE, "the estimate")

    return compare


_E = math.e
THREE = Named("3", lambda x: np.full_like(x, 3.0))

MONTE_CARLO = [
    Integral("x^2 on [0, 2], n = 20000", (Named("x^2", np.square), 0.0, 2.0, 20000), 8 / 3, 16 / 5),
    Integral("a constant 3 on [-1, 4]: exactly 15", (THREE, -1.0, 4.0, 10), 15.0, 9.0),
    Integral("sin on [0, pi]: 2", (Named("sin(x)", np.sin), 0.0, math.pi, 20000), 2.0, 0.5),
    Integral(
        "exp on [-1, 1]: e - 1/e",
        (Named("exp(x)", np.exp), -1.0, 1.0, 20000),
        _E - 1 / _E,
        (_E**2 - _E**-2) / 4,
    ),
]


@check("prob.monte-carlo")
def monte_carlo(t: Trial) -> None:
    for case in MONTE_CARLO:
        z_test = _estimate_near(case.exact, case.standard_error())
        t.compare(
            case.label,
            *case.inputs,
            t.rng,
            compare=z_test,
            same=partial(close, rtol=1e-9, atol=1e-12),
        )


# -- prob.importance-weights ----------------------------------------------------------------


def _normal_target(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    # Target N(1, 1) known only up to a constant, proposal N(0, 2^2): real IS inputs.
    x = 2.0 * rng.normal(size=500)
    log_q = -0.5 * (x / 2.0) ** 2 - math.log(2.0 * math.sqrt(2.0 * math.pi))
    return -0.5 * (x - 1.0) ** 2, log_q


IMPORTANCE_WEIGHTS = [
    Case(
        "three samples, small log-densities",
        (np.log(np.array([0.2, 0.5, 0.1])), np.log(np.array([0.25, 0.25, 0.5]))),
    ),
    Case("one sample: weight 1", (np.array([-3.0]), np.array([-1.0]))),
    Case("p = q: equal weights", (np.full(4, -2.0), np.full(4, -2.0))),
    Case("500 samples from N(0, 4) for an unnormalized N(1, 1)", _normal_target),
    Case(
        "log-densities near 800: exp overflows without a shift",
        lambda r: (800.0 + r.normal(size=20), r.normal(size=20)),
    ),
    Case(
        "a sample the target rules out (log p = -inf) gets weight 0",
        (np.array([-1.0, -np.inf, -2.0]), np.array([-1.0, -1.0, -1.0])),
    ),
]
importance_weights = cases("prob.importance-weights", IMPORTANCE_WEIGHTS)


# -- Markov chains --------------------------------------------------------------------------


def _random_chain(k: int) -> MakeInputs:
    """The inputs ``(P,)``: a random k-state transition matrix, every entry positive."""

    def make(rng: np.random.Generator) -> tuple[np.ndarray]:
        P = rng.uniform(0.05, 1.0, size=(k, k))
        return (P / P.sum(axis=1, keepdims=True),)

    return make


CHAINS = [
    Case("a 2-state chain [[0.9, 0.1], [0.5, 0.5]]", (np.array([[0.9, 0.1], [0.5, 0.5]]),)),
    Case("one state", (np.array([[1.0]]),)),
    Case("a random 5-state chain", _random_chain(5)),
]
"""The first cases of both stationary-distribution exercises."""

STATIONARY_POWER = [
    *CHAINS,
    Case(
        "a sticky 3-state chain (slow mixing, second eigenvalue ~0.98)",
        (np.array([[0.99, 0.01, 0.0], [0.0, 0.99, 0.01], [0.02, 0.0, 0.98]]),),
    ),
    Case("a random 30-state chain", _random_chain(30)),
    Case(
        "a doubly stochastic chain with max_iter = 1: the uniform start is already stationary",
        (np.array([[0.9, 0.1], [0.1, 0.9]]),),
        kwargs={"max_iter": 1},
    ),
    Case(
        "a row of thirds written to 10 decimals (it sums to 0.9999999999)",
        (np.array([[0.3333333333] * 3, [0.5, 0.25, 0.25], [0.2, 0.3, 0.5]]),),
    ),
    Case(
        "tol = 0.125 and a first change of exactly 0.125: stop only below tol",
        (np.array([[0.5, 0.5], [0.25, 0.75]]),),
        kwargs={"tol": 0.125},
    ),
    Case(
        "a periodic chain (0 -> 1 or 2 -> 0) oscillates, max_iter = 999",
        (np.array([[0.0, 0.5, 0.5], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]),),
        kwargs={"max_iter": 999},
        raises=RuntimeError,
        why="when the iteration does not converge in max_iter steps",
    ),
]
stationary_power = cases("prob.stationary-power", STATIONARY_POWER)

STATIONARY_EIGEN = [
    *CHAINS,
    Case(
        "a chain with a state it never returns to (stationary mass 0)",
        (np.array([[0.0, 0.5, 0.5], [0.0, 0.3, 0.7], [0.0, 0.6, 0.4]]),),
    ),
    Case("a random 30-state chain", _random_chain(30)),
]
stationary_eigen = cases("prob.stationary-eigen", STATIONARY_EIGEN)

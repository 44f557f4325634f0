r"""Statistical checks for randomized code, each with a stated false-failure rate.

A sampler, a Monte Carlo estimate or a random initializer cannot be compared with a
fixed expected value: a correct implementation gives different numbers for every
seed. These tests accept a correct implementation except with a small, chosen
probability ``false_failure`` (default :math:`10^{-6}`: one wrong verdict in a million
runs) and reject a wrong one when its bias is large against the test's noise.

Each test returns ``None`` when the samples pass and a :class:`Mismatch` otherwise, so
it can be the ``compare`` of :meth:`Trial.compare` or feed :meth:`Trial.require`.

Only the standard library and NumPy are used (checks must stay fast), so the tail
probabilities are computed here: the normal quantile by :class:`statistics.NormalDist`,
the Kolmogorov distribution by its alternating series, the chi-square tail by the
regularized incomplete gamma function.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

from groundup.testing.compare import Mismatch

DEFAULT_FALSE_FAILURE = 1e-6


def _rate(false_failure: float) -> str:
    return f"a correct implementation fails this test with probability {false_failure:g}"


def z_threshold(false_failure: float = DEFAULT_FALSE_FAILURE) -> float:
    """The two-sided normal threshold: ``P(|Z| > z) = false_failure`` for a standard Z."""
    if not 0.0 < false_failure < 1.0:
        raise ValueError(f"false_failure must lie in (0, 1), got {false_failure}")
    return -NormalDist().inv_cdf(false_failure / 2.0)  # the lower tail keeps its precision


def mean_test(
    samples: npt.ArrayLike,
    mean: float,
    std: float,
    false_failure: float = DEFAULT_FALSE_FAILURE,
    what: str = "the sample mean",
) -> Mismatch | None:
    r"""Tests that i.i.d. samples have expectation ``mean``, given their true ``std``.

    The sample mean of n draws has standard error :math:`\sigma / \sqrt{n}`; by the
    central limit theorem :math:`z = (\bar{x} - \mu) \sqrt{n} / \sigma` is close to a
    standard normal, and the test fails when :math:`|z|` passes the two-sided
    threshold for ``false_failure``. Use at least a few hundred samples so the normal
    approximation holds in the tail.
    """
    x = np.asarray(samples, dtype=np.float64).ravel()
    if x.size < 2:
        return Mismatch(f"expected many samples, got {x.size}")
    if not np.all(np.isfinite(x)):
        return Mismatch("some samples are NaN or infinite")
    if std == 0.0:
        if np.all(x == mean):
            return None
        return Mismatch(f"{what} should be exactly {mean:g}: every sample equals it")
    se = std / math.sqrt(x.size)
    z = (float(x.mean()) - mean) / se
    limit = z_threshold(false_failure)
    if abs(z) <= limit:
        return None
    return Mismatch(
        f"{what} is {x.mean():.6g}, but it should be close to {mean:.6g}: it is "
        f"{abs(z):.1f} standard errors away (the limit is {limit:.1f}).",
        [f"{x.size} samples, standard error {se:.3g}; {_rate(false_failure)}"],
    )


def estimate_test(
    value: float,
    expected: float,
    standard_error: float,
    false_failure: float = DEFAULT_FALSE_FAILURE,
    what: str = "the estimate",
) -> Mismatch | None:
    r"""Tests one estimate (a Monte Carlo integral, say) against its exact value.

    For an estimator that is close to normal with a known ``standard_error``,
    :math:`z = (\hat\theta - \theta) / \mathrm{se}` is a standard normal; the test fails
    when :math:`|z|` passes the two-sided threshold for ``false_failure``.
    """
    if not math.isfinite(value):
        return Mismatch(f"{what} is {value}")
    z = (value - expected) / standard_error
    limit = z_threshold(false_failure)
    if abs(z) <= limit:
        return None
    return Mismatch(
        f"{what} is {value:.6g}, but it should be close to {expected:.6g}: it is "
        f"{abs(z):.1f} standard errors away (the limit is {limit:.1f}).",
        [f"standard error {standard_error:.3g}; {_rate(false_failure)}"],
    )


def kolmogorov_sf(x: float) -> float:
    r"""``P(K > x)`` for the Kolmogorov distribution: :math:`2\sum_k (-1)^{k-1} e^{-2k^2x^2}`."""
    if x <= 0.0:
        return 1.0
    if x < 0.2:  # the series converges slowly here, and the probability is 1 to 1e-9
        return 1.0
    total = 0.0
    for k in range(1, 101):
        term = math.exp(-2.0 * k * k * x * x)
        total += term if k % 2 else -term
        if term < 1e-17:
            break
    return min(1.0, max(0.0, 2.0 * total))


def ks_test(
    samples: npt.ArrayLike,
    cdf: Callable[[np.ndarray], np.ndarray],
    false_failure: float = DEFAULT_FALSE_FAILURE,
    what: str = "the samples",
) -> Mismatch | None:
    r"""The Kolmogorov-Smirnov test that samples come from a continuous ``cdf``.

    :math:`D = \sup_x |F_n(x) - F(x)|`; the p-value uses Stephens' correction
    :math:`(\sqrt{n} + 0.12 + 0.11/\sqrt{n}) D`, accurate for n of 5 and more.
    """
    x = np.sort(np.asarray(samples, dtype=np.float64).ravel())
    n = x.size
    if n < 5:
        return Mismatch(f"expected many samples, got {n}")
    if not np.all(np.isfinite(x)):
        return Mismatch(f"{what} contain NaN or infinite values")
    F = np.asarray(cdf(x), dtype=np.float64)
    i = np.arange(1, n + 1)
    d_plus = np.max(i / n - F)
    d_minus = np.max(F - (i - 1) / n)
    d = float(max(d_plus, d_minus))
    where = int(np.argmax(np.maximum(i / n - F, F - (i - 1) / n)))
    root = math.sqrt(n)
    p = kolmogorov_sf((root + 0.12 + 0.11 / root) * d)
    if p >= false_failure:
        return None
    return Mismatch(
        f"{what} do not follow the expected distribution: the empirical CDF is "
        f"{d:.3f} away from the true one near x = {x[where]:.4g} (p = {p:.2g}).",
        [f"{n} samples, Kolmogorov-Smirnov test; {_rate(false_failure)}"],
    )


def _gamma_q(a: float, x: float) -> float:
    """The regularized upper incomplete gamma function Q(a, x) = Gamma(a, x) / Gamma(a)."""
    if x <= 0.0:
        return 1.0
    log_prefix = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1.0:  # the series for P(a, x) converges fast here
        term = total = 1.0 / a
        ap = a
        for _ in range(1000):
            ap += 1.0
            term *= x / ap
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return max(0.0, 1.0 - total * math.exp(log_prefix))
    # Lentz's continued fraction for Q(a, x)
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, 1000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return min(1.0, math.exp(log_prefix) * h)


def chi2_sf(statistic: float, dof: int) -> float:
    """``P(X > statistic)`` for a chi-square variable with ``dof`` degrees of freedom."""
    return _gamma_q(dof / 2.0, statistic / 2.0)


def chi_square_test(
    counts: npt.ArrayLike,
    probs: npt.ArrayLike,
    false_failure: float = DEFAULT_FALSE_FAILURE,
    what: str = "the counts",
) -> Mismatch | None:
    r"""Pearson's chi-square test that ``counts`` (per category) follow ``probs``.

    :math:`X^2 = \sum_k (O_k - E_k)^2 / E_k` with :math:`E_k = n p_k`, against a
    chi-square with (categories - 1) degrees of freedom. Every expected count should
    be 5 or more for the approximation to hold; categories with ``p = 0`` must be
    empty.
    """
    observed = np.asarray(counts, dtype=np.float64).ravel()
    p = np.asarray(probs, dtype=np.float64).ravel()
    if observed.shape != p.shape:
        return Mismatch(f"expected {p.size} counts, one per category, got {observed.size}")
    n = observed.sum()
    impossible = (p == 0) & (observed > 0)
    if impossible.any():
        k = int(np.argmax(impossible))
        return Mismatch(
            f"{what}: category {k} has probability 0 but was drawn {observed[k]:g} times"
        )
    keep = p > 0
    E = n * p[keep]
    stat = float(np.sum((observed[keep] - E) ** 2 / E))
    dof = int(keep.sum()) - 1
    pvalue = chi2_sf(stat, dof) if dof > 0 else 1.0
    if pvalue >= false_failure:
        return None
    worst = int(np.argmax(np.abs(observed[keep] - E) / np.sqrt(E)))
    return Mismatch(
        f"{what} do not match the probabilities: chi-square = {stat:.1f} with {dof} "
        f"degrees of freedom (p = {pvalue:.2g}); the worst category expected "
        f"{E[worst]:.1f} and got {observed[keep][worst]:g}.",
        [f"{int(n)} draws; {_rate(false_failure)}"],
    )


def ks_2samp_test(
    a: npt.ArrayLike,
    b: npt.ArrayLike,
    false_failure: float = DEFAULT_FALSE_FAILURE,
    what: str = "the two samples",
) -> Mismatch | None:
    r"""The two-sample Kolmogorov-Smirnov test: were ``a`` and ``b`` drawn alike?

    :math:`D = \sup_x |F_a(x) - F_b(x)|`, and :math:`\sqrt{nm/(n+m)}\,D` follows the
    Kolmogorov distribution when both come from one continuous distribution. Useful to
    tell which known mistake a learner's sampler behaves like.
    """
    x = np.sort(np.asarray(a, dtype=np.float64).ravel())
    y = np.sort(np.asarray(b, dtype=np.float64).ravel())
    if x.size < 5 or y.size < 5:
        return Mismatch(f"expected many samples, got {x.size} and {y.size}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        return Mismatch(f"{what} contain NaN or infinite values")
    grid = np.concatenate([x, y])
    cdf_x = np.searchsorted(x, grid, side="right") / x.size
    cdf_y = np.searchsorted(y, grid, side="right") / y.size
    d = float(np.max(np.abs(cdf_x - cdf_y)))
    p = kolmogorov_sf(math.sqrt(x.size * y.size / (x.size + y.size)) * d)
    if p >= false_failure:
        return None
    return Mismatch(
        f"{what} differ in distribution: their empirical CDFs are {d:.3f} apart (p = {p:.2g}).",
        [
            f"{x.size} and {y.size} samples, two-sample Kolmogorov-Smirnov test; "
            f"{_rate(false_failure)}"
        ],
    )

r"""Probability distributions: pmfs, pdfs and cdfs of the common families.

Section 1.3 Probability and statistics. Discrete distributions have a probability
mass function (pmf) :math:`P(X = k)`; continuous ones a density (pdf) :math:`f(x)`
with :math:`P(a \le X \le b) = \int_a^b f`. Both have a cumulative distribution
function :math:`F(x) = P(X \le x)`. Every function is vectorized over its first
argument, and the pmfs are computed in log space (``math.lgamma``) so that large
counts neither overflow nor underflow.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from ._types import FloatArray

_SQRT2 = math.sqrt(2.0)
_LOG_2PI = math.log(2.0 * math.pi)

_erf = np.vectorize(math.erf, otypes=[np.float64])
_lgamma = np.vectorize(math.lgamma, otypes=[np.float64])


def _check_probability(p: float) -> None:
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"a probability must lie in [0, 1], got {p}")


def _check_positive(value: float, name: str) -> None:
    if not value > 0:
        raise ValueError(f"`{name}` must be positive, got {value}")


def bernoulli_pmf(k: npt.ArrayLike, p: float) -> FloatArray:
    r"""The Bernoulli pmf: :math:`P(X = 1) = p`, :math:`P(X = 0) = 1 - p`, else 0."""
    _check_probability(p)
    k = np.asarray(k, dtype=np.float64)
    return np.where(k == 1, p, np.where(k == 0, 1.0 - p, 0.0))


def _xlogy(x: FloatArray, y: float) -> FloatArray:
    """x log y with 0 log 0 = 0 (the convention the pmfs need at p = 0 or 1)."""
    if y == 0.0:
        return np.where(x == 0, 0.0, -np.inf)
    return x * math.log(y)


def binomial_pmf(k: npt.ArrayLike, n: int, p: float) -> FloatArray:
    r"""The binomial pmf :math:`\binom{n}{k} p^k (1 - p)^{n - k}`, for k = 0..n.

    The number of successes in n independent trials of probability p. Computed as
    the exponential of :math:`\ln\Gamma(n+1) - \ln\Gamma(k+1) - \ln\Gamma(n-k+1) +
    k \ln p + (n - k) \ln(1 - p)`; 0 outside 0..n.
    """
    _check_probability(p)
    if n < 0:
        raise ValueError(f"`n` must be >= 0, got {n}")
    k = np.asarray(k, dtype=np.float64)
    valid = (k >= 0) & (k <= n) & (k == np.floor(k))
    kk = np.where(valid, k, 0.0)
    log_coef = math.lgamma(n + 1) - _lgamma(kk + 1) - _lgamma(n - kk + 1)
    log_pmf = log_coef + _xlogy(kk, p) + _xlogy(n - kk, 1.0 - p)
    return np.where(valid, np.exp(log_pmf), 0.0)


def poisson_pmf(k: npt.ArrayLike, lam: float) -> FloatArray:
    r"""The Poisson pmf :math:`e^{-\lambda} \lambda^k / k!`, for k = 0, 1, 2, ...

    The count of events in an interval when they occur independently at rate
    :math:`\lambda`; it is the limit of the binomial with :math:`np = \lambda` as
    :math:`n \to \infty`.
    """
    _check_positive(lam, "lam")
    k = np.asarray(k, dtype=np.float64)
    valid = (k >= 0) & (k == np.floor(k))
    kk = np.where(valid, k, 0.0)
    return np.where(valid, np.exp(kk * math.log(lam) - lam - _lgamma(kk + 1)), 0.0)


def uniform_pdf(x: npt.ArrayLike, a: float = 0.0, b: float = 1.0) -> FloatArray:
    r"""The uniform density on [a, b]: :math:`1 / (b - a)` inside, 0 outside."""
    if not b > a:
        raise ValueError(f"expected a < b, got a={a}, b={b}")
    x = np.asarray(x, dtype=np.float64)
    return np.where((x >= a) & (x <= b), 1.0 / (b - a), 0.0)


def uniform_cdf(x: npt.ArrayLike, a: float = 0.0, b: float = 1.0) -> FloatArray:
    r"""The uniform CDF on [a, b]: :math:`(x - a)/(b - a)`, clipped to [0, 1]."""
    if not b > a:
        raise ValueError(f"expected a < b, got a={a}, b={b}")
    return np.clip((np.asarray(x, dtype=np.float64) - a) / (b - a), 0.0, 1.0)


def normal_pdf(x: npt.ArrayLike, mu: float = 0.0, sigma: float = 1.0) -> FloatArray:
    r"""The normal density :math:`\frac{1}{\sigma\sqrt{2\pi}} e^{-(x - \mu)^2 / (2\sigma^2)}`."""
    _check_positive(sigma, "sigma")
    z = (np.asarray(x, dtype=np.float64) - mu) / sigma
    return np.exp(-0.5 * z * z) / (sigma * math.sqrt(2.0 * math.pi))


def normal_cdf(x: npt.ArrayLike, mu: float = 0.0, sigma: float = 1.0) -> FloatArray:
    r"""The normal CDF :math:`\Phi(z) = \frac{1}{2}(1 + \mathrm{erf}(z / \sqrt 2))`.

    Here :math:`z = (x - \mu) / \sigma`; erf has no closed form, ``math.erf`` computes it.
    """
    _check_positive(sigma, "sigma")
    z = (np.asarray(x, dtype=np.float64) - mu) / sigma
    return 0.5 * (1.0 + _erf(z / _SQRT2))


def exponential_pdf(x: npt.ArrayLike, rate: float = 1.0) -> FloatArray:
    r"""The exponential density :math:`\lambda e^{-\lambda x}` for x >= 0, else 0."""
    _check_positive(rate, "rate")
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, rate * np.exp(-rate * np.maximum(x, 0.0)), 0.0)


def exponential_cdf(x: npt.ArrayLike, rate: float = 1.0) -> FloatArray:
    r"""The exponential CDF :math:`1 - e^{-\lambda x}` for x >= 0, else 0."""
    _check_positive(rate, "rate")
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, -np.expm1(-rate * np.maximum(x, 0.0)), 0.0)


def mvn_logpdf(x: npt.ArrayLike, mean: npt.ArrayLike, cov: npt.ArrayLike) -> FloatArray:
    r"""The log-density of a multivariate normal :math:`\mathcal{N}(\mu, \Sigma)`.

    .. math::
        \log f(x) = -\tfrac{1}{2}\big(d \log 2\pi + \log\det\Sigma
        + (x - \mu)^\top \Sigma^{-1} (x - \mu)\big)

    With the Cholesky factor :math:`\Sigma = L L^\top`: :math:`\log\det\Sigma = 2\sum_i
    \log L_{ii}` and the quadratic form is :math:`\|L^{-1}(x - \mu)\|^2`, computed by a
    triangular solve rather than an inverse.

    Args:
        x: points, shape (n, d) (or (d,) for one point).
        mean: :math:`\mu`, shape (d,).
        cov: :math:`\Sigma`, shape (d, d), symmetric positive definite.

    Returns:
        The log-densities, shape (n,) (a 0-D array for one point).
    """
    mu = np.asarray(mean, dtype=np.float64)
    S = np.asarray(cov, dtype=np.float64)
    X = np.asarray(x, dtype=np.float64)
    d = mu.size
    if S.shape != (d, d) or X.shape[-1] != d:
        raise ValueError(f"shapes do not fit: x {X.shape}, mean {mu.shape}, cov {S.shape}")
    L = np.linalg.cholesky(S)  # raises LinAlgError unless positive definite
    diff = (X - mu).reshape(-1, d)  # (n, d)
    solved = np.linalg.solve(L, diff.T)  # (d, n): L^{-1} (x - mu) for each point
    quad = np.sum(solved * solved, axis=0)  # (n,)
    log_det = 2.0 * float(np.sum(np.log(np.diag(L))))
    out = -0.5 * (d * _LOG_2PI + log_det + quad)
    return out.reshape(X.shape[:-1])

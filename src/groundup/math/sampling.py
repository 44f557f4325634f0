r"""Sampling: inverse-CDF sampling, Box-Muller, multivariate normals, Monte Carlo.

Section 1.3 Probability and statistics. Every sampler takes an explicit ``rng`` (a
``numpy.random.Generator``) and builds its draws from the generator's uniforms
``rng.random()``, in :math:`[0, 1)`: that is how any distribution is made from a
source of uniform random numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from ._types import FloatArray


def _check_n(n: int) -> None:
    if n < 0:
        raise ValueError(f"the number of samples must be >= 0, got {n}")


def sample_exponential(rate: float, n: int, rng: np.random.Generator) -> FloatArray:
    r"""Draws from the exponential distribution by inverting its CDF.

    The CDF :math:`F(x) = 1 - e^{-\lambda x}` solved for x gives
    :math:`F^{-1}(u) = -\ln(1 - u) / \lambda`; if U is uniform on [0, 1), then
    :math:`F^{-1}(U)` has CDF F.

    Args:
        rate: :math:`\lambda > 0` (the mean is :math:`1 / \lambda`).
        n: how many samples.
        rng: the random generator.

    Returns:
        n samples, shape (n,), all >= 0.

    Raises:
        ValueError: if ``rate`` is not positive or ``n`` is negative.
    """
    if not rate > 0:
        raise ValueError(f"`rate` must be positive, got {rate}")
    _check_n(n)
    # exercise: prob.sample-exponential
    u = rng.random(n)  # uniform on [0, 1)
    # NOTE: 1 - u lies in (0, 1], so the log is finite; log(u) could hit log(0).
    return -np.log1p(-u) / rate
    # end exercise


def sample_categorical(
    probs: npt.ArrayLike, n: int, rng: np.random.Generator
) -> npt.NDArray[np.int64]:
    r"""Draws category indices by inverting the discrete CDF.

    With the cumulative sums :math:`F_j = p_0 + \dots + p_j`, a uniform u in [0, 1)
    falls in exactly one interval :math:`[F_{j-1}, F_j)`, of length :math:`p_j`; return
    that j. A category with :math:`p_j = 0` has an empty interval and is never drawn.

    Args:
        probs: the category probabilities, shape (k,), non-negative, summing to 1.
        n: how many draws.
        rng: the random generator; the uniforms come from ``rng.random(n)``.

    Returns:
        The drawn indices in 0..k-1, shape (n,), dtype int64.

    Raises:
        ValueError: if ``probs`` is not a distribution or ``n`` is negative.
    """
    p = np.asarray(probs, dtype=np.float64)
    if p.ndim != 1 or p.size == 0 or np.any(p < 0) or abs(p.sum() - 1.0) > 1e-9:
        raise ValueError(f"`probs` must be a non-empty 1-D distribution summing to 1, got {p}")
    _check_n(n)
    # exercise: prob.sample-categorical
    cdf = np.cumsum(p)  # (k,): F_j, the right end of category j's interval
    u = rng.random(n) * cdf[-1]  # scale by F_{k-1} (1 up to rounding) so u < F_{k-1}
    # side="right": u == F_j lies in [F_j, F_{j+1}), the next category's interval
    return np.searchsorted(cdf, u, side="right").astype(np.int64)
    # end exercise


def box_muller(n: int, rng: np.random.Generator) -> FloatArray:
    r"""Standard normal samples from pairs of uniforms (the Box-Muller transform).

    With :math:`U_1, U_2` independent and uniform on (0, 1],

    .. math::
        R = \sqrt{-2 \ln U_1}, \quad \Theta = 2\pi U_2, \quad
        Z_1 = R \cos\Theta, \quad Z_2 = R \sin\Theta

    are two independent standard normals: in polar coordinates a 2-D standard normal
    has a uniform angle and a squared radius that is exponential with mean 2.

    Args:
        n: how many samples (an odd n drops the last of the final pair).
        rng: the random generator.

    Returns:
        n independent draws from N(0, 1), shape (n,).

    Raises:
        ValueError: if ``n`` is negative.
    """
    _check_n(n)
    # exercise: prob.box-muller
    pairs = (n + 1) // 2
    u1 = 1.0 - rng.random(pairs)  # (0, 1]: the log below stays finite
    u2 = rng.random(pairs)  # a second, independent uniform for the angle
    radius = np.sqrt(-2.0 * np.log(u1))
    angle = 2.0 * np.pi * u2
    return np.concatenate([radius * np.cos(angle), radius * np.sin(angle)])[:n]
    # end exercise


def sample_mvn(
    mean: npt.ArrayLike, cov: npt.ArrayLike, n: int, rng: np.random.Generator
) -> FloatArray:
    r"""Draws from a multivariate normal :math:`\mathcal{N}(\mu, \Sigma)` via Cholesky.

    Factor :math:`\Sigma = L L^\top` with L lower triangular. If z has independent
    N(0, 1) entries, :math:`x = \mu + L z` has covariance
    :math:`L\, \mathrm{I}\, L^\top = \Sigma`. For n samples stacked as rows,
    :math:`X = \mu + Z L^\top`.

    Args:
        mean: :math:`\mu`, shape (d,).
        cov: :math:`\Sigma`, shape (d, d), symmetric positive definite.
        n: how many samples.
        rng: the random generator; the standard normals come from
            ``rng.standard_normal((n, d))``.

    Returns:
        The samples, shape (n, d), one per row.

    Raises:
        ValueError: if the shapes do not fit or ``cov`` is not symmetric positive definite.
    """
    mu = np.asarray(mean, dtype=np.float64)
    S = np.asarray(cov, dtype=np.float64)
    if mu.ndim != 1 or S.shape != (mu.size, mu.size):
        raise ValueError(f"expected mean (d,) and cov (d, d), got {mu.shape} and {S.shape}")
    if not np.allclose(S, S.T):
        raise ValueError("`cov` must be symmetric")
    if np.linalg.eigvalsh(S).min() <= 0:
        raise ValueError("`cov` must be positive definite (all eigenvalues > 0)")
    _check_n(n)
    # exercise: prob.sample-mvn
    L = np.linalg.cholesky(S)  # (d, d), lower triangular, L @ L.T == S
    Z = rng.standard_normal((n, mu.size))  # (n, d), independent N(0, 1)
    return mu + Z @ L.T  # (n, d): each row is mu + L z
    # end exercise


def monte_carlo_integral(
    f: Callable[[FloatArray], FloatArray], a: float, b: float, n: int, rng: np.random.Generator
) -> float:
    r"""Estimates :math:`\int_a^b f(x)\,dx` by averaging f at uniform random points.

    With X uniform on [a, b), :math:`E[f(X)] = \frac{1}{b - a}\int_a^b f`, so

    .. math:: \int_a^b f(x)\,dx \approx \frac{b - a}{n} \sum_{i=1}^n f(x_i)

    an unbiased estimate whose standard error is :math:`(b - a)\,\mathrm{sd}(f(X)) /
    \sqrt{n}`: it shrinks like :math:`1/\sqrt{n}` in any dimension.

    Args:
        f: a vectorized function, shape (n,) -> (n,).
        a: the lower limit.
        b: the upper limit, > a.
        n: how many points, >= 1.
        rng: the random generator; the points come from ``rng.random(n)``.

    Returns:
        The estimate, a float.

    Raises:
        ValueError: if ``b <= a`` or ``n < 1``.
    """
    if not b > a:
        raise ValueError(f"expected a < b, got a={a}, b={b}")
    if n < 1:
        raise ValueError(f"`n` must be >= 1, got {n}")
    # exercise: prob.monte-carlo
    x = a + (b - a) * rng.random(n)  # uniform on [a, b)
    return (b - a) * float(np.mean(f(x)))
    # end exercise


def importance_weights(log_p: npt.ArrayLike, log_q: npt.ArrayLike) -> FloatArray:
    r"""Self-normalized importance weights :math:`w_i \propto p(x_i) / q(x_i)`.

    The samples :math:`x_i` came from a proposal q; the target p may be known only up
    to a constant (an unnormalized density, as in Bayesian posteriors). Normalizing
    the weights to sum to 1 cancels that constant:

    .. math::
        w_i = \frac{\tilde p(x_i) / q(x_i)}{\sum_j \tilde p(x_j) / q(x_j)}, \qquad
        E_p[f] \approx \sum_i w_i f(x_i)

    Args:
        log_p: :math:`\log \tilde p(x_i)`, the target's log-density up to a constant, shape (n,).
        log_q: :math:`\log q(x_i)`, the proposal's log-density, shape (n,).

    Returns:
        The weights, shape (n,), non-negative and summing to 1.

    Raises:
        ValueError: if the shapes differ, are empty, or every weight is zero.
    """
    lp = np.asarray(log_p, dtype=np.float64)
    lq = np.asarray(log_q, dtype=np.float64)
    if lp.ndim != 1 or lp.shape != lq.shape or lp.size == 0:
        raise ValueError(
            f"expected two non-empty 1-D arrays of one shape, got {lp.shape}, {lq.shape}"
        )
    if not np.any(np.isfinite(lp - lq)):
        raise ValueError("every sample has weight 0: the proposal misses the target")
    # exercise: prob.importance-weights
    log_w = lp - lq  # log of p(x) / q(x), up to the unknown constant of p
    # NOTE: log-densities of hundreds are common; exp overflows past ~709, so shift
    # by the largest log-weight first (the constant cancels when normalizing).
    w = np.exp(log_w - np.max(log_w))
    return w / w.sum()
    # end exercise


def importance_estimate(
    f_values: npt.ArrayLike, log_p: npt.ArrayLike, log_q: npt.ArrayLike
) -> float:
    r"""The self-normalized importance-sampling estimate :math:`\sum_i w_i f(x_i)`.

    Args:
        f_values: :math:`f(x_i)` at the proposal's samples, shape (n,).
        log_p: :math:`\log \tilde p(x_i)`, shape (n,).
        log_q: :math:`\log q(x_i)`, shape (n,).

    Returns:
        The estimate of :math:`E_p[f]`, a float.
    """
    w = importance_weights(log_p, log_q)
    return float(np.sum(w * np.asarray(f_values, dtype=np.float64)))


def effective_sample_size(weights: npt.ArrayLike) -> float:
    r"""Kish's effective sample size :math:`1 / \sum_i w_i^2` of normalized weights.

    n equal weights give n; one weight of 1 and the rest 0 give 1.
    """
    w = np.asarray(weights, dtype=np.float64)
    return 1.0 / float(np.sum(w * w))


def standard_error(samples: npt.ArrayLike) -> float:
    r"""The standard error of a sample mean, :math:`s / \sqrt{n}` with the n - 1 std."""
    x = np.asarray(samples, dtype=np.float64)
    if x.size < 2:
        raise ValueError("the standard error needs at least 2 samples")
    return float(np.std(x, ddof=1)) / math.sqrt(x.size)

r"""Estimation: moments, maximum likelihood, MAP, and hypothesis tests.

Section 1.3 Probability and statistics. The population variance of a whole data set
divides by n; the *sample* variance, an unbiased estimate of the variance of the
distribution the data came from, divides by n - 1 (Bessel's correction), because the
deviations are measured from the sample mean, which is closer to the data than the
true mean is.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

from ._types import FloatArray


def _as_samples(x: npt.ArrayLike, name: str = "x") -> FloatArray:
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"expected `{name}` to be a non-empty 1-D array, got shape {arr.shape}")
    return arr


def covariance(X: npt.ArrayLike, ddof: int = 1) -> FloatArray:
    r"""The covariance matrix of the columns of a data matrix.

    .. math::
        \Sigma_{jk} = \frac{1}{n - \mathrm{ddof}} \sum_{i=1}^{n}
        (X_{ij} - \bar X_j)(X_{ik} - \bar X_k)

    ``ddof=1`` (the default, like ``np.cov``) gives the unbiased sample covariance;
    ``ddof=0`` the population covariance, which is also the Gaussian MLE.

    Args:
        X: the data, shape (n, d): n observations (rows) of d variables (columns).
        ddof: 0 or 1, subtracted from n in the denominator.

    Returns:
        The covariance matrix, shape (d, d), symmetric.

    Raises:
        ValueError: if X is not 2-D, ``ddof`` is not 0 or 1, or n <= ddof.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"expected a 2-D data matrix (n, d), got shape {X.shape}")
    if ddof not in (0, 1):
        raise ValueError(f"`ddof` must be 0 or 1, got {ddof}")
    if X.shape[0] <= ddof:
        raise ValueError(f"need more than {ddof} observations, got {X.shape[0]}")
    # exercise: prob.covariance
    n = X.shape[0]
    centered = X - X.mean(axis=0)  # (n, d): subtract each column's mean
    return centered.T @ centered / (n - ddof)  # (d, n) @ (n, d) -> (d, d)
    # end exercise


def correlation(X: npt.ArrayLike) -> FloatArray:
    r"""The correlation matrix :math:`R_{jk} = \Sigma_{jk} / (\sigma_j \sigma_k)`.

    The ddof cancels between numerator and denominator, so it does not matter here.

    Args:
        X: the data, shape (n, d), with no constant column.

    Returns:
        The correlations, shape (d, d), with ones on the diagonal.

    Raises:
        ValueError: if a column is constant (its correlation is undefined).
    """
    S = covariance(X, ddof=1)
    std = np.sqrt(np.diag(S))
    if np.any(std == 0):
        raise ValueError("a constant column has no correlation with anything")
    R = S / np.outer(std, std)
    return np.clip(R, -1.0, 1.0)


def gaussian_mle(x: npt.ArrayLike) -> tuple[float, float]:
    r"""The maximum-likelihood mean and variance of a normal distribution.

    Setting the derivatives of :math:`\sum_i \log \mathcal{N}(x_i; \mu, \sigma^2)` to 0
    gives :math:`\hat\mu = \bar x` and :math:`\hat\sigma^2 = \frac{1}{n}\sum_i (x_i -
    \bar x)^2`: the MLE of the variance divides by n, and is biased low by a factor
    :math:`(n - 1)/n`.

    Args:
        x: the samples, shape (n,), n >= 1.

    Returns:
        ``(mean, variance)``.
    """
    x = _as_samples(x)
    mean = float(np.mean(x))
    return mean, float(np.mean((x - mean) ** 2))


def bernoulli_map(successes: int, trials: int, a: float = 1.0, b: float = 1.0) -> float:
    r"""The MAP estimate of a coin's bias under a Beta(a, b) prior.

    With k successes in n trials the posterior is :math:`\mathrm{Beta}(a + k, b + n - k)`,
    whose mode is

    .. math:: \hat\theta_{MAP} = \frac{k + a - 1}{n + a + b - 2}

    The prior acts as a - 1 imagined successes and b - 1 imagined failures; a = b = 1 (a
    uniform prior) gives the MLE k / n.

    Args:
        successes: k, with 0 <= k <= n.
        trials: n >= 0.
        a: the prior's first shape parameter, >= 1.
        b: the prior's second shape parameter, >= 1.

    Returns:
        The posterior mode, in [0, 1].

    Raises:
        ValueError: if the counts are inconsistent, a or b is below 1, or the mode is
            undefined (n = 0 with a = b = 1: a flat posterior has no single mode).
    """
    if not 0 <= successes <= trials:
        raise ValueError(f"expected 0 <= successes <= trials, got {successes} and {trials}")
    if a < 1 or b < 1:
        raise ValueError(f"this estimator needs a, b >= 1 for a mode in [0, 1], got a={a}, b={b}")
    if trials + a + b - 2 == 0:
        raise ValueError("no data and a flat prior: every bias is a mode")
    # exercise: prob.bernoulli-map
    k, n = successes, trials
    return (k + a - 1) / (n + a + b - 2)
    # end exercise


def z_test(x: npt.ArrayLike, mu0: float, sigma: float) -> tuple[float, float]:
    r"""The two-sided z-test of :math:`H_0: \mu = \mu_0` with a known standard deviation.

    .. math:: z = \frac{\bar x - \mu_0}{\sigma / \sqrt{n}}, \qquad p = 2\,(1 - \Phi(|z|))

    The p-value is the probability, if :math:`H_0` holds, of a mean at least this far
    from :math:`\mu_0`.

    Args:
        x: the samples, shape (n,).
        mu0: the mean under the null hypothesis.
        sigma: the known standard deviation of one sample, > 0.

    Returns:
        ``(z, p_value)``.
    """
    x = _as_samples(x)
    if not sigma > 0:
        raise ValueError(f"`sigma` must be positive, got {sigma}")
    z = (float(np.mean(x)) - mu0) / (sigma / math.sqrt(x.size))
    # NOTE: 2 * cdf(-|z|) keeps the precision of tiny p-values; 1 - cdf(|z|) rounds to 0.
    return z, 2.0 * NormalDist().cdf(-abs(z))


def permutation_test(
    x: npt.ArrayLike, y: npt.ArrayLike, n_permutations: int, rng: np.random.Generator
) -> float:
    r"""The two-sided permutation test of equal means for two groups.

    Under :math:`H_0` the group labels are exchangeable: shuffle the pooled data,
    split it into groups of the original sizes, and count how often the absolute
    difference of means is at least the observed one. The p-value is
    :math:`(1 + \#\{\ge\}) / (1 + N)`, never exactly 0.

    Args:
        x: the first group, shape (n,).
        y: the second group, shape (m,).
        n_permutations: N, the number of shuffles.
        rng: the random generator.

    Returns:
        The p-value, in (0, 1].
    """
    x, y = _as_samples(x, "x"), _as_samples(y, "y")
    observed = abs(x.mean() - y.mean())
    pooled = np.concatenate([x, y])
    extreme = 0
    for _ in range(n_permutations):
        shuffled = rng.permutation(pooled)
        diff = abs(shuffled[: x.size].mean() - shuffled[x.size :].mean())
        # NOTE: a small slack so that a permutation equal to the observed split counts
        # despite a different summation order.
        extreme += diff >= observed - 1e-12
    return (1 + extreme) / (1 + n_permutations)

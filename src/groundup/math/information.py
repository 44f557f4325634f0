r"""Information theory: entropy, cross-entropy, KL divergence, mutual information.

Section 1.4 Information theory. A discrete distribution is a 1-D array of
probabilities that are non-negative and sum to 1 (a joint distribution is a 2-D array
that sums to 1). Every function rejects an unnormalized input with a ``ValueError``
that names the sum, and follows the convention :math:`0 \log 0 = 0`: an outcome of
probability zero contributes nothing.

Logarithms are natural (nats) unless ``base`` says otherwise; ``base=2`` gives bits.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from ._types import FloatArray

NORMALIZATION_ATOL = 1e-9
"""How far from 1 the sum of a distribution may be (rounding of a computed softmax)."""


def as_distribution(p: npt.ArrayLike, name: str = "p", ndim: int = 1) -> FloatArray:
    """Returns ``p`` as a float64 probability array, or raises ``ValueError``.

    Args:
        p: probabilities, an array with ``ndim`` dimensions.
        name: the argument's name, for the error message.
        ndim: 1 for a distribution over one variable, 2 for a joint distribution.

    Returns:
        The probabilities as a float64 array.

    Raises:
        ValueError: if ``p`` has the wrong number of dimensions, is empty, has a
            negative or non-finite entry, or does not sum to 1 (within 1e-9).
    """
    arr = np.asarray(p, dtype=np.float64)
    if arr.ndim != ndim:
        raise ValueError(f"expected `{name}` to be a {ndim}-D array, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"`{name}` is empty: a distribution needs at least one outcome")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"`{name}` must hold finite, non-negative probabilities, got {arr}")
    total = float(arr.sum())
    if abs(total - 1.0) > NORMALIZATION_ATOL:
        raise ValueError(
            f"`{name}` is not normalized: its probabilities sum to {total:.6g}, not 1 "
            f"(divide by the sum first)"
        )
    return arr


def _log_base(base: float) -> float:
    """The natural log of a logarithm base, after checking it is valid."""
    if not base > 0 or base == 1 or not math.isfinite(base):
        raise ValueError(f"`base` must be positive, finite and not 1, got {base!r}")
    return math.log(base)


def _same_length(p: FloatArray, q: FloatArray) -> None:
    if p.shape != q.shape:
        raise ValueError(f"`p` and `q` must have the same shape, got {p.shape} and {q.shape}")


def entropy(p: npt.ArrayLike, base: float = math.e) -> float:
    r"""The Shannon entropy :math:`H(p) = -\sum_i p_i \log p_i`, with :math:`0 \log 0 = 0`.

    Args:
        p: a distribution, shape (k,).
        base: the logarithm's base: e for nats (the default), 2 for bits.

    Returns:
        The entropy, a float in :math:`[0, \log k]`.

    Raises:
        ValueError: if ``p`` is not a normalized 1-D distribution or ``base`` is invalid.
    """
    p = as_distribution(p, "p")
    log_base = _log_base(base)
    # exercise: info.entropy
    nonzero = p[p > 0]  # 0 log 0 = 0: skip the zeros instead of computing 0 * (-inf) = NaN
    return float(-np.sum(nonzero * np.log(nonzero)) / log_base)
    # end exercise


def joint_entropy(joint: npt.ArrayLike, base: float = math.e) -> float:
    r"""The joint entropy :math:`H(X, Y) = -\sum_{x,y} p(x, y) \log p(x, y)`.

    Args:
        joint: the joint distribution p(x, y), shape (n_x, n_y).
        base: the logarithm's base.

    Returns:
        The joint entropy, a float.

    Raises:
        ValueError: if ``joint`` is not a normalized 2-D array.
    """
    p = as_distribution(joint, "joint", ndim=2)
    return entropy(p.ravel(), base)


def conditional_entropy(joint: npt.ArrayLike, base: float = math.e) -> float:
    r"""The conditional entropy :math:`H(Y \mid X) = H(X, Y) - H(X)`.

    Rows index x, columns index y. It is the average uncertainty left in Y once X is
    known: :math:`\sum_x p(x) H(Y \mid X = x)`.

    Args:
        joint: the joint distribution p(x, y), shape (n_x, n_y).
        base: the logarithm's base.

    Returns:
        The conditional entropy, a float in :math:`[0, H(Y)]`.

    Raises:
        ValueError: if ``joint`` is not a normalized 2-D array or ``base`` is invalid.
    """
    p = as_distribution(joint, "joint", ndim=2)
    _log_base(base)
    # exercise: info.conditional-entropy
    p_x = p.sum(axis=1)  # (n_x,): the marginal of X, summing over y along each row
    return joint_entropy(p, base) - entropy(p_x, base)  # the chain rule H(X,Y) = H(X) + H(Y|X)
    # end exercise


def cross_entropy(p: npt.ArrayLike, q: npt.ArrayLike, base: float = math.e) -> float:
    r"""The cross-entropy :math:`H(p, q) = -\sum_i p_i \log q_i`.

    The average code length when outcomes come from ``p`` but the code is built for
    ``q``. Terms with :math:`p_i = 0` are zero; a term with :math:`p_i > 0` and
    :math:`q_i = 0` makes it infinite.

    Args:
        p: the true distribution, shape (k,).
        q: the model's distribution, shape (k,).
        base: the logarithm's base.

    Returns:
        The cross-entropy, a float (``inf`` when q misses an outcome p can produce).

    Raises:
        ValueError: if ``p`` or ``q`` is not a normalized distribution or the shapes differ.
    """
    p, q = as_distribution(p, "p"), as_distribution(q, "q")
    _same_length(p, q)
    log_base = _log_base(base)
    support = p > 0
    if np.any(q[support] == 0):
        return math.inf
    return float(-np.sum(p[support] * np.log(q[support])) / log_base)


def kl_divergence(p: npt.ArrayLike, q: npt.ArrayLike, base: float = math.e) -> float:
    r"""The Kullback-Leibler divergence :math:`D_{KL}(p \| q) = \sum_i p_i \log(p_i / q_i)`.

    It is :math:`H(p, q) - H(p)`: the extra code length paid for using ``q``'s code on
    ``p``'s outcomes. It is never negative, is zero only when p = q, and is not
    symmetric. Terms with :math:`p_i = 0` are zero; :math:`q_i = 0 < p_i` makes it
    infinite.

    Args:
        p: the true distribution, shape (k,).
        q: the approximating distribution, shape (k,).
        base: the logarithm's base.

    Returns:
        The divergence, a float in :math:`[0, \infty]`.

    Raises:
        ValueError: if ``p`` or ``q`` is not a normalized distribution or the shapes differ.
    """
    p, q = as_distribution(p, "p"), as_distribution(q, "q")
    _same_length(p, q)
    log_base = _log_base(base)
    # exercise: info.kl-divergence
    support = p > 0  # terms with p_i = 0 contribute 0, whatever q_i is
    if np.any(q[support] == 0):
        # p puts mass where q puts none: q cannot encode it at all (+inf nats, and the
        # sign of the base's log for a base below 1, as the sum below would give)
        return math.copysign(math.inf, log_base)
    ratio = np.log(p[support]) - np.log(q[support])
    return float(np.sum(p[support] * ratio) / log_base)
    # end exercise


def kl_normal(mu1: float, sigma1: float, mu2: float, sigma2: float) -> float:
    r"""The KL divergence between two univariate normals, in nats, in closed form.

    .. math::
        D_{KL}\big(\mathcal{N}(\mu_1, \sigma_1^2) \,\|\, \mathcal{N}(\mu_2, \sigma_2^2)\big)
        = \log\frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1 - \mu_2)^2}{2\sigma_2^2}
        - \frac{1}{2}

    Args:
        mu1: the mean of p.
        sigma1: the standard deviation of p, positive.
        mu2: the mean of q.
        sigma2: the standard deviation of q, positive.

    Returns:
        The divergence, a non-negative float.

    Raises:
        ValueError: if a standard deviation is not positive.
    """
    if not (sigma1 > 0 and sigma2 > 0):
        raise ValueError(
            f"standard deviations must be positive, got sigma1={sigma1}, sigma2={sigma2}"
        )
    # exercise: info.kl-normal
    log_ratio = math.log(sigma2) - math.log(sigma1)
    return log_ratio + (sigma1**2 + (mu1 - mu2) ** 2) / (2.0 * sigma2**2) - 0.5
    # end exercise


def mutual_information(joint: npt.ArrayLike, base: float = math.e) -> float:
    r"""The mutual information :math:`I(X; Y) = \sum_{x,y} p(x,y) \log\frac{p(x,y)}{p(x)p(y)}`.

    Rows index x and columns index y; the marginals are the row and column sums. It
    equals :math:`H(X) + H(Y) - H(X, Y)` and :math:`D_{KL}(p(x, y) \| p(x) p(y))`: zero
    exactly when X and Y are independent.

    Args:
        joint: the joint distribution p(x, y), shape (n_x, n_y).
        base: the logarithm's base.

    Returns:
        The mutual information, a float in :math:`[0, \min(H(X), H(Y))]`.

    Raises:
        ValueError: if ``joint`` is not a normalized 2-D array or ``base`` is invalid.
    """
    joint = as_distribution(joint, "joint", ndim=2)
    log_base = _log_base(base)
    # exercise: info.mutual-information
    p_x = joint.sum(axis=1, keepdims=True)  # (n_x, 1): sum over y
    p_y = joint.sum(axis=0, keepdims=True)  # (1, n_y): sum over x
    independent = p_x * p_y  # (n_x, n_y), positive wherever joint is
    support = joint > 0  # 0 log 0 = 0
    ratio = np.log(joint[support]) - np.log(independent[support])
    return float(np.sum(joint[support] * ratio) / log_base)
    # end exercise


def perplexity(log_probs: npt.ArrayLike) -> float:
    r"""The perplexity of a model on a sequence, from its per-token log-probabilities.

    .. math:: \mathrm{PPL} = \exp\Big(-\frac{1}{T} \sum_{t=1}^{T} \ln q(x_t \mid x_{<t})\Big)

    It is e to the average cross-entropy in nats (equally 2 to it in bits): the size of
    a uniform distribution that would be as surprised by the data as the model is.

    Args:
        log_probs: natural-log probabilities the model gave the T actual tokens,
            shape (T,), each at most 0.

    Returns:
        The perplexity, a float of at least 1.

    Raises:
        ValueError: if ``log_probs`` is empty, not 1-D, or holds a positive value.
    """
    lp = np.asarray(log_probs, dtype=np.float64)
    if lp.ndim != 1 or lp.size == 0:
        raise ValueError(f"expected a non-empty 1-D array of log-probabilities, got {lp.shape}")
    if np.any(lp > 0):
        raise ValueError("log-probabilities must be <= 0 (a probability is at most 1)")
    # exercise: info.perplexity
    average_nats = -float(np.mean(lp))  # the cross-entropy per token, in nats
    return math.exp(average_nats)
    # end exercise


def label_entropy(labels: npt.ArrayLike, base: float = 2.0) -> float:
    """The entropy of the empirical distribution of class labels (bits by default).

    Args:
        labels: class labels, shape (n,), any hashable values NumPy can compare.
        base: the logarithm's base.

    Returns:
        The entropy of the label frequencies; 0.0 for an empty array.
    """
    arr = np.asarray(labels)
    if arr.size == 0:
        return 0.0
    _, counts = np.unique(arr, return_counts=True)
    return entropy(counts / counts.sum(), base)


def information_gain(labels: npt.ArrayLike, goes_left: npt.ArrayLike, base: float = 2.0) -> float:
    r"""The information gain of splitting a node's examples in two, in bits by default.

    .. math::
        IG = H(\text{parent}) - \frac{n_L}{n} H(\text{left}) - \frac{n_R}{n} H(\text{right})

    where each H is the entropy of the class frequencies in that node (see
    :func:`label_entropy`). A decision tree picks the split with the largest gain.

    Args:
        labels: class labels of the node's examples, shape (n,), n >= 1.
        goes_left: booleans, shape (n,): True for the examples the split sends left.
        base: the logarithm's base.

    Returns:
        The gain, a float in :math:`[0, H(\text{parent})]`; 0 when one side is empty.

    Raises:
        ValueError: if the arrays are empty or their shapes differ.
    """
    y = np.asarray(labels)
    mask = np.asarray(goes_left, dtype=bool)
    if y.ndim != 1 or y.size == 0 or mask.shape != y.shape:
        raise ValueError(
            f"expected non-empty 1-D `labels` and a mask of the same shape, got "
            f"{y.shape} and {mask.shape}"
        )
    # exercise: info.information-gain
    n = y.size
    left, right = y[mask], y[~mask]
    children = (left.size / n) * label_entropy(left, base) + (right.size / n) * label_entropy(
        right, base
    )
    return label_entropy(y, base) - children
    # end exercise

r"""Spectral norms and Lipschitz bounds of neural network layers.

Section 1.10 Advanced extras. A function is :math:`L`-Lipschitz when
:math:`\|f(x) - f(y)\| \le L \|x - y\|` for all inputs: it cannot amplify a change by
more than :math:`L`. For a linear layer :math:`x \mapsto W x + b` the smallest such
:math:`L` is the spectral norm :math:`\|W\|_2 = \sigma_{\max}(W)`, the square root of the
largest eigenvalue of :math:`W^\top W`. ReLU is 1-Lipschitz, and Lipschitz constants
multiply under composition, so a ReLU network's constant is at most the product of its
layers' spectral norms. Spectral normalization (GANs), robustness certificates and
gradient-explosion arguments all use this bound.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from ._types import FloatArray
from .eigen import power_iteration
from .matrices import as_matrix


def spectral_norm(A: npt.ArrayLike, rng: np.random.Generator | None = None) -> float:
    r"""The largest singular value :math:`\sigma_{\max}(A) = \max_{x \ne 0} \|Ax\| / \|x\|`.

    :math:`\|Ax\|^2 = x^\top (A^\top A) x`, so :math:`\sigma_{\max}^2` is the largest
    eigenvalue of the symmetric matrix :math:`A^\top A`: power iteration finds it. (The
    Frobenius norm :math:`\sqrt{\sum \sigma_i^2}` is an upper bound, often much larger.)

    Args:
        A: a matrix of shape (m, n), whose top two singular values are not (nearly) tied
            (power iteration converges like :math:`(\sigma_2 / \sigma_1)^{2k}`).
        rng: the generator for power iteration's start vector.

    Returns:
        The spectral norm, a float (0.0 for an empty matrix).

    Raises:
        ValueError: if ``A`` is not 2-D.
    """
    A = as_matrix(A, "A")
    if A.size == 0:
        return 0.0
    # exercise: extras.spectral-norm
    gram = A.T @ A  # (n, n), symmetric with eigenvalues sigma_i^2 >= 0
    eigenvalue, _ = power_iteration(gram, rng=rng)
    return math.sqrt(max(eigenvalue, 0.0))  # NOTE: rounding can leave -1e-17 for A = 0
    # end exercise


def _check_chain(weights: Sequence[FloatArray]) -> None:
    for i in range(1, len(weights)):
        if weights[i].shape[1] != weights[i - 1].shape[0]:
            raise ValueError(
                f"layer {i} takes {weights[i].shape[1]} inputs but layer {i - 1} has "
                f"{weights[i - 1].shape[0]} outputs (weights are (out, in))"
            )


def lipschitz_bound(
    weights: Sequence[npt.ArrayLike], rng: np.random.Generator | None = None
) -> float:
    r"""An upper bound on the Lipschitz constant of a ReLU network with these weights.

    For :math:`f = W_L \circ \mathrm{relu} \circ \dots \circ \mathrm{relu} \circ W_1`
    (biases do not matter: a shift does not change differences),

    .. math:: \operatorname{Lip}(f) \le \prod_{l} \|W_l\|_2 ,

    because Lipschitz constants multiply under composition and ReLU is 1-Lipschitz.

    Args:
        weights: the layers' matrices, each of shape (out, in), applied in order.
        rng: the generator for the power iterations.

    Returns:
        The bound, a float (1.0 for no layers: the identity).

    Raises:
        ValueError: if consecutive shapes do not chain.
    """
    mats = [as_matrix(W, f"weights[{i}]") for i, W in enumerate(weights)]
    _check_chain(mats)
    # exercise: extras.lipschitz-bound
    bound = 1.0
    for W in mats:
        bound *= spectral_norm(W, rng=rng)
    return bound
    # end exercise


def relu(x: npt.ArrayLike) -> FloatArray:
    """The rectified linear unit, max(x, 0) elementwise: 1-Lipschitz."""
    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)


def mlp_forward(
    weights: Sequence[npt.ArrayLike], biases: Sequence[npt.ArrayLike], X: npt.ArrayLike
) -> FloatArray:
    """A ReLU network on a batch: ReLU after every layer but the last.

    Args:
        weights: matrices of shape (out, in), applied in order.
        biases: vectors of shape (out,), one per layer.
        X: inputs of shape (B, in).

    Returns:
        The outputs, shape (B, out of the last layer).
    """
    h = as_matrix(X, "X")
    for i, (W, b) in enumerate(zip(weights, biases, strict=True)):
        h = h @ np.asarray(W, dtype=np.float64).T + np.asarray(b, dtype=np.float64)  # (B, out)
        if i < len(weights) - 1:
            h = relu(h)
    return h


def empirical_lipschitz(
    f: Callable[[FloatArray], npt.ArrayLike], X: npt.ArrayLike, Y: npt.ArrayLike
) -> float:
    r"""The largest ratio :math:`\|f(x) - f(y)\| / \|x - y\|` over paired rows of X and Y.

    A lower bound on the Lipschitz constant (it is attained somewhere, but maybe not
    among these pairs).

    Args:
        f: a function from a batch of shape (B, d) to a batch of shape (B, m).
        X: inputs of shape (B, d).
        Y: inputs of shape (B, d), with every row different from X's.

    Returns:
        The largest ratio, a float.
    """
    X_arr, Y_arr = as_matrix(X, "X"), as_matrix(Y, "Y")
    out_diff = np.asarray(f(X_arr)) - np.asarray(f(Y_arr))  # (B, m)
    in_diff = X_arr - Y_arr  # (B, d)
    ratios = np.linalg.norm(out_diff, axis=1) / np.linalg.norm(in_diff, axis=1)
    return float(np.max(ratios))

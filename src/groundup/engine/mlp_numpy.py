r"""A two-layer network in plain NumPy, forward and backward by hand.

Section 4.1 Perceptrons and basic networks. The network is

.. math::

    H = \tanh(X W_1 + b_1), \qquad Z = H W_2 + b_2, \qquad
    L = -\frac{1}{N} \sum_i \log \operatorname{softmax}(Z_i)_{y_i}

with ``X`` (N, D), ``W1`` (D, K), ``W2`` (K, C). Writing its backward pass once by
hand is what makes automatic differentiation (section 4.2) feel earned.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class Params(NamedTuple):
    """The weights of the network: ``W1`` (D, K), ``b1`` (K,), ``W2`` (K, C), ``b2`` (C,)."""

    W1: FloatArray
    b1: FloatArray
    W2: FloatArray
    b2: FloatArray


class Cache(NamedTuple):
    """What the forward pass keeps for the backward pass."""

    X: FloatArray
    H: FloatArray
    Z: FloatArray


def init_params(n_in: int, n_hidden: int, n_out: int, rng: np.random.Generator) -> Params:
    """Xavier-style initialization: weights ~ N(0, 1/fan_in), biases zero."""
    return Params(
        rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden)),
        np.zeros(n_hidden),
        rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out)),
        np.zeros(n_out),
    )


def sigmoid(z: npt.ArrayLike) -> FloatArray:
    r""":math:`\sigma(z) = 1 / (1 + e^{-z})`, computed without overflow for any z."""
    z = np.asarray(z, dtype=np.float64)
    # NOTE: exp(-z) overflows for z << 0; use exp(z) / (1 + exp(z)) there instead.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def activation_grad(name: str, z: npt.ArrayLike) -> FloatArray:
    r"""The derivative of an activation at the pre-activations ``z``, elementwise.

    :math:`\sigma' = \sigma(1 - \sigma)`, :math:`\tanh' = 1 - \tanh^2`, and
    :math:`\mathrm{relu}'(z) = [z > 0]` (0 at z = 0, PyTorch's convention).

    Args:
        name: ``"sigmoid"``, ``"tanh"`` or ``"relu"``.
        z: pre-activations, any shape.

    Raises:
        ValueError: for another name.
    """
    z = np.asarray(z, dtype=np.float64)
    if name not in ("sigmoid", "tanh", "relu"):
        raise ValueError(f"unknown activation {name!r}: expected sigmoid, tanh or relu")
    # exercise: neural.activation-grad
    if name == "sigmoid":
        s = sigmoid(z)
        return s * (1.0 - s)
    if name == "tanh":
        t = np.tanh(z)
        return 1.0 - t * t
    return (z > 0).astype(np.float64)
    # end exercise


def forward(params: Params, X: npt.ArrayLike) -> tuple[FloatArray, Cache]:
    """The logits ``Z = tanh(X W1 + b1) W2 + b2``, shape (N, C), and the cache."""
    X = np.asarray(X, dtype=np.float64)
    W1, b1, W2, b2 = params
    if X.ndim != 2 or X.shape[1] != W1.shape[0]:
        raise ValueError(f"expected X of shape (N, {W1.shape[0]}), got {X.shape}")
    # exercise: neural.mlp-forward
    H = np.tanh(X @ W1 + b1)  # (N, K)
    Z = H @ W2 + b2  # (N, C)
    return Z, Cache(X, H, Z)
    # end exercise


def softmax_cross_entropy(Z: npt.ArrayLike, y: npt.ArrayLike) -> tuple[float, FloatArray]:
    r"""The mean cross-entropy of logits ``Z`` (N, C) for labels ``y`` (N,), and dL/dZ.

    With :math:`P = \operatorname{softmax}(Z)` row by row,
    :math:`L = -\frac1N \sum_i \log P_{i, y_i}` and
    :math:`\partial L / \partial Z = (P - \mathrm{onehot}(y)) / N`.

    Returns:
        ``(loss, dZ)``.
    """
    Z, y = np.asarray(Z, dtype=np.float64), np.asarray(y)
    if Z.ndim != 2 or y.shape != (Z.shape[0],):
        raise ValueError(f"expected logits (N, C) and labels (N,), got {Z.shape} and {y.shape}")
    # exercise: neural.softmax-cross-entropy
    n = Z.shape[0]
    shifted = Z - Z.max(axis=1, keepdims=True)  # NOTE: the shift keeps exp from overflowing
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(n), y].mean()
    dZ = np.exp(log_probs)
    dZ[np.arange(n), y] -= 1.0
    return float(loss), dZ / n
    # end exercise


def backward(params: Params, cache: Cache, dZ: npt.ArrayLike) -> Params:
    r"""The gradients of the loss with respect to every weight, given dL/dZ.

    Chain rule, from the output back: :math:`\partial W_2 = H^\top dZ`,
    :math:`\partial b_2 = \sum_i dZ_i`, :math:`dH = dZ W_2^\top`,
    :math:`dA = dH \odot (1 - H^2)` (tanh's derivative), :math:`\partial W_1 = X^\top dA`,
    :math:`\partial b_1 = \sum_i dA_i`.

    Returns:
        The gradients, as a :class:`Params` shaped like ``params``.
    """
    dZ = np.asarray(dZ, dtype=np.float64)
    X, H, _ = cache
    # exercise: neural.mlp-backward
    dW2 = H.T @ dZ  # (K, C)
    db2 = dZ.sum(axis=0)
    dH = dZ @ params.W2.T  # (N, K)
    dA = dH * (1.0 - H * H)
    dW1 = X.T @ dA  # (D, K)
    db1 = dA.sum(axis=0)
    return Params(dW1, db1, dW2, db2)
    # end exercise


def train_step(params: Params, X: FloatArray, y: IntArray, lr: float) -> tuple[Params, float]:
    """One step of gradient descent on the mean cross-entropy; returns new params and loss."""
    Z, cache = forward(params, X)
    loss, dZ = softmax_cross_entropy(Z, y)
    grads = backward(params, cache, dZ)
    new = Params(*(p - lr * g for p, g in zip(params, grads, strict=True)))
    return new, loss

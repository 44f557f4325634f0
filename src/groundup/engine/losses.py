"""Loss functions: cross-entropy (fused with log-softmax), NLL, MSE, logistic.

Section 4.2 Backpropagation. ``cross_entropy`` is a single op whose backward is the
famous $(\\mathrm{softmax}(z) - y) / n$: fusing it is faster than chaining
log-softmax, gather and mean, and it never forms $\\log 0$.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .creation import as_tensor
from .tensor import Array, Tensor


def _reduce(losses: Array, reduction: str, count: float) -> tuple[Array, float]:
    """The reduced loss and the scale each element's gradient gets (1/count for mean)."""
    if reduction == "mean":
        return np.asarray(losses.sum() / count, dtype=losses.dtype), 1.0 / count
    if reduction == "sum":
        return np.asarray(losses.sum(), dtype=losses.dtype), 1.0
    if reduction == "none":
        return losses, 1.0
    raise ValueError(f"reduction must be 'mean', 'sum' or 'none', got {reduction!r}")


def _class_last(logits: Array) -> Array:
    """(N, C, d1, ...) -> (N * d1 * ..., C); (N, C) unchanged; (C,) -> (1, C)."""
    if logits.ndim == 1:
        return logits[None, :]
    if logits.ndim == 2:
        return logits
    return np.moveaxis(logits, 1, -1).reshape(-1, logits.shape[1])


def cross_entropy(
    input: Tensor,
    target: Any,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """Cross-entropy between logits and integer class targets (``F.cross_entropy``).

    $\\ell_i = -\\sum_c q_{ic} \\log \\mathrm{softmax}(z_i)_c$ with
    $q_i = (1 - \\varepsilon)\\,\\mathrm{onehot}(y_i) + \\varepsilon / C$. Mean reduction
    divides by the number of targets not equal to ``ignore_index``.

    Args:
        input: logits, (N, C) or (N, C, d1, ...) or (C,).
        target: class indices, (N,) or (N, d1, ...) or (); int.
        ignore_index: targets with this value contribute neither loss nor gradient.
        reduction: "mean", "sum" or "none" (then shaped like ``target``).
        label_smoothing: $\\varepsilon$ in [0, 1].

    Returns:
        The loss; its backward is $(\\mathrm{softmax}(z) - q) \\cdot g / n_{valid}$.
    """
    z = _class_last(input.data)  # (M, C)
    t_full = np.asarray(target.data if isinstance(target, Tensor) else target)
    t = t_full.reshape(-1)  # (M,)
    if t.shape[0] != z.shape[0]:
        raise ValueError(f"target of shape {t_full.shape} does not match input {input.shape}")
    n_classes = z.shape[1]
    valid = t != ignore_index
    safe_t = np.where(valid, t, 0)
    rows = np.arange(z.shape[0])
    # NOTE: log-softmax by the max shift; never log(softmax), which is -inf when it underflows.
    m = z.max(axis=1, keepdims=True)
    shifted = z - m
    e = np.exp(shifted)
    sum_e = e.sum(axis=1, keepdims=True)
    logp = shifted - np.log(sum_e)  # (M, C)
    eps = label_smoothing
    losses = -logp[rows, safe_t]
    if eps:
        losses = (1.0 - eps) * losses - (eps / n_classes) * logp.sum(axis=1)
    losses = np.where(valid, losses, 0).astype(z.dtype, copy=False)
    out, scale = _reduce(losses.reshape(t_full.shape), reduction, max(int(valid.sum()), 1))
    if reduction == "mean" and not valid.any():
        out = np.asarray(np.nan, dtype=z.dtype)  # PyTorch: 0/0 when every target is ignored

    def backward(grad: Array) -> None:
        # exercise: engine.cross-entropy-backward
        g = grad.reshape(-1, 1) * scale if reduction == "none" else grad * scale
        dz = e / sum_e  # softmax, (M, C)
        if eps:
            dz = dz - eps / n_classes
        dz[rows, safe_t] -= 1.0 - eps
        dz = dz * (valid[:, None] * g)
        # end exercise
        input._accumulate(_class_first(dz, input.data.shape))

    return Tensor._make(out, (input,), backward)


def _class_first(g: Array, shape: tuple[int, ...]) -> Array:
    """Inverse of :func:`_class_last`: (M, C) back to the logits' shape."""
    if len(shape) <= 2:
        return g.reshape(shape)
    moved = (shape[0], *shape[2:], shape[1])
    return np.moveaxis(g.reshape(moved), -1, 1)


def nll_loss(
    input: Tensor, target: Any, ignore_index: int = -100, reduction: str = "mean"
) -> Tensor:
    """Negative log-likelihood of log-probabilities ``input`` (N, C[, d...]) at
    ``target`` (``F.nll_loss``): $-\\log p_{i, y_i}$, mean over non-ignored targets."""
    logp = _class_last(input.data)
    t_full = np.asarray(target.data if isinstance(target, Tensor) else target)
    t = t_full.reshape(-1)
    valid = t != ignore_index
    safe_t = np.where(valid, t, 0)
    rows = np.arange(logp.shape[0])
    losses = np.where(valid, -logp[rows, safe_t], 0).astype(logp.dtype, copy=False)
    out, scale = _reduce(losses.reshape(t_full.shape), reduction, max(int(valid.sum()), 1))

    def backward(grad: Array) -> None:
        g = grad.reshape(-1) * scale if reduction == "none" else np.full(t.shape, grad * scale)
        d = np.zeros_like(logp)
        d[rows, safe_t] = -np.where(valid, g, 0)
        input._accumulate(_class_first(d, input.data.shape))

    return Tensor._make(out, (input,), backward)


def mse_loss(input: Tensor, target: Any, reduction: str = "mean") -> Tensor:
    """Mean squared error $\\frac1n \\sum (x - y)^2$ (``F.mse_loss``); gradient $2(x - y)/n$."""
    target = as_tensor(target, input.data.dtype)
    diff = input.data - target.data
    out, scale = _reduce(diff * diff, reduction, max(diff.size, 1))

    def backward(grad: Array) -> None:
        g = grad * (2.0 * scale) * diff
        input._accumulate(g)
        target._accumulate(-g)

    return Tensor._make(out, (input, target), backward)


def binary_cross_entropy_with_logits(input: Tensor, target: Any, reduction: str = "mean") -> Tensor:
    """Logistic loss on logits $x$ with targets $y \\in [0, 1]$, stable:
    $\\max(x, 0) - x y + \\log(1 + e^{-|x|})$ (``F.binary_cross_entropy_with_logits``).

    Gradients: $\\sigma(x) - y$ for the logits, $-x$ for the targets.
    """
    target = as_tensor(target, input.data.dtype)
    x, y = input.data, target.data
    losses = np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x)))
    out, scale = _reduce(losses, reduction, max(losses.size, 1))

    def backward(grad: Array) -> None:
        z = np.exp(-np.abs(x))
        sig = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
        g = grad * scale
        input._accumulate(g * (sig - y))
        target._accumulate(g * -x)

    return Tensor._make(out, (input, target), backward)

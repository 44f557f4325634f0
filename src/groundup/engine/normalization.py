r"""Layer normalization and batch normalization, each one fused op (``F.layer_norm``,
``F.batch_norm``).

Section 4.4 Training deep networks. Both standardize activations and then apply a
learned scale and shift:

.. math::

    \hat x = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}},\qquad y = \gamma \hat x + \beta,

with the *biased* variance :math:`\sigma^2 = \frac1n \sum (x - \mu)^2`. They differ in
what the statistics are taken over. Layer norm: the last dimensions of each sample
(every token of a GPT on its own). Batch norm: the batch (and spatial) dimensions of
each channel; in training it uses the batch's statistics and updates running
estimates (with the *unbiased* variance), in evaluation it uses those estimates.

The backward of the standardization, per group of n normalized elements, with
:math:`\hat g = \gamma \cdot \partial L / \partial y`:

.. math::

    \frac{\partial L}{\partial x} = \frac{1}{\sqrt{\sigma^2 + \epsilon}}
    \Big(\hat g - \overline{\hat g} - \hat x\, \overline{\hat g \hat x}\Big),

bars denoting means over the group: the two subtracted terms are the paths through
:math:`\mu` and :math:`\sigma^2`. Fusing it saves the dozen small ops (and their
arrays) that composing ``mean``, ``var`` and ``sqrt`` would record.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .creation import as_tensor
from .tensor import Array, Tensor


def _affine_grads(
    grad: Array, x_hat: Array, weight: Tensor | None, bias: Tensor | None, axes: tuple[int, ...]
) -> None:
    """Accumulates the gradients of ``y = weight * x_hat + bias`` into weight and bias."""
    if weight is not None:
        weight._accumulate((grad * x_hat).sum(axis=axes).reshape(weight.data.shape))
    if bias is not None:
        bias._accumulate(grad.sum(axis=axes).reshape(bias.data.shape))


def layer_norm(
    input: Tensor,
    normalized_shape: int | Sequence[int],
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Normalizes over the last ``len(normalized_shape)`` dimensions of each sample.

    Args:
        input: (..., *normalized_shape), e.g. (B, T, C) with ``normalized_shape = C``.
        normalized_shape: the trailing shape to normalize over.
        weight: the scale gamma, shaped ``normalized_shape``, or None.
        bias: the shift beta, shaped ``normalized_shape``, or None.
        eps: added to the variance inside the square root.

    Returns:
        A tensor shaped like ``input``.

    Raises:
        ValueError: if the input's trailing shape is not ``normalized_shape``.
    """
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    x = as_tensor(input)
    if x.data.shape[x.data.ndim - len(shape) :] != shape or x.data.ndim < len(shape):
        raise ValueError(
            f"layer_norm over normalized_shape {shape} expects an input of shape "
            f"(*, {', '.join(map(str, shape))}), got {x.data.shape}"
        )
    # exercise: training.layernorm
    D = math.prod(shape)  # features per sample
    x2 = x.data.reshape(-1, D)  # (M, D): one row per normalized group
    mean = x2.mean(axis=1, keepdims=True)  # (M, 1)
    x_hat = x2 - mean
    var = np.einsum("ij,ij->i", x_hat, x_hat)[:, None] / D  # biased: divide by D
    inv_std = 1.0 / np.sqrt(var + eps)  # (M, 1)
    x_hat *= inv_std
    w = None if weight is None else weight.data.reshape(D)
    out = x_hat if w is None else x_hat * w
    if bias is not None:
        out = out + bias.data.reshape(D)

    def backward(grad: Array) -> None:
        g2 = grad.reshape(-1, D)
        g_hat = g2 if w is None else g2 * w
        mean_g = g_hat.mean(axis=1, keepdims=True)  # the path through the mean
        mean_gx = np.einsum("ij,ij->i", g_hat, x_hat)[:, None] / D  # through the variance
        dx = g_hat - mean_g
        dx -= x_hat * mean_gx
        dx *= inv_std
        x._accumulate(dx.reshape(x.data.shape))
        if weight is not None:
            weight._accumulate(np.einsum("ij,ij->j", g2, x_hat).reshape(weight.data.shape))
        if bias is not None:
            bias._accumulate(g2.sum(axis=0).reshape(bias.data.shape))

    parents = tuple(t for t in (x, weight, bias) if t is not None)
    return Tensor._make(out.reshape(x.data.shape), parents, backward)
    # end exercise


def batch_norm(
    input: Tensor,
    running_mean: Array | Tensor | None,
    running_var: Array | Tensor | None,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    r"""Normalizes each channel (dimension 1) over the batch and spatial dimensions.

    In training, the batch mean :math:`\mu_B` and *biased* variance :math:`\sigma_B^2`
    normalize, and the running estimates (when given) are updated in place:
    :math:`r_\mu \leftarrow (1 - m) r_\mu + m \mu_B`,
    :math:`r_{\sigma^2} \leftarrow (1 - m) r_{\sigma^2} + m \frac{n}{n - 1}\sigma_B^2`
    with the *unbiased* variance (n values per channel). In evaluation the running
    estimates normalize and nothing is updated: the output of one sample no longer
    depends on the rest of its batch.

    Args:
        input: (N, C), (N, C, L) or (N, C, H, W).
        running_mean: (C,) running mean, updated in place in training; or None.
        running_var: (C,) running variance, updated in place in training; or None.
        weight: gamma, (C,), or None.
        bias: beta, (C,), or None.
        training: use batch statistics (and update the running ones).
        momentum: m, the weight of the new batch in the running estimates.
        eps: added to the variance inside the square root.

    Returns:
        A tensor shaped like ``input``.

    Raises:
        ValueError: for an input of fewer than 2 dimensions, a single value per
            channel in training, or missing running statistics in evaluation.
    """
    x = as_tensor(input)
    if x.data.ndim < 2:
        raise ValueError(f"batch_norm expects an input of shape (N, C, ...), got {x.data.shape}")
    C = x.data.shape[1]
    n = x.data.size // C if C else 0  # values per channel
    if training and n <= 1:
        raise ValueError(
            f"Expected more than 1 value per channel when training, got input size {x.data.shape}"
        )
    if not training and (running_mean is None or running_var is None):
        raise ValueError("batch_norm in evaluation needs running_mean and running_var")
    rm = running_mean.data if isinstance(running_mean, Tensor) else running_mean
    rv = running_var.data if isinstance(running_var, Tensor) else running_var
    axes = (0, *range(2, x.data.ndim))  # every dimension but the channel
    bshape = (1, C) + (1,) * (x.data.ndim - 2)  # (C,) statistics broadcast as (1, C, 1, ...)
    # exercise: training.batchnorm-train-eval
    if training:
        mean = x.data.mean(axis=axes)
        var = x.data.var(axis=axes)  # biased (divide by n): what normalizes this batch
        if rm is not None:
            rm *= 1.0 - momentum
            rm += momentum * mean
        if rv is not None:
            rv *= 1.0 - momentum
            rv += momentum * var * (n / (n - 1))  # NOTE: unbiased for the running estimate
    else:
        mean, var = rm, rv
    # end exercise
    inv_std = (1.0 / np.sqrt(var + eps)).astype(x.data.dtype, copy=False).reshape(bshape)
    x_hat = (x.data - mean.astype(x.data.dtype, copy=False).reshape(bshape)) * inv_std
    out = x_hat if weight is None else x_hat * weight.data.reshape(bshape)
    if bias is not None:
        out = out + bias.data.reshape(bshape)

    def backward(grad: Array) -> None:
        g_hat = grad if weight is None else grad * weight.data.reshape(bshape)
        if training:  # the batch statistics depend on x: two more paths
            mean_g = g_hat.mean(axis=axes, keepdims=True)
            mean_gx = (g_hat * x_hat).mean(axis=axes, keepdims=True)
            x._accumulate(inv_std * (g_hat - mean_g - x_hat * mean_gx))
        else:  # fixed statistics: an affine map
            x._accumulate(g_hat * inv_std)
        _affine_grads(grad, x_hat, weight, bias, axes)

    parents = tuple(t for t in (x, weight, bias) if t is not None)
    return Tensor._make(out, parents, backward)

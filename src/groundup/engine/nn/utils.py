r"""Gradient clipping: ``torch.nn.utils.clip_grad_norm_`` and ``clip_grad_value_``.

Section 4.4 Training deep networks. One bad batch can produce a gradient many times
larger than usual, and one step along it can undo hours of training. Clipping by the
*global* norm rescales all the gradients together, so the step keeps its direction
and only its length is capped:

.. math::

    \lVert g \rVert = \Big(\sum_{p} \lVert g_p \rVert^q\Big)^{1/q},\qquad
    g_p \leftarrow g_p \cdot \min\Big(1, \frac{c}{\lVert g \rVert + 10^{-6}}\Big).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from ..tensor import Tensor


def _grads_of(parameters: Tensor | Iterable[Any]) -> list[Any]:
    """The parameters that have a gradient (a single Tensor counts as one)."""
    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    return [p for p in params if p.grad is not None]


def clip_grad_norm_(
    parameters: Tensor | Iterable[Any],
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
) -> Tensor:
    """Rescales all gradients together so that their global norm is at most ``max_norm``.

    Args:
        parameters: a Tensor or an iterable of them (``model.parameters()``);
            those without a gradient are skipped.
        max_norm: the largest norm allowed.
        norm_type: q of the q-norm (``float("inf")`` for the largest absolute value).
        error_if_nonfinite: raise if the total norm is NaN or infinite.

    Returns:
        The total norm of the gradients *before* clipping, a 0-d Tensor (log it: a
        norm that suddenly jumps is a sign of instability).

    Raises:
        RuntimeError: if ``error_if_nonfinite`` and the norm is not finite.
    """
    params = _grads_of(parameters)
    if not params:
        return Tensor(np.zeros((), dtype=np.float32))
    # exercise: training.clip-grad-norm
    if norm_type == math.inf:
        total = max(float(np.abs(p.grad).max(initial=0.0)) for p in params)
    elif norm_type == 2.0:
        total = math.sqrt(sum(float(np.vdot(p.grad, p.grad)) for p in params))
    else:
        norms = [np.sum(np.abs(p.grad) ** norm_type) for p in params]
        total = float(np.sum(norms)) ** (1.0 / norm_type)
    if error_if_nonfinite and not math.isfinite(total):
        raise RuntimeError(
            f"the total norm of order {norm_type} of the gradients is {total}, so they "
            "cannot be clipped; set error_if_nonfinite=False to skip this check"
        )
    clip_coef = max_norm / (total + 1e-6)  # NOTE: 1e-6 keeps a zero gradient finite
    if clip_coef < 1.0:
        for p in params:
            p.grad = p.grad * clip_coef
    return Tensor(np.asarray(total, dtype=params[0].grad.dtype))
    # end exercise


def clip_grad_value_(parameters: Tensor | Iterable[Any], clip_value: float) -> None:
    """Clamps every gradient entry into ``[-clip_value, clip_value]``, in place.

    Unlike :func:`clip_grad_norm_` this changes the gradient's direction.
    """
    for p in _grads_of(parameters):
        p.grad = np.clip(p.grad, -clip_value, clip_value)

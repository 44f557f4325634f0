"""Matrix multiplication, batched and broadcast with PyTorch's rules, and its backward.

Section 4.2 Backpropagation. For $C = AB$, $\\partial L/\\partial A = G B^\\top$ and
$\\partial L/\\partial B = A^\\top G$; batch dimensions broadcast like elementwise ops,
so their gradients are un-broadcast, and 1-D operands are promoted to matrices and back.
"""

from __future__ import annotations

from typing import Any, Self

import numpy as np

from .autograd import Array, TensorCore, unbroadcast


class LinearAlgebra(TensorCore):
    """Matrix multiplication for ``Tensor`` (a mixin: use it through ``Tensor``)."""

    __slots__ = ()

    def __matmul__(self, other: Any) -> Self:
        """Matrix product with NumPy/PyTorch rules: batched, 1-D operands promoted."""
        other = self._lift(other)
        out = self.data @ other.data

        def backward(grad: Array) -> None:
            # exercise: engine.matmul-backward
            a, b = self.data, other.data
            if a.ndim == 1 and b.ndim == 1:  # a dot product: a scalar out
                self._accumulate(grad * b)
                other._accumulate(grad * a)
                return
            # NOTE: 1-D operands are promoted to matrices and back (PyTorch's rule).
            a2 = a[None, :] if a.ndim == 1 else a  # (..., n, k)
            b2 = b[:, None] if b.ndim == 1 else b  # (..., k, m)
            g = grad
            if a.ndim == 1:
                g = np.expand_dims(g, -2)
            if b.ndim == 1:
                g = np.expand_dims(g, -1)  # (..., n, m)
            # Only the gradients somebody needs (PyTorch's needs_input_grad): an input
            # batch is a constant, and its product would cost as much as the forward.
            if self.requires_grad:
                grad_a = g @ np.swapaxes(b2, -1, -2)  # (..., n, m) @ (..., m, k)
                if a.ndim == 1:
                    grad_a = grad_a.squeeze(-2)
                self._accumulate(unbroadcast(grad_a, a.shape))  # sum broadcast batch dims
            if other.requires_grad:
                grad_b = np.swapaxes(a2, -1, -2) @ g  # (..., k, n) @ (..., n, m)
                if b.ndim == 1:
                    grad_b = grad_b.squeeze(-1)
                other._accumulate(unbroadcast(grad_b, b.shape))
            # end exercise

        return self._make(np.asarray(out), (self, other), backward)

    def __rmatmul__(self, other: Any) -> Self:
        return self._lift(other) @ self

    matmul = __matmul__

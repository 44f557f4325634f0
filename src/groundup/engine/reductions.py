"""Reductions: sum, mean, max and min, variance, log-sum-exp, along any dims.

Section 4.2 Backpropagation. A reduction's backward hands the output's gradient back to
every element that fed it: all of them for a sum, each divided by $n$ for a mean, only
the winners for a max (ties share it, as in ``torch.amax``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, Self

import numpy as np

from .autograd import Array, TensorCore


class Reductions(TensorCore):
    """The reductions of ``Tensor`` (a mixin: use them through ``Tensor``)."""

    __slots__ = ()

    def sum(self, dim: int | tuple[int, ...] | None = None, keepdim: bool = False) -> Self:
        """Sum over ``dim`` (all if None); every input element gets the output's gradient."""
        out = self.data.sum(axis=dim, keepdims=keepdim)

        def backward(grad: Array) -> None:
            # exercise: engine.sum-backward
            if dim is not None and not keepdim:
                grad = np.expand_dims(grad, dim)
            self._accumulate(np.broadcast_to(grad, self.data.shape))
            # end exercise

        return self._make(np.asarray(out), (self,), backward)

    def mean(self, dim: int | tuple[int, ...] | None = None, keepdim: bool = False) -> Self:
        """Mean over ``dim``: $\\partial \\bar x / \\partial x_i = 1/n$ for the $n$ averaged."""
        out = np.asarray(self.data.mean(axis=dim, keepdims=keepdim))

        def backward(grad: Array) -> None:
            # exercise: engine.mean-backward
            n = max(self.data.size // max(out.size, 1), 1)  # how many were averaged
            if dim is not None and not keepdim:
                grad = np.expand_dims(grad, dim)
            self._accumulate(np.broadcast_to(grad / n, self.data.shape))
            # end exercise

        return self._make(out, (self,), backward)

    def amax(self, dim: int | tuple[int, ...] | None = None, keepdim: bool = False) -> Self:
        """Max over ``dim`` (all if None); tied maxima share the gradient equally, as in
        ``torch.amax`` (and ``torch.max`` without a dim)."""
        kept = self.data.max(axis=dim, keepdims=True)  # the max, reduced dims kept as 1
        dropped = kept.reshape(()) if dim is None else np.squeeze(kept, axis=dim)
        out = kept if keepdim else dropped

        def backward(grad: Array) -> None:
            # exercise: engine.max-backward
            grad = grad.reshape(kept.shape)  # put back the reduced dims as size 1
            hits = self.data == kept  # every maximum, ties included
            count = hits.sum(axis=dim, keepdims=True)
            self._accumulate(hits * (grad / count))
            # end exercise

        return self._make(out, (self,), backward)

    def amin(self, dim: int | tuple[int, ...] | None = None, keepdim: bool = False) -> Self:
        """Min over ``dim``; tied minima share the gradient equally (``torch.amin``)."""
        whole: Any = self  # a Tensor at run time: negation is mixed in beside this class
        return -((-whole).amax(dim, keepdim))

    def max(self, dim: Any = None, keepdim: bool = False) -> Any:
        """Like ``torch.max``: the overall max (ties share the gradient), or, with ``dim``,
        the pair ``(values, indices)`` where the gradient goes to the index returned
        (the first maximum), or with a tensor, the elementwise :meth:`maximum`."""
        if isinstance(dim, TensorCore):
            whole: Any = self  # a Tensor at run time, with the elementwise ops
            return whole.maximum(dim)
        if dim is None:
            return self.amax()
        return _select(self, dim, keepdim, np.argmax)

    def min(self, dim: Any = None, keepdim: bool = False) -> Any:
        """Like ``torch.min`` (see :meth:`max`)."""
        if isinstance(dim, TensorCore):
            whole: Any = self  # a Tensor at run time, with the elementwise ops
            return whole.minimum(dim)
        if dim is None:
            return self.amin()
        return _select(self, dim, keepdim, np.argmin)

    def argmax(self, dim: int | None = None, keepdim: bool = False) -> Self:
        """Index of the (first) maximum, over everything (flattened) or along ``dim``."""
        if dim is None:
            return type(self)(np.argmax(self.data))
        return type(self)(np.argmax(self.data, axis=dim, keepdims=keepdim))

    def argmin(self, dim: int | None = None, keepdim: bool = False) -> Self:
        """Index of the (first) minimum."""
        if dim is None:
            return type(self)(np.argmin(self.data))
        return type(self)(np.argmin(self.data, axis=dim, keepdims=keepdim))

    def var(
        self,
        dim: int | tuple[int, ...] | None = None,
        unbiased: bool | None = None,
        keepdim: bool = False,
        *,
        correction: int | None = None,
    ) -> Self:
        """Variance $\\sum (x - \\bar x)^2 / (n - c)$ with ``correction`` $c$.

        ``correction=1`` (the default, Bessel's) is ``unbiased=True``; ``unbiased=False``
        is ``correction=0``, as in PyTorch. The gradient is $2 (x - \\bar x) / (n - c)$
        (the mean's own dependence on $x$ cancels because deviations sum to zero).
        """
        c = correction if correction is not None else (0 if unbiased is False else 1)
        x = self.data
        mean = x.mean(axis=dim, keepdims=True)
        diff = x - mean
        n = x.size // max(mean.size, 1) if x.size else 0
        out = (diff * diff).sum(axis=dim, keepdims=keepdim) / max(n - c, 0)

        def backward(grad: Array) -> None:
            if dim is not None and not keepdim:
                grad = np.expand_dims(grad, dim)
            self._accumulate(grad * diff * (2.0 / (n - c)))

        return self._make(np.asarray(out, dtype=x.dtype), (self,), backward)

    def std(
        self,
        dim: int | tuple[int, ...] | None = None,
        unbiased: bool | None = None,
        keepdim: bool = False,
        *,
        correction: int | None = None,
    ) -> Self:
        """Standard deviation, the square root of :meth:`var`."""
        variance: Any = self.var(dim, unbiased, keepdim, correction=correction)
        return variance.sqrt()

    def logsumexp(self, dim: int | tuple[int, ...], keepdim: bool = False) -> Self:
        """$\\log \\sum_i e^{x_i}$ along ``dim``, stable: shifted by the max first.

        Its gradient is the softmax, $e^{x_i - \\mathrm{lse}}$.
        """
        x = self.data
        m = x.max(axis=dim, keepdims=True)
        m = np.where(np.isfinite(m), m, 0)  # NOTE: all -inf rows: shift by 0, not by -inf
        with np.errstate(divide="ignore"):  # an all -inf row: log 0 = -inf, as in PyTorch
            lse = np.log(np.exp(x - m).sum(axis=dim, keepdims=True)) + m
        out = lse if keepdim else np.squeeze(lse, axis=dim)

        def backward(grad: Array) -> None:
            if not keepdim:
                grad = np.expand_dims(grad, dim)
            with np.errstate(invalid="ignore"):  # -inf - -inf: NaN, as in PyTorch
                self._accumulate(grad * np.exp(x - lse))

        return self._make(np.asarray(out, dtype=x.dtype), (self,), backward)


class MinMax(NamedTuple):
    """``(values, indices)`` of ``Tensor.max(dim)`` / ``Tensor.min(dim)``."""

    values: Any
    indices: Any


def _select(x: Any, dim: int, keepdim: bool, arg: Callable[..., Array]) -> MinMax:
    """``torch.max(x, dim)``: the gradient goes to the one index returned.

    ``x`` is a ``Tensor`` (gathering and squeezing are mixed in beside this class).
    """
    index = arg(x.data, axis=dim, keepdims=True)
    values = x.gather(dim, index)
    if not keepdim:
        values = values.squeeze(dim)
        index = np.squeeze(index, axis=dim)
    return MinMax(values, type(x)(index))

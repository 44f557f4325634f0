"""Elementwise arithmetic and math: ``+ - * / **``, exp, log, activations, comparisons.

Section 4.2 Backpropagation. Each method is one op in the pattern of ``autograd.py``:
the forward in NumPy, then a backward closure whose local derivative sits next to the
forward, un-broadcast to each input's shape and added into its gradient. Python numbers
take a fast path: no constant tensor is built, and NumPy's rule for Python scalars keeps
float32 float32 (``x * 2.0`` stays float32, as in PyTorch).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Self, TypeVar

import numpy as np

from .activations import log_softmax, softmax
from .autograd import Array, TensorCore, _raw, unbroadcast

_PY_NUMBERS = (int, float)
"""Types that take the fast path of arithmetic: NumPy keeps a float32 array float32."""


class Elementwise(TensorCore):
    """The elementwise ops of ``Tensor`` (a mixin: use them through ``Tensor``)."""

    __slots__ = ()

    def __add__(self, other: Any) -> Self:
        if type(other) in _PY_NUMBERS:  # not NumPy scalars: np.float64 is not "weak"
            return self._make(self.data + other, (self,), self._accumulate)
        other = self._lift(other)
        out = self.data + other.data

        def backward(grad: Array) -> None:
            # exercise: engine.add-backward
            self._accumulate(unbroadcast(grad, self.data.shape))
            other._accumulate(unbroadcast(grad, other.data.shape))
            # end exercise

        return self._make(out, (self, other), backward)

    def __neg__(self) -> Self:
        def backward(grad: Array) -> None:
            self._accumulate(-grad)

        return self._make(-self.data, (self,), backward)

    def __sub__(self, other: Any) -> Self:
        if type(other) in _PY_NUMBERS:  # not NumPy scalars: np.float64 is not "weak"
            return self._make(self.data - other, (self,), self._accumulate)
        other = self._lift(other)
        out = self.data - other.data

        def backward(grad: Array) -> None:
            self._accumulate(unbroadcast(grad, self.data.shape))
            other._accumulate(unbroadcast(-grad, other.data.shape))

        return self._make(out, (self, other), backward)

    def __rsub__(self, other: Any) -> Self:
        return -self + other

    def __mul__(self, other: Any) -> Self:
        if type(other) in _PY_NUMBERS:  # not NumPy scalars: np.float64 is not "weak"
            c = other
            return self._make(self.data * c, (self,), lambda grad: self._accumulate(grad * c))
        other = self._lift(other)
        out = self.data * other.data

        def backward(grad: Array) -> None:
            # exercise: engine.mul-backward
            self._accumulate(unbroadcast(grad * other.data, self.data.shape))
            other._accumulate(unbroadcast(grad * self.data, other.data.shape))
            # end exercise

        return self._make(out, (self, other), backward)

    def __truediv__(self, other: Any) -> Self:
        if type(other) in _PY_NUMBERS:  # not NumPy scalars: np.float64 is not "weak"
            return self * (1.0 / other)
        other = self._lift(other)
        out = self.data / other.data

        def backward(grad: Array) -> None:
            # exercise: engine.div-backward
            a, b = self.data, other.data
            self._accumulate(unbroadcast(grad / b, a.shape))
            other._accumulate(unbroadcast(-grad * a / (b * b), b.shape))
            # end exercise

        return self._make(out, (self, other), backward)

    def __rtruediv__(self, other: Any) -> Self:
        return self._lift(other) / self

    def __pow__(self, exponent: Any) -> Self:
        """``self ** exponent``; a number exponent (fast) or a tensor one."""
        if isinstance(exponent, TensorCore):
            return _pow_tensor(self, exponent)
        p = exponent.item() if isinstance(exponent, np.generic) else exponent
        x = self.data
        # NOTE: x * x instead of x ** 2: NumPy's power is slow, and squares are everywhere.
        out = x * x if p == 2 else np.sqrt(x) if p == 0.5 else x**p

        def backward(grad: Array) -> None:
            if p == 2:
                self._accumulate(grad * 2.0 * x)
            elif p == 0.5:
                self._accumulate(grad * 0.5 / out)
            else:
                self._accumulate(grad * p * x ** (p - 1))

        return self._make(out, (self,), backward)

    def __rpow__(self, base: Any) -> Self:
        """``base ** self`` for a number ``base``: ``d/dx c^x = c^x ln c``."""
        out = np.power(base, self.data).astype(self.data.dtype, copy=False)
        log_base = float(np.log(base))

        def backward(grad: Array) -> None:
            self._accumulate(grad * out * log_base)

        return self._make(out, (self,), backward)

    __radd__ = __add__
    __rmul__ = __mul__

    def exp(self) -> Self:
        """$e^x$, elementwise; its derivative is itself."""
        out = np.exp(self.data)

        def backward(grad: Array) -> None:
            self._accumulate(grad * out)

        return self._make(out, (self,), backward)

    def log(self) -> Self:
        """The natural logarithm, elementwise: $d \\ln x / dx = 1/x$."""
        out = np.log(self.data)

        def backward(grad: Array) -> None:
            # exercise: engine.log-backward
            self._accumulate(grad / self.data)
            # end exercise

        return self._make(out, (self,), backward)

    def sqrt(self) -> Self:
        """$\\sqrt{x}$; derivative $1 / (2\\sqrt{x})$."""
        return self**0.5

    def abs(self) -> Self:
        """$|x|$; derivative ``sign(x)`` (0 at 0, as PyTorch)."""

        def backward(grad: Array) -> None:
            self._accumulate(grad * np.sign(self.data))

        return self._make(np.abs(self.data), (self,), backward)

    def clamp(self, min: float | None = None, max: float | None = None) -> Self:
        """Clips into ``[min, max]``; the gradient passes where ``min <= x <= max``."""
        # NOTE: Python floats, so that a NumPy float64 bound does not upcast float32.
        min = None if min is None else float(min)
        max = None if max is None else float(max)
        out = np.clip(self.data, min, max)

        def backward(grad: Array) -> None:
            inside = np.ones(self.data.shape, dtype=bool)
            if min is not None:
                inside &= self.data >= min
            if max is not None:
                inside &= self.data <= max
            self._accumulate(grad * inside)

        return self._make(out, (self,), backward)

    clip = clamp

    def maximum(self, other: Any) -> Self:
        """Elementwise max; on ties each input gets half the gradient (PyTorch's rule)."""
        return _minmax(self, self._lift(other), np.maximum)

    def minimum(self, other: Any) -> Self:
        """Elementwise min; on ties each input gets half the gradient (PyTorch's rule)."""
        return _minmax(self, self._lift(other), np.minimum)

    def relu(self) -> Self:
        """$\\max(x, 0)$; gradient 1 where $x > 0$, else 0 (0 at 0, as PyTorch)."""
        mask = self.data > 0

        def backward(grad: Array) -> None:
            self._accumulate(grad * mask)

        return self._make(self.data * mask, (self,), backward)

    def tanh(self) -> Self:
        """$\\tanh x$; derivative $1 - \\tanh^2 x$."""
        out = np.tanh(self.data)

        def backward(grad: Array) -> None:
            self._accumulate(grad * (1.0 - out * out))

        return self._make(out, (self,), backward)

    def sigmoid(self) -> Self:
        """$\\sigma(x) = 1/(1+e^{-x})$, stable for large $|x|$; derivative $\\sigma(1-\\sigma)$."""
        x = self.data
        # NOTE: e^{-x} overflows for x << 0; use e^{x}/(1+e^{x}) there.
        z = np.exp(-np.abs(x))
        out = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z)).astype(x.dtype, copy=False)

        def backward(grad: Array) -> None:
            self._accumulate(grad * out * (1.0 - out))

        return self._make(out, (self,), backward)

    def softmax(self, dim: int = -1) -> Self:
        """Softmax along ``dim`` (see :func:`groundup.engine.activations.softmax`)."""
        return softmax(self, dim)

    def log_softmax(self, dim: int = -1) -> Self:
        """Log-softmax along ``dim`` (see :func:`groundup.engine.activations.log_softmax`)."""
        return log_softmax(self, dim)

    # -- comparisons: boolean tensors, no gradient ----------------------------------------
    # NOTE: a class that defines __eq__ loses its inherited __hash__; tensors hash by
    # identity, as in PyTorch (== is elementwise).
    __hash__ = TensorCore.__hash__

    def __eq__(self, other: Any) -> Self:  # type: ignore[override]
        return type(self)(self.data == _raw(other))

    def __ne__(self, other: Any) -> Self:  # type: ignore[override]
        return type(self)(self.data != _raw(other))

    def __lt__(self, other: Any) -> Self:
        return type(self)(self.data < _raw(other))

    def __le__(self, other: Any) -> Self:
        return type(self)(self.data <= _raw(other))

    def __gt__(self, other: Any) -> Self:
        return type(self)(self.data > _raw(other))

    def __ge__(self, other: Any) -> Self:
        return type(self)(self.data >= _raw(other))

    def masked_fill(self, mask: Any, value: float) -> Self:
        """``value`` where ``mask`` is True, else ``self``; no gradient flows to the filled."""
        m = _raw(mask)
        out = np.where(m, np.asarray(value, dtype=self.data.dtype), self.data)

        def backward(grad: Array) -> None:
            self._accumulate(unbroadcast(np.where(m, 0, grad), self.data.shape))

        return self._make(out.astype(self.data.dtype, copy=False), (self,), backward)

    def where(self, condition: Any, other: Any) -> Self:
        """``self`` where ``condition`` holds, else ``other`` (``Tensor.where``)."""
        return where(condition, self, other)


T = TypeVar("T", bound=TensorCore)


def _pow_tensor(base: T, exponent: TensorCore) -> T:
    """``base ** exponent`` with both tensors: d/db = e b^(e-1), d/de = b^e ln b."""
    b, e = base.data, exponent.data
    out = b**e

    def backward(grad: Array) -> None:
        base._accumulate(unbroadcast(grad * e * b ** (e - 1), b.shape))
        with np.errstate(divide="ignore", invalid="ignore"):
            log_b = np.where(b > 0, np.log(np.where(b > 0, b, 1)), np.nan)
        exponent._accumulate(unbroadcast(grad * out * log_b, e.shape))

    return base._make(out, (base, exponent), backward)


def _minmax(a: T, b: TensorCore, pick: Callable[[Array, Array], Array]) -> T:
    """Elementwise max/min: the winner gets the gradient, a tie splits it in halves."""
    out = pick(a.data, b.data)

    def backward(grad: Array) -> None:
        wins_a = (a.data == out).astype(grad.dtype)
        wins_b = (b.data == out).astype(grad.dtype)
        share = grad / (wins_a + wins_b)
        a._accumulate(unbroadcast(share * wins_a, a.data.shape))
        b._accumulate(unbroadcast(share * wins_b, b.data.shape))

    return a._make(out, (a, b), backward)


def where(condition: Any, input: Any, other: Any) -> Any:
    """``input`` where ``condition`` holds, else ``other``, broadcast (``torch.where``).

    Raises:
        TypeError: if none of the three is a tensor (as ``torch.where`` needs one).
    """
    if isinstance(input, TensorCore):
        a = input
    elif isinstance(other, TensorCore):
        a = other._lift(input)  # a number next to a tensor takes the tensor's dtype
    elif isinstance(condition, TensorCore):
        a = type(condition)(input)  # float32 for Python floats, as torch.where(c, 1.0, 0.0)
    else:
        raise TypeError("where() needs a tensor among its arguments, got none")
    cond = np.asarray(_raw(condition), dtype=bool)
    b = a._lift(other)
    out = np.where(cond, a.data, b.data)

    def backward(grad: Array) -> None:
        a._accumulate(unbroadcast(np.where(cond, grad, 0), a.data.shape))
        b._accumulate(unbroadcast(np.where(cond, 0, grad), b.data.shape))

    return a._make(out, (a, b), backward)


def maximum(input: Elementwise, other: Any) -> Any:
    """Elementwise max (``torch.maximum``)."""
    return input.maximum(other)


def minimum(input: Elementwise, other: Any) -> Any:
    """Elementwise min (``torch.minimum``)."""
    return input.minimum(other)

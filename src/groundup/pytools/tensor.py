"""A small Tensor: a NumPy array behind Python's operators.

Section 0.1 Python and the scientific stack. Python turns ``a + b`` into
``a.__add__(b)``, and, when that returns ``NotImplemented`` (an ``int`` does not know
about tensors), into the reflected ``b.__radd__(a)``. Defining these "magic" (dunder)
methods makes a class read like math. This class has no gradients yet: Part 4's
autodiff engine grows from it, adding a backward closure to each operation.

Every operation returns a **new** Tensor and leaves its operands unchanged, as
PyTorch's out-of-place operators do; numbers and arrays broadcast against a Tensor
with NumPy's rules.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ._types import FloatArray


def _unwrap(other: Any) -> FloatArray:
    """The array behind an operand: a Tensor's data, or a number or array as float64."""
    if isinstance(other, Tensor):
        return other.data
    return np.asarray(other, dtype=np.float64)


class Tensor:
    """An n-dimensional array of float64 numbers with arithmetic operators.

    Args:
        data: anything ``np.asarray`` accepts: a number, a (nested) list, an array.

    Attributes:
        data: the values, a float64 array (a copy, so the caller's array is never shared).

    Example:
        >>> t = Tensor([1.0, 2.0])
        >>> (2 * t + 1).data
        array([3., 5.])
    """

    # NOTE: without this, `np.float64(2) + t` or `array + t` would let NumPy treat the
    # Tensor as an opaque object and build an array of Tensors. None tells NumPy to
    # return NotImplemented, so Python calls our reflected method (__radd__, ...).
    __array_ufunc__ = None

    def __init__(self, data: npt.ArrayLike) -> None:
        self.data: FloatArray = np.array(data, dtype=np.float64)

    # -- container protocol -------------------------------------------------------------

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of :attr:`data`."""
        return self.data.shape

    def __len__(self) -> int:
        """The size of the first axis (``TypeError`` for a 0-d tensor, like NumPy)."""
        if self.data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return int(self.data.shape[0])

    def __getitem__(self, index: Any) -> Tensor:
        """``t[index]`` with NumPy's indexing rules; always a new Tensor."""
        return Tensor(self.data[index])

    def __repr__(self) -> str:
        """``Tensor([1., 2.], shape=(2,))``: unambiguous, for debugging."""
        values = np.array2string(self.data, separator=", ")
        return f"Tensor({values}, shape={self.shape})"

    # -- comparison ---------------------------------------------------------------------

    def __eq__(self, other: object) -> npt.NDArray[np.bool_]:  # type: ignore[override]
        """Elementwise equality, like ``torch.eq``: a boolean array, not one bool.

        Use ``(t == u).all()`` to ask whether two tensors are equal everywhere.
        """
        return np.asarray(self.data == _unwrap(other))

    # NOTE: defining __eq__ sets __hash__ to None. Restore hashing by identity, as
    # PyTorch does, so tensors can live in sets (the autodiff engine needs that).
    __hash__ = object.__hash__

    # -- arithmetic -----------------------------------------------------------------------

    def __add__(self, other: Any) -> Tensor:
        """``self + other``: a new Tensor; ``other`` is a Tensor, a number or an array.

        Shapes broadcast with NumPy's rules: ``(3, 1) + (4,)`` gives ``(3, 4)``.

        Raises:
            ValueError: if the shapes cannot be broadcast together.
        """
        # exercise: python.tensor-add
        if isinstance(other, Tensor):
            return Tensor(self.data + other.data)
        return Tensor(self.data + np.asarray(other, dtype=np.float64))
        # end exercise

    def __radd__(self, other: Any) -> Tensor:
        """``other + self`` when ``other`` does not know how (``2 + t``)."""
        return self + other  # addition commutes

    def __neg__(self) -> Tensor:
        """``-self``."""
        return Tensor(-self.data)

    def __sub__(self, other: Any) -> Tensor:
        """``self - other``."""
        return Tensor(self.data - _unwrap(other))

    def __rsub__(self, other: Any) -> Tensor:
        """``other - self`` when ``other`` does not know how (``2 - t``).

        Python calls ``t.__rsub__(2)`` for ``2 - t``: ``other`` is the *left* operand.
        """
        # exercise: python.tensor-rsub
        return Tensor(_unwrap(other) - self.data)
        # end exercise

    def __mul__(self, other: Any) -> Tensor:
        """``self * other``, elementwise with broadcasting."""
        return Tensor(self.data * _unwrap(other))

    def __rmul__(self, other: Any) -> Tensor:
        """``other * self`` (``2 * t``)."""
        return self * other  # elementwise multiplication commutes

    def __truediv__(self, other: Any) -> Tensor:
        """``self / other``, elementwise with broadcasting."""
        return Tensor(self.data / _unwrap(other))

    def __rtruediv__(self, other: Any) -> Tensor:
        """``other / self`` (``1 / t``)."""
        return Tensor(_unwrap(other) / self.data)

    def __pow__(self, exponent: float) -> Tensor:
        """``self ** exponent`` for a number ``exponent``."""
        return Tensor(self.data**exponent)

    def __matmul__(self, other: Any) -> Tensor:
        """``self @ other``: the matrix product, with NumPy's rules for 1-D and stacks.

        Raises:
            ValueError: if the inner dimensions differ, naming both shapes.
        """
        other_data = _unwrap(other)
        if self.data.ndim == 0 or other_data.ndim == 0:
            raise ValueError("@ needs tensors of at least one dimension; use * for numbers")
        if self.data.shape[-1] != other_data.shape[max(other_data.ndim - 2, 0)]:
            raise ValueError(
                f"cannot multiply shapes {self.shape} and {other_data.shape}: "
                "the last axis of the left must match the second-to-last of the right"
            )
        return Tensor(self.data @ other_data)

    def __rmatmul__(self, other: Any) -> Tensor:
        """``other @ self`` when ``other`` is an array."""
        return Tensor(_unwrap(other)) @ self

    def sum(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        """The sum over ``axis`` (all axes by default), as a Tensor."""
        return Tensor(self.data.sum(axis=axis, keepdims=keepdims))

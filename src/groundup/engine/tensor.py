"""The Tensor: a NumPy array that remembers how it was made, for reverse-mode autodiff.

Section 4.2 Backpropagation. Every operation follows one pattern: compute the output
in NumPy, then attach a small ``backward`` closure that receives the gradient of the
loss with respect to the output and *adds* the gradient with respect to each input
into that input (adding, so that a tensor used twice gets both contributions).
:meth:`Tensor.backward` visits the graph once in reverse topological order.

Names and semantics follow PyTorch (``requires_grad``, ``.grad``, ``.backward()``,
``.detach()``, ``no_grad()``), with one simplification: ``.data`` and ``.grad`` are
NumPy arrays rather than tensors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]
"""A NumPy array of the tensor's dtype (float32 unless float64 was asked for)."""

Backward = Callable[[Array], None]
"""Receives the gradient with respect to an op's output; adds into the inputs' grads."""

DEFAULT_DTYPE = np.float32

_grad_enabled = [True]


@contextmanager
def no_grad() -> Iterator[None]:
    """Within this block, operations record no graph (evaluation, optimizer updates)."""
    previous = _grad_enabled[0]
    _grad_enabled[0] = False
    try:
        yield
    finally:
        _grad_enabled[0] = previous


def is_grad_enabled() -> bool:
    """Whether operations currently record the graph."""
    return _grad_enabled[0]


def unbroadcast(grad: Array, shape: tuple[int, ...]) -> Array:
    """Sums ``grad`` down to ``shape``: the backward of NumPy broadcasting.

    An input of shape ``shape`` broadcast to the output's shape was copied along every
    new leading axis and every axis where it had size 1, so its gradient is the sum of
    the output gradient over those axes.

    Args:
        grad: the gradient with respect to the broadcast result.
        shape: the input's shape; ``grad.shape`` must broadcast from it.

    Returns:
        An array of exactly ``shape``.
    """
    if grad.shape == shape:
        return grad
    # NOTE: leading axes first, then the size-1 axes that were stretched.
    extra = grad.ndim - len(shape)
    if extra > 0:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad


class Tensor:
    """An n-dimensional array with reverse-mode automatic differentiation.

    Args:
        data: anything ``np.asarray`` accepts (a number, a list, an array, a Tensor).
            Floats are stored as float32 unless ``dtype`` says otherwise or ``data`` is
            already a float64 array; integer and boolean data keep their dtype.
        requires_grad: whether gradients with respect to this tensor are wanted.
        dtype: a NumPy dtype to convert to.

    Attributes:
        data: the values, a NumPy array.
        grad: the gradient of the last ``backward()`` (summed over calls until
            zeroed), an array shaped like ``data``, or None.
        requires_grad: whether this tensor takes part in autodiff.
    """

    __slots__ = ("_backward", "_parents", "data", "grad", "requires_grad")
    __array_priority__ = 1000  # ndarray <op> Tensor defers to Tensor's reflected op

    def __init__(
        self, data: Any, requires_grad: bool = False, dtype: npt.DTypeLike | None = None
    ) -> None:
        if isinstance(data, Tensor):
            data = data.data
        arr = np.asarray(data, dtype=dtype)
        if dtype is None and arr.dtype.kind == "f" and arr.dtype != np.float64:
            arr = arr.astype(DEFAULT_DTYPE, copy=False)
        elif dtype is None and not isinstance(data, np.ndarray) and arr.dtype == np.float64:
            arr = arr.astype(DEFAULT_DTYPE)  # Python floats and lists: float32 by default
        if requires_grad and arr.dtype.kind != "f":
            raise TypeError(f"only floating-point tensors can require gradients, got {arr.dtype}")
        self.data: Array = arr
        self.grad: Array | None = None
        self.requires_grad = requires_grad
        self._parents: tuple[Tensor, ...] = ()
        self._backward: Backward | None = None

    # -- building the graph ---------------------------------------------------------------

    @staticmethod
    def _make(data: Array, parents: tuple[Tensor, ...], backward: Backward) -> Tensor:
        """The output of an op: records ``parents`` and ``backward`` if a graph is wanted.

        When no parent requires a gradient, or inside :func:`no_grad`, the result is a
        plain constant and ``backward`` is dropped (no graph, no memory kept).
        """
        out = Tensor.__new__(Tensor)
        out.data = data
        out.grad = None
        if _grad_enabled[0] and any(p.requires_grad for p in parents):
            out.requires_grad = True
            out._parents = tuple(p for p in parents if p.requires_grad)
            out._backward = backward
        else:
            out.requires_grad = False
            out._parents = ()
            out._backward = None
        return out

    def _accumulate(self, grad: Array) -> None:
        """Adds ``grad`` (already of this tensor's shape) into ``self.grad``.

        Never adds in place into an array it did not make: one upstream gradient is
        often handed to several inputs (``a + b`` gives both the same array).
        """
        if not self.requires_grad:
            return
        if self.grad is None:
            # A leaf keeps its gradient after backward(), so it gets its own copy.
            leaf = self._backward is None
            self.grad = np.array(grad, dtype=self.data.dtype, copy=True) if leaf else grad
        else:
            self.grad = self.grad + grad

    def backward(self, gradient: Any = None) -> None:
        """Computes the gradient of this tensor with respect to every leaf that needs one.

        Leaves (tensors created by the user with ``requires_grad=True``) accumulate
        into ``.grad`` across calls, until zeroed. Intermediate tensors do not keep a
        gradient, and the graph is freed afterwards, as in PyTorch.

        Args:
            gradient: the gradient with respect to this tensor; may be omitted for a
                single-element tensor (a loss), where it is 1.

        Raises:
            RuntimeError: if this tensor does not require a gradient, or is not a
                scalar and no ``gradient`` is given.
        """
        if not self.requires_grad:
            raise RuntimeError(
                "this tensor does not require grad: nothing it depends on was created "
                "with requires_grad=True (or it was computed under no_grad())"
            )
        if gradient is None:
            if self.data.size != 1:
                raise RuntimeError(
                    f"backward() needs a gradient for a non-scalar tensor of shape "
                    f"{self.data.shape}; call it on a scalar loss, or pass `gradient`"
                )
            seed = np.ones_like(self.data)
        else:
            seed = np.asarray(gradient.data if isinstance(gradient, Tensor) else gradient)
            seed = np.broadcast_to(seed, self.data.shape).astype(self.data.dtype)
        order = self._topological_order()
        self._accumulate(seed)
        for node in reversed(order):  # each node after everything that uses it
            if node._backward is None:
                continue  # a leaf
            if node.grad is not None:
                node._backward(node.grad)
            node.grad = None
            node._backward = None  # free the graph, as PyTorch does after backward()
            node._parents = ()

    def _topological_order(self) -> list[Tensor]:
        """Every tensor this one depends on, each after all of its inputs (iterative DFS)."""
        order: list[Tensor] = []
        seen: set[int] = set()
        stack: list[tuple[Tensor, bool]] = [(self, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.append((node, True))
            for parent in node._parents:
                if id(parent) not in seen:
                    stack.append((parent, False))
        return order

    # -- conveniences ---------------------------------------------------------------------

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def dtype(self) -> np.dtype[Any]:
        return self.data.dtype

    @property
    def is_leaf(self) -> bool:
        """True for tensors the user created (not the output of a recorded op)."""
        return self._backward is None

    def __len__(self) -> int:
        return len(self.data)

    def size(self, dim: int | None = None) -> Any:
        return self.data.shape if dim is None else self.data.shape[dim]

    def numel(self) -> int:
        return int(self.data.size)

    def item(self) -> float:
        """The value of a one-element tensor as a Python number."""
        if self.data.size != 1:
            raise ValueError(f"item() needs a one-element tensor, got shape {self.data.shape}")
        return self.data.item()  # type: ignore[no-any-return]

    def numpy(self) -> Array:
        """The values as a NumPy array (shared, not copied; like ``torch.Tensor.numpy``)."""
        return self.data

    def detach(self) -> Tensor:
        """The same values, cut from the graph: no gradient flows through the result."""
        return Tensor(self.data)

    def __repr__(self) -> str:
        grad = ", requires_grad=True" if self.requires_grad else ""
        body = np.array2string(self.data, separator=", ", precision=4)
        return f"tensor({body}{grad})"

    # -- ops (section 4.2) ----------------------------------------------------------------

    def __add__(self, other: Any) -> Tensor:
        other = as_tensor(other, self.data.dtype)
        out = self.data + other.data

        def backward(grad: Array) -> None:
            # exercise: engine.add-backward
            self._accumulate(unbroadcast(grad, self.data.shape))
            other._accumulate(unbroadcast(grad, other.data.shape))
            # end exercise

        return Tensor._make(out, (self, other), backward)

    def __mul__(self, other: Any) -> Tensor:
        other = as_tensor(other, self.data.dtype)
        out = self.data * other.data

        def backward(grad: Array) -> None:
            # exercise: engine.mul-backward
            self._accumulate(unbroadcast(grad * other.data, self.data.shape))
            other._accumulate(unbroadcast(grad * self.data, other.data.shape))
            # end exercise

        return Tensor._make(out, (self, other), backward)

    def __matmul__(self, other: Any) -> Tensor:
        other = as_tensor(other, self.data.dtype)
        out = self.data @ other.data

        def backward(grad: Array) -> None:
            # exercise: engine.matmul-backward
            a, b = self.data, other.data
            # NOTE: 1-D operands are promoted to matrices and back (PyTorch's rule).
            a2 = a[None, :] if a.ndim == 1 else a
            b2 = b[:, None] if b.ndim == 1 else b
            g = grad
            if a.ndim == 1:
                g = np.expand_dims(g, -2)
            if b.ndim == 1:
                g = np.expand_dims(g, -1)
            grad_a = g @ np.swapaxes(b2, -1, -2)
            grad_b = np.swapaxes(a2, -1, -2) @ g
            if a.ndim == 1:
                grad_a = grad_a.squeeze(-2)
            if b.ndim == 1:
                grad_b = grad_b.squeeze(-1)
            self._accumulate(unbroadcast(grad_a, a.shape))
            other._accumulate(unbroadcast(grad_b, b.shape))
            # end exercise

        return Tensor._make(out, (self, other), backward)

    def sum(self, dim: int | tuple[int, ...] | None = None, keepdim: bool = False) -> Tensor:
        out = self.data.sum(axis=dim, keepdims=keepdim)

        def backward(grad: Array) -> None:
            # exercise: engine.sum-backward
            if dim is not None and not keepdim:
                grad = np.expand_dims(grad, dim)
            self._accumulate(np.broadcast_to(grad, self.data.shape))
            # end exercise

        return Tensor._make(np.asarray(out), (self,), backward)

    __radd__ = __add__
    __rmul__ = __mul__


def as_tensor(value: Any, dtype: npt.DTypeLike | None = None) -> Tensor:
    """``value`` if it is a Tensor, else a constant Tensor of ``dtype`` holding it.

    A Python number next to a float32 tensor stays float32 (PyTorch's rule), rather
    than NumPy's promotion to float64.
    """
    if isinstance(value, Tensor):
        return value
    if dtype is not None and not isinstance(value, np.ndarray):
        return Tensor(np.asarray(value, dtype=dtype))
    return Tensor(value)

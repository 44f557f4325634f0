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

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from .random import generator_or_default

Array = npt.NDArray[Any]
"""A NumPy array of the tensor's dtype (float32 unless float64 was asked for)."""

Backward = Callable[[Array], None]
"""Receives the gradient with respect to an op's output; adds into the inputs' grads."""

DEFAULT_DTYPE = np.float32

_PY_NUMBERS = (int, float)
"""Types that take the fast path of arithmetic: NumPy keeps a float32 array float32."""

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
        return grad  # the common case, and free
    # exercise: engine.unbroadcast
    # NOTE: leading axes first, then the size-1 axes that were stretched.
    extra = grad.ndim - len(shape)
    if extra > 0:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad
    # end exercise


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
        if _grad_enabled[0]:
            needed = tuple(p for p in parents if p.requires_grad)
            if needed:
                out.requires_grad = True
                out._parents = needed
                out._backward = backward
                return out
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
            # NOTE: in C order: a transposed gradient (x @ W.T makes one for W) would
            # make every optimizer update walk memory with a stride.
            leaf = self._backward is None
            self.grad = np.array(grad, dtype=self.data.dtype, order="C") if leaf else grad
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
            seed = np.ones(self.data.shape, dtype=self.data.dtype)
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
            node._backward = _freed  # free the graph, as PyTorch does after backward()
            node._parents = ()

    def _topological_order(self) -> list[Tensor]:
        """Every interior tensor this one depends on, each after all of its inputs.

        An iterative depth-first search (a chain of 10,000 ops would overflow Python's
        recursion limit): a node is appended once all of its inputs are. Leaves are
        left out: they have no backward to run, and receive their gradients directly.
        """
        # exercise: engine.tensor-backward
        order: list[Tensor] = []
        seen = {id(self)}
        stack = [(self, iter(self._parents))]  # (node, its inputs not yet looked at)
        while stack:
            node, parents = stack[-1]
            for parent in parents:
                if parent._backward is not None and id(parent) not in seen:
                    seen.add(id(parent))
                    stack.append((parent, iter(parent._parents)))
                    break  # finish that input first (depth first)
            else:  # every input is in the order: now the node may follow
                stack.pop()
                order.append(node)
        return order
        # end exercise

    # -- conveniences ---------------------------------------------------------------------

    @property
    def shape(self) -> tuple[int, ...]:
        """The sizes of the dimensions (``torch.Size`` is a tuple too)."""
        return self.data.shape

    @property
    def ndim(self) -> int:
        """The number of dimensions."""
        return self.data.ndim

    @property
    def dtype(self) -> np.dtype[Any]:
        """The NumPy dtype of ``data`` (float32 by default)."""
        return self.data.dtype

    @property
    def is_leaf(self) -> bool:
        """True for tensors the user created (not the output of a recorded op)."""
        return self._backward is None

    def __len__(self) -> int:
        return len(self.data)

    def size(self, dim: int | None = None) -> Any:
        """The shape, or the size of dimension ``dim``."""
        return self.data.shape if dim is None else self.data.shape[dim]

    def numel(self) -> int:
        """The number of elements."""
        return int(self.data.size)

    def item(self) -> float:
        """The value of a one-element tensor as a Python number."""
        if self.data.size != 1:
            raise ValueError(f"item() needs a one-element tensor, got shape {self.data.shape}")
        return self.data.item()

    def numpy(self) -> Array:
        """The values as a NumPy array (shared, not copied; like ``torch.Tensor.numpy``)."""
        return self.data

    def __array__(self, dtype: npt.DTypeLike | None = None, copy: bool | None = None) -> Array:
        """``np.asarray(tensor)`` gives the values, as for a PyTorch CPU tensor."""
        if dtype is None or np.dtype(dtype) == self.data.dtype:
            return self.data.copy() if copy else self.data
        return self.data.astype(dtype)

    def detach(self) -> Tensor:
        """The same values, cut from the graph: no gradient flows through the result."""
        return Tensor(self.data)

    def __repr__(self) -> str:
        grad = ", requires_grad=True" if self.requires_grad else ""
        body = np.array2string(self.data, separator=", ", precision=4)
        return f"tensor({body}{grad})"

    def __hash__(self) -> int:
        return id(self)  # identity, as in PyTorch (== is elementwise)

    def __bool__(self) -> bool:
        if self.data.size != 1:
            raise RuntimeError(
                f"the truth value of a tensor of shape {self.data.shape} is ambiguous"
            )
        return bool(self.data)

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Sets ``requires_grad`` in place (leaves only) and returns ``self``."""
        if requires_grad and self.data.dtype.kind != "f":
            raise TypeError(f"only floating-point tensors can require gradients, got {self.dtype}")
        self.requires_grad = requires_grad
        return self

    # -- dtype ----------------------------------------------------------------------------

    def to(self, dtype: Any) -> Tensor:
        """A copy converted to ``dtype``; ``self`` if it already has it.

        Device strings (``"cpu"``) are accepted and ignored: everything lives in NumPy.
        """
        if isinstance(dtype, str) and dtype.startswith("cpu"):
            return self
        dtype = np.dtype(dtype)
        if dtype == self.data.dtype:
            return self
        source = self.data.dtype

        def backward(grad: Array) -> None:
            self._accumulate(grad.astype(source, copy=False))

        out = self.data.astype(dtype)
        if dtype.kind != "f":
            return Tensor(out)
        return Tensor._make(out, (self,), backward)

    def cpu(self) -> Tensor:
        """``self``: there is only the CPU (kept so that PyTorch code runs unchanged)."""
        return self

    def contiguous(self) -> Tensor:
        """``self``: NumPy handles strided arrays, so nothing needs copying."""
        return self

    # -- ops (section 4.2) ----------------------------------------------------------------
    # Python numbers take a fast path: no constant Tensor is built, and NumPy's rule for
    # Python scalars keeps float32 float32 (``x * 2.0`` stays float32, as in PyTorch).

    def __add__(self, other: Any) -> Tensor:
        if type(other) in _PY_NUMBERS:  # not NumPy scalars: np.float64 is not "weak"
            return Tensor._make(self.data + other, (self,), self._accumulate)
        other = as_tensor(other, self.data.dtype)
        out = self.data + other.data

        def backward(grad: Array) -> None:
            # exercise: engine.add-backward
            self._accumulate(unbroadcast(grad, self.data.shape))
            other._accumulate(unbroadcast(grad, other.data.shape))
            # end exercise

        return Tensor._make(out, (self, other), backward)

    def __neg__(self) -> Tensor:
        def backward(grad: Array) -> None:
            self._accumulate(-grad)

        return Tensor._make(-self.data, (self,), backward)

    def __sub__(self, other: Any) -> Tensor:
        if type(other) in _PY_NUMBERS:  # not NumPy scalars: np.float64 is not "weak"
            return Tensor._make(self.data - other, (self,), self._accumulate)
        other = as_tensor(other, self.data.dtype)
        out = self.data - other.data

        def backward(grad: Array) -> None:
            self._accumulate(unbroadcast(grad, self.data.shape))
            other._accumulate(unbroadcast(-grad, other.data.shape))

        return Tensor._make(out, (self, other), backward)

    def __rsub__(self, other: Any) -> Tensor:
        return -self + other

    def __mul__(self, other: Any) -> Tensor:
        if type(other) in _PY_NUMBERS:  # not NumPy scalars: np.float64 is not "weak"
            c = other
            return Tensor._make(self.data * c, (self,), lambda grad: self._accumulate(grad * c))
        other = as_tensor(other, self.data.dtype)
        out = self.data * other.data

        def backward(grad: Array) -> None:
            # exercise: engine.mul-backward
            self._accumulate(unbroadcast(grad * other.data, self.data.shape))
            other._accumulate(unbroadcast(grad * self.data, other.data.shape))
            # end exercise

        return Tensor._make(out, (self, other), backward)

    def __truediv__(self, other: Any) -> Tensor:
        if type(other) in _PY_NUMBERS:  # not NumPy scalars: np.float64 is not "weak"
            return self * (1.0 / other)
        other = as_tensor(other, self.data.dtype)
        out = self.data / other.data

        def backward(grad: Array) -> None:
            # exercise: engine.div-backward
            a, b = self.data, other.data
            self._accumulate(unbroadcast(grad / b, a.shape))
            other._accumulate(unbroadcast(-grad * a / (b * b), b.shape))
            # end exercise

        return Tensor._make(out, (self, other), backward)

    def __rtruediv__(self, other: Any) -> Tensor:
        return as_tensor(other, self.data.dtype) / self

    def __pow__(self, exponent: Any) -> Tensor:
        """``self ** exponent``; a number exponent (fast) or a tensor one."""
        if isinstance(exponent, Tensor):
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

        return Tensor._make(out, (self,), backward)

    def __rpow__(self, base: Any) -> Tensor:
        """``base ** self`` for a number ``base``: ``d/dx c^x = c^x ln c``."""
        if isinstance(base, Tensor):
            return _pow_tensor(base, self)
        out = np.power(base, self.data).astype(self.data.dtype, copy=False)
        log_base = float(np.log(base))

        def backward(grad: Array) -> None:
            self._accumulate(grad * out * log_base)

        return Tensor._make(out, (self,), backward)

    __radd__ = __add__
    __rmul__ = __mul__

    def exp(self) -> Tensor:
        """$e^x$, elementwise; its derivative is itself."""
        out = np.exp(self.data)

        def backward(grad: Array) -> None:
            self._accumulate(grad * out)

        return Tensor._make(out, (self,), backward)

    def log(self) -> Tensor:
        """The natural logarithm, elementwise: $d \\ln x / dx = 1/x$."""
        out = np.log(self.data)

        def backward(grad: Array) -> None:
            # exercise: engine.log-backward
            self._accumulate(grad / self.data)
            # end exercise

        return Tensor._make(out, (self,), backward)

    def sqrt(self) -> Tensor:
        """$\\sqrt{x}$; derivative $1 / (2\\sqrt{x})$."""
        return self**0.5

    def abs(self) -> Tensor:
        """$|x|$; derivative ``sign(x)`` (0 at 0, as PyTorch)."""

        def backward(grad: Array) -> None:
            self._accumulate(grad * np.sign(self.data))

        return Tensor._make(np.abs(self.data), (self,), backward)

    def clamp(self, min: float | None = None, max: float | None = None) -> Tensor:
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

        return Tensor._make(out, (self,), backward)

    clip = clamp

    def maximum(self, other: Any) -> Tensor:
        """Elementwise max; on ties each input gets half the gradient (PyTorch's rule)."""
        return _minmax(self, as_tensor(other, self.data.dtype), np.maximum)

    def minimum(self, other: Any) -> Tensor:
        """Elementwise min; on ties each input gets half the gradient (PyTorch's rule)."""
        return _minmax(self, as_tensor(other, self.data.dtype), np.minimum)

    def relu(self) -> Tensor:
        """$\\max(x, 0)$; gradient 1 where $x > 0$, else 0 (0 at 0, as PyTorch)."""
        mask = self.data > 0

        def backward(grad: Array) -> None:
            self._accumulate(grad * mask)

        return Tensor._make(self.data * mask, (self,), backward)

    def tanh(self) -> Tensor:
        """$\\tanh x$; derivative $1 - \\tanh^2 x$."""
        out = np.tanh(self.data)

        def backward(grad: Array) -> None:
            self._accumulate(grad * (1.0 - out * out))

        return Tensor._make(out, (self,), backward)

    def sigmoid(self) -> Tensor:
        """$\\sigma(x) = 1/(1+e^{-x})$, stable for large $|x|$; derivative $\\sigma(1-\\sigma)$."""
        x = self.data
        # NOTE: e^{-x} overflows for x << 0; use e^{x}/(1+e^{x}) there.
        z = np.exp(-np.abs(x))
        out = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z)).astype(x.dtype, copy=False)

        def backward(grad: Array) -> None:
            self._accumulate(grad * out * (1.0 - out))

        return Tensor._make(out, (self,), backward)

    def softmax(self, dim: int = -1) -> Tensor:
        """Softmax along ``dim`` (see :func:`groundup.engine.activations.softmax`)."""
        from .activations import softmax

        return softmax(self, dim)

    def log_softmax(self, dim: int = -1) -> Tensor:
        """Log-softmax along ``dim`` (see :func:`groundup.engine.activations.log_softmax`)."""
        from .activations import log_softmax

        return log_softmax(self, dim)

    # -- comparisons: boolean tensors, no gradient ----------------------------------------

    def __eq__(self, other: Any) -> Tensor:  # type: ignore[override]
        return Tensor(self.data == _raw(other))

    def __ne__(self, other: Any) -> Tensor:  # type: ignore[override]
        return Tensor(self.data != _raw(other))

    def __lt__(self, other: Any) -> Tensor:
        return Tensor(self.data < _raw(other))

    def __le__(self, other: Any) -> Tensor:
        return Tensor(self.data <= _raw(other))

    def __gt__(self, other: Any) -> Tensor:
        return Tensor(self.data > _raw(other))

    def __ge__(self, other: Any) -> Tensor:
        return Tensor(self.data >= _raw(other))

    def masked_fill(self, mask: Any, value: float) -> Tensor:
        """``value`` where ``mask`` is True, else ``self``; no gradient flows to the filled."""
        m = _raw(mask)
        out = np.where(m, np.asarray(value, dtype=self.data.dtype), self.data)

        def backward(grad: Array) -> None:
            self._accumulate(unbroadcast(np.where(m, 0, grad), self.data.shape))

        return Tensor._make(out.astype(self.data.dtype, copy=False), (self,), backward)

    def where(self, condition: Any, other: Any) -> Tensor:
        """``self`` where ``condition`` holds, else ``other`` (``Tensor.where``)."""
        return where(condition, self, other)

    # -- reductions -----------------------------------------------------------------------

    def sum(self, dim: int | tuple[int, ...] | None = None, keepdim: bool = False) -> Tensor:
        """Sum over ``dim`` (all if None); every input element gets the output's gradient."""
        out = self.data.sum(axis=dim, keepdims=keepdim)

        def backward(grad: Array) -> None:
            # exercise: engine.sum-backward
            if dim is not None and not keepdim:
                grad = np.expand_dims(grad, dim)
            self._accumulate(np.broadcast_to(grad, self.data.shape))
            # end exercise

        return Tensor._make(np.asarray(out), (self,), backward)

    def mean(self, dim: int | tuple[int, ...] | None = None, keepdim: bool = False) -> Tensor:
        """Mean over ``dim``: $\\partial \\bar x / \\partial x_i = 1/n$ for the $n$ averaged."""
        out = np.asarray(self.data.mean(axis=dim, keepdims=keepdim))

        def backward(grad: Array) -> None:
            # exercise: engine.mean-backward
            n = max(self.data.size // max(out.size, 1), 1)  # how many were averaged
            if dim is not None and not keepdim:
                grad = np.expand_dims(grad, dim)
            self._accumulate(np.broadcast_to(grad / n, self.data.shape))
            # end exercise

        return Tensor._make(out, (self,), backward)

    def amax(self, dim: int | tuple[int, ...] | None = None, keepdim: bool = False) -> Tensor:
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

        return Tensor._make(out, (self,), backward)

    def amin(self, dim: int | tuple[int, ...] | None = None, keepdim: bool = False) -> Tensor:
        """Min over ``dim``; tied minima share the gradient equally (``torch.amin``)."""
        return -((-self).amax(dim, keepdim))

    def max(self, dim: Any = None, keepdim: bool = False) -> Any:
        """Like ``torch.max``: the overall max (ties share the gradient), or, with ``dim``,
        the pair ``(values, indices)`` where the gradient goes to the index returned
        (the first maximum), or with a tensor, the elementwise :meth:`maximum`."""
        if isinstance(dim, Tensor):
            return self.maximum(dim)
        if dim is None:
            return self.amax()
        return _select(self, dim, keepdim, np.argmax)

    def min(self, dim: Any = None, keepdim: bool = False) -> Any:
        """Like ``torch.min`` (see :meth:`max`)."""
        if isinstance(dim, Tensor):
            return self.minimum(dim)
        if dim is None:
            return self.amin()
        return _select(self, dim, keepdim, np.argmin)

    def argmax(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """Index of the (first) maximum, over everything (flattened) or along ``dim``."""
        if dim is None:
            return Tensor(np.argmax(self.data))
        return Tensor(np.argmax(self.data, axis=dim, keepdims=keepdim))

    def argmin(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """Index of the (first) minimum."""
        if dim is None:
            return Tensor(np.argmin(self.data))
        return Tensor(np.argmin(self.data, axis=dim, keepdims=keepdim))

    def var(
        self,
        dim: int | tuple[int, ...] | None = None,
        unbiased: bool | None = None,
        keepdim: bool = False,
        *,
        correction: int | None = None,
    ) -> Tensor:
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

        return Tensor._make(np.asarray(out, dtype=x.dtype), (self,), backward)

    def std(
        self,
        dim: int | tuple[int, ...] | None = None,
        unbiased: bool | None = None,
        keepdim: bool = False,
        *,
        correction: int | None = None,
    ) -> Tensor:
        """Standard deviation, the square root of :meth:`var`."""
        return self.var(dim, unbiased, keepdim, correction=correction).sqrt()

    def logsumexp(self, dim: int | tuple[int, ...], keepdim: bool = False) -> Tensor:
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

        return Tensor._make(np.asarray(out, dtype=x.dtype), (self,), backward)

    # -- shapes ---------------------------------------------------------------------------

    def reshape(self, *shape: Any) -> Tensor:
        """The same elements in a new shape (one entry may be -1); gradient reshaped back."""
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])

        def backward(grad: Array) -> None:
            self._accumulate(grad.reshape(self.data.shape))

        return Tensor._make(self.data.reshape(shape), (self,), backward)

    view = reshape

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        """Merges dims ``start_dim..end_dim`` into one."""
        shape = self.data.shape
        if not shape:
            return self.reshape(1)
        start = start_dim % len(shape)
        end = end_dim % len(shape)
        return self.reshape((*shape[:start], -1, *shape[end + 1 :]))

    def permute(self, *dims: Any) -> Tensor:
        """Reorders the axes; the gradient is permuted back by the inverse permutation."""
        if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
            dims = tuple(dims[0])
        out = np.transpose(self.data, dims)

        def backward(grad: Array) -> None:
            # exercise: engine.permute-backward
            inverse = np.argsort(dims)
            self._accumulate(np.transpose(grad, inverse))
            # end exercise

        return Tensor._make(out, (self,), backward)

    def transpose(self, dim0: int, dim1: int) -> Tensor:
        """Swaps two axes (its own inverse)."""
        out = np.swapaxes(self.data, dim0, dim1)

        def backward(grad: Array) -> None:
            self._accumulate(np.swapaxes(grad, dim0, dim1))

        return Tensor._make(out, (self,), backward)

    @property
    def T(self) -> Tensor:
        """All axes reversed (the matrix transpose for 2-D)."""
        return self.permute(tuple(range(self.data.ndim - 1, -1, -1)))

    @property
    def mT(self) -> Tensor:
        """The last two axes swapped (a batch of matrices transposed)."""
        return self.transpose(-2, -1)

    def unsqueeze(self, dim: int) -> Tensor:
        """A new axis of size 1 at ``dim``."""
        return self.reshape(np.expand_dims(self.data, dim).shape)

    def squeeze(self, dim: int | tuple[int, ...] | None = None) -> Tensor:
        """Drops size-1 axes (all, or ``dim`` if it has size 1, as in PyTorch)."""
        shape = self.data.shape
        if dim is None:
            new = tuple(n for n in shape if n != 1)
        else:
            dims = {d % len(shape) for d in ((dim,) if isinstance(dim, int) else dim)}
            new = tuple(n for i, n in enumerate(shape) if not (i in dims and n == 1))
        return self.reshape(new)

    def expand(self, *sizes: Any) -> Tensor:
        """Broadcasts to ``sizes`` (-1 keeps a dim); the gradient is un-broadcast."""
        if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
            sizes = tuple(sizes[0])
        lead = len(sizes) - self.data.ndim
        shape = tuple(self.data.shape[i - lead] if n == -1 else n for i, n in enumerate(sizes))
        return self.broadcast_to(shape)

    def broadcast_to(self, shape: tuple[int, ...]) -> Tensor:
        """A broadcast view of shape ``shape``."""
        out = np.broadcast_to(self.data, shape)

        def backward(grad: Array) -> None:
            self._accumulate(unbroadcast(grad, self.data.shape))

        return Tensor._make(out, (self,), backward)

    def expand_as(self, other: Tensor) -> Tensor:
        """Broadcast to ``other``'s shape."""
        return self.broadcast_to(other.shape)

    def split(self, split_size_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
        """Pieces along ``dim`` (see :func:`split`)."""
        return split(self, split_size_or_sections, dim)

    def chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        """``chunks`` pieces of (nearly) equal size along ``dim``, as ``torch.chunk``."""
        size = -(-self.data.shape[dim] // chunks)
        return split(self, size, dim)

    # -- indexing -------------------------------------------------------------------------

    def __getitem__(self, index: Any) -> Tensor:
        """NumPy indexing: ints, slices, None, ``...``, integer arrays, boolean masks.

        The backward scatters the gradient back; an integer array may name the same
        element twice, and then both gradients must be added (``np.add.at``).
        """
        idx = _raw_index(index)
        out = self.data[idx]

        def backward(grad: Array) -> None:
            # exercise: engine.getitem-backward
            full = np.zeros_like(self.data)
            if _has_int_array(idx):
                # NOTE: full[idx] += grad would keep only one of repeated indices.
                np.add.at(full, idx, grad)
            else:
                full[idx] = grad  # basic indexing or masks: each element picked once
            self._accumulate(full)
            # end exercise

        return Tensor._make(np.asarray(out), (self,), backward)

    def gather(self, dim: int, index: Any) -> Tensor:
        """``out[i][j][k] = self[i][index[i][j][k]][k]`` for ``dim=1`` (``torch.gather``)."""
        idx = _along(np.asarray(_raw(index)), dim)

        def backward(grad: Array) -> None:
            full = np.zeros_like(self.data)
            np.add.at(full, idx, grad)
            self._accumulate(full)

        return Tensor._make(self.data[idx], (self,), backward)

    def scatter_add(self, dim: int, index: Any, src: Any) -> Tensor:
        """A copy of ``self`` with ``src`` added at ``index`` along ``dim``
        (``torch.Tensor.scatter_add``): ``out[i][index[i][j]] += src[i][j]`` for ``dim=1``.
        """
        index_arr = np.asarray(_raw(index))
        src = as_tensor(src, self.data.dtype)
        idx = _along(index_arr, dim)
        src_part = tuple(slice(0, n) for n in index_arr.shape)
        out = self.data.copy()
        np.add.at(out, idx, src.data[src_part])

        def backward(grad: Array) -> None:
            self._accumulate(grad)
            g_src = np.zeros_like(src.data)
            g_src[src_part] = grad[idx]
            src._accumulate(g_src)

        return Tensor._make(out, (self, src), backward)

    # -- linear algebra -------------------------------------------------------------------

    def __matmul__(self, other: Any) -> Tensor:
        """Matrix product with NumPy/PyTorch rules: batched, 1-D operands promoted."""
        other = as_tensor(other, self.data.dtype)
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
            if self.requires_grad:  # a constant (the input batch) needs no product
                grad_a = g @ np.swapaxes(b2, -1, -2)  # (..., n, m) @ (..., m, k)
                if a.ndim == 1:
                    grad_a = grad_a.squeeze(-2)
                self._accumulate(unbroadcast(grad_a, a.shape))
            if other.requires_grad:
                if b2.ndim == 2 and a2.ndim > 2:
                    # a weight shared by a batch: one product over all rows, not a batch
                    # of products summed afterwards. (B*n, k)^T @ (B*n, m) = (k, m)
                    grad_b = a2.reshape(-1, a2.shape[-1]).T @ g.reshape(-1, g.shape[-1])
                else:
                    grad_b = np.swapaxes(a2, -1, -2) @ g  # (..., k, n) @ (..., n, m)
                if b.ndim == 1:
                    grad_b = grad_b.squeeze(-1)
                other._accumulate(unbroadcast(grad_b, b.shape))
            # end exercise

        return Tensor._make(np.asarray(out), (self, other), backward)

    def __rmatmul__(self, other: Any) -> Tensor:
        return as_tensor(other, self.data.dtype) @ self

    matmul = __matmul__

    # NOTE: last in the class: these names shadow the builtins in the class body.

    def float(self) -> Tensor:
        """Converted to float32."""
        return self.to(np.float32)

    def double(self) -> Tensor:
        """Converted to float64."""
        return self.to(np.float64)

    def long(self) -> Tensor:
        """Converted to int64 (no gradient)."""
        return self.to(np.int64)

    def int(self) -> Tensor:
        """Converted to int32 (no gradient)."""
        return self.to(np.int32)

    def bool(self) -> Tensor:
        """Converted to bool (no gradient)."""
        return self.to(np.bool_)


def _freed(grad: Array) -> None:
    """The backward of a node whose graph a previous ``backward()`` freed."""
    raise RuntimeError(
        "trying to backward through the graph a second time: backward() frees the graph. "
        "Recompute the forward pass, or detach() values carried from one step to the next"
    )


# -- helpers of the ops -----------------------------------------------------------------


def _raw(value: Any) -> Any:
    """The NumPy data of a Tensor, anything else unchanged."""
    return value.data if isinstance(value, Tensor) else value


def _raw_index(index: Any) -> Any:
    """An index with Tensors and lists replaced by NumPy arrays."""
    if isinstance(index, tuple):
        return tuple(_raw_index(i) for i in index)
    if isinstance(index, Tensor):
        return index.data
    if isinstance(index, list):
        return np.asarray(index)
    return index


def _has_int_array(idx: Any) -> bool:
    """Whether an index holds an integer array (which may repeat elements)."""
    parts = idx if isinstance(idx, tuple) else (idx,)
    return any(isinstance(p, np.ndarray) and p.dtype.kind in "iu" for p in parts)


def _along(index: Array, dim: int) -> tuple[Array, ...]:
    """The full advanced index that picks ``index`` along ``dim`` and the position
    elsewhere: ``out[i, j, k] = x[i, index[i, j, k], k]`` for ``dim=1``."""
    dim = dim % index.ndim
    grids = np.ogrid[tuple(slice(0, n) for n in index.shape)]
    return tuple(index if d == dim else grids[d] for d in range(index.ndim))


def _pow_tensor(base: Tensor, exponent: Tensor) -> Tensor:
    """``base ** exponent`` with both tensors: d/db = e b^(e-1), d/de = b^e ln b."""
    b, e = base.data, exponent.data
    out = b**e

    def backward(grad: Array) -> None:
        base._accumulate(unbroadcast(grad * e * b ** (e - 1), b.shape))
        with np.errstate(divide="ignore", invalid="ignore"):
            log_b = np.where(b > 0, np.log(np.where(b > 0, b, 1)), np.nan)
        exponent._accumulate(unbroadcast(grad * out * log_b, e.shape))

    return Tensor._make(out, (base, exponent), backward)


def _minmax(a: Tensor, b: Tensor, pick: Callable[[Array, Array], Array]) -> Tensor:
    """Elementwise max/min: the winner gets the gradient, a tie splits it in halves."""
    out = pick(a.data, b.data)

    def backward(grad: Array) -> None:
        wins_a = (a.data == out).astype(grad.dtype)
        wins_b = (b.data == out).astype(grad.dtype)
        share = grad / (wins_a + wins_b)
        a._accumulate(unbroadcast(share * wins_a, a.data.shape))
        b._accumulate(unbroadcast(share * wins_b, b.data.shape))

    return Tensor._make(out, (a, b), backward)


class MinMax(NamedTuple):
    """``(values, indices)`` of ``Tensor.max(dim)`` / ``Tensor.min(dim)``."""

    values: Tensor
    indices: Tensor


def _select(x: Tensor, dim: int, keepdim: bool, arg: Callable[..., Array]) -> MinMax:
    """``torch.max(x, dim)``: the gradient goes to the one index returned."""
    index = arg(x.data, axis=dim, keepdims=True)
    values = x.gather(dim, index)
    if not keepdim:
        values = values.squeeze(dim)
        index = np.squeeze(index, axis=dim)
    return MinMax(values, Tensor(index))


# -- functions like torch.* ------------------------------------------------------------


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


def tensor(data: Any, dtype: npt.DTypeLike | None = None, requires_grad: bool = False) -> Tensor:
    """A new tensor holding a copy of ``data`` (``torch.tensor``)."""
    arr = np.array(_raw(data), dtype=dtype, copy=True)
    if dtype is None and arr.dtype == np.float64:
        arr = arr.astype(DEFAULT_DTYPE)  # like torch.tensor: float32 unless asked
    return Tensor(arr, requires_grad=requires_grad)


def where(condition: Any, input: Any, other: Any) -> Tensor:
    """``input`` where ``condition`` holds, else ``other``, broadcast (``torch.where``)."""
    cond = np.asarray(_raw(condition), dtype=bool)
    a = as_tensor(input, other.dtype if isinstance(other, Tensor) else None)
    b = as_tensor(other, a.data.dtype)
    out = np.where(cond, a.data, b.data)

    def backward(grad: Array) -> None:
        a._accumulate(unbroadcast(np.where(cond, grad, 0), a.data.shape))
        b._accumulate(unbroadcast(np.where(cond, 0, grad), b.data.shape))

    return Tensor._make(out, (a, b), backward)


def maximum(input: Tensor, other: Any) -> Tensor:
    """Elementwise max (``torch.maximum``)."""
    return as_tensor(input).maximum(other)


def minimum(input: Tensor, other: Any) -> Tensor:
    """Elementwise min (``torch.minimum``)."""
    return as_tensor(input).minimum(other)


def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Joins tensors along an existing ``dim``; each gets its slice of the gradient."""
    tensors = tuple(tensors)
    out = np.concatenate([t.data for t in tensors], axis=dim)
    bounds = np.cumsum([t.data.shape[dim] for t in tensors])[:-1]

    def backward(grad: Array) -> None:
        for t, g in zip(tensors, np.split(grad, bounds, axis=dim), strict=True):
            t._accumulate(g)

    return Tensor._make(out, tensors, backward)


concatenate = cat


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Joins same-shape tensors along a new ``dim``."""
    tensors = tuple(tensors)
    out = np.stack([t.data for t in tensors], axis=dim)

    def backward(grad: Array) -> None:
        for i, t in enumerate(tensors):
            t._accumulate(np.take(grad, i, axis=dim))

    return Tensor._make(out, tensors, backward)


def split(x: Tensor, split_size_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """Pieces of ``split_size`` along ``dim`` (the last may be smaller), or of the sizes
    listed (``torch.split``)."""
    n = x.data.shape[dim]
    if isinstance(split_size_or_sections, int):
        sizes = [split_size_or_sections] * (n // split_size_or_sections)
        if n % split_size_or_sections:
            sizes.append(n % split_size_or_sections)
    else:
        sizes = list(split_size_or_sections)
        if sum(sizes) != n:
            raise ValueError(f"split sizes {sizes} do not add up to {n} along dim {dim}")
    pieces = []
    start = 0
    lead = (slice(None),) * (dim % x.data.ndim)
    for size in sizes:
        pieces.append(x[(*lead, slice(start, start + size))])
        start += size
    return tuple(pieces)


def _size(size: tuple[Any, ...]) -> tuple[int, ...]:
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        return tuple(size[0])
    return tuple(size)


def zeros(*size: Any, dtype: npt.DTypeLike | None = None, requires_grad: bool = False) -> Tensor:
    """A tensor of zeros (float32 unless ``dtype``)."""
    return Tensor(np.zeros(_size(size), dtype=dtype or DEFAULT_DTYPE), requires_grad)


def ones(*size: Any, dtype: npt.DTypeLike | None = None, requires_grad: bool = False) -> Tensor:
    """A tensor of ones (float32 unless ``dtype``)."""
    return Tensor(np.ones(_size(size), dtype=dtype or DEFAULT_DTYPE), requires_grad)


def full(
    size: Any, fill_value: float, dtype: npt.DTypeLike | None = None, requires_grad: bool = False
) -> Tensor:
    """A tensor filled with ``fill_value``."""
    return Tensor(np.full(_size((size,)), fill_value, dtype=dtype or DEFAULT_DTYPE), requires_grad)


def zeros_like(
    x: Tensor, dtype: npt.DTypeLike | None = None, requires_grad: bool = False
) -> Tensor:
    """Zeros of ``x``'s shape and dtype."""
    return Tensor(np.zeros(x.shape, dtype=dtype or x.dtype), requires_grad)


def ones_like(x: Tensor, dtype: npt.DTypeLike | None = None, requires_grad: bool = False) -> Tensor:
    """Ones of ``x``'s shape and dtype."""
    return Tensor(np.ones(x.shape, dtype=dtype or x.dtype), requires_grad)


def randn(
    *size: Any,
    generator: np.random.Generator | None = None,
    dtype: npt.DTypeLike | None = None,
    requires_grad: bool = False,
) -> Tensor:
    """Standard normal samples (``torch.randn``), from ``generator`` or the default one."""
    rng = generator_or_default(generator)
    kind: Any = np.dtype(dtype or DEFAULT_DTYPE).type
    data = rng.standard_normal(_size(size), dtype=kind)
    return Tensor(data, requires_grad)


def rand(
    *size: Any,
    generator: np.random.Generator | None = None,
    dtype: npt.DTypeLike | None = None,
    requires_grad: bool = False,
) -> Tensor:
    """Uniform samples on [0, 1) (``torch.rand``)."""
    rng = generator_or_default(generator)
    kind: Any = np.dtype(dtype or DEFAULT_DTYPE).type
    data = rng.random(_size(size), dtype=kind)
    return Tensor(data, requires_grad)


def randn_like(x: Tensor, generator: np.random.Generator | None = None) -> Tensor:
    """Standard normal samples of ``x``'s shape and dtype."""
    return randn(x.shape, generator=generator, dtype=x.dtype)


def arange(
    start: float, end: float | None = None, step: float = 1, dtype: npt.DTypeLike | None = None
) -> Tensor:
    """``[start, end)`` in steps (``torch.arange``): int64 for integer arguments, else
    float32."""
    if end is None:
        start, end = 0, start
    if dtype is None:
        ints = all(isinstance(v, int) for v in (start, end, step))
        dtype = np.int64 if ints else DEFAULT_DTYPE
    return Tensor(np.arange(start, end, step, dtype=dtype))

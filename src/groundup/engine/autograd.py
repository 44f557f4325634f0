"""The graph core of the Tensor: how an op records itself, and how ``backward()`` walks back.

Section 4.2 Backpropagation, first part. Every operation follows one pattern: compute the
output in NumPy, then attach a small ``backward`` closure that receives the gradient of
the loss with respect to the output and *adds* the gradient with respect to each input
into that input (adding, so that a tensor used twice gets both contributions).
:meth:`TensorCore.backward` visits the graph once in reverse topological order.

The operations themselves live in files by concept, in lesson order, each a mixin class
of methods: ``elementwise.py`` (arithmetic and math), ``reductions.py``, ``shapes.py``,
``indexing.py`` and ``linalg.py`` (matmul); ``tensor.py`` mixes them into ``Tensor``.
Names and semantics follow PyTorch (``requires_grad``, ``.grad``, ``.backward()``,
``.detach()``, ``no_grad()``), with one simplification: ``.data`` and ``.grad`` are
NumPy arrays rather than tensors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Self

import numpy as np
import numpy.typing as npt

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


class TensorCore:
    """An n-dimensional array with reverse-mode automatic differentiation: the graph core.

    ``Tensor`` (in ``tensor.py``) is this class with the ops mixed in; create tensors
    as ``Tensor(...)``.

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
        if isinstance(data, TensorCore):
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
        self._parents: tuple[TensorCore, ...] = ()
        self._backward: Backward | None = None

    # -- building the graph ---------------------------------------------------------------

    @classmethod
    def _make(cls, data: Array, parents: tuple[TensorCore, ...], backward: Backward) -> Self:
        """The output of an op: records ``parents`` and ``backward`` if a graph is wanted.

        When no parent requires a gradient, or inside :func:`no_grad`, the result is a
        plain constant and ``backward`` is dropped (no graph, no memory kept).
        """
        out = cls.__new__(cls)
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
            seed = np.asarray(gradient.data if isinstance(gradient, TensorCore) else gradient)
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

    def _topological_order(self) -> list[TensorCore]:
        """Every interior tensor this one depends on, each after all of its inputs.

        An iterative depth-first search (a chain of 10,000 ops would overflow Python's
        recursion limit): a node is appended once all of its inputs are. Leaves are
        left out: they have no backward to run, and receive their gradients directly.
        """
        # exercise: engine.tensor-backward
        order: list[TensorCore] = []
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

    def _lift(self, value: Any) -> Self:
        """``value`` as a tensor next to this one: itself if it is a tensor, else a
        constant of this tensor's dtype (a Python number next to float32 stays float32,
        PyTorch's rule, rather than NumPy's promotion to float64)."""
        if isinstance(value, TensorCore):
            return value  # type: ignore[return-value]  # a tensor is a Tensor at run time
        if isinstance(value, np.ndarray):
            return type(self)(value)
        return type(self)(np.asarray(value, dtype=self.data.dtype))

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

    def detach(self) -> Self:
        """The same values, cut from the graph: no gradient flows through the result."""
        return type(self)(self.data)

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

    def requires_grad_(self, requires_grad: bool = True) -> Self:
        """Sets ``requires_grad`` in place (leaves only) and returns ``self``."""
        if requires_grad and self.data.dtype.kind != "f":
            raise TypeError(f"only floating-point tensors can require gradients, got {self.dtype}")
        self.requires_grad = requires_grad
        return self

    # -- dtype ----------------------------------------------------------------------------

    def to(self, dtype: Any) -> Self:
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
            return type(self)(out)
        return self._make(out, (self,), backward)

    def cpu(self) -> Self:
        """``self``: there is only the CPU (kept so that PyTorch code runs unchanged)."""
        return self

    def contiguous(self) -> Self:
        """``self``: NumPy handles strided arrays, so nothing needs copying."""
        return self

    # NOTE: last in the class: these names shadow the builtins in the class body.

    def float(self) -> Self:
        """Converted to float32."""
        return self.to(np.float32)

    def double(self) -> Self:
        """Converted to float64."""
        return self.to(np.float64)

    def long(self) -> Self:
        """Converted to int64 (no gradient)."""
        return self.to(np.int64)

    def int(self) -> Self:
        """Converted to int32 (no gradient)."""
        return self.to(np.int32)

    def bool(self) -> Self:
        """Converted to bool (no gradient)."""
        return self.to(np.bool_)


def _freed(grad: Array) -> None:
    """The backward of a node whose graph a previous ``backward()`` freed."""
    raise RuntimeError(
        "trying to backward through the graph a second time: backward() frees the graph. "
        "Recompute the forward pass, or detach() values carried from one step to the next"
    )


def _raw(value: Any) -> Any:
    """The NumPy data of a Tensor, anything else unchanged."""
    return value.data if isinstance(value, TensorCore) else value

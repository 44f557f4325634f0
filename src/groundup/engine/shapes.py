"""Shape ops: reshape, permute and transpose, squeeze and unsqueeze, expand, split.

Section 4.2 Backpropagation. A shape op moves elements without changing them, so its
backward moves the gradient back: reshaped to the input's shape, permuted by the
inverse permutation, or summed over the broadcast axes.
"""

from __future__ import annotations

from typing import Any, Self

import numpy as np

from .autograd import Array, TensorCore, unbroadcast
from .joining import split


class Shapes(TensorCore):
    """The shape ops of ``Tensor`` (a mixin: use them through ``Tensor``)."""

    __slots__ = ()

    def reshape(self, *shape: Any) -> Self:
        """The same elements in a new shape (one entry may be -1); gradient reshaped back."""
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])

        def backward(grad: Array) -> None:
            self._accumulate(grad.reshape(self.data.shape))

        return self._make(self.data.reshape(shape), (self,), backward)

    view = reshape

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Self:
        """Merges dims ``start_dim..end_dim`` into one."""
        shape = self.data.shape
        if not shape:
            return self.reshape(1)
        start = start_dim % len(shape)
        end = end_dim % len(shape)
        return self.reshape((*shape[:start], -1, *shape[end + 1 :]))

    def permute(self, *dims: Any) -> Self:
        """Reorders the axes; the gradient is permuted back by the inverse permutation."""
        if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
            dims = tuple(dims[0])
        out = np.transpose(self.data, dims)

        def backward(grad: Array) -> None:
            # exercise: engine.permute-backward
            inverse = np.argsort(dims)
            self._accumulate(np.transpose(grad, inverse))
            # end exercise

        return self._make(out, (self,), backward)

    def transpose(self, dim0: int, dim1: int) -> Self:
        """Swaps two axes (its own inverse)."""
        out = np.swapaxes(self.data, dim0, dim1)

        def backward(grad: Array) -> None:
            self._accumulate(np.swapaxes(grad, dim0, dim1))

        return self._make(out, (self,), backward)

    @property
    def T(self) -> Self:
        """All axes reversed (the matrix transpose for 2-D)."""
        return self.permute(tuple(range(self.data.ndim - 1, -1, -1)))

    @property
    def mT(self) -> Self:
        """The last two axes swapped (a batch of matrices transposed)."""
        return self.transpose(-2, -1)

    def unsqueeze(self, dim: int) -> Self:
        """A new axis of size 1 at ``dim``."""
        return self.reshape(np.expand_dims(self.data, dim).shape)

    def squeeze(self, dim: int | tuple[int, ...] | None = None) -> Self:
        """Drops size-1 axes (all, or ``dim`` if it has size 1, as in PyTorch)."""
        shape = self.data.shape
        if dim is None:
            new = tuple(n for n in shape if n != 1)
        else:
            dims = {d % len(shape) for d in ((dim,) if isinstance(dim, int) else dim)}
            new = tuple(n for i, n in enumerate(shape) if not (i in dims and n == 1))
        return self.reshape(new)

    def expand(self, *sizes: Any) -> Self:
        """Broadcasts to ``sizes`` (-1 keeps a dim); the gradient is un-broadcast."""
        if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
            sizes = tuple(sizes[0])
        lead = len(sizes) - self.data.ndim
        shape = tuple(self.data.shape[i - lead] if n == -1 else n for i, n in enumerate(sizes))
        return self.broadcast_to(shape)

    def broadcast_to(self, shape: tuple[int, ...]) -> Self:
        """A broadcast view of shape ``shape``."""
        out = np.broadcast_to(self.data, shape)

        def backward(grad: Array) -> None:
            self._accumulate(unbroadcast(grad, self.data.shape))

        return self._make(out, (self,), backward)

    def expand_as(self, other: TensorCore) -> Self:
        """Broadcast to ``other``'s shape."""
        return self.broadcast_to(other.shape)

    def split(self, split_size_or_sections: Any, dim: int = 0) -> tuple[Self, ...]:
        """Pieces along ``dim`` (see :func:`split`)."""
        return split(self, split_size_or_sections, dim)

    def chunk(self, chunks: int, dim: int = 0) -> tuple[Self, ...]:
        """``chunks`` pieces of (nearly) equal size along ``dim``, as ``torch.chunk``."""
        size = -(-self.data.shape[dim] // chunks)
        return split(self, size, dim)

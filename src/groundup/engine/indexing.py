"""Indexing: ``x[index]``, ``gather`` and ``scatter_add``, with their backward scatters.

Section 4.2 Backpropagation. Picking elements is easy forward; backward, each picked
element's gradient goes back to where it came from, and an index that names the same
element twice must add both gradients (``np.add.at``), not keep one.
"""

from __future__ import annotations

from typing import Any, Self

import numpy as np

from .autograd import Array, TensorCore, _raw


class Indexing(TensorCore):
    """The indexing ops of ``Tensor`` (a mixin: use them through ``Tensor``)."""

    __slots__ = ()

    def __getitem__(self, index: Any) -> Self:
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

        return self._make(np.asarray(out), (self,), backward)

    def gather(self, dim: int, index: Any) -> Self:
        """``out[i][j][k] = self[i][index[i][j][k]][k]`` for ``dim=1`` (``torch.gather``)."""
        idx = _along(np.asarray(_raw(index)), dim)

        def backward(grad: Array) -> None:
            full = np.zeros_like(self.data)
            np.add.at(full, idx, grad)
            self._accumulate(full)

        return self._make(self.data[idx], (self,), backward)

    def scatter_add(self, dim: int, index: Any, src: Any) -> Self:
        """A copy of ``self`` with ``src`` added at ``index`` along ``dim``
        (``torch.Tensor.scatter_add``): ``out[i][index[i][j]] += src[i][j]`` for ``dim=1``.
        """
        index_arr = np.asarray(_raw(index))
        src = self._lift(src)
        idx = _along(index_arr, dim)
        src_part = tuple(slice(0, n) for n in index_arr.shape)
        out = self.data.copy()
        np.add.at(out, idx, src.data[src_part])

        def backward(grad: Array) -> None:
            self._accumulate(grad)
            g_src = np.zeros_like(src.data)
            g_src[src_part] = grad[idx]
            src._accumulate(g_src)

        return self._make(out, (self, src), backward)


def _raw_index(index: Any) -> Any:
    """An index with Tensors and lists replaced by NumPy arrays."""
    if isinstance(index, tuple):
        return tuple(_raw_index(i) for i in index)
    if isinstance(index, TensorCore):
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

"""Joining and splitting tensors: ``cat``, ``stack`` and ``split``.

Section 4.2 Backpropagation. Joining is the backward of splitting: ``cat``'s backward
hands each input its slice of the gradient, ``stack``'s its index along the new dim.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import numpy as np

from .autograd import Array, TensorCore

T = TypeVar("T", bound=TensorCore)


def cat(tensors: Sequence[T], dim: int = 0) -> T:
    """Joins tensors along an existing ``dim``; each gets its slice of the gradient."""
    tensors = tuple(tensors)
    out = np.concatenate([t.data for t in tensors], axis=dim)
    bounds = np.cumsum([t.data.shape[dim] for t in tensors])[:-1]

    def backward(grad: Array) -> None:
        for t, g in zip(tensors, np.split(grad, bounds, axis=dim), strict=True):
            t._accumulate(g)

    return tensors[0]._make(out, tensors, backward)


concatenate = cat


def stack(tensors: Sequence[T], dim: int = 0) -> T:
    """Joins same-shape tensors along a new ``dim``."""
    tensors = tuple(tensors)
    out = np.stack([t.data for t in tensors], axis=dim)

    def backward(grad: Array) -> None:
        for i, t in enumerate(tensors):
            t._accumulate(np.take(grad, i, axis=dim))

    return tensors[0]._make(out, tensors, backward)


def split(x: T, split_size_or_sections: Any, dim: int = 0) -> tuple[T, ...]:
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
    whole: Any = x  # a Tensor at run time: each piece is an indexing op
    for size in sizes:
        pieces.append(whole[(*lead, slice(start, start + size))])
        start += size
    return tuple(pieces)

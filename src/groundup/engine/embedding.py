"""Embedding lookup: ``F.embedding``, a table of vectors indexed by integer ids.

Section 4.3 Deep-learning frameworks. ``embedding(ids, weight)[..., :] = weight[ids]``:
row lookup. Its backward adds each output gradient into the row it was read from; an
id that occurs several times collects the sum (``np.add.at``, which, unlike
``dW[ids] += g``, does not drop repeated indices).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .tensor import Array, Tensor


def embedding(input: Any, weight: Tensor) -> Tensor:
    """Rows of ``weight`` picked by integer ids, like ``torch.nn.functional.embedding``.

    Args:
        input: integer ids of any shape ``S`` (a Tensor or array), each in
            ``[0, num_embeddings)``.
        weight: shape (num_embeddings, embedding_dim).

    Returns:
        Shape ``S + (embedding_dim,)``.

    Raises:
        TypeError: if the ids are not integers.
        IndexError: if an id is out of range.
    """
    ids = np.asarray(input.data if isinstance(input, Tensor) else input)
    if ids.dtype.kind not in "iu":
        raise TypeError(f"embedding ids must be integers, got dtype {ids.dtype}")
    w = weight.data
    if w.ndim != 2:
        raise ValueError(f"embedding weight must be 2-D (num, dim), got shape {w.shape}")
    if ids.size and (ids.min() < 0 or ids.max() >= w.shape[0]):
        raise IndexError(
            f"embedding ids must lie in [0, {w.shape[0]}), got min {ids.min()} max {ids.max()}"
        )
    out = w[ids]  # S + (D,)

    def backward(grad: Array) -> None:
        dw = np.zeros_like(w)
        # NOTE: `dw[ids] += g` would count a repeated id once; add.at sums them all.
        np.add.at(dw, ids.reshape(-1), grad.reshape(-1, w.shape[1]))
        weight._accumulate(dw)

    return Tensor._make(out, (weight,), backward)

"""Datasets and mini-batches: ``groundup.engine.data``, like ``torch.utils.data``.

Section 4.3 Deep-learning frameworks. A :class:`Dataset` answers ``len(ds)`` and
``ds[i]``; a :class:`DataLoader` cuts it into mini-batches, shuffled afresh every epoch
from its own generator (so that a seeded run is reproducible, yet no two epochs see
the same order), and stacks the examples of a batch into Tensors.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from .random import generator_or_default
from .tensor import Array, Tensor


class Dataset:
    """A collection of examples: subclasses define ``__len__`` and ``__getitem__``."""

    def __len__(self) -> int:
        raise NotImplementedError(f"{type(self).__name__} does not define __len__")

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError(f"{type(self).__name__} does not define __getitem__")


class TensorDataset(Dataset):
    """Examples given as arrays with a shared first axis: ``ds[i] = (X[i], y[i])``.

    Args:
        *tensors: Tensors or arrays, all with the same length along axis 0.

    Raises:
        ValueError: if no array is given or their first dimensions differ.
    """

    def __init__(self, *tensors: Tensor | Array) -> None:
        if not tensors:
            raise ValueError("TensorDataset needs at least one array")
        arrays = [t.data if isinstance(t, Tensor) else np.asarray(t) for t in tensors]
        lengths = {len(a) for a in arrays}
        if len(lengths) != 1:
            shapes = [a.shape for a in arrays]
            raise ValueError(f"all arrays need the same first dimension, got shapes {shapes}")
        self.arrays: tuple[Array, ...] = tuple(arrays)

    def __len__(self) -> int:
        return len(self.arrays[0])

    def __getitem__(self, index: Any) -> tuple[Array, ...]:
        return tuple(a[index] for a in self.arrays)


def batch_indices(
    n: int,
    batch_size: int,
    shuffle: bool,
    drop_last: bool,
    generator: np.random.Generator,
) -> list[Array]:
    """The example indices of each mini-batch of one epoch.

    Without shuffling, batch ``k`` holds ``k * batch_size, ..., (k + 1) * batch_size - 1``.
    With shuffling, the order is ``generator.permutation(n)``, drawn anew on every
    call, so consecutive epochs see different orders while a seeded generator makes
    the whole run reproducible. The last batch is smaller when ``batch_size`` does not
    divide ``n``, and is dropped only if ``drop_last``.

    Args:
        n: the number of examples.
        batch_size: the examples per batch, at least 1.
        shuffle: whether to visit the examples in a random order.
        drop_last: whether to drop a final batch smaller than ``batch_size``.
        generator: the source of the random order.

    Returns:
        A list of integer arrays; together (when not dropping) a permutation of
        ``0 .. n-1``.
    """
    # exercise: frameworks.dataloader
    order = generator.permutation(n) if shuffle else np.arange(n)
    stop = n - n % batch_size if drop_last else n
    return [order[start : start + batch_size] for start in range(0, stop, batch_size)]
    # end exercise


class DataLoader:
    """Iterates over a dataset in mini-batches of stacked Tensors.

    ``for xb, yb in DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True,
    seed=0)`` gives Tensors of shape ``(32, ...)``. Each ``for`` loop is one epoch; with
    ``shuffle`` every epoch has a new order drawn from the loader's generator.

    Args:
        dataset: a :class:`Dataset` (or anything with ``len`` and indexing).
        batch_size: examples per batch.
        shuffle: reshuffle at the start of every epoch.
        drop_last: drop the final batch if it is smaller than ``batch_size``.
        generator: the generator for shuffling; default: a new one from ``seed``, or
            the engine's default generator (``groundup.engine.random.manual_seed``).
        seed: seeds a private generator (ignored when ``generator`` is given).

    Raises:
        ValueError: if ``batch_size`` is not a positive integer.
    """

    def __init__(
        self,
        dataset: Dataset | Sequence[Any],
        batch_size: int = 1,
        shuffle: bool = False,
        drop_last: bool = False,
        generator: np.random.Generator | None = None,
        seed: int | None = None,
    ) -> None:
        if not isinstance(batch_size, int | np.integer) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.drop_last = drop_last
        if generator is None and seed is not None:
            generator = np.random.default_rng(seed)
        self.generator = generator

    def __len__(self) -> int:
        """The number of batches per epoch."""
        n = len(self.dataset)
        if self.drop_last:
            return n // self.batch_size
        return -(-n // self.batch_size)

    def __iter__(self) -> Iterator[Any]:
        rng = generator_or_default(self.generator)
        batches = batch_indices(
            len(self.dataset), self.batch_size, self.shuffle, self.drop_last, rng
        )
        for idx in batches:
            yield self._fetch(idx)

    def _fetch(self, idx: Array) -> Any:
        if isinstance(self.dataset, TensorDataset):
            # NOTE: one fancy index per array instead of stacking examples one by one.
            return tuple(Tensor(a[idx]) for a in self.dataset.arrays)
        return collate([self.dataset[int(i)] for i in idx])


def collate(examples: list[Any]) -> Any:
    """Stacks a list of examples into a batch: tuples field by field, arrays into Tensors."""
    first = examples[0]
    if isinstance(first, tuple | list):
        return type(first)(collate([ex[k] for ex in examples]) for k in range(len(first)))
    if isinstance(first, dict):
        return {key: collate([ex[key] for ex in examples]) for key in first}
    return Tensor(
        np.stack([ex.data if isinstance(ex, Tensor) else np.asarray(ex) for ex in examples])
    )

"""Datasets: indexable collections of samples, the way PyTorch's ``Dataset`` is.

Section 0.1 Python and the scientific stack. A class with ``__len__`` and
``__getitem__`` works with ``len(ds)``, ``ds[i]``, ``ds[-1]``, ``ds[2:5]`` and, through
the old sequence protocol, ``for x, y in ds`` (iteration stops at the first
``IndexError``, which is why ``__getitem__`` must raise it past the end).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

Transform = Callable[[Any], Any]
"""A function applied to each input sample when it is read (normalize, augment...)."""


class ArrayDataset:
    """Samples ``(X[i], y[i])`` of two arrays, with an optional per-sample transform.

    Args:
        X: inputs, shape (n_samples, ...).
        y: targets, shape (n_samples, ...).
        transform: applied to ``X[i]`` (never to ``y[i]``) each time a sample is read.

    Raises:
        ValueError: if ``X`` and ``y`` hold different numbers of samples.

    Example:
        >>> ds = ArrayDataset(np.arange(6.0).reshape(3, 2), np.array([0, 1, 0]))
        >>> len(ds), ds[-1][1]
        (3, np.int64(0))
    """

    def __init__(self, X: npt.ArrayLike, y: npt.ArrayLike, transform: Transform | None = None):
        self.X = np.asarray(X)
        self.y = np.asarray(y)
        if self.X.ndim == 0 or self.y.ndim == 0 or len(self.X) != len(self.y):
            raise ValueError(
                f"X and y must hold the same number of samples, got shapes {self.X.shape} "
                f"and {self.y.shape}"
            )
        self.transform = transform

    def __len__(self) -> int:
        """The number of samples."""
        return len(self.X)

    def __getitem__(self, index: int | slice) -> Any:
        """One sample, or a new dataset over a slice of the samples.

        Args:
            index: an integer in ``[-len, len)`` (negative counts from the end), or a
                slice such as ``ds[2:5]`` or ``ds[::-1]``.

        Returns:
            For an integer, the pair ``(transform(X[i]), y[i])`` (``X[i]`` untransformed
            when there is no transform). For a slice, an ``ArrayDataset`` over those
            samples that keeps the same transform.

        Raises:
            IndexError: if the integer is outside ``[-len, len)``.
            TypeError: if ``index`` is neither an integer nor a slice.
        """
        if isinstance(index, bool) or not isinstance(index, int | np.integer | slice):
            raise TypeError(f"dataset indices must be integers or slices, got {index!r}")
        # exercise: python.dataset
        if isinstance(index, slice):
            return ArrayDataset(self.X[index], self.y[index], self.transform)
        n = len(self)
        if not -n <= index < n:
            raise IndexError(f"index {index} is out of range for a dataset of {n} samples")
        x = self.X[index]
        if self.transform is not None:
            x = self.transform(x)
        return x, self.y[index]
        # end exercise


class TokenWindows:
    """Next-token training pairs from one long sequence, as a language model reads it.

    Sample ``i`` is the window ``x = tokens[i : i + block_size]`` and its target
    ``y = tokens[i + 1 : i + block_size + 1]``: the same window shifted by one, so that
    ``y[t]`` is the token that follows ``x[t]``. Every window must be complete, so there
    are ``len(tokens) - block_size`` samples (the last one ends at the last token).

    Args:
        tokens: a 1-D array of token ids.
        block_size: the context length T, >= 1.

    Raises:
        ValueError: if ``tokens`` is not 1-D or ``block_size`` < 1.

    Example:
        >>> ds = TokenWindows(np.arange(6), block_size=4)
        >>> len(ds), ds[-1]
        (2, (array([1, 2, 3, 4]), array([2, 3, 4, 5])))
    """

    def __init__(self, tokens: npt.ArrayLike, block_size: int) -> None:
        self.tokens = np.asarray(tokens)
        if self.tokens.ndim != 1:
            raise ValueError(f"expected a 1-D array of tokens, got shape {self.tokens.shape}")
        if block_size < 1:
            raise ValueError(f"block_size must be >= 1, got {block_size}")
        self.block_size = block_size

    def __len__(self) -> int:
        """The number of complete windows: ``len(tokens) - block_size`` (at least 0)."""
        return max(len(self.tokens) - self.block_size, 0)

    def __getitem__(self, index: int) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
        """The pair ``(x, y)`` of windows starting at ``index``.

        Args:
            index: an integer in ``[-len, len)``; negative counts from the end.

        Returns:
            ``(tokens[i : i + T], tokens[i + 1 : i + T + 1])`` for ``i = index`` (or
            ``len + index`` when negative), each of length T.

        Raises:
            IndexError: if ``index`` is outside ``[-len, len)``. Slicing never raises
                by itself, so this check is what stops ``for x, y in ds``.
            TypeError: if ``index`` is not an integer.
        """
        if isinstance(index, bool) or not isinstance(index, int | np.integer):
            raise TypeError(f"window indices must be integers, got {index!r}")
        # exercise: python.windows
        n = len(self)
        if not -n <= index < n:
            raise IndexError(f"window {index} is out of range for {n} windows")
        if index < 0:
            index += n  # NOTE: a negative start would slice from the end of tokens
        T = self.block_size
        return self.tokens[index : index + T], self.tokens[index + 1 : index + T + 1]
        # end exercise

"""Small generated datasets for the first networks (section 4.1)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def make_separable(
    n_samples: int, rng: np.random.Generator, margin: float = 0.5
) -> tuple[FloatArray, IntArray]:
    """Two linearly separable classes in 2-D with a guaranteed margin.

    A random unit normal ``w`` defines the true boundary ``w . x = 0``; points closer
    to it than ``margin / 2`` are pushed away, so a perceptron is sure to converge.

    Returns:
        ``(X, y)``: (n_samples, 2) points and labels in {0, 1}.
    """
    angle = rng.uniform(0, 2 * np.pi)
    w = np.array([np.cos(angle), np.sin(angle)])
    X = rng.uniform(-2, 2, size=(n_samples, 2))
    side = X @ w
    sign = np.where(side >= 0, 1.0, -1.0)
    X = X + np.outer(sign * np.maximum(0.0, margin / 2 - np.abs(side)), w)
    return X, (sign > 0).astype(np.int64)


def make_xor(
    n_samples: int, rng: np.random.Generator, noise: float = 0.1
) -> tuple[FloatArray, IntArray]:
    """The XOR problem: four clusters at the corners of a square, opposite corners alike.

    Label 1 when exactly one coordinate is positive: no straight line separates them.

    Returns:
        ``(X, y)``: (n_samples, 2) points and labels in {0, 1}.
    """
    corners = rng.integers(0, 2, size=(n_samples, 2))
    X = (2.0 * corners - 1.0) + rng.normal(0, noise, size=(n_samples, 2))
    y = (corners[:, 0] ^ corners[:, 1]).astype(np.int64)
    return X, y

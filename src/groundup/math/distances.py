r"""Distances between points: Euclidean, Manhattan and cosine, for all pairs at once.

Section 1.9 Geometry of data. Rows of ``X`` (shape (n, d)) and ``Y`` (shape (m, d)) are
points; a pairwise function returns the (n, m) matrix of distances between every row of
``X`` and every row of ``Y``, without Python loops. The Euclidean one uses the identity

.. math:: \|x - y\|^2 = \|x\|^2 + \|y\|^2 - 2\, x \cdot y,

which turns the work into one matrix product, the way scikit-learn and every
nearest-neighbor library compute it.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._types import FloatArray
from .matrices import as_matrix


def _as_pair(X: npt.ArrayLike, Y: npt.ArrayLike | None) -> tuple[FloatArray, FloatArray]:
    """Returns two 2-D float arrays with the same number of columns (Y defaults to X)."""
    X_arr = as_matrix(X, "X")
    Y_arr = X_arr if Y is None else as_matrix(Y, "Y")
    if X_arr.shape[1] != Y_arr.shape[1]:
        raise ValueError(
            f"X and Y must have the same number of features (columns), got "
            f"{X_arr.shape[1]} and {Y_arr.shape[1]}"
        )
    return X_arr, Y_arr


def pairwise_euclidean(X: npt.ArrayLike, Y: npt.ArrayLike | None = None) -> FloatArray:
    r"""Euclidean distances between the rows of ``X`` and the rows of ``Y``.

    :math:`D_{ij} = \sqrt{\|x_i\|^2 + \|y_j\|^2 - 2\, x_i \cdot y_j}`: two vectors of
    squared norms broadcast against one matrix product. Rounding can make the squared
    distance of two (nearly) equal points slightly negative; it is clamped to 0 before
    the square root.

    Args:
        X: points of shape (n, d).
        Y: points of shape (m, d); ``None`` means ``X`` (distances within ``X``).

    Returns:
        The distances, shape (n, m). Accuracy: the squared distance carries an absolute
        error of a few ulps of :math:`\|x\|^2 + \|y\|^2`, so distances much smaller than
        about :math:`10^{-8} \max \|x\|` are not resolved (the distance of a point to
        itself may come out as such a tiny number instead of 0).

    Raises:
        ValueError: if the inputs are not 2-D or differ in their number of columns.
    """
    X, Y = _as_pair(X, Y)
    # exercise: geometry.pairwise-euclidean
    sq_x = np.sum(X * X, axis=1)  # (n,)
    sq_y = np.sum(Y * Y, axis=1)  # (m,)
    squared = sq_x[:, None] + sq_y[None, :] - 2.0 * (X @ Y.T)  # (n, m)
    # NOTE: cancellation can leave -1e-14 where the answer is 0; sqrt would give NaN.
    return np.sqrt(np.maximum(squared, 0.0))
    # end exercise


def pairwise_manhattan(X: npt.ArrayLike, Y: npt.ArrayLike | None = None) -> FloatArray:
    r"""Manhattan (L1, city-block) distances :math:`D_{ij} = \sum_k |x_{ik} - y_{jk}|`.

    Broadcasting ``X[:, None, :] - Y[None, :, :]`` builds every difference at once, an
    (n, m, d) array: fine for thousands of points, not for millions.

    Args:
        X: points of shape (n, d).
        Y: points of shape (m, d); ``None`` means ``X``.

    Returns:
        The distances, shape (n, m).

    Raises:
        ValueError: if the inputs are not 2-D or differ in their number of columns.
    """
    X, Y = _as_pair(X, Y)
    diff = X[:, None, :] - Y[None, :, :]  # (n, m, d)
    return np.sum(np.abs(diff), axis=2)


def pairwise_cosine_distance(X: npt.ArrayLike, Y: npt.ArrayLike | None = None) -> FloatArray:
    r"""Cosine distances :math:`D_{ij} = 1 - \frac{x_i \cdot y_j}{\|x_i\|\,\|y_j\|}`.

    One minus the cosine similarity: 0 for the same direction, 1 for orthogonal, 2 for
    opposite. It ignores length, which is why it is the usual way to compare embeddings.
    (It is not a metric: the triangle inequality can fail.)

    Args:
        X: points of shape (n, d), no zero rows.
        Y: points of shape (m, d), no zero rows; ``None`` means ``X``.

    Returns:
        The distances, shape (n, m), each in [0, 2].

    Raises:
        ValueError: if a row is zero (it has no direction), or the shapes disagree.
    """
    X, Y = _as_pair(X, Y)
    for name, arr in (("X", X), ("Y", Y)):
        zero = np.flatnonzero(~np.any(arr != 0.0, axis=1))
        if zero.size:
            raise ValueError(f"row {zero[0]} of {name} is zero: its cosine is undefined")
    # exercise: geometry.cosine-distance
    # Scale each row by its largest entry first, so that squaring cannot overflow.
    X_scaled = X / np.max(np.abs(X), axis=1, keepdims=True)  # (n, d)
    Y_scaled = Y / np.max(np.abs(Y), axis=1, keepdims=True)  # (m, d)
    X_unit = X_scaled / np.sqrt(np.sum(X_scaled**2, axis=1, keepdims=True))  # unit rows
    Y_unit = Y_scaled / np.sqrt(np.sum(Y_scaled**2, axis=1, keepdims=True))  # unit rows
    similarity = X_unit @ Y_unit.T  # (n, m), in [-1, 1] up to rounding
    return 1.0 - np.clip(similarity, -1.0, 1.0)
    # end exercise

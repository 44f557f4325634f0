"""Loop-free NumPy: broadcasting instead of Python loops.

Section 0.1 Python and the scientific stack. Two shapes broadcast when, compared from
the last axis backwards, each pair of sizes is equal or one of them is 1; the size-1
axes are stretched (without copying). Adding an axis with ``None`` (``x[:, None]``) or
keeping a reduced axis (``keepdims=True``) lines arrays up so that one expression does
the work of a loop, in compiled code.

Validation uses ``np.asanyarray``, which keeps array subclasses, so the checks can hand
in arrays that notice Python loops over their rows.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._types import FloatArray, IntArray


def _as_matrix(X: npt.ArrayLike, name: str) -> FloatArray:
    """``X`` as a 2-D float64 array, or ``ValueError`` naming it."""
    arr = np.asanyarray(X, dtype=np.float64)
    if arr.ndim != 2:
        raise ValueError(
            f"expected `{name}` to be a 2-D array (samples, features), got {arr.shape}"
        )
    return arr


def pairwise_sq_dists(X: npt.ArrayLike, Y: npt.ArrayLike) -> FloatArray:
    r"""Squared Euclidean distances between every row of ``X`` and every row of ``Y``.

    :math:`D_{ij} = \|x_i - y_j\|^2 = \|x_i\|^2 + \|y_j\|^2 - 2\, x_i \cdot y_j`: two
    vectors of squared norms broadcast against the matrix of dot products ``X @ Y.T``,
    so memory is O(n m), not the O(n m d) of forming every difference.

    Args:
        X: shape (n, d).
        Y: shape (m, d).

    Returns:
        D, shape (n, m), every entry >= 0.

    Raises:
        ValueError: if the inputs are not 2-D or differ in their number of features.
    """
    X, Y = _as_matrix(X, "X"), _as_matrix(Y, "Y")
    if X.shape[1] != Y.shape[1]:
        raise ValueError(
            f"X and Y must have the same number of columns, got {X.shape} and {Y.shape}"
        )
    # exercise: python.pairwise-sq-dists
    x_sq = np.sum(X**2, axis=1, keepdims=True)  # (n, 1): one norm per row of X
    y_sq = np.sum(Y**2, axis=1)[None, :]  # (1, m): one norm per row of Y
    D = x_sq + y_sq - 2.0 * (X @ Y.T)  # (n, 1) + (1, m) - (n, m) -> (n, m)
    # NOTE: for (nearly) equal rows the expansion cancels to about -1e-16: clip at 0.
    return np.asarray(np.maximum(D, 0.0))
    # end exercise


def standardize(X: npt.ArrayLike) -> FloatArray:
    r"""Scales every column (feature) to mean 0 and standard deviation 1.

    :math:`Z_{ij} = (X_{ij} - \mu_j) / \sigma_j` with the column mean
    :math:`\mu_j` and the *population* standard deviation
    :math:`\sigma_j = \sqrt{\tfrac{1}{n}\sum_i (X_{ij} - \mu_j)^2}` (``ddof=0``, as
    scikit-learn's ``StandardScaler``). A constant column (:math:`\sigma_j = 0`) is only
    centered: it is divided by 1 instead of 0.

    Args:
        X: shape (n_samples, n_features), n_samples >= 1.

    Returns:
        Z, shape (n_samples, n_features).

    Raises:
        ValueError: if ``X`` is not 2-D or has no rows.
    """
    X = _as_matrix(X, "X")
    if X.shape[0] == 0:
        raise ValueError("cannot standardize an empty array: no samples to take a mean of")
    # exercise: python.standardize
    mean = X.mean(axis=0, keepdims=True)  # (1, n_features)
    std = X.std(axis=0, keepdims=True)  # (1, n_features), ddof=0
    std = np.where(std == 0.0, 1.0, std)  # constant columns: center only
    return np.asarray((X - mean) / std)  # (n, d) - (1, d) broadcasts down the rows
    # end exercise


def one_hot(labels: npt.ArrayLike, n_classes: int) -> FloatArray:
    """One row per label with a single 1.0 in the label's column.

    ``one_hot([2, 0], 3)`` is ``[[0, 0, 1], [1, 0, 0]]``. Built by comparing the labels,
    as a column, with the class indices, as a row: ``(n, 1) == (1, k) -> (n, k)``.

    Args:
        labels: integer class labels, shape (n,), each in ``[0, n_classes)``.
        n_classes: the number of classes k (classes absent from ``labels`` still get a
            column).

    Returns:
        A float64 array of shape (n, n_classes).

    Raises:
        ValueError: if labels are not 1-D integers in range.
    """
    arr = np.asanyarray(labels)
    if arr.ndim != 1 or (arr.size and arr.dtype.kind not in "iu"):
        raise ValueError(f"expected a 1-D array of integer labels, got {arr.dtype} {arr.shape}")
    if n_classes < 1:
        raise ValueError(f"n_classes must be >= 1, got {n_classes}")
    if arr.size and (arr.min() < 0 or arr.max() >= n_classes):
        raise ValueError(f"labels must lie in [0, {n_classes}), got {arr.min()} to {arr.max()}")
    labels_int: IntArray = arr.astype(np.int64)
    # exercise: python.one-hot
    classes = np.arange(n_classes)[None, :]  # (1, k)
    return np.asarray(labels_int[:, None] == classes, dtype=np.float64)  # (n, 1) == (1, k)
    # end exercise


def batched_outer(a: npt.ArrayLike, b: npt.ArrayLike) -> FloatArray:
    r"""The outer product of each pair of rows: :math:`P_{bij} = a_{bi} b_{bj}`.

    Args:
        a: shape (B, m).
        b: shape (B, n).

    Returns:
        P, shape (B, m, n).

    Raises:
        ValueError: if the inputs are not 2-D or differ in batch size.
    """
    a, b = _as_matrix(a, "a"), _as_matrix(b, "b")
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"a and b must have the same batch size, got {a.shape} and {b.shape}")
    return np.asarray(a[:, :, None] * b[:, None, :])  # (B, m, 1) * (B, 1, n) -> (B, m, n)

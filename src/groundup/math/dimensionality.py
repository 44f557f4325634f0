r"""The curse of dimensionality: in high dimensions, all distances look alike.

Section 1.9 Geometry of data. For random points in the unit cube
:math:`[0, 1]^d`, the squared distance between two of them is a sum of ``d``
independent terms, so by the law of large numbers it concentrates around its mean
:math:`d/6` with a spread that grows only like :math:`\sqrt{d}`. The ratio of the
nearest to the farthest distance from a query therefore tends to 1: "nearest" neighbor
stops meaning much.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ._types import FloatArray
from .distances import pairwise_euclidean


def nearest_farthest_ratio(X: npt.ArrayLike, queries: npt.ArrayLike) -> FloatArray:
    r"""For each query, its nearest distance to the points over its farthest distance.

    :math:`r_q = \min_i \|q - x_i\| \,/\, \max_i \|q - x_i\|`, in [0, 1]: near 0 when
    the nearest point is much closer than the farthest, near 1 when all points are
    about equally far.

    Args:
        X: the points, shape (n, d), n >= 1.
        queries: the query points, shape (m, d), none equal to all of ``X``.

    Returns:
        The ratios, shape (m,).

    Raises:
        ValueError: if ``X`` is empty or the shapes disagree.
    """
    if np.asarray(X).shape[0] == 0:
        raise ValueError("X must hold at least one point")
    # exercise: geometry.distance-ratio
    D = pairwise_euclidean(queries, X)  # (m, n): row q holds q's distance to every point
    return np.min(D, axis=1) / np.max(D, axis=1)
    # end exercise


def simulate_ratio(
    dims: Sequence[int], n_points: int, n_queries: int, rng: np.random.Generator
) -> FloatArray:
    """The mean nearest/farthest ratio for uniform points in the cube, per dimension.

    Args:
        dims: the dimensions to simulate.
        n_points: how many uniform points in [0, 1]^d.
        n_queries: how many uniform query points, averaged over.
        rng: the random generator.

    Returns:
        The mean ratio for each dimension, shape (len(dims),).
    """
    means = []
    for d in dims:
        X = rng.random((n_points, d))
        queries = rng.random((n_queries, d))
        means.append(float(np.mean(nearest_farthest_ratio(X, queries))))
    return np.array(means)

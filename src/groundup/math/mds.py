r"""Classical multidimensional scaling: points back from their distances.

Section 1.10 Advanced extras. Given only the pairwise distances :math:`D` of ``n``
points, recover coordinates that have those distances. Distances do not change under
rotation, reflection or translation, so the points come back only up to those: compare
distances, never coordinates. The trick: the Gram matrix :math:`G = X_c X_c^\top` of the
centered points is :math:`-\tfrac12 J D^{(2)} J`, where :math:`D^{(2)}` holds the squared
distances and :math:`J = I - \tfrac1n \mathbf{1}\mathbf{1}^\top` centers rows and
columns ("double centering"). A Gram matrix factors as :math:`V \Lambda V^\top`, so
:math:`X = V \Lambda^{1/2}`, and keeping the ``k`` largest eigenvalues gives the best
``k``-dimensional embedding, as in PCA.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._types import FloatArray
from .matrices import as_matrix


def _as_distances(D: npt.ArrayLike) -> FloatArray:
    """Returns ``D`` as a symmetric distance matrix with an exactly zero diagonal.

    Distances computed by the Gram identity (``pairwise_euclidean``) carry rounding of
    about 1e-8 times the data's scale, on the diagonal too; that much asymmetry or
    diagonal is accepted and cleaned, anything larger is an error.

    Raises:
        ValueError: if ``D`` is not square, not finite, not symmetric, has negative
            entries or a diagonal that is not (nearly) zero.
    """
    D = as_matrix(D, "D")
    n = D.shape[0]
    if D.shape != (n, n):
        raise ValueError(f"expected a square distance matrix, got shape {D.shape}")
    if not np.all(np.isfinite(D)):
        raise ValueError("distances must be finite (an inf often means a disconnected graph)")
    slack = 1e-6 * max(1.0, float(np.max(np.abs(D)))) if D.size else 0.0
    if np.any(np.abs(D - D.T) > slack):
        raise ValueError("a distance matrix must be symmetric: D[i, j] = D[j, i]")
    if np.any(D < 0) or np.any(np.abs(np.diag(D)) > slack):
        raise ValueError("distances must be non-negative with a zero diagonal")
    D = (D + D.T) / 2.0
    np.fill_diagonal(D, 0.0)
    return D


def double_center(M: npt.ArrayLike) -> FloatArray:
    r""":math:`J M J` with :math:`J = I - \frac1n \mathbf{1}\mathbf{1}^\top`: subtracts
    the row means, then the column means, of a square matrix (shape (n, n))."""
    M = as_matrix(M, "M")
    centered_rows = M - M.mean(axis=1, keepdims=True)
    return centered_rows - centered_rows.mean(axis=0, keepdims=True)


def classical_mds(D: npt.ArrayLike, n_components: int) -> FloatArray:
    r"""Coordinates in ``n_components`` dimensions whose distances match ``D``.

    1. :math:`G = -\tfrac12 J D^{(2)} J` (squared distances, double-centered), the Gram
       matrix of the centered points.
    2. Its eigendecomposition :math:`G = V \Lambda V^\top`, eigenvalues in decreasing
       order; negative ones (``D`` not exactly Euclidean, or rounding) count as 0.
    3. :math:`X = V_k \Lambda_k^{1/2}`.

    If ``D`` holds the distances of points in :math:`\mathbb{R}^k`, the result has
    exactly those distances; otherwise it is the best rank-``k`` fit to ``G``.

    Args:
        D: a symmetric (n, n) matrix of distances with a zero diagonal.
        n_components: the dimension ``k`` of the embedding, 1 <= k <= n.

    Returns:
        Coordinates of shape (n, k), centered at the origin; unique only up to
        rotation and reflection (and the order of equal eigenvalues).

    Raises:
        ValueError: if ``D`` is not a distance matrix or ``n_components`` is out of range.
    """
    D = _as_distances(D)
    n = D.shape[0]
    if not 1 <= n_components <= n:
        raise ValueError(f"n_components must be between 1 and n = {n}, got {n_components}")
    # exercise: extras.classical-mds
    G = -0.5 * double_center(D**2)  # (n, n): the Gram matrix of the centered points
    eigenvalues, eigenvectors = np.linalg.eigh(G)  # ascending order
    top = np.argsort(eigenvalues)[::-1][:n_components]  # the k largest
    scales = np.sqrt(np.maximum(eigenvalues[top], 0.0))  # (k,)
    return eigenvectors[:, top] * scales  # (n, k)
    # end exercise

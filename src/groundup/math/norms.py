r"""Norms of vectors and matrices.

Section 1.9 Geometry of data. A norm measures size: it is zero only for zero, scales
with the vector (:math:`\|c x\| = |c|\,\|x\|`) and obeys the triangle inequality. For
vectors, the :math:`p`-norms

.. math:: \|x\|_p = \Big(\sum_i |x_i|^p\Big)^{1/p}, \qquad \|x\|_\infty = \max_i |x_i|,

have unit balls that grow from a diamond (p = 1) through the disk (p = 2) to the square
(p = inf). For matrices, the Frobenius norm treats the matrix as one long vector; the
*induced* norms measure how much the matrix can stretch a vector.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from .matrices import as_matrix


def lp_norm(x: npt.ArrayLike, p: float) -> float:
    r"""The :math:`p`-norm of a vector, :math:`(\sum_i |x_i|^p)^{1/p}`, or the max for inf.

    Computed as :math:`s\,(\sum_i |x_i / s|^p)^{1/p}` with :math:`s = \max_i |x_i|`, so
    that :math:`|x_i|^p` can neither overflow (1e200 cubed) nor underflow.

    Args:
        x: a vector of shape (n,).
        p: a real number at least 1, or ``math.inf``.

    Returns:
        The norm, a float (0.0 for a zero or empty vector).

    Raises:
        ValueError: if ``x`` is not 1-D or ``p < 1`` (then it is not a norm).
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"expected a 1-D vector, got shape {x.shape}")
    if not p >= 1.0:
        raise ValueError(f"`p` must be at least 1 (below 1 it is not a norm), got {p!r}")
    # exercise: geometry.lp-norm
    magnitudes = np.abs(x)
    scale = float(np.max(magnitudes)) if x.size else 0.0
    if scale == 0.0 or p == math.inf:
        return scale
    return scale * float(np.sum((magnitudes / scale) ** p)) ** (1.0 / p)
    # end exercise


def matrix_norm(A: npt.ArrayLike, ord: str | float = "fro") -> float:
    r"""The Frobenius norm or an induced 1- or infinity-norm of a matrix.

    - ``"fro"``: :math:`\|A\|_F = \sqrt{\sum_{ij} A_{ij}^2}`, the 2-norm of the entries.
    - ``1``: :math:`\|A\|_1 = \max_j \sum_i |A_{ij}|`, the largest column sum: the most
      that :math:`A` can stretch a vector measured in the 1-norm.
    - ``math.inf``: :math:`\|A\|_\infty = \max_i \sum_j |A_{ij}|`, the largest row sum.

    The induced 2-norm (the spectral norm, the largest singular value) needs an
    eigenvalue computation: see :func:`groundup.math.lipschitz.spectral_norm`. It is at
    most the Frobenius norm.

    Args:
        A: a matrix of shape (m, n).
        ord: ``"fro"``, ``1`` or ``math.inf``.

    Returns:
        The norm, a float (0.0 for an empty matrix).

    Raises:
        ValueError: if ``A`` is not 2-D or ``ord`` is not one of those.
    """
    A = as_matrix(A, "A")
    if ord not in ("fro", 1, math.inf):
        raise ValueError(f"`ord` must be 'fro', 1 or math.inf, got {ord!r}")
    if A.size == 0:
        return 0.0
    # exercise: geometry.matrix-norm
    magnitudes = np.abs(A)
    if ord == "fro":
        scale = float(np.max(magnitudes))
        if scale == 0.0:
            return 0.0
        return scale * math.sqrt(float(np.sum((magnitudes / scale) ** 2)))
    if ord == 1:
        return float(np.max(np.sum(magnitudes, axis=0)))  # column sums
    return float(np.max(np.sum(magnitudes, axis=1)))  # row sums
    # end exercise


def unit_ball_boundary(p: float, n_points: int = 400) -> npt.NDArray[np.float64]:
    """Points on the 2-D unit circle of the p-norm: each direction scaled to p-length 1.

    Args:
        p: at least 1, or ``math.inf``.
        n_points: how many directions around the circle.

    Returns:
        An array of shape (n_points, 2).
    """
    angles = np.linspace(0.0, 2.0 * np.pi, n_points)
    directions = np.stack([np.cos(angles), np.sin(angles)], axis=1)  # (n_points, 2)
    lengths = np.array([lp_norm(d, p) for d in directions])
    return directions / lengths[:, None]

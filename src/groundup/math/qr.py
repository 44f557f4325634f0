"""Orthonormal bases and the QR decomposition by (modified) Gram-Schmidt.

Section 1.1 Linear algebra. Gram-Schmidt walks through the columns of ``A`` and
removes from each one its components along the directions already found; what is left,
scaled to length 1, is the next column of ``Q``. The lengths and the removed
components are the entries of ``R``, so that ``A = Q R``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numpy.linalg import LinAlgError

from ._types import FloatArray
from .matrices import as_matrix

RANK_TOL = 1e-12
"""A column counts as dependent when less than this fraction of its length is left
after removing its components along the earlier columns. In exact arithmetic a dependent
column leaves nothing; in float64 it leaves rounding of about eps * cond(earlier columns)
(measured below 4e-13 for random rank-deficient products), while the 10x10 Hilbert
matrix, cond 1.6e13 but full rank, leaves 7e-12."""


def check_independent(remaining: float, original: float, column: int) -> None:
    """Raises ``LinAlgError`` when a column is (numerically) a combination of earlier ones.

    Args:
        remaining: the length of the column after removing its components along the
            earlier directions (the would-be ``R[j, j]``).
        original: the length of the column as given.
        column: the column's index, for the message.

    Raises:
        LinAlgError: if ``remaining <= RANK_TOL * original`` (a zero column included).
    """
    if remaining <= RANK_TOL * original:
        raise LinAlgError(
            f"the columns of A are linearly dependent: column {column} has only "
            f"{remaining:.3g} of its length {original:.3g} left outside the span of the "
            "earlier columns, so it adds no new direction"
        )


def gram_schmidt_qr(A: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    r"""Reduced QR decomposition by modified Gram-Schmidt.

    For each column :math:`a_j`: start from :math:`v = a_j`; for each earlier
    direction :math:`q_i` set :math:`R_{ij} = q_i \cdot v` and :math:`v \leftarrow v -
    R_{ij} q_i`; then :math:`R_{jj} = \|v\|` and :math:`q_j = v / R_{jj}`.

    *Modified* Gram-Schmidt projects the current, partly reduced ``v`` onto each
    :math:`q_i`; *classical* Gram-Schmidt projects the original :math:`a_j`. The two
    agree in exact arithmetic, but the classical one loses orthogonality when columns
    are nearly parallel.

    Convention: the diagonal of ``R`` is positive, which makes ``Q`` and ``R`` unique
    for a matrix with independent columns (Gram-Schmidt gives this naturally:
    :math:`R_{jj}` is a length).

    Args:
        A: a matrix of shape (m, n) with m >= n and linearly independent columns.

    Returns:
        ``(Q, R)``: ``Q`` of shape (m, n) with orthonormal columns and ``R`` of shape
        (n, n), upper triangular with a positive diagonal, such that ``A = Q R``.

    Raises:
        ValueError: if ``A`` is not 2-D or has more columns than rows.
        LinAlgError: if a column depends on the earlier ones (use
            :func:`check_independent`).
    """
    A = as_matrix(A, "A")
    m, n = A.shape
    if m < n:
        raise ValueError(
            f"expected at least as many rows as columns, got shape {A.shape}: "
            f"{n} vectors in {m} dimensions cannot be independent"
        )
    # exercise: linalg.gram-schmidt
    Q = np.zeros((m, n))
    R = np.zeros((n, n))
    for j in range(n):
        v = A[:, j].copy()
        for i in range(j):
            R[i, j] = Q[:, i] @ v  # modified: project what is left of the column
            v -= R[i, j] * Q[:, i]
        R[j, j] = np.linalg.norm(v)
        check_independent(R[j, j], float(np.linalg.norm(A[:, j])), j)
        Q[:, j] = v / R[j, j]
    return Q, R
    # end exercise

"""Gaussian elimination: solving linear systems, determinants and inverses.

Section 1.1 Linear algebra. All three use elimination with *partial pivoting*: before
eliminating column ``j``, swap in the row whose entry in that column is largest in
absolute value. Without it a zero pivot stops elimination, and a tiny one multiplies
rounding errors by huge factors.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numpy.linalg import LinAlgError

from ._types import FloatArray
from .matrices import as_matrix


def _as_square(A: npt.ArrayLike) -> FloatArray:
    """Returns ``A`` as a square float64 matrix, or raises ``ValueError``."""
    arr = as_matrix(A, "A")
    if arr.shape[0] != arr.shape[1]:
        raise ValueError(f"expected a square matrix, got shape {arr.shape}")
    return arr


def pivot_tolerance(A: FloatArray) -> float:
    r"""The smallest pivot elimination accepts, :math:`n \varepsilon \max_{ij} |A_{ij}|`.

    A pivot this small is indistinguishable from zero after the rounding errors that
    ``n`` elimination steps make in float64 (:math:`\varepsilon \approx 2.2 \times
    10^{-16}`), relative to the size of the entries. NumPy's ``matrix_rank`` uses the
    same kind of threshold.

    Args:
        A: a square matrix of shape (n, n).

    Returns:
        The threshold, a float (0.0 for an empty or zero matrix).
    """
    if A.size == 0:
        return 0.0
    return float(A.shape[0] * np.finfo(np.float64).eps * np.max(np.abs(A)))


def check_pivot(pivot: float, tol: float, column: int) -> None:
    """Raises ``LinAlgError`` when a pivot is too small to divide by.

    Args:
        pivot: the pivot chosen for ``column`` (after any row swap).
        tol: the threshold from :func:`pivot_tolerance`.
        column: the column being eliminated, for the message.

    Raises:
        LinAlgError: if ``|pivot| <= tol``: the matrix is singular to working precision.
    """
    if abs(pivot) <= tol:
        raise LinAlgError(
            f"the matrix is singular to working precision: the best pivot in column "
            f"{column} is {pivot:.3g} (threshold {tol:.3g})"
        )


def _as_rhs(b: npt.ArrayLike, n: int) -> FloatArray:
    """Returns ``b`` as a float64 vector (n,) or matrix (n, k), or raises ``ValueError``."""
    arr = np.asarray(b, dtype=np.float64)
    if arr.ndim not in (1, 2) or arr.shape[0] != n:
        raise ValueError(
            f"`b` must have shape ({n},) or ({n}, k) to match A, got shape {arr.shape}"
        )
    return arr


def solve(A: npt.ArrayLike, b: npt.ArrayLike) -> FloatArray:
    r"""Solves :math:`A x = b` by Gaussian elimination with partial pivoting.

    Forward elimination turns ``A`` into an upper triangular ``U`` (applying the same
    row operations to ``b``), then back substitution solves ``U x = c`` from the last
    row up: :math:`x_i = (c_i - \sum_{j > i} U_{ij} x_j) / U_{ii}`.

    Args:
        A: a square matrix of shape (n, n).
        b: the right-hand side, a vector (n,) or a matrix (n, k) of k right-hand sides.

    Returns:
        ``x`` with the shape of ``b``.

    Raises:
        ValueError: if ``A`` is not square or ``b`` does not match it.
        LinAlgError: if a pivot is at or below :func:`pivot_tolerance` (use
            :func:`check_pivot`): ``A`` is singular to working precision.
    """
    A = _as_square(A)
    b = _as_rhs(b, A.shape[0])
    tol = pivot_tolerance(A)
    # exercise: linalg.solve
    n = A.shape[0]
    U = A.copy()
    c = b.copy()  # (n,) or (n, k): row operations act on whole rows of both
    for col in range(n):
        pivot_row = col + int(np.argmax(np.abs(U[col:, col])))
        check_pivot(U[pivot_row, col], tol, col)
        if pivot_row != col:
            U[[col, pivot_row]] = U[[pivot_row, col]]
            c[[col, pivot_row]] = c[[pivot_row, col]]
        for row in range(col + 1, n):
            factor = U[row, col] / U[col, col]
            U[row, col:] -= factor * U[col, col:]
            c[row] -= factor * c[col]
    x = np.zeros_like(c)
    for row in range(n - 1, -1, -1):  # NOTE: bottom up: x[row] needs x[row + 1:]
        x[row] = (c[row] - U[row, row + 1 :] @ x[row + 1 :]) / U[row, row]
    return x
    # end exercise


def det(A: npt.ArrayLike) -> float:
    r"""The determinant by elimination with partial pivoting.

    Row operations that add a multiple of one row to another keep the determinant; a
    row swap flips its sign. So :math:`\det A = (-1)^{\text{swaps}} \prod_i U_{ii}`.

    Args:
        A: a square matrix of shape (n, n).

    Returns:
        The determinant, a float; exactly 0.0 when a column has no nonzero pivot
        (1.0 for a 0x0 matrix, the empty product).

    Raises:
        ValueError: if ``A`` is not square.
    """
    A = _as_square(A)
    # exercise: linalg.det
    n = A.shape[0]
    U = A.copy()
    sign = 1.0
    for col in range(n):
        pivot_row = col + int(np.argmax(np.abs(U[col:, col])))
        if U[pivot_row, col] == 0.0:
            return 0.0  # the whole column below the diagonal is zero: singular
        if pivot_row != col:
            U[[col, pivot_row]] = U[[pivot_row, col]]
            sign = -sign
        factors = U[col + 1 :, col] / U[col, col]  # (n - col - 1,)
        U[col + 1 :, col:] -= factors[:, None] * U[col, col:]
    return sign * float(np.prod(np.diag(U)))
    # end exercise


def inv(A: npt.ArrayLike) -> FloatArray:
    r"""The inverse by Gauss-Jordan elimination with partial pivoting.

    Row-reduce the augmented matrix :math:`[A \mid I]` to :math:`[I \mid A^{-1}]`:
    for each column, swap in the best pivot, scale the pivot row so the pivot is 1,
    and eliminate the column from every other row, above and below.

    Args:
        A: a square matrix of shape (n, n).

    Returns:
        :math:`A^{-1}`, shape (n, n).

    Raises:
        ValueError: if ``A`` is not square.
        LinAlgError: if a pivot is at or below :func:`pivot_tolerance` (use
            :func:`check_pivot`): ``A`` is singular to working precision.
    """
    A = _as_square(A)
    tol = pivot_tolerance(A)
    # exercise: linalg.inverse
    n = A.shape[0]
    aug = np.hstack([A, np.eye(n)])  # (n, 2n): [A | I]
    for col in range(n):
        pivot_row = col + int(np.argmax(np.abs(aug[col:, col])))
        check_pivot(aug[pivot_row, col], tol, col)
        if pivot_row != col:
            aug[[col, pivot_row]] = aug[[pivot_row, col]]
        aug[col] /= aug[col, col]
        for row in range(n):
            if row != col:
                aug[row] -= aug[row, col] * aug[col]
    return aug[:, n:]
    # end exercise

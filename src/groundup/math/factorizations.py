"""Matrix factorizations: LU with partial pivoting, and QR by Householder reflections.

Section 1.5 Numerical methods. Section 1.1 solved ``A x = b`` by elimination and built
QR by Gram-Schmidt. Here the same ideas become *factorizations* that are computed once
and reused: ``A = P L U`` records elimination's multipliers in ``L`` so that every new
right-hand side costs two triangular solves, and Householder QR builds ``Q`` from
reflections, which stays orthogonal to working precision however ill-conditioned ``A``
is (Gram-Schmidt's ``Q`` does not).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._types import FloatArray
from .matrices import as_matrix


def _as_square(A: npt.ArrayLike) -> FloatArray:
    arr = as_matrix(A, "A")
    if arr.shape[0] != arr.shape[1]:
        raise ValueError(f"expected a square matrix, got shape {arr.shape}")
    return arr


def lu(A: npt.ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""LU factorization with partial pivoting: :math:`A = P L U` (SciPy's convention).

    Eliminate column by column as in Gaussian elimination. Before column ``k``, swap
    in the row (at or below ``k``) whose entry in column ``k`` is largest in absolute
    value; then for each row ``i > k`` store the multiplier
    :math:`\ell_{ik} = u_{ik} / u_{kk}` in ``L`` and subtract :math:`\ell_{ik}` times row
    ``k``. Swaps apply to the multipliers already stored in ``L`` too. Because each
    pivot is the largest in its column, every :math:`|\ell_{ik}| \le 1`. If a whole
    column is zero at and below the diagonal there is nothing to eliminate: skip it
    (the factorization exists for a singular ``A``; ``U`` gets a zero pivot).

    The row swaps give a permutation :math:`\Pi` with :math:`\Pi A = L U`; SciPy's
    ``scipy.linalg.lu`` returns :math:`P = \Pi^T`, so that :math:`A = P L U`.

    Args:
        A: a square matrix of shape (n, n).

    Returns:
        ``(P, L, U)``, each (n, n): ``P`` a permutation matrix, ``L`` unit lower
        triangular with entries of magnitude at most 1, ``U`` upper triangular.

    Raises:
        ValueError: if ``A`` is not square.
    """
    A = _as_square(A)
    # exercise: numerics.lu
    n = A.shape[0]
    U = A.copy()
    L = np.eye(n)
    perm = np.arange(n)  # row i of Pi A is row perm[i] of A
    for k in range(n - 1):
        p = k + int(np.argmax(np.abs(U[k:, k])))
        if p != k:
            U[[k, p]] = U[[p, k]]
            L[[k, p], :k] = L[[p, k], :k]  # NOTE: earlier multipliers move with their rows
            perm[[k, p]] = perm[[p, k]]
        if U[k, k] == 0.0:
            continue  # the column is zero at and below the diagonal
        L[k + 1 :, k] = U[k + 1 :, k] / U[k, k]
        U[k + 1 :, k:] -= L[k + 1 :, k, None] * U[k, k:]  # (n-k-1, 1) * (n-k,)
        U[k + 1 :, k] = 0.0  # exactly zero, not rounding residue
    P = np.eye(n)[:, perm]  # P = Pi^T: column i of P is e_{perm[i]}
    return P, L, U
    # end exercise


def lu_solve(P: FloatArray, L: FloatArray, U: FloatArray, b: npt.ArrayLike) -> FloatArray:
    r"""Solves :math:`P L U x = b` by two triangular solves.

    :math:`L y = P^T b` forward (top row first), then :math:`U x = y` backward.

    Args:
        P, L, U: the factors from :func:`lu`, each (n, n), ``U`` nonsingular.
        b: the right-hand side, shape (n,).

    Returns:
        ``x``, shape (n,).
    """
    c = P.T @ np.asarray(b, dtype=np.float64)
    n = c.shape[0]
    y = np.zeros(n)
    for i in range(n):
        y[i] = c[i] - L[i, :i] @ y[:i]  # L has ones on its diagonal
    x = np.zeros(n)
    for i in range(n - 1, -1, -1):
        x[i] = (y[i] - U[i, i + 1 :] @ x[i + 1 :]) / U[i, i]
    return x


def householder_qr(A: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    r"""Full QR factorization by Householder reflections: :math:`A = Q R`.

    For each column ``k`` take :math:`x = R_{k:, k}` and the reflection
    :math:`H = I - 2 v v^T / (v^T v)` with :math:`v = x + \operatorname{sign}(x_1)
    \|x\| e_1`, which maps ``x`` to :math:`-\operatorname{sign}(x_1)\|x\| e_1` (the sign
    is chosen so that forming ``v`` adds, never cancels; take sign(0) = 1). Apply
    ``H`` to the trailing rows of ``R`` and accumulate
    :math:`Q = H_1 H_2 \cdots H_k`. Skip a column whose ``x`` is already zero.

    Args:
        A: a matrix of shape (m, n), any m and n.

    Returns:
        ``(Q, R)``: ``Q`` of shape (m, m), orthogonal; ``R`` of shape (m, n), upper
        triangular (zero below the diagonal), with ``A = Q R``.

    Raises:
        ValueError: if ``A`` is not 2-D.
    """
    A = as_matrix(A, "A")
    # exercise: numerics.householder-qr
    m, n = A.shape
    R = A.copy()
    Q = np.eye(m)
    for k in range(min(m - 1, n)):
        x = R[k:, k]
        norm_x = np.linalg.norm(x)
        if norm_x == 0.0:
            continue
        v = x.copy()
        v[0] += np.copysign(norm_x, x[0])  # NOTE: same signs add, so no cancellation
        v /= np.linalg.norm(v)
        R[k:, :] -= 2.0 * np.outer(v, v @ R[k:, :])  # H R on rows k..m-1
        Q[:, k:] -= 2.0 * np.outer(Q[:, k:] @ v, v)  # Q H: Q accumulates on the right
        R[k + 1 :, k] = 0.0
    return Q, R
    # end exercise

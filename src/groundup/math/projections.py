r"""Projections onto subspaces, and the orthogonal complement.

Section 1.9 Geometry of data. If the columns of :math:`Q` (shape (d, k)) are
orthonormal, the projection of a point :math:`x` onto their span is
:math:`Q Q^\top x`: the coordinates :math:`Q^\top x` along each basis vector, then
back into :math:`\mathbb{R}^d`. For a basis :math:`B` that is not orthonormal the
formula is :math:`B (B^\top B)^{-1} B^\top x`; orthonormalizing :math:`B` first (QR,
section 1.1) turns it back into the simple one. What is left, :math:`x - Q Q^\top x`,
lies in the orthogonal complement.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._types import FloatArray
from .matrices import as_matrix
from .qr import gram_schmidt_qr

ORTHONORMAL_TOL = 1e-8
"""How far :math:`Q^\\top Q` may be from the identity for ``Q`` to count as orthonormal:
rounding leaves about 1e-15 for a QR of a well-conditioned matrix; a basis that is
merely close to orthonormal is rejected rather than silently giving a wrong projection."""


def _check_points(X: FloatArray, basis: FloatArray) -> None:
    if X.shape[1] != basis.shape[0]:
        raise ValueError(
            f"the points have {X.shape[1]} coordinates but the basis vectors have "
            f"{basis.shape[0]}: X is (n, d) and the basis is (d, k)"
        )


def check_orthonormal(Q: FloatArray) -> None:
    """Raises ``ValueError`` unless the columns of ``Q`` are orthonormal (Q^T Q = I)."""
    gram = Q.T @ Q  # (k, k)
    error = float(np.max(np.abs(gram - np.eye(Q.shape[1])))) if Q.size else 0.0
    if error > ORTHONORMAL_TOL:
        raise ValueError(
            f"the columns of Q are not orthonormal (|Q^T Q - I| = {error:.3g}); "
            "use project_onto_span for a general basis"
        )


def project_onto_orthonormal(X: npt.ArrayLike, Q: npt.ArrayLike) -> FloatArray:
    r"""Projects each row of ``X`` onto the span of the orthonormal columns of ``Q``.

    For a row :math:`x`, :math:`\hat{x} = Q Q^\top x`; for all rows at once,
    :math:`\hat{X} = X Q Q^\top`.

    Args:
        X: points of shape (n, d).
        Q: a basis of shape (d, k) with orthonormal columns.

    Returns:
        The projected points, shape (n, d).

    Raises:
        ValueError: if the shapes disagree or the columns of ``Q`` are not orthonormal.
    """
    X, Q = as_matrix(X, "X"), as_matrix(Q, "Q")
    _check_points(X, Q)
    check_orthonormal(Q)
    # exercise: geometry.orthonormal-projection
    coordinates = X @ Q  # (n, k): the coordinates along each basis vector
    return coordinates @ Q.T  # (n, d): the combination of the basis vectors
    # end exercise


def project_onto_span(X: npt.ArrayLike, B: npt.ArrayLike) -> FloatArray:
    r"""Projects each row of ``X`` onto the span of the columns of any basis ``B``.

    Orthonormalize the basis, :math:`B = Q R` (Gram-Schmidt), then project onto the
    columns of :math:`Q`, which span the same subspace. Equivalent to
    :math:`X B (B^\top B)^{-1} B^\top`.

    Args:
        X: points of shape (n, d).
        B: a basis of shape (d, k) with linearly independent columns.

    Returns:
        The projected points, shape (n, d).

    Raises:
        ValueError: if the shapes disagree.
        numpy.linalg.LinAlgError: if the columns of ``B`` are linearly dependent.
    """
    X, B = as_matrix(X, "X"), as_matrix(B, "B")
    _check_points(X, B)
    # exercise: geometry.span-projection
    Q, _ = gram_schmidt_qr(B)  # (d, k), orthonormal columns with the same span as B
    return project_onto_orthonormal(X, Q)
    # end exercise


def orthogonal_complement(B: npt.ArrayLike) -> FloatArray:
    r"""An orthonormal basis of the vectors orthogonal to every column of ``B``.

    The full SVD :math:`B = U \Sigma V^\top` has an orthogonal :math:`U` (d, d) whose
    first ``k`` columns span the columns of ``B`` (for independent columns); the other
    ``d - k`` columns are orthonormal and orthogonal to them. Any orthonormal basis of
    the complement is equally right; the projector :math:`W W^\top = I - Q Q^\top` is
    the same for all of them.

    Args:
        B: a basis of shape (d, k) with linearly independent columns, k <= d.

    Returns:
        A matrix of shape (d, d - k) with orthonormal columns.

    Raises:
        ValueError: if ``B`` has more columns than rows.
    """
    B = as_matrix(B, "B")
    d, k = B.shape
    if k > d:
        raise ValueError(f"B has {k} columns in R^{d}: they cannot be independent")
    # exercise: geometry.complement
    U, _, _ = np.linalg.svd(B, full_matrices=True)  # U: (d, d)
    return U[:, k:]  # (d, d - k)
    # end exercise

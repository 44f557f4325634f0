"""Matrices as linear maps: matrix multiplication, first with loops, then vectorized.

Section 1.1 Linear algebra. ``C = A B`` is the map "first apply B, then A"; entry
``C[i, j]`` is the dot product of row ``i`` of ``A`` with column ``j`` of ``B``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._types import FloatArray


def as_matrix(A: npt.ArrayLike, name: str = "A") -> FloatArray:
    """Returns ``A`` as a 2-D float64 array, or raises ``ValueError`` naming it.

    Args:
        A: anything ``np.asarray`` accepts.
        name: the argument's name, for the error message.

    Raises:
        ValueError: if ``A`` is not 2-D.
    """
    arr = np.asarray(A, dtype=np.float64)
    if arr.ndim != 2:
        raise ValueError(f"expected `{name}` to be a 2-D matrix, got shape {arr.shape}")
    return arr


def _check_matmul_shapes(A: FloatArray, B: FloatArray) -> None:
    """Raises ``ValueError`` unless ``A @ B`` is defined (inner dimensions agree)."""
    if A.shape[1] != B.shape[0]:
        raise ValueError(
            f"cannot multiply a {A.shape[0]}x{A.shape[1]} matrix by a "
            f"{B.shape[0]}x{B.shape[1]} matrix: A has {A.shape[1]} columns but B has "
            f"{B.shape[0]} rows"
        )


def matmul_loops(A: npt.ArrayLike, B: npt.ArrayLike) -> FloatArray:
    r"""Matrix product with explicit loops: :math:`C_{ij} = \sum_p A_{ip} B_{pj}`.

    Args:
        A: a matrix of shape (n, k).
        B: a matrix of shape (k, m).

    Returns:
        ``C = A B``, a float64 matrix of shape (n, m) (zeros when ``k == 0``).

    Raises:
        ValueError: if either input is not 2-D or the inner dimensions differ.
    """
    A, B = as_matrix(A, "A"), as_matrix(B, "B")
    _check_matmul_shapes(A, B)
    # exercise: linalg.matmul-loops
    n, k = A.shape
    m = B.shape[1]
    C = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            total = 0.0
            for p in range(k):
                total += A[i, p] * B[p, j]
            C[i, j] = total
    return C
    # end exercise


def matmul(A: npt.ArrayLike, B: npt.ArrayLike) -> FloatArray:
    r"""Matrix product by broadcasting, without Python loops.

    Every product :math:`A_{ip} B_{pj}` is formed at once in an array of shape
    (n, k, m), which is then summed over ``p``. This uses O(n k m) memory, so it
    shows the idea rather than competing with BLAS.

    Args:
        A: a matrix of shape (n, k).
        B: a matrix of shape (k, m).

    Returns:
        ``C = A B``, a float64 matrix of shape (n, m).

    Raises:
        ValueError: if either input is not 2-D or the inner dimensions differ.
    """
    A, B = as_matrix(A, "A"), as_matrix(B, "B")
    _check_matmul_shapes(A, B)
    # exercise: linalg.matmul
    products = A[:, :, None] * B[None, :, :]  # (n, k, 1) * (1, k, m) -> (n, k, m)
    return products.sum(axis=1)  # (n, m)
    # end exercise

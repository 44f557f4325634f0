"""Eigenvalues and eigenvectors by power iteration.

Section 1.1 Linear algebra. Multiplying a vector by ``A`` again and again stretches
its component along the eigenvector of the largest ``|eigenvalue|`` the most; after
normalizing, the vector turns towards that eigenvector, at a rate set by the ratio
``|lambda_2 / lambda_1|``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._types import FloatArray
from .matrices import as_matrix


def rayleigh_quotient(A: npt.ArrayLike, v: npt.ArrayLike) -> float:
    r"""The Rayleigh quotient :math:`\frac{v^\top A v}{v^\top v}`.

    For an eigenvector ``v`` it is exactly the eigenvalue; for a vector near an
    eigenvector of a symmetric matrix it is very near it (the error is quadratic in
    the angle).

    Args:
        A: a square matrix of shape (n, n).
        v: a nonzero vector of shape (n,).

    Returns:
        The quotient, a float.

    Raises:
        ValueError: if ``v`` is zero.
    """
    A_arr = as_matrix(A, "A")
    v_arr = np.asarray(v, dtype=np.float64)
    vv = float(v_arr @ v_arr)
    if vv == 0.0:
        raise ValueError("the Rayleigh quotient is undefined for the zero vector")
    return float(v_arr @ A_arr @ v_arr) / vv


def power_iteration(
    A: npt.ArrayLike,
    num_iters: int = 1000,
    tol: float = 1e-10,
    rng: np.random.Generator | None = None,
) -> tuple[float, FloatArray]:
    r"""The dominant eigenvalue (largest in absolute value) and its eigenvector.

    Start from a random unit vector :math:`v`. Each step computes :math:`w = A v`,
    the eigenvalue estimate :math:`\lambda = v \cdot w` (the Rayleigh quotient of the
    unit vector ``v``) and, unless converged, :math:`v \leftarrow w / \|w\|`.

    It stops when the residual is small, :math:`\|A v - \lambda v\| \le
    \text{tol} \cdot |\lambda|`, or after ``num_iters`` steps. (Stopping when
    :math:`\lambda` stops changing is too early for the vector: for a symmetric matrix
    the Rayleigh quotient converges twice as fast as the vector.) If :math:`A v = 0`,
    ``v`` is an eigenvector with eigenvalue 0 and it stops there.

    It converges when one eigenvalue is strictly largest in absolute value and the
    start vector has a component along its eigenvector (true with probability 1 for
    a random start); the error shrinks like :math:`|\lambda_2 / \lambda_1|^k`.

    Args:
        A: a square matrix of shape (n, n).
        num_iters: the largest number of steps.
        tol: the relative residual at which to stop.
        rng: the generator for the start vector; ``None`` means
            ``np.random.default_rng(0)``, so results are reproducible.

    Returns:
        ``(eigenvalue, v)``: a float and a unit vector of shape (n,) with
        :math:`A v \approx \lambda v`. The sign of ``v`` is arbitrary.

    Raises:
        ValueError: if ``A`` is not square or is empty, or ``num_iters < 1``.
    """
    A = as_matrix(A, "A")
    n = A.shape[0]
    if A.shape != (n, n) or n == 0:
        raise ValueError(f"expected a non-empty square matrix, got shape {A.shape}")
    if num_iters < 1:
        raise ValueError(f"`num_iters` must be at least 1, got {num_iters}")
    rng = np.random.default_rng(0) if rng is None else rng
    # exercise: linalg.power-iteration
    v = rng.normal(size=(n,))  # (n,)
    v /= np.linalg.norm(v)
    eigenvalue = 0.0
    for _ in range(num_iters):
        w = A @ v
        eigenvalue = float(v @ w)  # Rayleigh quotient: v has length 1
        if np.linalg.norm(w - eigenvalue * v) <= tol * abs(eigenvalue):
            break
        w_norm = np.linalg.norm(w)
        if w_norm == 0.0:
            break  # A v = 0: v is an eigenvector for the eigenvalue 0
        v = w / w_norm  # NOTE: normalize every step, or |lambda|^k overflows
    return eigenvalue, v
    # end exercise

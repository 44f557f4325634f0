"""Iterative solvers for ``A x = b``: Jacobi, Gauss-Seidel and conjugate gradient.

Section 1.5 Numerical methods. Elimination costs :math:`O(n^3)` and fills in a sparse
matrix; an iterative method only multiplies by ``A`` (or sweeps over its rows) and
improves a guess. Jacobi and Gauss-Seidel converge for strictly diagonally dominant
matrices; conjugate gradient solves a symmetric positive definite system in at most
``n`` steps in exact arithmetic, and much sooner when the eigenvalues cluster.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._types import FloatArray
from .matrices import as_matrix


def _as_system(A: npt.ArrayLike, b: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Returns ``(A, b)`` as float64, ``A`` square (n, n) and ``b`` (n,), or raises."""
    A = as_matrix(A, "A")
    if A.shape[0] != A.shape[1]:
        raise ValueError(f"expected a square matrix, got shape {A.shape}")
    b = np.asarray(b, dtype=np.float64)
    if b.shape != (A.shape[0],):
        raise ValueError(f"`b` must have shape ({A.shape[0]},) to match A, got {b.shape}")
    return A, b


def _as_sweep_problem(
    A: npt.ArrayLike, b: npt.ArrayLike, n_iter: int
) -> tuple[FloatArray, FloatArray]:
    """Validates the inputs of a Jacobi or Gauss-Seidel run; returns ``(A, b)`` as float64.

    Raises:
        ValueError: on mismatched shapes, a zero diagonal entry (both methods divide by
            it) or ``n_iter < 0``.
    """
    A, b = _as_system(A, b)
    if np.any(np.diag(A) == 0.0):
        raise ValueError("A has a zero on its diagonal: Jacobi and Gauss-Seidel divide by it")
    if n_iter < 0:
        raise ValueError(f"expected n_iter >= 0, got {n_iter}")
    return A, b


def jacobi(A: npt.ArrayLike, b: npt.ArrayLike, n_iter: int) -> FloatArray:
    r"""``n_iter`` Jacobi sweeps from :math:`x^{(0)} = 0`.

    Solve equation ``i`` for :math:`x_i`, using the *previous* iterate for every other
    unknown: :math:`x^{(k+1)}_i = \big(b_i - \sum_{j \ne i} a_{ij} x^{(k)}_j\big) / a_{ii}`.
    In matrix form, with :math:`D` the diagonal of ``A``,
    :math:`x^{(k+1)} = D^{-1}\big(b - (A - D)\, x^{(k)}\big)`.

    Args:
        A: a square matrix (n, n) with a nonzero diagonal.
        b: the right-hand side, shape (n,).
        n_iter: the number of sweeps, at least 0.

    Returns:
        Every iterate, shape (n_iter + 1, n): row ``k`` is :math:`x^{(k)}` (row 0 is zero).

    Raises:
        ValueError: on mismatched shapes, a zero diagonal entry or ``n_iter < 0``.
    """
    A, b = _as_sweep_problem(A, b, n_iter)
    # exercise: numerics.jacobi
    n = A.shape[0]
    d = np.diag(A)  # (n,)
    off = A - np.diag(d)  # (n, n): A without its diagonal
    xs = np.zeros((n_iter + 1, n))
    for k in range(n_iter):
        xs[k + 1] = (b - off @ xs[k]) / d  # every x_j from the previous sweep
    return xs
    # end exercise


def gauss_seidel(A: npt.ArrayLike, b: npt.ArrayLike, n_iter: int) -> FloatArray:
    r"""``n_iter`` Gauss-Seidel sweeps from :math:`x^{(0)} = 0`.

    Like Jacobi, but each new :math:`x_i` is used as soon as it is computed: within a
    sweep over ``i = 0, 1, ..., n - 1``,

    .. math:: x^{(k+1)}_i = \Big(b_i - \sum_{j < i} a_{ij} x^{(k+1)}_j
              - \sum_{j > i} a_{ij} x^{(k)}_j\Big) / a_{ii}.

    Args:
        A: a square matrix (n, n) with a nonzero diagonal.
        b: the right-hand side, shape (n,).
        n_iter: the number of sweeps, at least 0.

    Returns:
        Every iterate, shape (n_iter + 1, n): row ``k`` is :math:`x^{(k)}` (row 0 is zero).

    Raises:
        ValueError: on mismatched shapes, a zero diagonal entry or ``n_iter < 0``.
    """
    A, b = _as_sweep_problem(A, b, n_iter)
    # exercise: numerics.gauss-seidel
    n = A.shape[0]
    xs = np.zeros((n_iter + 1, n))
    for k in range(n_iter):
        x = xs[k].copy()
        for i in range(n):
            # x[:i] already holds this sweep's values, x[i + 1:] the previous sweep's
            rest = A[i, :i] @ x[:i] + A[i, i + 1 :] @ x[i + 1 :]
            x[i] = (b[i] - rest) / A[i, i]
        xs[k + 1] = x
    return xs
    # end exercise


def conjugate_gradient(
    A: npt.ArrayLike, b: npt.ArrayLike, tol: float = 1e-10, max_iter: int | None = None
) -> tuple[FloatArray, FloatArray]:
    r"""Solves a symmetric positive definite system by conjugate gradient, from x = 0.

    With :math:`r_0 = p_0 = b`, repeat:

    .. math::
        \alpha_k = \frac{r_k^T r_k}{p_k^T A p_k},\quad
        x_{k+1} = x_k + \alpha_k p_k,\quad
        r_{k+1} = r_k - \alpha_k A p_k,\quad
        \beta_k = \frac{r_{k+1}^T r_{k+1}}{r_k^T r_k},\quad
        p_{k+1} = r_{k+1} + \beta_k p_k,

    until :math:`\|r_k\| \le \text{tol}\,\|b\|`. The directions :math:`p_k` are
    A-conjugate (:math:`p_i^T A p_j = 0`), so each step minimizes the error's A-norm
    over a growing subspace and never undoes an earlier step.

    Args:
        A: a symmetric positive definite matrix (n, n).
        b: the right-hand side, shape (n,).
        tol: stop when the residual norm is at most ``tol`` times :math:`\|b\|`.
        max_iter: the most steps to take (default ``10 * n``).

    Returns:
        ``(x, residual_norms)``: the solution (n,) and :math:`\|r_k\|` for every step
        taken, starting with :math:`\|r_0\| = \|b\|` (shape (steps + 1,)).

    Raises:
        ValueError: on mismatched shapes or ``tol <= 0``.
    """
    A, b = _as_system(A, b)
    if not tol > 0:
        raise ValueError(f"expected tol > 0, got {tol}")
    n = A.shape[0]
    steps = 10 * n if max_iter is None else max_iter
    # exercise: numerics.conjugate-gradient
    x = np.zeros(n)
    r = b.copy()  # r = b - A x with x = 0
    p = r.copy()
    rr = r @ r
    norms = [np.sqrt(rr)]
    for _ in range(steps):
        if norms[-1] <= tol * norms[0]:
            break
        Ap = A @ p
        alpha = rr / (p @ Ap)
        x += alpha * p
        r -= alpha * Ap
        rr_new = r @ r
        p = r + (rr_new / rr) * p
        rr = rr_new
        norms.append(np.sqrt(rr))
    return x, np.array(norms)
    # end exercise

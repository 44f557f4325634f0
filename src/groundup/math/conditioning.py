r"""Condition numbers: how much a linear solve can amplify errors in its data.

Section 1.5 Numerical methods. If ``A x = b`` and the right-hand side is perturbed to
``b + db``, the solution moves by ``dx = A^{-1} db``, and

.. math:: \frac{\|dx\|}{\|x\|} \le \kappa(A)\, \frac{\|db\|}{\|b\|},
          \qquad \kappa(A) = \|A\|\,\|A^{-1}\| = \sigma_{\max} / \sigma_{\min}

in the 2-norm. Rounding ``b`` alone makes :math:`\|db\|/\|b\| \approx \varepsilon`, so
about :math:`\log_{10} \kappa(A)` decimal digits of ``x`` are lost however carefully
the solve is done.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._types import FloatArray
from .matrices import as_matrix


def condition_number(A: npt.ArrayLike) -> float:
    r"""The 2-norm condition number :math:`\kappa_2(A) = \sigma_{\max} / \sigma_{\min}`.

    The largest singular value is the most ``A`` stretches a unit vector and the
    smallest the least, so their ratio is how unevenly ``A`` treats directions. For a
    matrix that is not square or not normal this is *not* a ratio of eigenvalues.

    Args:
        A: a matrix of shape (m, n), not empty.

    Returns:
        :math:`\kappa_2(A) \ge 1`; ``inf`` when :math:`\sigma_{\min} = 0` (singular).

    Raises:
        ValueError: if ``A`` is not 2-D or is empty.
    """
    A = as_matrix(A, "A")
    if A.size == 0:
        raise ValueError(f"expected a non-empty matrix, got shape {A.shape}")
    # exercise: numerics.condition-number
    s = np.linalg.svd(A, compute_uv=False)  # descending, length min(m, n)
    if s[-1] == 0.0:
        return float("inf")
    return float(s[0] / s[-1])
    # end exercise


def relative_error(x: FloatArray, x_true: FloatArray) -> float:
    r""":math:`\|x - x_{\text{true}}\|_2 / \|x_{\text{true}}\|_2`."""
    return float(np.linalg.norm(x - x_true) / np.linalg.norm(x_true))


def perturbation_bound(A: npt.ArrayLike, b: npt.ArrayLike, db: npt.ArrayLike) -> float:
    r"""The bound :math:`\kappa(A)\,\|db\| / \|b\|` on the relative change of ``x``.

    Args:
        A: a square nonsingular matrix (n, n).
        b: the right-hand side (n,).
        db: the perturbation of ``b`` (n,).

    Returns:
        The largest possible :math:`\|dx\| / \|x\|`.
    """
    b_arr = np.asarray(b, dtype=np.float64)
    db_arr = np.asarray(db, dtype=np.float64)
    return condition_number(A) * float(np.linalg.norm(db_arr) / np.linalg.norm(b_arr))


def hilbert(n: int) -> FloatArray:
    """The n x n Hilbert matrix :math:`1 / (i + j + 1)`: a famous ill-conditioned example."""
    i = np.arange(n, dtype=np.float64)
    H: FloatArray = 1.0 / (i[:, None] + i[None, :] + 1.0)
    return H

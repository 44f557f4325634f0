r"""Constrained minimization: Lagrange multipliers and the KKT conditions.

Section 1.6 Optimization. The convention for the Lagrangian is

.. math::

    \mathcal{L}(x, \lambda, \mu) = f(x) + \lambda^\top h(x) + \mu^\top g(x)

for equality constraints :math:`h(x) = 0` and inequality constraints
:math:`g(x) \le 0` (with :math:`\mu \ge 0`): the same sign as SciPy's and most
textbooks', so a multiplier is the rate at which the optimal value changes when the
constraint is relaxed (with a minus sign).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._types import FloatArray


def equality_qp(
    Q: npt.ArrayLike, c: npt.ArrayLike, A: npt.ArrayLike, b: npt.ArrayLike
) -> tuple[FloatArray, FloatArray]:
    r"""Minimizes :math:`\tfrac{1}{2} x^\top Q x + c^\top x` subject to :math:`A x = b`.

    At the solution the Lagrangian
    :math:`\mathcal{L} = \tfrac{1}{2} x^\top Q x + c^\top x + \lambda^\top (A x - b)`
    is stationary in both :math:`x` and :math:`\lambda`:

    .. math::

        Q x + c + A^\top \lambda = 0, \qquad A x = b
        \quad\Longleftrightarrow\quad
        \begin{bmatrix} Q & A^\top \\ A & 0 \end{bmatrix}
        \begin{bmatrix} x \\ \lambda \end{bmatrix}
        = \begin{bmatrix} -c \\ b \end{bmatrix},

    one linear (KKT) system. It has a unique solution when :math:`A` has full row rank
    and :math:`Q` is positive definite on the null space of :math:`A`.

    Args:
        Q: symmetric, shape (n, n).
        c: shape (n,).
        A: the constraint matrix, shape (m, n), m <= n.
        b: shape (m,).

    Returns:
        ``(x, lam)``: the minimizer, shape (n,), and the multipliers, shape (m,).

    Raises:
        ValueError: on inconsistent shapes.
        numpy.linalg.LinAlgError: if the KKT matrix is singular.
    """
    Q = np.asarray(Q, dtype=np.float64)
    c = np.asarray(c, dtype=np.float64)
    A = np.asarray(A, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    n = c.shape[0] if c.ndim == 1 else -1
    if Q.shape != (n, n) or A.ndim != 2 or A.shape[1] != n or b.shape != (A.shape[0],):
        raise ValueError(
            "expected Q (n, n), c (n,), A (m, n), b (m,); got "
            f"Q {Q.shape}, c {c.shape}, A {A.shape}, b {b.shape}"
        )
    # exercise: optimization.lagrange
    m = A.shape[0]
    K = np.block([[Q, A.T], [A, np.zeros((m, m))]])  # (n + m, n + m)
    rhs = np.concatenate([-c, b])  # (n + m,)
    solution = np.linalg.solve(K, rhs)
    return solution[:n], solution[n:]
    # end exercise


def kkt_residuals(
    grad_f: FloatArray,
    g: FloatArray,
    jac_g: FloatArray,
    mu: FloatArray,
) -> dict[str, float]:
    r"""How far a candidate point is from satisfying the KKT conditions of
    :math:`\min f(x)` subject to :math:`g(x) \le 0`.

    The four conditions, each reported as a non-negative violation:

    - stationarity: :math:`\|\nabla f + J_g^\top \mu\|_\infty`;
    - primal feasibility: :math:`\max(0, \max_i g_i)`;
    - dual feasibility: :math:`\max(0, -\min_i \mu_i)`;
    - complementary slackness: :math:`\max_i |\mu_i g_i|` (an active constraint may
      push, an inactive one must have :math:`\mu_i = 0`).

    Args:
        grad_f: :math:`\nabla f(x)`, shape (n,).
        g: the constraint values :math:`g(x)`, shape (m,).
        jac_g: their Jacobian, shape (m, n).
        mu: the multipliers, shape (m,).

    Returns:
        A dict with keys ``"stationarity"``, ``"primal"``, ``"dual"``,
        ``"complementarity"``.
    """
    grad_f = np.asarray(grad_f, dtype=np.float64)
    g = np.asarray(g, dtype=np.float64)
    jac_g = np.asarray(jac_g, dtype=np.float64).reshape(g.shape[0], grad_f.shape[0])
    mu = np.asarray(mu, dtype=np.float64)
    return {
        "stationarity": float(np.max(np.abs(grad_f + jac_g.T @ mu), initial=0.0)),
        "primal": float(max(0.0, np.max(g, initial=-np.inf))),
        "dual": float(max(0.0, -np.min(mu, initial=np.inf))),
        "complementarity": float(np.max(np.abs(mu * g), initial=0.0)),
    }

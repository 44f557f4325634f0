"""The section 1.6 constrained solvers against scipy.optimize.

``trust-constr`` returns the minimizer and the Lagrange multipliers with the same sign
convention as groundup (L = f + lambda^T (A x - b)); it is an iterative solver run to
gtol 1e-12, so agreement is held to 1e-7, far above its stopping tolerance but far below
any sign or formula error (which moves results by order 1).
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.optimize

from groundup.math.constrained import equality_qp, kkt_residuals


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20240607)


def scipy_qp(
    Q: np.ndarray, c: np.ndarray, A: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    res = scipy.optimize.minimize(
        lambda z: 0.5 * z @ Q @ z + c @ z,
        np.zeros(c.shape[0]),
        jac=lambda z: Q @ z + c,
        hess=lambda z: Q,
        method="trust-constr",
        constraints=[scipy.optimize.LinearConstraint(A, b, b)],
        options={"gtol": 1e-12, "xtol": 1e-14, "maxiter": 5000},
    )
    return res.x, np.asarray(res.v[0])


@pytest.mark.parametrize(("n", "m"), [(2, 1), (4, 2), (6, 3)])
def test_equality_qp_matches_trust_constr(rng: np.random.Generator, n: int, m: int) -> None:
    M = rng.normal(size=(n, n))
    Q = M @ M.T + np.eye(n)
    c, A, b = rng.normal(size=n), rng.normal(size=(m, n)), rng.normal(size=m)
    x, lam = equality_qp(Q, c, A, b)
    x_ref, lam_ref = scipy_qp(Q, c, A, b)
    np.testing.assert_allclose(x, x_ref, rtol=1e-7, atol=1e-7)
    np.testing.assert_allclose(lam, lam_ref, rtol=1e-7, atol=1e-7)
    # The KKT conditions hold to rounding: cond(K) * eps with cond(K) < 1e4 here.
    np.testing.assert_allclose(Q @ x + c + A.T @ lam, 0.0, atol=1e-10)
    np.testing.assert_allclose(A @ x, b, atol=1e-10)


def test_multiplier_is_the_sensitivity_of_the_optimal_value(rng: np.random.Generator) -> None:
    # d p*(b) / d b = -lambda: relaxing the constraint by db changes the optimum by -lambda db.
    Q, c = np.diag([1.0, 2.0, 3.0]), rng.normal(size=3)
    A, b = rng.normal(size=(1, 3)), rng.normal(size=1)

    def optimum(bb: np.ndarray) -> float:
        x, _ = equality_qp(Q, c, A, bb)
        return float(0.5 * x @ Q @ x + c @ x)

    _, lam = equality_qp(Q, c, A, b)
    h = 1e-5
    slope = (optimum(b + h) - optimum(b - h)) / (2 * h)
    assert slope == pytest.approx(-lam[0], rel=1e-6)  # p* is quadratic in b: only rounding


def test_kkt_residuals_at_an_slsqp_solution() -> None:
    # min (x0 - 2)^2 + (x1 - 1)^2 subject to x0 + x1 <= 2 and -x0 <= 0 (second inactive).
    res = scipy.optimize.minimize(
        lambda z: (z[0] - 2) ** 2 + (z[1] - 1) ** 2,
        np.zeros(2),
        method="SLSQP",
        constraints=[
            {"type": "ineq", "fun": lambda z: 2 - z[0] - z[1]},
            {"type": "ineq", "fun": lambda z: z[0]},
        ],
        options={"ftol": 1e-14},
    )
    x = res.x  # (1.5, 0.5); the active constraint's multiplier is 1
    grad_f = np.array([2 * (x[0] - 2), 2 * (x[1] - 1)])
    g = np.array([x[0] + x[1] - 2, -x[0]])
    jac_g = np.array([[1.0, 1.0], [-1.0, 0.0]])
    ok = kkt_residuals(grad_f, g, jac_g, np.array([1.0, 0.0]))
    assert max(ok.values()) < 1e-7  # SLSQP's solution is accurate to ~1e-8
    wrong_sign = kkt_residuals(grad_f, g, jac_g, np.array([-1.0, 0.0]))
    assert wrong_sign["dual"] == pytest.approx(1.0) and wrong_sign["stationarity"] > 1.0
    inactive_pushing = kkt_residuals(grad_f, g, jac_g, np.array([1.0, 0.5]))
    assert inactive_pushing["complementarity"] == pytest.approx(0.75, rel=1e-6)


def test_equality_qp_rejects_bad_shapes() -> None:
    with pytest.raises(ValueError, match="expected Q"):
        equality_qp(np.eye(2), np.zeros(2), np.ones((1, 3)), np.ones(1))

"""groundup.math.iterative against numpy.linalg.solve and scipy.sparse.linalg.cg."""

from __future__ import annotations

import numpy as np
import pytest

from groundup.math.iterative import conjugate_gradient, gauss_seidel, jacobi


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(7)


def dominant(rng: np.random.Generator, n: int) -> np.ndarray:
    """Strictly diagonally dominant: both Jacobi and Gauss-Seidel converge."""
    A = rng.uniform(-1, 1, size=(n, n))
    return A + np.diag(np.abs(A).sum(axis=1) + 1.0)


def test_jacobi_and_gauss_seidel_converge_to_solve(rng: np.random.Generator) -> None:
    A, b = dominant(rng, 6), rng.normal(size=6)
    x = np.linalg.solve(A, b)
    # contraction factor below 1 - 1/(row sum + 1) ~ 0.8; 200 sweeps reach 1e-12
    np.testing.assert_allclose(jacobi(A, b, 200)[-1], x, atol=1e-10)
    np.testing.assert_allclose(gauss_seidel(A, b, 200)[-1], x, atol=1e-10)


def test_first_sweeps_match_hand_formulas(rng: np.random.Generator) -> None:
    A, b = dominant(rng, 4), rng.normal(size=4)
    D = np.diag(np.diag(A))
    Lower = np.tril(A)  # D + strictly lower: Gauss-Seidel's splitting
    xj = np.zeros(4)
    xg = np.zeros(4)
    J, G = jacobi(A, b, 3), gauss_seidel(A, b, 3)
    for k in range(3):
        xj = np.linalg.solve(D, b - (A - D) @ xj)
        xg = np.linalg.solve(Lower, b - (A - Lower) @ xg)  # (D + L) x+ = b - U x
        # one sweep each: a few ulps apart
        np.testing.assert_allclose(J[k + 1], xj, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(G[k + 1], xg, rtol=1e-12, atol=1e-14)
    assert np.all(J[0] == 0.0) and J.shape == (4, 4)


def test_gauss_seidel_is_faster_than_jacobi(rng: np.random.Generator) -> None:
    A, b = dominant(rng, 10), rng.normal(size=10)
    x = np.linalg.solve(A, b)
    err_j = np.linalg.norm(jacobi(A, b, 15)[-1] - x)
    err_g = np.linalg.norm(gauss_seidel(A, b, 15)[-1] - x)
    assert err_g < err_j


def test_conjugate_gradient_matches_solve_and_scipy(rng: np.random.Generator) -> None:
    import scipy.sparse.linalg

    M = rng.normal(size=(30, 30))
    A = M @ M.T + 30 * np.eye(30)  # SPD, cond about 5
    b = rng.normal(size=30)
    x, norms = conjugate_gradient(A, b, tol=1e-12)
    x_cg, info = scipy.sparse.linalg.cg(A, b, rtol=1e-12, atol=0.0)
    assert info == 0
    # residual 1e-12 relative and cond ~5: the error is below 1e-11 relative
    np.testing.assert_allclose(x, np.linalg.solve(A, b), rtol=1e-10)
    np.testing.assert_allclose(x, x_cg, rtol=1e-10)
    assert norms[0] == pytest.approx(np.linalg.norm(b))
    assert norms[-1] <= 1e-12 * norms[0]
    assert len(norms) - 1 <= 30  # at most n steps for a well-conditioned matrix


def test_conjugate_gradient_exact_in_few_steps_with_clustered_eigenvalues(
    rng: np.random.Generator,
) -> None:
    Q, _ = np.linalg.qr(rng.normal(size=(20, 20)))
    A = (Q * np.repeat([1.0, 5.0, 9.0], [7, 7, 6])) @ Q.T  # three distinct eigenvalues
    A = (A + A.T) / 2
    _, norms = conjugate_gradient(A, rng.normal(size=20), tol=1e-10)
    assert len(norms) - 1 <= 4  # 3 in exact arithmetic; one more for rounding


def test_shape_and_diagonal_errors() -> None:
    with pytest.raises(ValueError, match="diagonal"):
        jacobi(np.array([[0.0, 1.0], [1.0, 0.0]]), np.ones(2), 3)
    with pytest.raises(ValueError, match="shape"):
        gauss_seidel(np.eye(2), np.ones(3), 3)

"""groundup.math.factorizations against scipy.linalg.lu and numpy.linalg.qr."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg

from groundup.math.factorizations import householder_qr, lu, lu_solve


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(1005)


@pytest.mark.parametrize("n", [1, 2, 3, 6, 20])
def test_lu_matches_scipy(rng: np.random.Generator, n: int) -> None:
    A = rng.normal(size=(n, n))
    P, L, U = lu(A)
    P_s, L_s, U_s = scipy.linalg.lu(A)
    # Gaussian random entries have no ties in a column, so partial pivoting picks the
    # same rows as LAPACK and the factors agree up to rounding: n * eps * growth,
    # well below 1e-10 at these sizes.
    np.testing.assert_array_equal(P, P_s)
    np.testing.assert_allclose(L, L_s, atol=1e-10)
    np.testing.assert_allclose(U, U_s, atol=1e-10)
    np.testing.assert_allclose(P @ L @ U, A, atol=1e-12)


def test_lu_zero_pivot_and_singular() -> None:
    A = np.array([[0.0, 2.0, 1.0], [1.0, 1.0, 1.0], [2.0, 1.0, 3.0]])
    for M in (A, np.array([[1.0, 2.0], [2.0, 4.0]]), np.zeros((3, 3))):
        P, L, U = lu(M)
        P_s, L_s, U_s = scipy.linalg.lu(M)
        # small integer matrices: the factors are exact or off by an ulp
        np.testing.assert_allclose(P @ L @ U, M, atol=1e-14)
        np.testing.assert_array_equal(P, P_s)
        np.testing.assert_allclose(U, U_s, atol=1e-14)
        np.testing.assert_allclose(L, L_s, atol=1e-14)
    assert np.all(np.abs(lu(A)[1]) <= 1.0)


def test_lu_solve_matches_numpy(rng: np.random.Generator) -> None:
    A = rng.normal(size=(8, 8)) + 8 * np.eye(8)  # cond about 3: errors ~ 1e-15
    b = rng.normal(size=8)
    np.testing.assert_allclose(lu_solve(*lu(A), b), np.linalg.solve(A, b), rtol=1e-12)


@pytest.mark.parametrize("shape", [(1, 1), (3, 3), (6, 4), (4, 6), (10, 10)])
def test_householder_qr_matches_numpy(rng: np.random.Generator, shape: tuple[int, int]) -> None:
    A = rng.normal(size=shape)
    Q, R = householder_qr(A)
    m = shape[0]
    # Householder QR is backward stable: QR = A and Q^T Q = I to a few ulps times m.
    np.testing.assert_allclose(Q @ R, A, atol=1e-13)
    np.testing.assert_allclose(Q.T @ Q, np.eye(m), atol=1e-13)
    assert np.all(np.tril(R, -1) == 0.0)
    # LAPACK's R agrees up to the sign of each row (Q's columns flip with them).
    _, R_np = np.linalg.qr(A, mode="complete")
    np.testing.assert_allclose(np.abs(R), np.abs(R_np), atol=1e-12)


def test_householder_stays_orthogonal_where_gram_schmidt_fails() -> None:
    # Hilbert 10x10 has cond 1.6e13: classical Gram-Schmidt loses orthogonality
    # completely, Householder keeps |Q^T Q - I| near 1e-15 (allow 1e-13).
    i = np.arange(10)
    H = 1.0 / (i[:, None] + i[None, :] + 1.0)
    Q, _ = householder_qr(H)
    assert np.max(np.abs(Q.T @ Q - np.eye(10))) < 1e-13

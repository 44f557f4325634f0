"""The section 1.1 reference library against real oracles.

NumPy's LAPACK routines are the first oracle, SciPy and PyTorch a second one, and
scikit-learn for PCA. Tolerances: two backward-stable algorithms on the same input differ
by about n * cond(A) * eps (eps = 2.2e-16), so each test states the conditioning of its
input and allows a margin of 100x or more over that estimate.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg
import torch
from numpy.linalg import LinAlgError
from sklearn.decomposition import PCA as SkPCA

from groundup.math.eigen import power_iteration, rayleigh_quotient
from groundup.math.elimination import det, inv, pivot_tolerance, solve
from groundup.math.matrices import matmul, matmul_loops
from groundup.math.pca import PCA, NotFittedError
from groundup.math.qr import gram_schmidt_qr
from groundup.math.recommender import MatrixFactorization, mf_loss_and_grads
from groundup.math.svd import compress_image, compression_ratio, low_rank_approx
from groundup.math.vectors import cosine_similarity, dot, norm, project
from groundup.testing.gradcheck import gradcheck

torch.set_num_threads(1)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20240601)


def well_conditioned(rng: np.random.Generator, m: int, n: int) -> np.ndarray:
    """A random m x n matrix with singular values in [1, 3] (condition number <= 3)."""
    r = min(m, n)
    U, _ = np.linalg.qr(rng.normal(size=(m, m)))
    V, _ = np.linalg.qr(rng.normal(size=(n, n)))
    return (U[:, :r] * rng.uniform(1.0, 3.0, size=r)) @ V[:r]


def hilbert(n: int) -> np.ndarray:
    return scipy.linalg.hilbert(n)


# -- vectors ------------------------------------------------------------------------------


def test_dot_and_norms_match_numpy(rng: np.random.Generator) -> None:
    u, v = rng.normal(size=7), rng.normal(size=7)
    assert dot(u, v) == pytest.approx(float(np.dot(u, v)), rel=1e-13)
    for order in (1, 2, math.inf):
        assert norm(u, order) == pytest.approx(float(np.linalg.norm(u, order)), rel=1e-13)
    assert norm(np.zeros(3)) == 0.0
    assert norm(np.array([])) == 0.0


def test_norm_does_not_overflow() -> None:
    # sqrt(sum(v**2)) overflows past ~1e154; the scaled version must not.
    assert norm(np.array([3e200, 4e200])) == pytest.approx(5e200, rel=1e-14)
    assert norm(np.array([3e-200, 4e-200])) == pytest.approx(5e-200, rel=1e-14)


def test_norm_rejects_bad_order_and_shapes() -> None:
    with pytest.raises(ValueError, match="ord"):
        norm(np.ones(3), ord=3)
    with pytest.raises(ValueError, match="1-D"):
        norm(np.ones((2, 2)))
    with pytest.raises(ValueError, match="same length"):
        dot(np.ones(2), np.ones(3))


def test_cosine_similarity_matches_scipy(rng: np.random.Generator) -> None:
    from scipy.spatial.distance import cosine

    u, v = rng.normal(size=5), rng.normal(size=5)
    assert cosine_similarity(u, v) == pytest.approx(1.0 - cosine(u, v), rel=1e-12)
    assert cosine_similarity(u, 3 * u) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="zero vector"):
        cosine_similarity(u, np.zeros(5))


def test_project_properties(rng: np.random.Generator) -> None:
    u, v = rng.normal(size=6), rng.normal(size=6)
    p = project(u, v)
    # The residual is orthogonal to v, and p is a multiple of v (rank-1 projector P v v^T).
    assert abs(np.dot(u - p, v)) < 1e-12 * np.linalg.norm(u) * np.linalg.norm(v)
    projector = np.outer(v, v) / np.dot(v, v)
    np.testing.assert_allclose(p, projector @ u, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(project(p, v), p, rtol=1e-12)  # projecting twice changes nothing
    with pytest.raises(ValueError, match="zero vector"):
        project(u, np.zeros(6))


# -- matrix multiplication ------------------------------------------------------------------


@pytest.mark.parametrize("fn", [matmul_loops, matmul])
@pytest.mark.parametrize(
    "shape", [(1, 1, 1), (3, 4, 2), (1, 5, 1), (5, 1, 4), (2, 0, 3), (8, 7, 6)]
)
def test_matmul_matches_numpy_and_torch(fn, shape, rng: np.random.Generator) -> None:
    n, k, m = shape
    A, B = rng.normal(size=(n, k)), rng.normal(size=(k, m))
    got = fn(A, B)
    # k products per entry: sums in a different order differ by ~k * eps relative.
    np.testing.assert_allclose(got, A @ B, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(
        got, torch.from_numpy(A) @ torch.from_numpy(B), rtol=1e-12, atol=1e-13
    )
    assert got.shape == (n, m) and got.dtype == np.float64


@pytest.mark.parametrize("fn", [matmul_loops, matmul])
def test_matmul_rejects_mismatched_shapes(fn) -> None:
    with pytest.raises(ValueError, match="3 columns but B has 2 rows"):
        fn(np.ones((2, 3)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="2-D"):
        fn(np.ones(3), np.ones((3, 1)))


# -- elimination -----------------------------------------------------------------------------


def test_solve_matches_numpy_and_scipy(rng: np.random.Generator) -> None:
    A = well_conditioned(rng, 6, 6)
    b = rng.normal(size=6)
    x = solve(A, b)
    # cond(A) <= 3: both solvers are within ~n * 3 * eps = 4e-15 of the truth.
    np.testing.assert_allclose(x, np.linalg.solve(A, b), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(x, scipy.linalg.solve(A, b), rtol=1e-12, atol=1e-13)


def test_solve_many_right_hand_sides(rng: np.random.Generator) -> None:
    A, B = well_conditioned(rng, 4, 4), rng.normal(size=(4, 3))
    X = solve(A, B)
    assert X.shape == (4, 3)
    np.testing.assert_allclose(X, np.linalg.solve(A, B), rtol=1e-12, atol=1e-13)


def test_solve_edge_cases() -> None:
    np.testing.assert_allclose(solve(np.array([[2.0]]), np.array([4.0])), [2.0])
    # A zero leading pivot needs a row swap; integer input is accepted.
    A = np.array([[0, 2, 1], [1, 1, 1], [2, 1, 3]])
    np.testing.assert_allclose(solve(A, [1, 2, 3]), np.linalg.solve(A, [1, 2, 3]), rtol=1e-13)
    # A tiny leading pivot: partial pivoting keeps full accuracy (cond ~ 3).
    A = np.array([[1e-10, 0.3], [0.7, 0.9]])
    np.testing.assert_allclose(solve(A, [1.0, 2.0]), np.linalg.solve(A, [1.0, 2.0]), rtol=1e-13)


def test_solve_ill_conditioned_hilbert() -> None:
    # Hilbert 8: cond 1.5e10, so any backward-stable solver's x has relative error up to
    # cond * eps ~ 3e-6; we compare with LAPACK at 1e-4 and check the residual, which
    # stays small (~eps * ||A|| ||x||) however bad the conditioning.
    H = hilbert(8)
    b = H @ np.ones(8)
    x = solve(H, b)
    np.testing.assert_allclose(x, np.linalg.solve(H, b), rtol=1e-4)
    assert np.linalg.norm(H @ x - b) <= 1e-13 * np.linalg.norm(H, 2) * np.linalg.norm(x)


def test_solve_singular_raises() -> None:
    with pytest.raises(LinAlgError, match="singular"):
        solve(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [5.0, 7.0, 9.0]]), np.ones(3))
    with pytest.raises(LinAlgError):
        solve(np.zeros((2, 2)), np.ones(2))
    with pytest.raises(ValueError, match="square"):
        solve(np.ones((2, 3)), np.ones(2))
    with pytest.raises(ValueError, match="shape"):
        solve(np.eye(2), np.ones(3))


def test_solve_leaves_inputs_alone(rng: np.random.Generator) -> None:
    A, b = well_conditioned(rng, 3, 3), rng.normal(size=3)
    A0, b0 = A.copy(), b.copy()
    solve(A, b)
    np.testing.assert_array_equal(A, A0)
    np.testing.assert_array_equal(b, b0)


def test_pivot_tolerance_scales_with_the_matrix() -> None:
    eps = np.finfo(float).eps
    assert pivot_tolerance(np.array([[2.0, -8.0], [1.0, 1.0]])) == pytest.approx(2 * eps * 8)
    assert pivot_tolerance(np.zeros((0, 0))) == 0.0


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_det_matches_numpy_and_torch(n: int, rng: np.random.Generator) -> None:
    A = rng.normal(size=(n, n))
    d = det(A)
    # Random Gaussian matrices: cond is modest (< 1e3 for this seed), so the relative
    # error of either determinant is below ~n * cond * eps = 2e-12.
    assert d == pytest.approx(float(np.linalg.det(A)), rel=1e-10)
    assert d == pytest.approx(float(torch.linalg.det(torch.from_numpy(A))), rel=1e-10)


def test_det_edge_cases() -> None:
    assert det(np.array([[0.0, 1.0], [1.0, 0.0]])) == -1.0
    assert det(np.array([[1.0, 0.0, 2.0], [3.0, 0.0, 4.0], [5.0, 0.0, 6.0]])) == 0.0
    assert det(np.zeros((0, 0))) == 1.0  # the empty product, as numpy
    assert abs(det(np.arange(1.0, 10.0).reshape(3, 3))) < 1e-14  # singular up to rounding
    # Large magnitudes: det(c A) = c^n det(A).
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    assert det(1e100 * A) == pytest.approx(5e200, rel=1e-14)


def test_inv_matches_numpy(rng: np.random.Generator) -> None:
    A = well_conditioned(rng, 5, 5)
    Ainv = inv(A)
    np.testing.assert_allclose(Ainv, np.linalg.inv(A), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(A @ Ainv, np.eye(5), atol=1e-13)
    np.testing.assert_allclose(inv(np.array([[2.0]])), [[0.5]])
    A = np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 3.0], [4.0, -3.0, 8.0]])
    np.testing.assert_allclose(inv(A), scipy.linalg.inv(A), rtol=1e-12, atol=1e-14)


def test_inv_hilbert_and_singular() -> None:
    # Hilbert 6: cond 1.5e7, so entries agree with LAPACK to ~cond * eps = 3e-9 relative.
    H = hilbert(6)
    np.testing.assert_allclose(inv(H), scipy.linalg.invhilbert(6), rtol=1e-6)
    with pytest.raises(LinAlgError):
        inv(np.array([[1.0, 2.0, 3.0], [0.0, 1.0, 4.0], [2.0, 4.0, 6.0]]))


# -- QR ------------------------------------------------------------------------------------


def positive_diagonal_qr(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """numpy's Householder QR with signs flipped so that diag(R) > 0, like Gram-Schmidt."""
    Q, R = np.linalg.qr(A)
    signs = np.sign(np.diag(R))
    return Q * signs, R * signs[:, None]


@pytest.mark.parametrize("shape", [(1, 1), (3, 3), (6, 4), (10, 1)])
def test_gram_schmidt_matches_householder_qr(shape, rng: np.random.Generator) -> None:
    A = well_conditioned(rng, *shape)
    Q, R = gram_schmidt_qr(A)
    Q_ref, R_ref = positive_diagonal_qr(A)
    # cond(A) <= 3: MGS and Householder agree to ~cond * eps.
    np.testing.assert_allclose(Q, Q_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(R, R_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(Q @ R, A, atol=1e-13)
    assert np.all(np.diag(R) > 0)
    np.testing.assert_array_equal(np.tril(R, -1), 0.0)


def test_gram_schmidt_stays_orthogonal_on_lauchli() -> None:
    e = 1e-8  # cond ~ 1.7e8; MGS keeps |Q^T Q - I| ~ eps * cond ~ 4e-8, CGS reaches 0.5
    A = np.array([[1.0, 1.0, 1.0], [e, 0.0, 0.0], [0.0, e, 0.0], [0.0, 0.0, e]])
    Q, R = gram_schmidt_qr(A)
    assert np.abs(Q.T @ Q - np.eye(3)).max() < 1e-7
    np.testing.assert_allclose(Q @ R, A, atol=1e-15)


def test_gram_schmidt_rejects_dependent_and_wide() -> None:
    with pytest.raises(LinAlgError, match="dependent"):
        gram_schmidt_qr(np.array([[1.0, 0.0, 1.0], [2.0, 1.0, 3.0], [0.0, 4.0, 4.0]]))
    with pytest.raises(LinAlgError):
        gram_schmidt_qr(np.array([[1.0, 0.0], [2.0, 0.0]]))
    with pytest.raises(ValueError, match="at least as many rows"):
        gram_schmidt_qr(np.ones((2, 3)))


# -- eigenvalues ---------------------------------------------------------------------------


def symmetric_with(rng: np.random.Generator, eigenvalues: list[float]) -> np.ndarray:
    Q, _ = np.linalg.qr(rng.normal(size=(len(eigenvalues), len(eigenvalues))))
    A = (Q * eigenvalues) @ Q.T
    return (A + A.T) / 2


@pytest.mark.parametrize(
    "eigenvalues", [[6.0, 3.0, 1.0, -2.0], [-7.0, 4.0, 2.0, 1.0], [3e8, -1e8, 5e7]]
)
def test_power_iteration_matches_eigh(eigenvalues, rng: np.random.Generator) -> None:
    A = symmetric_with(rng, eigenvalues)
    value, vector = power_iteration(A, rng=rng)
    w, V = np.linalg.eigh(A)
    top = int(np.argmax(np.abs(w)))
    # Converged to a residual of 1e-10 |lambda|: eigenvalue error ~1e-10 relative or less.
    assert value == pytest.approx(w[top], rel=1e-9)
    assert np.linalg.norm(vector) == pytest.approx(1.0, rel=1e-12)
    sign = np.sign(vector @ V[:, top])
    np.testing.assert_allclose(sign * vector, V[:, top], atol=1e-8)


def test_power_iteration_non_symmetric_and_zero() -> None:
    A = np.array([[4.0, 1.0], [0.0, 2.0]])
    value, vector = power_iteration(A)
    w, _ = np.linalg.eig(A)
    assert value == pytest.approx(float(np.max(w.real)), rel=1e-9)
    np.testing.assert_allclose(A @ vector, value * vector, atol=1e-8)
    value, vector = power_iteration(np.zeros((3, 3)))
    assert value == 0.0 and np.linalg.norm(vector) == pytest.approx(1.0)


def test_power_iteration_is_reproducible_and_validates() -> None:
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    assert power_iteration(A)[0] == power_iteration(A)[0]
    np.testing.assert_array_equal(power_iteration(A)[1], power_iteration(A)[1])
    with pytest.raises(ValueError, match="square"):
        power_iteration(np.ones((2, 3)))
    with pytest.raises(ValueError, match="num_iters"):
        power_iteration(A, num_iters=0)


def test_rayleigh_quotient() -> None:
    A = np.array([[2.0, 0.0], [0.0, -5.0]])
    assert rayleigh_quotient(A, [0.0, 3.0]) == pytest.approx(-5.0)
    with pytest.raises(ValueError):
        rayleigh_quotient(A, [0.0, 0.0])


# -- SVD -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shape", "k"), [((1, 1), 1), ((5, 5), 2), ((8, 5), 3), ((4, 9), 2), ((6, 4), 0), ((6, 4), 4)]
)
def test_low_rank_approx_is_optimal(shape, k: int, rng: np.random.Generator) -> None:
    A = rng.normal(size=shape)
    A_k = low_rank_approx(A, k)
    s = np.linalg.svd(A, compute_uv=False)
    # Eckart-Young: the Frobenius error is exactly the norm of the dropped singular values.
    assert np.linalg.norm(A - A_k) == pytest.approx(
        math.sqrt(float(np.sum(s[k:] ** 2))), rel=1e-10, abs=1e-12
    )
    assert np.linalg.matrix_rank(A_k) == k
    # Second oracle: the same truncation built from torch's SVD.
    U, S, Vh = torch.linalg.svd(torch.from_numpy(A), full_matrices=False)
    expected = (U[:, :k] * S[:k]) @ Vh[:k]
    np.testing.assert_allclose(A_k, expected.numpy(), rtol=1e-10, atol=1e-12)


def test_low_rank_approx_validates_k() -> None:
    with pytest.raises(ValueError, match="between 0 and min"):
        low_rank_approx(np.ones((3, 5)), 4)
    with pytest.raises(ValueError):
        low_rank_approx(np.ones((3, 5)), -1)


def test_compress_image(rng: np.random.Generator) -> None:
    img = rng.integers(0, 256, size=(12, 10, 3), dtype=np.uint8)
    full = compress_image(img, 10)
    assert full.shape == img.shape and full.dtype == np.float64
    np.testing.assert_allclose(full, img / 255.0, atol=1e-12)
    low = compress_image(img, 2)
    assert low.min() >= 0.0 and low.max() <= 1.0
    gray = rng.random((8, 6))
    np.testing.assert_allclose(compress_image(gray, 1), np.clip(low_rank_approx(gray, 1), 0, 1))
    assert compression_ratio(100, 200, 10) == pytest.approx(100 * 200 / (10 * 301))
    with pytest.raises(ValueError):
        compression_ratio(10, 10, 0)


# -- PCA -----------------------------------------------------------------------------------


def gaussian_data(rng: np.random.Generator, n: int, scales: list[float]) -> np.ndarray:
    Q, _ = np.linalg.qr(rng.normal(size=(len(scales), len(scales))))
    return (rng.normal(size=(n, len(scales))) * scales) @ Q + rng.normal(size=len(scales))


@pytest.mark.parametrize(
    ("n_samples", "scales", "k"),
    [
        (50, [5.0, 2.0, 1.0, 0.5], 2),
        (30, [3.0, 1.0, 0.2], 3),
        (6, [4.0, 3.0, 2.0, 1.0, 0.5, 0.2, 0.1, 0.05], 4),
    ],
)
def test_pca_matches_scikit_learn(n_samples: int, scales, k: int, rng: np.random.Generator) -> None:
    X = gaussian_data(rng, n_samples, scales)
    mine = PCA(k).fit(X)
    sk = SkPCA(n_components=k, svd_solver="full").fit(X)
    # Both are an SVD of the same centered matrix; variances differ by >= 2x between
    # axes, so the axes are well separated and agree to ~cond * eps.
    signs = np.sign(np.sum(mine.components_ * sk.components_, axis=1))
    np.testing.assert_allclose(mine.components_ * signs[:, None], sk.components_, atol=1e-10)
    np.testing.assert_allclose(mine.explained_variance_, sk.explained_variance_, rtol=1e-10)
    np.testing.assert_allclose(
        mine.explained_variance_ratio_, sk.explained_variance_ratio_, rtol=1e-10
    )
    np.testing.assert_allclose(mine.mean_, sk.mean_, rtol=1e-12)
    np.testing.assert_allclose(mine.transform(X) * signs, sk.transform(X), atol=1e-9)
    Z = mine.fit_transform(X)
    np.testing.assert_allclose(
        mine.inverse_transform(Z), sk.inverse_transform(sk.transform(X)), atol=1e-9
    )


def test_pca_full_rank_reconstructs_and_validates(rng: np.random.Generator) -> None:
    X = gaussian_data(rng, 20, [2.0, 1.0, 0.5])
    pca = PCA(3)
    with pytest.raises(NotFittedError, match="fit"):
        pca.transform(X)
    assert isinstance(NotFittedError("x"), ValueError | AttributeError)
    np.testing.assert_allclose(pca.inverse_transform(pca.fit_transform(X)), X, atol=1e-12)
    assert pca.explained_variance_ratio_.sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="n_components"):
        PCA(4).fit(X)
    with pytest.raises(ValueError, match="features"):
        pca.transform(X[:, :2])


# -- matrix factorization ------------------------------------------------------------------


def ratings_problem(rng: np.random.Generator, m: int, n: int, k: int, observed: float):
    R = 3.0 + rng.normal(size=(m, k)) @ rng.normal(size=(k, n))
    mask = rng.random((m, n)) < observed
    mask[0, 0] = True
    return R, mask, rng.normal(size=(m, k)), rng.normal(size=(n, k))


def test_mf_gradients_match_torch_autograd(rng: np.random.Generator) -> None:
    R, mask, U, V = ratings_problem(rng, 7, 5, 3, 0.5)
    loss, dU, dV = mf_loss_and_grads(R, mask, U, V, 0.1)
    U_t = torch.tensor(U, requires_grad=True)
    V_t = torch.tensor(V, requires_grad=True)
    m_t = torch.from_numpy(mask)
    err = torch.where(m_t, U_t @ V_t.T - torch.from_numpy(R), torch.zeros(()).double())
    loss_t = (err**2).sum() / m_t.sum() + 0.1 * ((U_t**2).sum() + (V_t**2).sum())
    loss_t.backward()
    # Same float64 sums in a different order: agreement to ~n * eps.
    assert loss == pytest.approx(loss_t.item(), rel=1e-12)
    np.testing.assert_allclose(dU, U_t.grad.numpy(), rtol=1e-11, atol=1e-13)
    np.testing.assert_allclose(dV, V_t.grad.numpy(), rtol=1e-11, atol=1e-13)


def test_mf_gradients_central_differences(rng: np.random.Generator) -> None:
    R, mask, U, V = ratings_problem(rng, 6, 4, 2, 0.4)
    _, dU, dV = mf_loss_and_grads(R, mask, U, V, 0.05)

    def loss(U: np.ndarray, V: np.ndarray) -> float:
        return mf_loss_and_grads(R, mask, U, V, 0.05)[0]

    # The loss is quadratic in each entry, so central differences are exact up to
    # rounding (~eps * |L| / step = 1e-10).
    assert gradcheck(loss, {"U": U, "V": V}, {"U": dU, "V": dV}, rtol=1e-6, atol=1e-8) is None


def test_mf_ignores_missing_entries_even_nan(rng: np.random.Generator) -> None:
    R, mask, U, V = ratings_problem(rng, 5, 4, 2, 0.5)
    with_nan = np.where(mask, R, np.nan)
    with_junk = np.where(mask, R, 1e6)
    a, b = (
        mf_loss_and_grads(with_nan, mask, U, V, 0.1),
        mf_loss_and_grads(with_junk, mask, U, V, 0.1),
    )
    assert a[0] == b[0] and np.isfinite(a[0])
    np.testing.assert_array_equal(a[1], b[1])
    np.testing.assert_array_equal(a[2], b[2])
    with pytest.raises(ValueError, match="no observed"):
        mf_loss_and_grads(R, np.zeros_like(mask), U, V, 0.1)
    with pytest.raises(TypeError, match="boolean"):
        mf_loss_and_grads(R, mask.astype(int), U, V, 0.1)
    with pytest.raises(ValueError, match="expected U"):
        mf_loss_and_grads(R, mask, U[:, :1], V, 0.1)


def test_matrix_factorization_learns_a_low_rank_matrix() -> None:
    rng = np.random.default_rng(0)
    m, n, k = 60, 40, 3
    R = 3.0 + 0.5 * rng.normal(size=(m, k)) @ rng.normal(size=(k, n))
    R += 0.1 * rng.normal(size=(m, n))  # rating noise: the best possible RMSE is ~0.1
    train = rng.random((m, n)) < 0.3
    test = ~train
    model = MatrixFactorization(n_factors=3, reg=1e-4, lr=10.0, n_epochs=300, random_state=0)
    model.fit(R, train, eval_set=(R, test))
    baseline = math.sqrt(float(np.mean((R[test] - R[train].mean()) ** 2)))
    assert model.rmse(R, test) < 0.3 * baseline  # measured: 0.15 vs 0.91
    assert model.loss_[-1] < model.loss_[0]
    assert len(model.eval_rmse_) == 300 and model.predict().shape == (m, n)


def test_estimators_contract() -> None:
    # scikit-learn's contract: __init__ only stores; using an unfitted model says so.
    mf = MatrixFactorization(n_factors=2, reg=0.5, lr=1.0, n_epochs=3, random_state=1)
    assert vars(mf) == {
        "n_factors": 2,
        "reg": 0.5,
        "lr": 1.0,
        "n_epochs": 3,
        "init_scale": 0.1,
        "random_state": 1,
    }
    with pytest.raises(NotFittedError):
        mf.predict()
    assert vars(PCA(2)) == {"n_components": 2}
    with pytest.raises(ValueError, match="lr"):
        MatrixFactorization(lr=0.0).fit(np.ones((2, 2)), np.ones((2, 2), dtype=bool))

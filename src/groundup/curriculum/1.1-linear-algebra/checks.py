"""Checks for section 1.1, Linear algebra.

Every check runs the learner's function and the reference on the same inputs, from a
simple case to the hard ones (rectangular, singular, ill-conditioned, large
magnitudes). Random matrices are built with known singular values or eigenvalues so
that their conditioning, and hence the rounding error two correct codes may differ
by, is known in advance.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np
from numpy.linalg import LinAlgError

from groundup.testing import Mismatch, Trial, check, close, close_up_to_sign
from groundup.testing.gradcheck import compare_gradients, numerical_grad
from groundup.testing.inputs import orthonormal, symmetric, with_singular_values

# -- input builders -----------------------------------------------------------------------


def _with_singular_values_in(
    rng: np.random.Generator, m: int, n: int, low: float = 1.0, high: float = 3.0
) -> np.ndarray:
    """A random m x n matrix whose singular values are distinct and lie in [low, high]."""
    s = np.sort(rng.uniform(low, high, size=min(m, n)))[::-1]
    return with_singular_values(rng, m, n, s)


def _hilbert(n: int) -> np.ndarray:
    """The n x n Hilbert matrix 1 / (i + j + 1): famously ill-conditioned."""
    i = np.arange(n)
    return 1.0 / (i[:, None] + i[None, :] + 1.0)


# -- linalg.project -----------------------------------------------------------------------


@check("linalg.project")
def project(t: Trial) -> None:
    t.compare("length-1 vectors u = [3], v = [2]", np.array([3.0]), np.array([2.0]))
    t.compare(
        "u = (2, 1) onto v = (3, 0), a multiple of the x-axis",
        np.array([2.0, 1.0]),
        np.array([3.0, 0.0]),
    )
    t.compare("random vectors of length 5", t.rng.normal(size=5), t.rng.normal(size=5))
    t.compare(
        "u orthogonal to v: the projection is the zero vector",
        np.array([1.0, -2.0, 0.5]),
        np.array([2.0, 1.0, 0.0]),
    )
    v = t.rng.normal(size=4)
    t.compare("u = -2.5 v: the projection is u itself", -2.5 * v, v)
    t.compare(
        "large magnitudes (entries near 1e100)",
        1e100 * t.rng.normal(size=4),
        1e100 * t.rng.normal(size=4),
    )
    t.raises(
        "v is the zero vector",
        ValueError,
        np.array([1.0, 2.0]),
        np.zeros(2),
        why="when v is the zero vector (it spans no line)",
    )


# -- linalg.matmul-loops and linalg.matmul --------------------------------------------------


def _matmul_cases(t: Trial) -> None:
    rng = t.rng
    t.compare("1x1 times 1x1", np.array([[2.0]]), np.array([[3.0]]))
    t.compare("2x2 times 2x2", rng.normal(size=(2, 2)), rng.normal(size=(2, 2)))
    t.compare("3x4 times 4x2 (rectangular)", rng.normal(size=(3, 4)), rng.normal(size=(4, 2)))
    t.compare("a 1x3 row times a 3x1 column", rng.normal(size=(1, 3)), rng.normal(size=(3, 1)))
    t.compare(
        "a 3x1 column times a 1x3 row (an outer product)",
        rng.normal(size=(3, 1)),
        rng.normal(size=(1, 3)),
    )
    t.compare(
        "2x0 times 0x3: an empty inner dimension gives zeros", np.zeros((2, 0)), np.zeros((0, 3))
    )
    # Integers below 1e7: every product and sum is exact in float64, in any order.
    t.compare(
        "4x3 times 3x5 with large integer entries (up to 1e7)",
        rng.integers(-(10**7), 10**7, size=(4, 3)).astype(float),
        rng.integers(-(10**7), 10**7, size=(3, 5)).astype(float),
    )
    t.compare("12x7 times 7x9", rng.normal(size=(12, 7)), rng.normal(size=(7, 9)))
    t.raises(
        "3x4 times 3x4: the inner dimensions differ",
        ValueError,
        np.ones((3, 4)),
        np.ones((3, 4)),
        why="when A's columns do not match B's rows",
    )


@check("linalg.matmul-loops")
def matmul_loops(t: Trial) -> None:
    _matmul_cases(t)


@check("linalg.matmul")
def matmul(t: Trial) -> None:
    _matmul_cases(t)


# -- linalg.solve, linalg.det, linalg.inverse ----------------------------------------------


@check("linalg.solve")
def solve(t: Trial) -> None:
    rng = t.rng
    t.compare("1x1 system 2 x = 4", np.array([[2.0]]), np.array([4.0]))
    A = _with_singular_values_in(rng, 3, 3)
    t.compare("random 3x3 system", A, rng.normal(size=3))
    t.compare("3x3 with two right-hand sides (b is 3x2)", A, rng.normal(size=(3, 2)))
    t.compare(
        "leading pivot 1e-10: [[1e-10, 0.3], [0.7, 0.9]] x = [1, 2]",
        np.array([[1e-10, 0.3], [0.7, 0.9]]),
        np.array([1.0, 2.0]),
    )
    t.compare(
        "zero leading pivot: the first row must be swapped",
        np.array([[0.0, 2.0, 1.0], [1.0, 1.0, 1.0], [2.0, 1.0, 3.0]]),
        np.array([1.0, 2.0, 3.0]),
    )
    t.compare(
        "5x5 with entries near 1e6",
        1e6 * _with_singular_values_in(rng, 5, 5),
        1e6 * rng.normal(size=5),
    )
    H = _hilbert(5)
    t.compare("Hilbert 5x5 (condition number 5e5), x = all ones", H, H @ np.ones(5))
    t.raises(
        "singular 3x3: row 3 = row 1 + row 2",
        LinAlgError,
        np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [5.0, 7.0, 9.0]]),
        np.ones(3),
        why="for a singular matrix",
    )
    t.raises(
        "the 1x1 zero matrix",
        LinAlgError,
        np.zeros((1, 1)),
        np.ones(1),
        why="for a singular matrix",
    )


@check("linalg.det")
def det(t: Trial) -> None:
    rng = t.rng
    t.compare("1x1 matrix [[-2]]", np.array([[-2.0]]))
    t.compare("the 2x2 swap [[0, 1], [1, 0]] (determinant -1)", np.array([[0.0, 1.0], [1.0, 0.0]]))
    t.compare("random 3x3", _with_singular_values_in(rng, 3, 3))
    t.compare(
        "upper triangular 4x4: the product of the diagonal",
        np.triu(rng.normal(size=(4, 4))) + 3 * np.eye(4),
    )
    t.compare("random 5x5", _with_singular_values_in(rng, 5, 5))
    t.compare(
        "a zero column: exactly singular",
        np.array([[1.0, 0.0, 2.0], [3.0, 0.0, 4.0], [5.0, 0.0, 6.0]]),
    )
    t.compare(
        "[[1, 2, 3], [4, 5, 6], [7, 8, 9]]: singular up to rounding",
        np.arange(1.0, 10.0).reshape(3, 3),
    )
    t.compare(
        "6x6 with entries near 1e3 (determinant near 1e18)",
        1e3 * _with_singular_values_in(rng, 6, 6),
    )


@check("linalg.inverse")
def inverse(t: Trial) -> None:
    rng = t.rng
    t.compare("1x1 matrix [[2]]", np.array([[2.0]]))
    t.compare("2x2 [[4, 7], [2, 6]]", np.array([[4.0, 7.0], [2.0, 6.0]]))
    t.compare("random 4x4", _with_singular_values_in(rng, 4, 4))
    t.compare(
        "leading pivot 1e-10: [[1e-10, 0.3], [0.7, 0.9]]", np.array([[1e-10, 0.3], [0.7, 0.9]])
    )
    t.compare(
        "zero leading pivot: the first row must be swapped",
        np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 3.0], [4.0, -3.0, 8.0]]),
    )
    t.compare("5x5 with entries near 1e6", 1e6 * _with_singular_values_in(rng, 5, 5))
    t.compare("Hilbert 4x4 (condition number 1.6e4)", _hilbert(4))
    t.raises(
        "singular 3x3: row 3 = 2 * row 1",
        LinAlgError,
        np.array([[1.0, 2.0, 3.0], [0.0, 1.0, 4.0], [2.0, 4.0, 6.0]]),
        why="for a singular matrix",
    )


# -- linalg.gram-schmidt ------------------------------------------------------------------


def _q_transpose_q(module: ModuleType, A: np.ndarray) -> np.ndarray:
    Q, _ = module.gram_schmidt_qr(A)
    return np.asarray(Q).T @ np.asarray(Q)


@check("linalg.gram-schmidt")
def gram_schmidt(t: Trial) -> None:
    rng = t.rng
    t.compare("1x1 matrix [[-3]] (R's diagonal is positive, so Q = [[-1]])", np.array([[-3.0]]))
    t.compare("random 3x3", _with_singular_values_in(rng, 3, 3))
    t.compare("tall 5x3", _with_singular_values_in(rng, 5, 3))
    t.compare(
        "columns of very different lengths (1e-8 to 1e8)",
        _with_singular_values_in(rng, 4, 3) * np.array([1e-8, 1.0, 1e8]),
    )
    eps = 1e-8
    lauchli = np.array([[1.0, 1.0, 1.0], [eps, 0.0, 0.0], [0.0, eps, 0.0], [0.0, 0.0, eps]])

    def orthogonal(got: Any, expected: Any) -> Mismatch | None:
        # Modified Gram-Schmidt keeps |Q^T Q - I| near eps * cond(A) = 2e-16 * 1.7e8 ~ 4e-8
        # on this matrix; 1e-6 allows that and rejects anything visibly non-orthogonal.
        return close(got, np.eye(3), rtol=0.0, atol=1e-6, where="Q^T Q ")

    t.compare(
        "Läuchli matrix [[1, 1, 1], [e, 0, 0], [0, e, 0], [0, 0, e]], e = 1e-8: "
        "the columns of Q must stay orthogonal (Q^T Q = I)",
        lauchli,
        call=_q_transpose_q,
        compare=orthogonal,
        same=lambda got, other: close(got, other, t.rtol, t.atol),
    )
    t.compare(
        "Läuchli matrix: Q and R",
        lauchli,
        compare=lambda got, expected: close(got, expected, rtol=1e-6, atol=1e-6),
    )
    t.raises(
        "3x3 whose third column is the sum of the first two",
        LinAlgError,
        np.array([[1.0, 0.0, 1.0], [2.0, 1.0, 3.0], [0.0, 4.0, 4.0]]),
        why="for linearly dependent columns",
    )
    t.raises(
        "3x2 with a zero column",
        LinAlgError,
        np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 0.0]]),
        why="for a zero column",
    )


# -- linalg.power-iteration ---------------------------------------------------------------


def _eigenpair_comparator(t: Trial) -> Any:
    def compare(got: Any, expected: Any) -> Mismatch | None:
        if not isinstance(got, tuple | list) or len(got) != 2:
            return close(got, expected, t.rtol, t.atol)
        mismatch = close(got[0], expected[0], t.rtol, t.atol, where="the eigenvalue ")
        if mismatch is not None:
            return mismatch
        # An eigenvector is defined up to sign: v and -v are both right.
        return close_up_to_sign(got[1], expected[1], t.rtol, t.atol)

    return compare


@check("linalg.power-iteration")
def power_iteration(t: Trial) -> None:
    rng = t.rng
    eig = _eigenpair_comparator(t)

    def start() -> np.random.Generator:
        # Learner and reference each get a copy of this generator, so both start from
        # the same vector if they draw it the same way; any start must converge anyway.
        return np.random.default_rng(int(rng.integers(2**32)))

    t.compare("1x1 matrix [[2]]", np.array([[2.0]]), rng=start(), compare=eig)
    t.compare("diagonal diag(5, 1)", np.diag([5.0, 1.0]), rng=start(), compare=eig)
    t.compare(
        "symmetric 4x4 with eigenvalues 6, 3, 1, -2",
        symmetric(rng, [6.0, 3.0, 1.0, -2.0]),
        rng=start(),
        compare=eig,
    )
    t.compare(
        "symmetric 4x4 whose dominant eigenvalue is negative: -7, 4, 2, 1",
        symmetric(rng, [-7.0, 4.0, 2.0, 1.0]),
        rng=start(),
        compare=eig,
    )
    t.compare(
        "[[1, -2], [-2, 1]]: eigenvalue 3 along (1, -1), orthogonal to (1, 1)",
        np.array([[1.0, -2.0], [-2.0, 1.0]]),
        rng=start(),
        compare=eig,
    )
    t.compare(
        "symmetric 5x5 with eigenvalues near 1e8",
        symmetric(rng, [3e8, -1e8, 5e7, 2e7, 1e7]),
        rng=start(),
        compare=eig,
    )
    t.compare(
        "non-symmetric upper triangular [[4, 1], [0, 2]]",
        np.array([[4.0, 1.0], [0.0, 2.0]]),
        rng=start(),
        compare=eig,
    )
    t.compare(
        "the 3x3 zero matrix: the eigenvalue is 0 (every vector is an eigenvector)",
        np.zeros((3, 3)),
        rng=start(),
        call=lambda module, A, rng: module.power_iteration(A, rng=rng)[0],
    )


# -- linalg.low-rank ------------------------------------------------------------------------


def _error_and_rank(module: ModuleType, A: np.ndarray, k: int) -> tuple[float, int]:
    approx = np.asarray(module.low_rank_approx(A, k))
    return float(np.linalg.norm(A - approx)), int(np.linalg.matrix_rank(approx, tol=1e-8))


@check("linalg.low-rank")
def low_rank(t: Trial) -> None:
    rng = t.rng
    t.compare("1x1 matrix [[-2]], k = 1", np.array([[-2.0]]), 1)
    t.compare("random 3x3, k = 1", _with_singular_values_in(rng, 3, 3, 1.0, 10.0), 1)
    t.compare("tall 6x4, k = 2", _with_singular_values_in(rng, 6, 4, 1.0, 10.0), 2)
    t.compare("wide 3x5, k = 2", _with_singular_values_in(rng, 3, 5, 1.0, 10.0), 2)
    t.compare("k = 0: the zero matrix", rng.normal(size=(3, 4)), 0)
    t.compare("k = min(m, n): A itself", rng.normal(size=(4, 3)), 3)
    low = rng.normal(size=(5, 2)) @ rng.normal(size=(2, 4))
    t.compare("a 5x4 matrix of rank 2, k = 2: A itself", low, 2)
    t.compare("entries near 1e6, k = 2", 1e6 * _with_singular_values_in(rng, 4, 4, 1.0, 10.0), 2)
    # Tied singular values: every rank-1 piece of the identity is equally good, so
    # check what Eckart-Young promises (the error and the rank), not the matrix.
    t.compare(
        "3x3 identity, k = 1: tied singular values, check the error and the rank",
        np.eye(3),
        1,
        call=_error_and_rank,
    )
    t.raises("k = 4 for a 3x5 matrix", ValueError, np.ones((3, 5)), 4, why="when k > min(m, n)")


# -- linalg.pca ---------------------------------------------------------------------------


def _fit_pca(module: ModuleType, X: np.ndarray, n_components: int) -> tuple[Any, ...]:
    pca = module.PCA(n_components)
    pca.fit(X)
    return (pca.components_, pca.explained_variance_, pca.explained_variance_ratio_, pca.mean_)


def _fit_returns_self(module: ModuleType, X: np.ndarray, n_components: int) -> bool:
    pca = module.PCA(n_components)
    return pca.fit(X) is pca


def _pca_comparator(t: Trial) -> Any:
    names = ("components_", "explained_variance_", "explained_variance_ratio_", "mean_")

    def compare(got: Any, expected: Any) -> Mismatch | None:
        for i, name in enumerate(names):
            if i == 0:  # a principal axis is defined up to sign: compare row by row
                g, e = np.asarray(got[0], dtype=float), np.asarray(expected[0])
                if g.shape != e.shape:
                    return Mismatch(
                        f"components_ has shape {g.shape}, expected {e.shape}: "
                        "one row per component, one column per feature"
                    )
                mismatch = close_up_to_sign(g, e, t.rtol, t.atol, axis=1)
            else:
                mismatch = close(got[i], expected[i], t.rtol, t.atol, where=f"{name} ")
            if mismatch is not None:
                return mismatch
        return None

    return compare


def _data(
    rng: np.random.Generator, n_samples: int, scales: list[float], offset: float = 5.0
) -> np.ndarray:
    """Gaussian data with distinct variances along random orthogonal axes, not centered."""
    d = len(scales)
    Z = rng.normal(size=(n_samples, d)) * np.array(scales)
    return Z @ orthonormal(rng, d) + offset * rng.normal(size=d)


@check("linalg.pca")
def pca(t: Trial) -> None:
    rng = t.rng
    cmp = _pca_comparator(t)
    t.compare(
        "6 samples in 3 features, 1 component",
        _data(rng, 6, [4.0, 1.0, 0.3]),
        1,
        call=_fit_pca,
        compare=cmp,
    )
    t.compare(
        "20 samples in 4 features, 2 components",
        _data(rng, 20, [5.0, 2.0, 1.0, 0.5]),
        2,
        call=_fit_pca,
        compare=cmp,
    )
    t.compare(
        "all 4 components of 30 samples",
        _data(rng, 30, [5.0, 2.0, 1.0, 0.5]),
        4,
        call=_fit_pca,
        compare=cmp,
    )
    t.compare(
        "fewer samples than features: 5 samples in 8 features, 3 components",
        _data(rng, 5, [8.0, 6.0, 4.0, 2.0, 1.0, 0.5, 0.3, 0.1]),
        3,
        call=_fit_pca,
        compare=cmp,
    )
    t.compare(
        "features offset by 1e6 (centering must come first)",
        _data(rng, 25, [3.0, 1.0, 0.2], offset=1e6),
        2,
        call=_fit_pca,
        compare=cmp,
    )
    returns_self = t.call(
        "fit returns the estimator", _data(rng, 10, [2.0, 1.0]), 1, call=_fit_returns_self
    )
    t.require(
        returns_self,
        "fit returns the estimator",
        "fit must end with `return self`, so that PCA(k).fit(X).transform(X) works",
    )


# -- linalg.mf-gradients --------------------------------------------------------------------


def _ratings(
    rng: np.random.Generator, m: int, n: int, k: int, observed: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A low-rank ratings matrix with a random mask (missing entries stored as 0) and
    random factors U (m, k), V (n, k) at which to evaluate the loss."""
    R = 3.0 + rng.normal(size=(m, k)) @ rng.normal(size=(k, n))
    mask = rng.random((m, n)) < observed
    mask[0, 0] = True  # at least one observed rating
    return np.where(mask, R, 0.0), mask, rng.normal(size=(m, k)), rng.normal(size=(n, k))


@check("linalg.mf-gradients")
def mf_gradients(t: Trial) -> None:
    rng = t.rng
    R, _, U, V = _ratings(rng, 2, 3, 2, 1.0)
    t.compare("2x3 ratings, all observed, reg = 0", R, np.ones((2, 3), dtype=bool), U, V, 0.0)

    R, mask, U, V = _ratings(rng, 4, 5, 2, 0.6)

    def consistent(got: Any, expected: Any) -> Mismatch | None:
        # Compares the learner's gradients with central differences of the learner's own
        # loss. The loss is quadratic in each single entry of U or V, so the central
        # difference is exact but for rounding (~1e-10 here); 1e-6 is ample.
        if not isinstance(got, tuple | list) or len(got) != 3:
            return close(got, expected, t.rtol, t.atol)
        loss = t.mine.mf_loss_and_grads
        numerical = {
            "U": numerical_grad(lambda U_: loss(R, mask, U_, V, 0.1)[0], U),
            "V": numerical_grad(lambda V_: loss(R, mask, U, V_, 0.1)[0], V),
        }
        return compare_gradients({"U": got[1], "V": got[2]}, numerical, rtol=1e-6, atol=1e-8)

    t.compare(
        "your gradients against central differences of your own loss, 4x5 with "
        "missing ratings, reg = 0.1",
        R,
        mask,
        U,
        V,
        0.1,
        compare=consistent,
        same=lambda got, other: close(got, other, t.rtol, t.atol),
    )
    t.compare("4x5 with missing ratings (stored as 0), reg = 0.1", R, mask, U, V, 0.1)
    R, mask, U, V = _ratings(rng, 20, 15, 3, 0.3)
    t.compare("20x15 with 30% observed, k = 3, reg = 0.01", R, mask, U, V, 0.01)
    R, mask, U, V = _ratings(rng, 5, 4, 2, 0.5)
    mask[0], mask[:, 0] = True, True  # one full row and column: their gradients stay finite
    t.compare(
        "missing ratings stored as NaN (they must be ignored, not multiplied by 0)",
        np.where(mask, R, np.nan),
        mask,
        U,
        V,
        0.1,
    )
    single = np.zeros((3, 3), dtype=bool)
    single[1, 2] = True
    t.compare("a single observed rating", R[:3, :3], single, U[:3], V[:3], 0.05)

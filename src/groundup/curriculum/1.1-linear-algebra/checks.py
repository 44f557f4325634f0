"""Checks for section 1.1, Linear algebra.

Each exercise is a table of cases, simple to hard (rectangular, singular,
ill-conditioned, large magnitudes), and one loop over it. Random matrices have known
singular values or eigenvalues, so the rounding two correct codes may differ by is known
in advance. Eigenvectors and principal axes are accepted with either sign; where the
answer is not unique (tied singular values) the checks compare what is promised.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any, NamedTuple

import numpy as np
from numpy.linalg import LinAlgError

from groundup.testing import Mismatch, Trial, check, close, close_up_to_sign, hilbert, named_items
from groundup.testing.compare import Comparator
from groundup.testing.gradcheck import compare_gradients, numerical_grad
from groundup.testing.inputs import orthonormal, symmetric, with_singular_values
from groundup.testing.table import Case, Inputs, MakeInputs, cases, run_cases


def _well_conditioned(rng: np.random.Generator, m: int, n: int, high: float = 3.0) -> np.ndarray:
    """A random m x n matrix whose singular values are distinct and lie in [1, high]."""
    s = np.sort(rng.uniform(1.0, high, size=min(m, n)))[::-1]
    return with_singular_values(rng, m, n, s.tolist())


def _random(m: int, n: int, scale: float = 1.0) -> MakeInputs:
    """The inputs ``(A,)``: ``scale`` times a well-conditioned random m x n matrix."""
    return lambda r: (scale * _well_conditioned(r, m, n),)


# -- linalg.project -----------------------------------------------------------------------


def _negative_multiple(r: np.random.Generator) -> Inputs:
    v = r.normal(size=4)
    return -2.5 * v, v


PROJECT = [
    Case("length-1 vectors u = [3], v = [2]", (np.array([3.0]), np.array([2.0]))),
    Case("u = (2, 1) onto v = (3, 0) on the x-axis", (np.array([2.0, 1.0]), np.array([3.0, 0.0]))),
    Case("random vectors of length 5", lambda r: (r.normal(size=5), r.normal(size=5))),
    Case("u orthogonal to v", (np.array([1.0, -2.0, 0.5]), np.array([2.0, 1.0, 0.0]))),
    Case("u = -2.5 v: the projection is u itself", _negative_multiple),
    Case("entries near 1e100", lambda r: (1e100 * r.normal(size=4), 1e100 * r.normal(size=4))),
    Case(
        "v is the zero vector",
        (np.array([1.0, 2.0]), np.zeros(2)),
        raises=ValueError,
        why="when v is the zero vector (it spans no line)",
    ),
]
project = cases("linalg.project", PROJECT)


# -- linalg.matmul-loops and linalg.matmul --------------------------------------------------


def _large_integers(r: np.random.Generator) -> Inputs:
    # Integers below 1e7: every product and sum is exact in float64, in any order.
    A = r.integers(-(10**7), 10**7, size=(4, 3)).astype(float)
    return A, r.integers(-(10**7), 10**7, size=(3, 5)).astype(float)


MATMUL = [
    Case("1x1 times 1x1", (np.array([[2.0]]), np.array([[3.0]]))),
    Case("2x2 times 2x2", lambda r: (r.normal(size=(2, 2)), r.normal(size=(2, 2)))),
    Case("3x4 times 4x2 (rectangular)", lambda r: (r.normal(size=(3, 4)), r.normal(size=(4, 2)))),
    Case("a 1x3 row times a 3x1 column", lambda r: (r.normal(size=(1, 3)), r.normal(size=(3, 1)))),
    Case("a 3x1 column times a 1x3 row", lambda r: (r.normal(size=(3, 1)), r.normal(size=(1, 3)))),
    Case("2x0 times 0x3: an empty inner dimension", (np.zeros((2, 0)), np.zeros((0, 3)))),
    Case("4x3 times 3x5 with large integer entries (up to 1e7)", _large_integers),
    Case("12x7 times 7x9", lambda r: (r.normal(size=(12, 7)), r.normal(size=(7, 9)))),
    Case(
        "3x4 times 3x4: the inner dimensions differ",
        (np.ones((3, 4)), np.ones((3, 4))),
        raises=ValueError,
        why="when A's columns do not match B's rows",
    ),
]
matmul_loops = cases("linalg.matmul-loops", MATMUL)
matmul = cases("linalg.matmul", MATMUL)


# -- linalg.solve, linalg.det, linalg.inverse ----------------------------------------------

TINY_PIVOT = np.array([[1e-10, 0.3], [0.7, 0.9]])

SOLVE = [
    Case("1x1 system 2 x = 4", (np.array([[2.0]]), np.array([4.0]))),
    Case("random 3x3 system", lambda r: (_well_conditioned(r, 3, 3), r.normal(size=3))),
    Case("3x3, b is 3x2", lambda r: (_well_conditioned(r, 3, 3), r.normal(size=(3, 2)))),
    Case("pivot 1e-10: [[1e-10, 0.3], [0.7, 0.9]] x = [1, 2]", (TINY_PIVOT, np.array([1.0, 2.0]))),
    Case(
        "zero leading pivot: the first row must be swapped",
        (np.array([[0.0, 2.0, 1.0], [1.0, 1.0, 1.0], [2.0, 1.0, 3.0]]), np.array([1.0, 2.0, 3.0])),
    ),
    Case("5x5 near 1e6", lambda r: (1e6 * _well_conditioned(r, 5, 5), 1e6 * r.normal(size=5))),
    Case("Hilbert 5x5 (condition number 5e5), x = all ones", (hilbert(5), hilbert(5) @ np.ones(5))),
    Case(
        "singular 3x3: row 3 = row 1 + row 2",
        (np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [5.0, 7.0, 9.0]]), np.ones(3)),
        raises=LinAlgError,
        why="for a singular matrix",
    ),
    Case(
        "the 1x1 zero matrix",
        (np.zeros((1, 1)), np.ones(1)),
        raises=LinAlgError,
        why="for a singular matrix",
    ),
]
solve = cases("linalg.solve", SOLVE)

DET = [
    Case("1x1 matrix [[-2]]", (np.array([[-2.0]]),)),
    Case("the 2x2 swap [[0, 1], [1, 0]] (determinant -1)", (np.array([[0.0, 1.0], [1.0, 0.0]]),)),
    Case("random 3x3", _random(3, 3)),
    Case("upper triangular 4x4", lambda r: (np.triu(r.normal(size=(4, 4))) + 3 * np.eye(4),)),
    Case("random 5x5", _random(5, 5)),
    Case("a zero column", (np.array([[1.0, 0.0, 2.0], [3.0, 0.0, 4.0], [5.0, 0.0, 6.0]]),)),
    Case(
        "[[1, 2, 3], [4, 5, 6], [7, 8, 9]]: singular up to rounding",
        (np.arange(1.0, 10).reshape(3, 3),),
    ),
    Case("6x6 with entries near 1e3 (determinant near 1e18)", _random(6, 6, scale=1e3)),
]
det = cases("linalg.det", DET)

INVERSE = [
    Case("1x1 matrix [[2]]", (np.array([[2.0]]),)),
    Case("2x2 [[4, 7], [2, 6]]", (np.array([[4.0, 7.0], [2.0, 6.0]]),)),
    Case("random 4x4", _random(4, 4)),
    Case("leading pivot 1e-10: [[1e-10, 0.3], [0.7, 0.9]]", (TINY_PIVOT,)),
    Case(
        "zero leading pivot: the first row must be swapped",
        (np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 3.0], [4.0, -3.0, 8.0]]),),
    ),
    Case("5x5 with entries near 1e6", _random(5, 5, scale=1e6)),
    Case("Hilbert 4x4 (condition number 1.6e4)", (hilbert(4),)),
    Case(
        "singular 3x3: row 3 = 2 * row 1",
        (np.array([[1.0, 2.0, 3.0], [0.0, 1.0, 4.0], [2.0, 4.0, 6.0]]),),
        raises=LinAlgError,
        why="for a singular matrix",
    ),
]
inverse = cases("linalg.inverse", INVERSE)


# -- linalg.gram-schmidt ------------------------------------------------------------------

GRAM_SCHMIDT = [
    Case("1x1 matrix [[-3]] (R's diagonal is positive, so Q = [[-1]])", (np.array([[-3.0]]),)),
    Case("random 3x3", _random(3, 3)),
    Case("tall 5x3", _random(5, 3)),
    Case(
        "columns of very different lengths (1e-8 to 1e8)",
        lambda r: (_well_conditioned(r, 4, 3) * np.array([1e-8, 1.0, 1e8]),),
    ),
]
LAUCHLI = np.array([[1.0, 1.0, 1.0], [1e-8, 0.0, 0.0], [0.0, 1e-8, 0.0], [0.0, 0.0, 1e-8]])
_LAUCHLI = "Läuchli matrix [[1, 1, 1], [e, 0, 0], [0, e, 0], [0, 0, e]], e = 1e-8"
LAUCHLI_ORTHOGONAL = [Case(f"{_LAUCHLI}: the columns of Q must stay orthogonal", (LAUCHLI,))]
LAUCHLI_QR = [Case(f"{_LAUCHLI}: Q and R", (LAUCHLI,))]
DEPENDENT_COLUMNS = [
    Case(
        "3x3 whose third column is the sum of the first two",
        (np.array([[1.0, 0.0, 1.0], [2.0, 1.0, 3.0], [0.0, 4.0, 4.0]]),),
        raises=LinAlgError,
        why="for linearly dependent columns",
    ),
    Case(
        "3x2 with a zero column",
        (np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 0.0]]),),
        raises=LinAlgError,
        why="for a zero column",
    ),
]


def _q_transpose_q(module: ModuleType, A: np.ndarray) -> np.ndarray:
    Q, _ = module.gram_schmidt_qr(A)
    return np.asarray(Q).T @ np.asarray(Q)


def _is_identity(got: Any, _: Any) -> Mismatch | None:
    # Modified Gram-Schmidt keeps |Q^T Q - I| near eps * cond(A) = 2e-16 * 1.7e8 ~ 4e-8
    # on Läuchli's matrix; 1e-6 allows that and rejects anything visibly non-orthogonal.
    return close(got, np.eye(3), rtol=0.0, atol=1e-6, where="Q^T Q ")


@check("linalg.gram-schmidt")
def gram_schmidt(t: Trial) -> None:
    run_cases(t, GRAM_SCHMIDT, compare=named_items(("Q", "R"), t.rtol, t.atol))
    # Läuchli's matrix (cond 1.7e8) states its own tolerance: Q is good to ~eps * cond.
    run_cases(t, LAUCHLI_ORTHOGONAL, call=_q_transpose_q, compare=_is_identity)
    run_cases(t, LAUCHLI_QR, compare=named_items(("Q", "R"), 1e-6, 1e-6))
    run_cases(t, DEPENDENT_COLUMNS)


# -- linalg.power-iteration ---------------------------------------------------------------


def _start(r: np.random.Generator) -> np.random.Generator:
    # Learner and reference each get a copy of this generator, so both start from the
    # same vector if they draw it the same way; any start must converge anyway.
    return np.random.default_rng(int(r.integers(2**32)))


def _given(A: np.ndarray) -> MakeInputs:
    """The inputs ``(A, rng)``: this matrix and a generator for the start vector."""
    return lambda r: (A, _start(r))


def _symmetric(*eigenvalues: float) -> MakeInputs:
    """The inputs ``(A, rng)``: a random symmetric A with these eigenvalues, a generator."""
    return lambda r: (symmetric(r, eigenvalues), _start(r))


def _power_iteration(
    module: ModuleType, A: np.ndarray, rng: np.random.Generator, **settings: Any
) -> Any:
    return module.power_iteration(A, rng=rng, **settings)


def _eigenvalue(module: ModuleType, A: np.ndarray, rng: np.random.Generator) -> Any:
    return module.power_iteration(A, rng=rng)[0]


POWER_ITERATION = [
    Case("1x1 matrix [[2]]", _given(np.array([[2.0]]))),
    Case("diagonal diag(5, 1)", _given(np.diag([5.0, 1.0]))),
    Case("symmetric 4x4 with eigenvalues 6, 3, 1, -2", _symmetric(6.0, 3.0, 1.0, -2.0)),
    Case("symmetric 4x4 with eigenvalues -7, 4, 2, 1", _symmetric(-7.0, 4.0, 2.0, 1.0)),
    Case(
        "[[1, -2], [-2, 1]]: eigenvalue 3 along (1, -1), orthogonal to (1, 1)",
        _given(np.array([[1.0, -2.0], [-2.0, 1.0]])),
    ),
    Case("symmetric 5x5 with eigenvalues near 1e8", _symmetric(3e8, -1e8, 5e7, 2e7, 1e7)),
    Case("non-symmetric [[4, 1], [0, 2]]", _given(np.array([[4.0, 1.0], [0.0, 2.0]]))),
    Case("the 3x3 zero matrix: eigenvalue 0", _given(np.zeros((3, 3))), call=_eigenvalue),
    Case(
        "[[2]] with num_iters = 1: one step from a unit start vector gives 2",
        _given(np.array([[2.0]])),
        kwargs={"num_iters": 1},
    ),
    # A loop that ignores its stopping test still converges, so only the time tells: with
    # a billion steps allowed, code that does not stop runs into the time limit.
    Case(
        "diag(5, 1) with num_iters = 10**9: stop once the residual is below tol (~20 steps)",
        _given(np.diag([5.0, 1.0])),
        kwargs={"num_iters": 10**9},
    ),
    Case(
        "[[2]] with tol = 0 and num_iters = 10**9: the first residual is exactly 0, and 0 <= 0",
        _given(np.array([[2.0]])),
        kwargs={"num_iters": 10**9, "tol": 0.0},
    ),
]


def _eigenpair(t: Trial) -> Comparator:
    """The eigenvalue by value, the eigenvector up to sign (v and -v are both right)."""

    def compare(got: Any, expected: Any) -> Mismatch | None:
        if not isinstance(got, tuple | list) or len(got) != 2:
            return close(got, expected, t.rtol, t.atol)
        mismatch = close(got[0], expected[0], t.rtol, t.atol, where="the eigenvalue ")
        return mismatch or close_up_to_sign(got[1], expected[1], t.rtol, t.atol)

    return compare


@check("linalg.power-iteration")
def power_iteration(t: Trial) -> None:
    run_cases(t, POWER_ITERATION, call=_power_iteration, compare=_eigenpair(t))


# -- linalg.low-rank ------------------------------------------------------------------------


def _error_and_rank(module: ModuleType, A: np.ndarray, k: int) -> tuple[float, int]:
    approx = np.asarray(module.low_rank_approx(A, k))
    return float(np.linalg.norm(A - approx)), int(np.linalg.matrix_rank(approx, tol=1e-8))


def _tall(m: int, singular_values: list[float], k: int) -> MakeInputs:
    """The inputs ``(A, k)``: a tall m x n A with these singular values, built without an
    m x m matrix (np.linalg.svd's full U of it would not fit in memory for m = 100000)."""
    n = len(singular_values)
    return lambda r: ((orthonormal(r, m, n) * singular_values) @ orthonormal(r, n), k)


def _spread(m: int, n: int, k: int, scale: float = 1.0) -> MakeInputs:
    """The inputs ``(A, k)``: A with singular values spread over [1, 10], times ``scale``."""
    return lambda r: (scale * _well_conditioned(r, m, n, high=10.0), k)


LOW_RANK = [
    Case("1x1 matrix [[-2]], k = 1", (np.array([[-2.0]]), 1)),
    Case("random 3x3, k = 1", _spread(3, 3, 1)),
    Case("tall 6x4, k = 2", _spread(6, 4, 2)),
    Case("wide 3x5, k = 2", _spread(3, 5, 2)),
    Case("k = 0: the zero matrix", lambda r: (r.normal(size=(3, 4)), 0)),
    Case("k = min(m, n): A itself", lambda r: (r.normal(size=(4, 3)), 3)),
    Case("rank-2 5x4, k = 2", lambda r: (r.normal(size=(5, 2)) @ r.normal(size=(2, 4)), 2)),
    Case("entries near 1e6, k = 2", _spread(4, 4, 2, scale=1e6)),
    # Tied singular values: every rank-1 piece of the identity is equally good, so
    # check what Eckart-Young promises (the error and the rank), not the matrix.
    Case("3x3 identity, k = 1: the error and the rank", (np.eye(3), 1), call=_error_and_rank),
    Case("k = 4, a 3x5 matrix", (np.ones((3, 5)), 4), raises=ValueError, why="when k > min(m, n)"),
    Case(
        "tall 100000x3, k = 2 (a full 100000x100000 U needs 80 GB)",
        _tall(100_000, [9.0, 4.0, 1.0], 2),
    ),
]
low_rank = cases("linalg.low-rank", LOW_RANK)


# -- linalg.pca ---------------------------------------------------------------------------

FITTED = ("components_", "explained_variance_", "explained_variance_ratio_", "mean_")
RETURNS_SELF = "fit(X) is the estimator"


def _fit_pca(module: ModuleType, X: np.ndarray, n_components: int) -> tuple[Any, ...]:
    """What ``fit`` learns, by the names in FITTED, and whether it returned ``self``."""
    pca = module.PCA(n_components)
    returned = pca.fit(X)
    return (*(getattr(pca, name) for name in FITTED), returned is pca)


def _data(n: int, scales: list[float], k: int, offset: float = 5.0) -> MakeInputs:
    """The inputs ``(X, k)``: n samples of Gaussian data, not centered, with distinct
    variances along random orthogonal axes."""

    def make(r: np.random.Generator) -> Inputs:
        Z = r.normal(size=(n, len(scales))) * np.array(scales)
        return Z @ orthonormal(r, len(scales)) + offset * r.normal(size=len(scales)), k

    return make


PCA = [
    Case("6 samples in 3 features, 1 component", _data(6, [4.0, 1.0, 0.3], 1)),
    Case("20 samples in 4 features, 2 components", _data(20, [5.0, 2.0, 1.0, 0.5], 2)),
    Case("all 4 components of 30 samples", _data(30, [5.0, 2.0, 1.0, 0.5], 4)),
    Case("5 samples in 8 features, 3 components", _data(5, [8, 6, 4, 2, 1, 0.5, 0.3, 0.1], 3)),
    Case("features offset by 1e6 (centering must come first)", _data(25, [3.0, 1.0, 0.2], 2, 1e6)),
    Case(
        "100000 samples in 3 features (a full 100000x100000 U needs 80 GB)",
        _data(100_000, [5.0, 2.0, 1.0], 2),
    ),
]


def _fitted_pca(t: Trial) -> Comparator:
    """Each fitted attribute by name; the principal axes up to sign, row by row."""
    hint = "fit must end with `return self`, so that PCA(k).fit(X).transform(X) works"
    rest = named_items([*FITTED[1:], RETURNS_SELF], t.rtol, t.atol, {RETURNS_SELF: hint})

    def compare(got: Any, expected: Any) -> Mismatch | None:
        components, axes = np.asarray(got[0], dtype=float), np.asarray(expected[0])
        if components.shape != axes.shape:
            return Mismatch(
                f"components_ has shape {components.shape}, expected {axes.shape}: "
                "one row per component, one column per feature"
            )
        mismatch = close_up_to_sign(components, axes, t.rtol, t.atol, axis=1)
        return mismatch or rest(got[1:], expected[1:])

    return compare


@check("linalg.pca")
def pca(t: Trial) -> None:
    run_cases(t, PCA, call=_fit_pca, compare=_fitted_pca(t))


# -- linalg.mf-gradients --------------------------------------------------------------------


def _ratings(
    m: int, n: int, k: int, observed: float, reg: float, missing: float = 0.0
) -> MakeInputs:
    """The inputs ``(R, mask, U, V, reg)``: a low-rank R (m, n) with a random mask, missing
    ratings stored as ``missing``, and random factors U (m, k), V (n, k). Rating (0, 0) is
    always observed; with NaN for missing, all of row 0 and column 0, so their gradients
    stay finite."""

    def make(r: np.random.Generator) -> Inputs:
        R = 3.0 + r.normal(size=(m, k)) @ r.normal(size=(k, n))
        mask = r.random((m, n)) < observed
        mask[0, 0] = True
        if np.isnan(missing):
            mask[0], mask[:, 0] = True, True
        return np.where(mask, R, missing), mask, r.normal(size=(m, k)), r.normal(size=(n, k)), reg

    return make


class OwnLossGradients(NamedTuple):
    """The learner's gradients, and central differences of the learner's own loss."""

    dU: np.ndarray
    dV: np.ndarray
    numerical_dU: np.ndarray
    numerical_dV: np.ndarray


def _own_loss_gradients(
    module: ModuleType, R: np.ndarray, mask: np.ndarray, U: np.ndarray, V: np.ndarray, reg: float
) -> OwnLossGradients:
    mf = module.mf_loss_and_grads
    _, dU, dV = mf(R, mask, U, V, reg)
    numerical_dU = numerical_grad(lambda U_: mf(R, mask, U_, V, reg)[0], U)
    return OwnLossGradients(
        dU, dV, numerical_dU, numerical_grad(lambda V_: mf(R, mask, U, V_, reg)[0], V)
    )


MF_GRADIENTS = [
    Case("2x3 ratings, all observed, reg = 0", _ratings(2, 3, 2, 1.0, 0.0)),
    Case(
        "your gradients against central differences of your own loss, 4x5, reg = 0.1",
        _ratings(4, 5, 2, 0.6, 0.1),
        call=_own_loss_gradients,
    ),
    Case("4x5 with missing ratings (stored as 0), reg = 0.1", _ratings(4, 5, 2, 0.6, 0.1)),
    Case("20x15 with 30% observed, k = 3, reg = 0.01", _ratings(20, 15, 3, 0.3, 0.01)),
    Case(
        "missing ratings stored as NaN (ignored, not multiplied by 0)",
        _ratings(5, 4, 2, 0.5, 0.1, missing=np.nan),
    ),
    Case("a single observed rating", _ratings(3, 3, 2, 0.0, 0.05)),
]


def _mf_compare(t: Trial) -> Comparator:
    """The result against the reference's; an :class:`OwnLossGradients` against itself."""

    def compare(got: Any, expected: Any) -> Mismatch | None:
        if not isinstance(got, OwnLossGradients):
            return named_items(("the loss", "dU", "dV"), t.rtol, t.atol)(got, expected)
        # The loss is quadratic in each single entry of U or V, so the central
        # difference is exact but for rounding (~1e-10 here); 1e-6 is ample.
        analytic = {"U": got.dU, "V": got.dV}
        numerical = {"U": got.numerical_dU, "V": got.numerical_dV}
        return compare_gradients(analytic, numerical, rtol=1e-6, atol=1e-8)

    return compare


@check("linalg.mf-gradients")
def mf_gradients(t: Trial) -> None:
    run_cases(t, MF_GRADIENTS, compare=_mf_compare(t))

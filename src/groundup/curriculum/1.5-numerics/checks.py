"""Checks for section 1.5, Numerical methods.

Each check runs from a small exact case to the cases that expose numerical trouble:
huge magnitudes (overflow), nearly equal numbers (cancellation), zero pivots, flat
tangents, ill-conditioned matrices. Where a valid answer is not unique (the pivot
order of an LU with ties, the signs in a QR) the checks test the defining properties.
"""

from __future__ import annotations

import math
from types import ModuleType
from typing import Any

import numpy as np

from groundup.testing import Mismatch, Trial, check, close
from groundup.testing.inputs import orthonormal
from groundup.testing.stats import z_threshold

# -- input builders -----------------------------------------------------------------------


def _spd(rng: np.random.Generator, n: int, cond: float) -> np.ndarray:
    """A random symmetric positive definite matrix with eigenvalues in [1, cond]."""
    Q = orthonormal(rng, n)
    eig = np.concatenate([[1.0, cond], rng.uniform(1.0, cond, size=n - 2)])[:n]
    A = (Q * eig) @ Q.T
    return (A + A.T) / 2


def _dominant(rng: np.random.Generator, n: int) -> np.ndarray:
    """Strictly diagonally dominant: Jacobi and Gauss-Seidel both converge."""
    A = rng.uniform(-1.0, 1.0, size=(n, n))
    return A + np.diag(np.abs(A).sum(axis=1) + 1.0)


def _hilbert(n: int) -> np.ndarray:
    i = np.arange(n)
    return 1.0 / (i[:, None] + i[None, :] + 1.0)


# -- floating point -------------------------------------------------------------------------


@check("numerics.machine-epsilon")
def machine_epsilon(t: Trial) -> None:
    t.compare("float64 (epsilon 2^-52)", np.float64)
    t.compare("float32 (epsilon 2^-23)", np.float32)
    t.compare("float16 (epsilon 2^-10)", np.float16)


@check("numerics.stable-quadratic")
def stable_quadratic(t: Trial) -> None:
    t.compare("x^2 - 5x + 6 = (x - 2)(x - 3)", 1.0, -5.0, 6.0)
    t.compare("2x^2 - 8: roots -2 and 2 (b = 0)", 2.0, 0.0, -8.0)
    t.compare("-x^2 + 3x - 2: a negative leading coefficient", -1.0, 3.0, -2.0)
    t.compare("x^2 - 2x + 1: a double root at 1", 1.0, -2.0, 1.0)
    t.compare("x^2: a double root at 0", 1.0, 0.0, 0.0)
    t.compare("x^2 + 1e8 x + 1: roots near -1e8 and -1e-8", 1.0, 1e8, 1.0)
    t.compare("x^2 - 1e8 x + 1: roots near 1e-8 and 1e8", 1.0, -1e8, 1.0)
    b = float(t.rng.uniform(1e5, 1e7))
    t.compare(f"3x^2 - {b:.6g} x + 0.5", 3.0, -b, 0.5)
    t.raises("a = 0", ValueError, 0.0, 1.0, 1.0, why="when the equation is not quadratic")
    t.raises(
        "x^2 + 1 (no real roots)", ValueError, 1.0, 0.0, 1.0, why="for a negative discriminant"
    )


# -- stable functions ----------------------------------------------------------------------


@check("numerics.logsumexp")
def logsumexp(t: Trial) -> None:
    rng = t.rng
    t.compare("[1, 2, 3]", np.array([1.0, 2.0, 3.0]))
    t.compare("a single entry [5]", np.array([5.0]))
    t.compare("[1000, 1000]: exp(1000) overflows", np.array([1000.0, 1000.0]))
    t.compare("[-1000, -1001]: exp underflows to 0", np.array([-1000.0, -1001.0]))
    t.compare("random 3x5 logits, axis = -1", rng.normal(size=(3, 5)))
    t.compare("random 4x3 logits times 300, axis = 0", 300 * rng.normal(size=(4, 3)), axis=0)
    t.compare(
        "rows with -inf entries; the last row is all -inf (answer -inf)",
        np.array([[0.0, -np.inf, 1.0], [-np.inf, -np.inf, -np.inf]]),
    )


@check("numerics.softmax")
def softmax(t: Trial) -> None:
    rng = t.rng
    t.compare("[1, 2, 3]", np.array([1.0, 2.0, 3.0]))
    t.compare("a single entry [7]: probability 1", np.array([7.0]))
    t.compare("random 3x4 logits, rows sum to 1", rng.normal(size=(3, 4)))
    t.compare("ties: [800, 800, 800, 0]", np.array([800.0, 800.0, 800.0, 0.0]))
    t.compare("[1000, 999, -1000]: large logits", np.array([1000.0, 999.0, -1000.0]))
    t.compare("random 4x3 logits times 100, axis = 0", 100 * rng.normal(size=(4, 3)), axis=0)


def _sigmoid_strict(module: ModuleType, x: Any) -> Any:
    # Overflow becomes an error: a formula that overflows is wrong even where 1 / inf
    # happens to round to the right answer.
    with np.errstate(over="raise"):
        return module.sigmoid(x)


@check("numerics.sigmoid")
def sigmoid(t: Trial) -> None:
    t.compare("[0]", np.array([0.0]), call=_sigmoid_strict)
    t.compare("[-2, -1, 1, 2]", np.array([-2.0, -1.0, 1.0, 2.0]), call=_sigmoid_strict)
    t.compare("a 2x3 array", t.rng.normal(size=(2, 3)) * 5, call=_sigmoid_strict)
    t.compare("[30, 800, 1e5]: large positive", np.array([30.0, 800.0, 1e5]), call=_sigmoid_strict)
    t.compare(
        "[-30, -800, -1e5]: large negative", np.array([-30.0, -800.0, -1e5]), call=_sigmoid_strict
    )


# -- root finding ---------------------------------------------------------------------------


def _near(root: float, tol: float) -> Any:
    """Accepts any answer within ``tol`` of the exact root (every valid answer)."""

    def compare(got: Any, _: Any) -> Mismatch | None:
        return close(got, root, rtol=0.0, atol=tol * (1 + 1e-9), where="your root ")

    return compare


def _square_minus_two(x: float) -> float:
    return x * x - 2.0


def _cubic(x: float) -> float:
    return x**3 - 2.0 * x - 5.0


def _cycling(x: float) -> float:
    return x**3 - 2.0 * x + 2.0


@check("numerics.bisection")
def bisection(t: Trial) -> None:
    cubic_root = 2.0945514815423265  # x^3 - 2x - 5 = 0, Newton's own example
    t.compare(
        "x^2 - 2 on [0, 2], tol 1e-8",
        _square_minus_two,
        0.0,
        2.0,
        1e-8,
        compare=_near(math.sqrt(2.0), 1e-8),
    )
    t.compare(
        "cos on [0, 3], tol 1e-10", math.cos, 0.0, 3.0, 1e-10, compare=_near(math.pi / 2, 1e-10)
    )
    t.compare(
        "x^3 - 2x - 5 on [2, 3], tol 1e-12",
        _cubic,
        2.0,
        3.0,
        1e-12,
        compare=_near(cubic_root, 1e-12),
    )
    t.compare(
        "x^2 - 2 on [-2, 0]: f(a) > 0 here",
        _square_minus_two,
        -2.0,
        0.0,
        1e-9,
        compare=_near(-math.sqrt(2.0), 1e-9),
    )
    t.compare("sin on [3, 4], tol 1e-13", math.sin, 3.0, 4.0, 1e-13, compare=_near(math.pi, 1e-13))
    t.raises(
        "x^2 - 2 on [2, 3]: no sign change",
        ValueError,
        _square_minus_two,
        2.0,
        3.0,
        why="when f(a) and f(b) have the same sign",
    )


def _twice(x: float) -> float:
    return 2.0 * x


def _cubic_slope(x: float) -> float:
    return 3.0 * x * x - 2.0


def _minus_sin(x: float) -> float:
    return -math.sin(x)


@check("numerics.newton")
def newton(t: Trial) -> None:
    cubic_root = 2.0945514815423265
    t.compare(
        "x^2 - 2 from x0 = 1", _square_minus_two, _twice, 1.0, compare=_near(math.sqrt(2.0), 1e-12)
    )
    t.compare("cos from x0 = 1", math.cos, _minus_sin, 1.0, compare=_near(math.pi / 2, 1e-12))
    t.compare(
        "x^3 - 2x - 5 from x0 = 2", _cubic, _cubic_slope, 2.0, compare=_near(cubic_root, 1e-12)
    )
    t.compare(
        "x^2 - 2 from x0 = 1e6 (far away)",
        _square_minus_two,
        _twice,
        1e6,
        compare=_near(math.sqrt(2.0), 1e-12),
    )
    t.raises(
        "x^2 - 2 from x0 = 0: the tangent is flat",
        ValueError,
        _square_minus_two,
        _twice,
        0.0,
        why="when f'(x) = 0",
    )
    t.raises(
        "x^3 - 2x + 2 from x0 = 0: the iterates cycle 0, 1, 0, ...",
        RuntimeError,
        _cycling,
        _cubic_slope,
        0.0,
        why="when the iteration does not converge",
    )


# -- factorizations ------------------------------------------------------------------------


def _lu_properties(A: np.ndarray) -> Any:
    def compare(got: Any, _: Any) -> Mismatch | None:
        if not isinstance(got, tuple | list) or len(got) != 3:
            return Mismatch("expected a tuple (P, L, U)")
        n = A.shape[0]
        P, L, U = (np.asarray(g, dtype=float) for g in got)
        for name, M in (("P", P), ("L", L), ("U", U)):
            if M.shape != (n, n):
                return Mismatch(f"{name} has shape {M.shape}, expected {(n, n)}")
        if not (np.isin(P, (0.0, 1.0)).all() and (P.sum(0) == 1).all() and (P.sum(1) == 1).all()):
            return Mismatch("P is not a permutation matrix (one 1 in every row and column)")
        if not (np.allclose(np.diag(L), 1.0) and np.allclose(np.triu(L, 1), 0.0)):
            return Mismatch("L is not unit lower triangular (ones on the diagonal, zeros above)")
        if not np.allclose(np.tril(U, -1), 0.0, atol=1e-12 * max(1.0, np.abs(A).max())):
            return Mismatch("U is not upper triangular (nonzero entries below the diagonal)")
        worst = float(np.nan_to_num(np.abs(L), nan=np.inf).max())
        if worst > 1.0 + 1e-12:
            return Mismatch(
                f"L has an entry of magnitude {worst:.4g} > 1: with partial pivoting each "
                "pivot is the largest entry in its column, so every multiplier is at most 1"
            )
        scale = max(1.0, float(np.abs(A).max()))
        return close(P @ L @ U, A, rtol=0.0, atol=1e-10 * scale, where="P @ L @ U ")

    return compare


@check("numerics.lu")
def lu(t: Trial) -> None:
    rng = t.rng
    cases = [
        ("1x1 [[4]]", np.array([[4.0]])),
        ("[[1, 2], [3, 4]]: the first pivot must be 3", np.array([[1.0, 2.0], [3.0, 4.0]])),
        (
            "3x3 that swaps rows at both steps (a cyclic permutation)",
            np.array([[1.0, 2.0, 0.0], [2.0, 1.0, 5.0], [4.0, 1.0, 1.0]]),
        ),
        ("random 5x5", rng.normal(size=(5, 5))),
        ("zero leading pivot", np.array([[0.0, 2.0, 1.0], [1.0, 1.0, 1.0], [2.0, 1.0, 3.0]])),
        ("singular: a zero column", np.array([[1.0, 0.0, 2.0], [3.0, 0.0, 4.0], [5.0, 0.0, 7.0]])),
        ("random 6x6 with entries near 1e6", 1e6 * rng.normal(size=(6, 6))),
    ]
    for label, A in cases:
        t.compare(label, A, compare=_lu_properties(A))


def _qr_properties(A: np.ndarray) -> Any:
    def compare(got: Any, _: Any) -> Mismatch | None:
        if not isinstance(got, tuple | list) or len(got) != 2:
            return Mismatch("expected a tuple (Q, R)")
        m, n = A.shape
        Q, R = (np.asarray(g, dtype=float) for g in got)
        if Q.shape != (m, m) or R.shape != (m, n):
            return Mismatch(
                f"Q has shape {Q.shape} and R {R.shape}; expected {(m, m)} and {(m, n)} "
                "(the full QR)"
            )
        scale = max(1.0, float(np.abs(A).max()))
        mismatch = close(Q.T @ Q, np.eye(m), rtol=0.0, atol=1e-10, where="Q^T Q ")
        if mismatch is not None:
            mismatch.message += " (Q must be orthogonal)"
            return mismatch
        if not np.allclose(np.tril(R, -1), 0.0, atol=1e-10 * scale):
            return Mismatch("R is not upper triangular (nonzero entries below the diagonal)")
        return close(Q @ R, A, rtol=0.0, atol=1e-10 * scale, where="Q @ R ")

    return compare


@check("numerics.householder-qr")
def householder_qr(t: Trial) -> None:
    rng = t.rng
    cases = [
        ("1x1 [[-3]]", np.array([[-3.0]])),
        ("[[3, 1], [4, 2]]", np.array([[3.0, 1.0], [4.0, 2.0]])),
        ("random 4x4", rng.normal(size=(4, 4))),
        ("tall 6x3", rng.normal(size=(6, 3))),
        ("wide 3x5", rng.normal(size=(3, 5))),
        ("a zero column", np.array([[1.0, 0.0, 2.0], [2.0, 0.0, 1.0], [2.0, 0.0, 3.0]])),
        ("Hilbert 8x8 (cond 1.5e10): Q must stay orthogonal", _hilbert(8)),
        ("entries near 1e8", 1e8 * rng.normal(size=(4, 3))),
    ]
    for label, A in cases:
        t.compare(label, A, compare=_qr_properties(A))


# -- iterative solvers ----------------------------------------------------------------------


def _sweep_cases(t: Trial) -> None:
    rng = t.rng
    t.compare("1x1 system 2 x = 4, 2 sweeps", np.array([[2.0]]), np.array([4.0]), 2)
    t.compare("0 sweeps: only the zero start", _dominant(rng, 3), rng.normal(size=3), 0)
    t.compare(
        "[[4, 1], [2, 5]] x = [1, 2], 1 sweep",
        np.array([[4.0, 1.0], [2.0, 5.0]]),
        np.array([1.0, 2.0]),
        1,
    )
    t.compare("random diagonally dominant 4x4, 5 sweeps", _dominant(rng, 4), rng.normal(size=4), 5)
    t.compare(
        "random diagonally dominant 8x8 with b near 1e6, 30 sweeps",
        _dominant(rng, 8),
        1e6 * rng.normal(size=8),
        30,
    )


@check("numerics.jacobi")
def jacobi(t: Trial) -> None:
    _sweep_cases(t)


@check("numerics.gauss-seidel")
def gauss_seidel(t: Trial) -> None:
    _sweep_cases(t)


def _cg_compare(t: Trial, b: np.ndarray, tol: float) -> Any:
    def compare(got: Any, expected: Any) -> Mismatch | None:
        if not isinstance(got, tuple | list) or len(got) != 2:
            return Mismatch("expected a tuple (x, residual_norms)")
        mismatch = close(got[0], expected[0], t.rtol, t.atol, where="x ")
        if mismatch is not None:
            return mismatch
        norms = np.asarray(got[1], dtype=float)
        if norms.ndim != 1 or norms.size == 0:
            return Mismatch(f"residual_norms should be a 1-D array, got shape {norms.shape}")
        mismatch = close(
            norms[0],
            float(np.linalg.norm(b)),
            1e-12,
            1e-300,
            where="residual_norms[0] (it should be ||b||) ",
        )
        if mismatch is not None:
            return mismatch
        return None

    return compare


@check("numerics.conjugate-gradient")
def conjugate_gradient(t: Trial) -> None:
    rng = t.rng
    cases = [
        ("1x1 system 2 x = 4", np.array([[2.0]]), np.array([4.0])),
        ("[[4, 1], [1, 3]] x = [1, 2]", np.array([[4.0, 1.0], [1.0, 3.0]]), np.array([1.0, 2.0])),
        ("b = 0: x = 0 at once", _spd(rng, 3, 5.0), np.zeros(3)),
        ("random SPD 10x10, cond 100", _spd(rng, 10, 100.0), rng.normal(size=10)),
        ("random SPD 30x30, cond 1000", _spd(rng, 30, 1000.0), rng.normal(size=30)),
    ]
    for label, A, b in cases:
        n = A.shape[0]
        t.compare(
            f"{label}, tol 1e-10, max_iter {3 * n}",
            A,
            b,
            1e-10,
            3 * n,
            compare=_cg_compare(t, b, 1e-10),
            same=lambda got, other: close(got, other, t.rtol, t.atol),
        )


# -- integration ---------------------------------------------------------------------------


def _line(x: np.ndarray) -> np.ndarray:
    return 2.0 * x + 1.0


def _square(x: np.ndarray) -> np.ndarray:
    return x * x


def _quartic(x: np.ndarray) -> np.ndarray:
    return x**4 - 3.0 * x


@check("numerics.trapezoid")
def trapezoid(t: Trial) -> None:
    t.compare("2x + 1 on [0, 1], n = 1 (exact: 2)", _line, 0.0, 1.0, 1)
    t.compare("x^2 on [0, 1], n = 2", _square, 0.0, 1.0, 2)
    t.compare("exp on [0, 2], n = 10", np.exp, 0.0, 2.0, 10)
    t.compare("sin on [-1, 3], n = 101", np.sin, -1.0, 3.0, 101)
    t.compare("x^4 - 3x on [-2, 1e3], n = 1000 (values near 1e12)", _quartic, -2.0, 1e3, 1000)


@check("numerics.simpson")
def simpson(t: Trial) -> None:
    t.compare("x^2 on [0, 1], n = 2 (exact: 1/3)", _square, 0.0, 1.0, 2)
    t.compare("2x + 1 on [-1, 2], n = 4", _line, -1.0, 2.0, 4)
    t.compare("exp on [0, 2], n = 10", np.exp, 0.0, 2.0, 10)
    t.compare("x^4 - 3x on [-2, 1e3], n = 1000 (values near 1e12)", _quartic, -2.0, 1e3, 1000)
    t.raises(
        "n = 3 (odd)", ValueError, np.sin, 0.0, 1.0, 3, why="for an odd number of subintervals"
    )


def _z_test(exact: float, sd_one: float, n: int) -> Any:
    """A two-sided z-test of one estimate: false-failure rate 1e-6."""

    def compare(got: Any, _: Any) -> Mismatch | None:
        if not isinstance(got, int | float | np.floating):
            return Mismatch(f"expected a number, got {type(got).__name__}")
        se = sd_one / math.sqrt(n)
        z = (float(got) - exact) / se
        limit = z_threshold(1e-6)
        if abs(z) <= limit:
            return None
        return Mismatch(
            f"your estimate {float(got):.6g} is {abs(z):.1f} standard errors from the integral "
            f"{exact:.6g} (limit {limit:.1f})",
            [
                f"{n} points, standard error {se:.3g}; a correct implementation fails this "
                "test with probability 1e-06"
            ],
        )

    return compare


def _draws(t: Trial) -> np.random.Generator:
    return np.random.default_rng(int(t.rng.integers(2**32)))


@check("numerics.monte-carlo")
def monte_carlo(t: Trial) -> None:
    # x^2 on [0, 1]: integral 1/3, Var(U^2) = 1/5 - 1/9
    t.compare(
        "x^2 on [0, 1], n = 2000",
        _square,
        0.0,
        1.0,
        2000,
        _draws(t),
        compare=_z_test(1 / 3, math.sqrt(1 / 5 - 1 / 9), 2000),
        same=lambda got, other: close(got, other, t.rtol, t.atol),
    )
    # x^2 on [0, 3]: integral 9, Var(3 U^2) = 9 * (81/5 - 9) = 64.8
    t.compare(
        "x^2 on [0, 3], n = 4000",
        _square,
        0.0,
        3.0,
        4000,
        _draws(t),
        compare=_z_test(9.0, math.sqrt(64.8), 4000),
        same=lambda got, other: close(got, other, t.rtol, t.atol),
    )
    # 2x + 1 on [-1, 2]: integral 6, Var(3 (2U + 1)) = 9 * 4 * 9 / 12 = 27
    t.compare(
        "2x + 1 on [-1, 2], n = 1000",
        _line,
        -1.0,
        2.0,
        1000,
        _draws(t),
        compare=_z_test(6.0, math.sqrt(27.0), 1000),
        same=lambda got, other: close(got, other, t.rtol, t.atol),
    )


# -- conditioning --------------------------------------------------------------------------


@check("numerics.condition-number")
def condition_number(t: Trial) -> None:
    rng = t.rng
    t.compare("the 3x3 identity (cond 1)", np.eye(3))
    t.compare("diag(10, 0.1) (cond 100)", np.diag([10.0, 0.1]))
    t.compare("[[1, 100], [0, 1]]: both eigenvalues are 1", np.array([[1.0, 100.0], [0.0, 1.0]]))
    t.compare("random 4x4", rng.normal(size=(4, 4)))
    t.compare("tall 5x3", rng.normal(size=(5, 3)))
    t.compare("Hilbert 6x6 (cond 1.5e7)", _hilbert(6))
    t.compare("the 2x2 zero matrix: singular, cond = inf", np.zeros((2, 2)))

"""Checks for section 1.5, Numerical methods.

One table of cases per exercise, from a small exact case to the cases that expose
numerical trouble: huge magnitudes (overflow), nearly equal numbers (cancellation), zero
pivots, flat tangents, ill-conditioned matrices. Where a valid answer is not unique (the
pivot order of an LU with ties, the signs in a QR) the checks test the defining
properties, with U and R exactly zero below the diagonal; roots are checked against the
exact root (and once, bisection's stopping rule against the midpoint it fixes), Monte
Carlo estimates by a z-test. The sigmoid and the condition number run with overflow and
division by zero turned into errors: a formula that only warns there is wrong even where
the rounded answer happens to be right. Jacobi and Gauss-Seidel return every iterate, and
are compared sweep by sweep: a failure names the first sweep that differs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from types import ModuleType
from typing import Any, NamedTuple

import numpy as np

from groundup.testing import DEFAULT_FALSE_FAILURE, Trace, Trial, check, draw, hilbert
from groundup.testing.compare import Comparator, Mismatch, Named, close
from groundup.testing.inputs import orthonormal
from groundup.testing.stats import estimate_test
from groundup.testing.table import Case, cases, run_cases


def _drawn(t: Trial, table: Sequence[Case]) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Each case's label and inputs, random inputs drawn in table order."""
    for case in table:
        yield case.label, draw(case, t.rng)


# -- floating point -------------------------------------------------------------------------

MACHINE_EPSILON = [
    Case("float64 (epsilon 2^-52)", (np.float64,)),
    Case("float32 (epsilon 2^-23)", (np.float32,)),
    Case("float16 (epsilon 2^-10)", (np.float16,)),
]
machine_epsilon = cases("numerics.machine-epsilon", MACHINE_EPSILON)

STABLE_QUADRATIC = [
    Case("x^2 - 5x + 6 = (x - 2)(x - 3)", (1.0, -5.0, 6.0)),
    Case("2x^2 - 8: roots -2 and 2 (b = 0)", (2.0, 0.0, -8.0)),
    Case("-x^2 + 3x - 2: a negative leading coefficient", (-1.0, 3.0, -2.0)),
    Case("x^2 - 2x + 1: a double root at 1", (1.0, -2.0, 1.0)),
    Case("x^2: a double root at 0", (1.0, 0.0, 0.0)),
    Case("x^2 + 1e8 x + 1: roots near -1e8 and -1e-8", (1.0, 1e8, 1.0)),
    Case("x^2 - 1e8 x + 1: roots near 1e-8 and 1e8", (1.0, -1e8, 1.0)),
    Case("3x^2 - b x + 0.5 with b between 1e5 and 1e7", lambda r: (3.0, -r.uniform(1e5, 1e7), 0.5)),
    Case("a = 0", (0.0, 1.0, 1.0), raises=ValueError, why="when the equation is not quadratic"),
    Case(
        "x^2 + 1: no real roots",
        (1.0, 0.0, 1.0),
        raises=ValueError,
        why="for a negative discriminant",
    ),
]
stable_quadratic = cases("numerics.stable-quadratic", STABLE_QUADRATIC)


# -- stable functions ----------------------------------------------------------------------

LOGSUMEXP = [
    Case("[1, 2, 3]", (np.array([1.0, 2.0, 3.0]),)),
    Case("a single entry [5]", (np.array([5.0]),)),
    Case("[1000, 1000]: exp(1000) overflows", (np.array([1000.0, 1000.0]),)),
    Case("[-1000, -1001]: exp underflows to 0", (np.array([-1000.0, -1001.0]),)),
    Case("random 3x5 logits, axis = -1", lambda r: (r.normal(size=(3, 5)),)),
    Case("4x3 logits times 300, axis = 0", lambda r: (300 * r.normal(size=(4, 3)),), {"axis": 0}),
    Case(
        "rows with -inf entries; the last row is all -inf (answer -inf)",
        (np.array([[0.0, -np.inf, 1.0], [-np.inf, -np.inf, -np.inf]]),),
    ),
]
logsumexp = cases("numerics.logsumexp", LOGSUMEXP)

SOFTMAX = [
    Case("[1, 2, 3]", (np.array([1.0, 2.0, 3.0]),)),
    Case("a single entry [7]: probability 1", (np.array([7.0]),)),
    Case("random 3x4 logits, rows sum to 1", lambda r: (r.normal(size=(3, 4)),)),
    Case("ties: [800, 800, 800, 0]", (np.array([800.0, 800.0, 800.0, 0.0]),)),
    Case("[1000, 999, -1000]: large logits", (np.array([1000.0, 999.0, -1000.0]),)),
    Case("4x3 logits times 100, axis = 0", lambda r: (100 * r.normal(size=(4, 3)),), {"axis": 0}),
]
softmax = cases("numerics.softmax", SOFTMAX)


def _sigmoid_strict(module: ModuleType, x: Any) -> Any:
    # Overflow becomes an error: a formula that overflows is wrong even where 1 / inf
    # happens to round to the right answer.
    with np.errstate(over="raise"):
        return module.sigmoid(x)


SIGMOID = [
    Case("[0]", (np.array([0.0]),)),
    Case("[-2, -1, 1, 2]", (np.array([-2.0, -1.0, 1.0, 2.0]),)),
    Case("a 2x3 array", lambda r: (5 * r.normal(size=(2, 3)),)),
    Case("[30, 800, 1e5]: large positive", (np.array([30.0, 800.0, 1e5]),)),
    Case("[-30, -800, -1e5]: large negative", (np.array([-30.0, -800.0, -1e5]),)),
]
sigmoid = cases("numerics.sigmoid", SIGMOID, call=_sigmoid_strict)


# -- root finding ---------------------------------------------------------------------------


class Root(NamedTuple):
    """A root-finding case: its inputs, the exact root, and how close the answer must be."""

    label: str
    inputs: tuple[Any, ...]
    root: float
    tol: float


def _near(root: float, tol: float) -> Comparator:
    """Accepts any answer within ``tol`` of the exact root (every valid answer)."""

    def compare(got: Any, _: Any) -> Mismatch | None:
        return close(got, root, rtol=0.0, atol=tol * (1 + 1e-9), where="your root ")

    return compare


def _run_roots(t: Trial, table: Sequence[Root]) -> None:
    for case in table:
        t.compare(case.label, *case.inputs, compare=_near(case.root, case.tol))


SQUARE_MINUS_TWO = Named("x^2 - 2", lambda x: x * x - 2.0)
CUBIC = Named("x^3 - 2x - 5", lambda x: x**3 - 2.0 * x - 5.0)
CUBIC_ROOT = 2.0945514815423265  # x^3 - 2x - 5 = 0, Newton's own example
COS, SIN = Named("cos(x)", math.cos), Named("sin(x)", math.sin)
X_MINUS_ONE, ONE_MINUS_X = Named("x - 1", lambda x: x - 1.0), Named("1 - x", lambda x: 1.0 - x)

BISECTION = [
    Root("x^2 - 2 on [0, 2], tol 1e-8", (SQUARE_MINUS_TWO, 0.0, 2.0, 1e-8), math.sqrt(2.0), 1e-8),
    Root("cos on [0, 3], tol 1e-10", (COS, 0.0, 3.0, 1e-10), math.pi / 2, 1e-10),
    Root("x^3 - 2x - 5 on [2, 3], tol 1e-12", (CUBIC, 2.0, 3.0, 1e-12), CUBIC_ROOT, 1e-12),
    Root(
        "x^2 - 2 on [-2, 0]: f(a) > 0 here",
        (SQUARE_MINUS_TWO, -2.0, 0.0, 1e-9),
        -math.sqrt(2.0),
        1e-9,
    ),
    Root("sin on [3, 4], tol 1e-13", (SIN, 3.0, 4.0, 1e-13), math.pi, 1e-13),
    Root(
        "x^2 - 2 on [1, 1.5]: f(a) = -1 and a small f(b) = 0.25",
        (SQUARE_MINUS_TWO, 1.0, 1.5, 1e-10),
        math.sqrt(2.0),
        1e-10,
    ),
    Root(
        "x - 1 on [0, 1]: f(b) = 0, b itself is the root",
        (X_MINUS_ONE, 0.0, 1.0, 1e-10),
        1.0,
        1e-10,
    ),
    Root(
        "1 - x on [1, 2]: f(a) = 0, a itself is the root",
        (ONE_MINUS_X, 1.0, 2.0, 1e-10),
        1.0,
        1e-10,
    ),
    # After max_iter halvings of [0, 2] the bracket has width 2 / 2^3, and its midpoint is
    # within half of that of the root.
    Root(
        "x^2 - 2 on [0, 2], tol 1e-12 but max_iter = 3: the midpoint of the last bracket",
        (SQUARE_MINUS_TWO, 0.0, 2.0, 1e-12, 3),
        math.sqrt(2.0),
        0.125,
    ),
]
# The one case compared with the reference's own answer: bisection's stopping rule fixes
# the midpoint it returns, and with dyadic numbers that midpoint is exact in any order.
STOPPING = [
    Case(
        "x^2 - 2 on [0, 2], tol = 1/8: (b - a) / 2 reaches exactly tol on the bracket "
        "[1.25, 1.5], so stop there and return its midpoint 1.375",
        (SQUARE_MINUS_TWO, 0.0, 2.0, 0.125),
    ),
]
NO_BRACKET = [
    Case(
        "x^2 - 2 on [2, 3]: no sign change",
        (SQUARE_MINUS_TWO, 2.0, 3.0),
        raises=ValueError,
        why="when f(a) and f(b) have the same sign",
    ),
]


@check("numerics.bisection")
def bisection(t: Trial) -> None:
    _run_roots(t, BISECTION)
    run_cases(t, STOPPING)
    run_cases(t, NO_BRACKET)


TWICE = Named("2x", lambda x: 2.0 * x)
CUBIC_SLOPE = Named("3x^2 - 2", lambda x: 3.0 * x * x - 2.0)
MINUS_SIN = Named("-sin(x)", lambda x: -math.sin(x))
SQUARE_MINUS_2E12 = Named("x^2 - 2e12", lambda x: x * x - 2e12)
ONE = Named("1", lambda x: 1.0)
CUBE_ROOT = Named("cbrt(x)", lambda x: math.copysign(abs(x) ** (1 / 3), x))
CUBE_ROOT_SLOPE = Named("|x|^(-2/3) / 3", lambda x: abs(x) ** (-2 / 3) / 3.0)

NEWTON = [
    Root("x^2 - 2 from x0 = 1", (SQUARE_MINUS_TWO, TWICE, 1.0), math.sqrt(2.0), 1e-12),
    Root("cos from x0 = 1", (COS, MINUS_SIN, 1.0), math.pi / 2, 1e-12),
    Root("x^3 - 2x - 5 from x0 = 2", (CUBIC, CUBIC_SLOPE, 2.0), CUBIC_ROOT, 1e-12),
    Root("x^2 - 2 from x0 = 1e6 (far away)", (SQUARE_MINUS_TWO, TWICE, 1e6), math.sqrt(2.0), 1e-12),
    Root(
        "x^2 - 2e12 from x0 = 1: a root near 1.4e6, where floats are 2.3e-10 apart",
        (SQUARE_MINUS_2E12, TWICE, 1.0),
        math.sqrt(2e12),
        1e-12 * math.sqrt(2e12),
    ),
    Root(
        "x - 1 from x0 = 1.5, tol = 0.5, max_iter = 1: the one step is exactly tol long",
        (X_MINUS_ONE, ONE, 1.5, 0.5, 1),
        1.0,
        1e-12,
    ),
]
NEWTON_FAILURES = [
    Case(
        "x^2 - 2 from x0 = 0: the tangent is flat",
        (SQUARE_MINUS_TWO, TWICE, 0.0),
        raises=ValueError,
        why="when f'(x) = 0",
    ),
    Case(
        "x^3 - 2x + 2 from x0 = 0: the iterates cycle 0, 1, 0, ...",
        (Named("x^3 - 2x + 2", lambda x: x**3 - 2.0 * x + 2.0), CUBIC_SLOPE, 0.0),
        raises=RuntimeError,
        why="when the iteration does not converge",
    ),
    Case(
        "cbrt(x) from x0 = 1e300: each step doubles |x| until it overflows to inf",
        (CUBE_ROOT, CUBE_ROOT_SLOPE, 1e300),
        raises=RuntimeError,
        why="when the iterates run off to infinity",
    ),
]


@check("numerics.newton")
def newton(t: Trial) -> None:
    _run_roots(t, NEWTON)
    run_cases(t, NEWTON_FAILURES)


# -- factorizations ------------------------------------------------------------------------


def _below_diagonal(name: str, M: np.ndarray, scale: float) -> Mismatch | None:
    """Whether ``M`` is exactly zero below the diagonal; rounding residue (entries no larger
    than 1e-12 of the matrix's scale) is named as the mistake residue-below-diagonal."""
    below = np.abs(np.tril(M, -1))
    if not below.any():
        return None
    worst = float(below.max())
    if worst <= 1e-12 * scale:
        return Mismatch(
            f"{name} is not exactly upper triangular: entries up to {worst:.2g} are left below "
            "the diagonal, rounding residue of the entries you eliminated; set them to 0",
            mistake="residue-below-diagonal",
        )
    return Mismatch(
        f"{name} is not upper triangular (entries up to {worst:.3g} below the diagonal)"
    )


def _lu_properties(A: np.ndarray) -> Comparator:
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
        scale = max(1.0, float(np.abs(A).max()))
        below = _below_diagonal("U", U, scale)
        if below is not None:
            return below
        worst = float(np.nan_to_num(np.abs(L), nan=np.inf).max())
        if worst > 1.0 + 1e-12:
            return Mismatch(
                f"L has an entry of magnitude {worst:.4g} > 1: with partial pivoting each "
                "pivot is the largest entry in its column, so every multiplier is at most 1"
            )
        return close(P @ L @ U, A, rtol=0.0, atol=1e-10 * scale, where="P @ L @ U ")

    return compare


LU = [
    Case("1x1 [[4]]", (np.array([[4.0]]),)),
    Case("[[1, 2], [3, 4]]: the first pivot must be 3", (np.array([[1.0, 2.0], [3.0, 4.0]]),)),
    Case(
        "3x3 that swaps rows at both steps (a cyclic permutation)",
        (np.array([[1.0, 2.0, 0.0], [2.0, 1.0, 5.0], [4.0, 1.0, 1.0]]),),
    ),
    Case(
        "[[1.2, 1], [0.7, 1]]: 0.7 - (0.7 / 1.2) * 1.2 is not exactly 0 in floating point",
        (np.array([[1.2, 1.0], [0.7, 1.0]]),),
    ),
    Case("random 5x5", lambda r: (r.normal(size=(5, 5)),)),
    Case("zero leading pivot", (np.array([[0.0, 2.0, 1.0], [1.0, 1.0, 1.0], [2.0, 1.0, 3.0]]),)),
    Case(
        "singular: a zero column", (np.array([[1.0, 0.0, 2.0], [3.0, 0.0, 4.0], [5.0, 0.0, 7.0]]),)
    ),
    Case("random 6x6 with entries near 1e6", lambda r: (1e6 * r.normal(size=(6, 6)),)),
]


@check("numerics.lu")
def lu(t: Trial) -> None:
    for label, (A,) in _drawn(t, LU):
        t.compare(label, A, compare=_lu_properties(A))


def _qr_properties(A: np.ndarray) -> Comparator:
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
        below = _below_diagonal("R", R, scale)
        if below is not None:
            return below
        return close(Q @ R, A, rtol=0.0, atol=1e-10 * scale, where="Q @ R ")

    return compare


HOUSEHOLDER_QR = [
    Case("1x1 [[-3]]", (np.array([[-3.0]]),)),
    Case("[[3, 1], [4, 2]]", (np.array([[3.0, 1.0], [4.0, 2.0]]),)),
    Case("random 4x4", lambda r: (r.normal(size=(4, 4)),)),
    Case("tall 6x3", lambda r: (r.normal(size=(6, 3)),)),
    Case("wide 3x5", lambda r: (r.normal(size=(3, 5)),)),
    Case("a zero column", (np.array([[1.0, 0.0, 2.0], [2.0, 0.0, 1.0], [2.0, 0.0, 3.0]]),)),
    Case(
        "upper triangular, diagonal (-2, 1, 4): each column already lies along e1",
        (np.array([[-2.0, 1.0, 3.0], [0.0, 1.0, 2.0], [0.0, 0.0, 4.0]]),),
    ),
    Case("Hilbert 8x8 (cond 1.5e10): Q must stay orthogonal", (hilbert(8),)),
    Case("entries near 1e8", lambda r: (1e8 * r.normal(size=(4, 3)),)),
]


@check("numerics.householder-qr")
def householder_qr(t: Trial) -> None:
    for label, (A,) in _drawn(t, HOUSEHOLDER_QR):
        t.compare(label, A, compare=_qr_properties(A))


# -- iterative solvers ----------------------------------------------------------------------


def _dominant(rng: np.random.Generator, n: int) -> np.ndarray:
    """Strictly diagonally dominant: Jacobi and Gauss-Seidel both converge."""
    A = rng.uniform(-1.0, 1.0, size=(n, n))
    return A + np.diag(np.abs(A).sum(axis=1) + 1.0)


def _sweeps(name: str) -> Callable[..., Trace]:
    """A ``call`` that runs ``name`` and records its iterates one sweep at a time, so a
    failure names the first sweep that differs."""

    def call(module: ModuleType, A: np.ndarray, b: np.ndarray, n_iter: int) -> Trace:
        trace = Trace()
        for k, x in enumerate(np.asarray(getattr(module, name)(A, b, n_iter))):
            trace.record(f"x after sweep {k}" if k else "x at the start", x)
        return trace

    return call


SWEEPS = [
    Case("1x1 system 2 x = 4, 2 sweeps", (np.array([[2.0]]), np.array([4.0]), 2)),
    Case("0 sweeps: only the zero start", lambda r: (_dominant(r, 3), r.normal(size=3), 0)),
    Case(
        "[[4, 1], [2, 5]] x = [1, 2], 1 sweep",
        (np.array([[4.0, 1.0], [2.0, 5.0]]), np.array([1.0, 2.0]), 1),
    ),
    Case("diagonally dominant 4x4, 5 sweeps", lambda r: (_dominant(r, 4), r.normal(size=4), 5)),
    Case(
        "random diagonally dominant 8x8 with b near 1e6, 30 sweeps",
        lambda r: (_dominant(r, 8), 1e6 * r.normal(size=8), 30),
    ),
]
jacobi = cases("numerics.jacobi", SWEEPS, call=_sweeps("jacobi"))
gauss_seidel = cases("numerics.gauss-seidel", SWEEPS, call=_sweeps("gauss_seidel"))


def _spd(rng: np.random.Generator, n: int, cond: float) -> np.ndarray:
    """A random symmetric positive definite matrix with eigenvalues in [1, cond]."""
    Q = orthonormal(rng, n)
    eig = np.concatenate([[1.0, cond], rng.uniform(1.0, cond, size=n - 2)])[:n]
    A = (Q * eig) @ Q.T
    return (A + A.T) / 2


CONJUGATE_GRADIENT = [
    Case(
        "1x1 system 2 x = 4, tol 1e-10, max_iter 3", (np.array([[2.0]]), np.array([4.0]), 1e-10, 3)
    ),
    Case(
        "[[4, 1], [1, 3]] x = [1, 2], tol 1e-10, max_iter 6",
        (np.array([[4.0, 1.0], [1.0, 3.0]]), np.array([1.0, 2.0]), 1e-10, 6),
    ),
    Case(
        "b = 0: x = 0 at once, tol 1e-10, max_iter 9",
        lambda r: (_spd(r, 3, 5.0), np.zeros(3), 1e-10, 9),
    ),
    Case(
        "random SPD 10x10, cond 100, tol 1e-10, max_iter 30",
        lambda r: (_spd(r, 10, 100.0), r.normal(size=10), 1e-10, 30),
    ),
    Case(
        "random SPD 10x10, cond 100, b of norm about 3e-6 (tol is relative to ||b||)",
        lambda r: (_spd(r, 10, 100.0), 1e-6 * r.normal(size=10), 1e-10, 30),
    ),
    Case(
        "random SPD 30x30, cond 1000, tol 1e-10, max_iter 90",
        lambda r: (_spd(r, 30, 1000.0), r.normal(size=30), 1e-10, 90),
    ),
]


def _solution_and_norms(t: Trial) -> Comparator:
    """x at the manifest's tolerance; residual_norms a 1-D array starting with ||b||."""

    def compare(got: Any, expected: Any) -> Mismatch | None:
        if not isinstance(got, tuple | list) or len(got) != 2:
            return Mismatch("expected a tuple (x, residual_norms)")
        mismatch = close(got[0], expected[0], t.rtol, t.atol, where="x ")
        if mismatch is not None:
            return mismatch
        norms = np.asarray(got[1], dtype=float)
        if norms.ndim != 1 or norms.size == 0:
            return Mismatch(f"residual_norms should be a 1-D array, got shape {norms.shape}")
        where = "residual_norms[0] (it should be ||b||) "
        return close(norms[0], expected[1][0], 1e-12, 1e-300, where=where)

    return compare


@check("numerics.conjugate-gradient")
def conjugate_gradient(t: Trial) -> None:
    run_cases(t, CONJUGATE_GRADIENT, compare=_solution_and_norms(t))


# -- integration ---------------------------------------------------------------------------

LINE = Named("2x + 1", lambda x: 2.0 * x + 1.0)
SQUARE = Named("x^2", lambda x: x * x)
QUARTIC = Named("x^4 - 3x", lambda x: x**4 - 3.0 * x)
EXP, SINE = Named("exp(x)", np.exp), Named("sin(x)", np.sin)

TRAPEZOID = [
    Case("2x + 1 on [0, 1], n = 1 (exact: 2)", (LINE, 0.0, 1.0, 1)),
    Case("x^2 on [0, 1], n = 2", (SQUARE, 0.0, 1.0, 2)),
    Case("exp on [0, 2], n = 10", (EXP, 0.0, 2.0, 10)),
    Case("sin on [-1, 3], n = 101", (SINE, -1.0, 3.0, 101)),
    Case("x^4 - 3x on [-2, 1e3], n = 1000 (values near 1e12)", (QUARTIC, -2.0, 1e3, 1000)),
]
trapezoid = cases("numerics.trapezoid", TRAPEZOID)

SIMPSON = [
    Case("x^2 on [0, 1], n = 2 (exact: 1/3)", (SQUARE, 0.0, 1.0, 2)),
    Case("2x + 1 on [-1, 2], n = 4", (LINE, -1.0, 2.0, 4)),
    Case("exp on [0, 2], n = 10", (EXP, 0.0, 2.0, 10)),
    Case("x^4 - 3x on [-2, 1e3], n = 1000 (values near 1e12)", (QUARTIC, -2.0, 1e3, 1000)),
    Case("n = 3", (SINE, 0.0, 1.0, 3), raises=ValueError, why="for an odd number of subintervals"),
]
simpson = cases("numerics.simpson", SIMPSON)


class Integral(NamedTuple):
    """A Monte Carlo case: the inputs ``(f, a, b, n)``, the exact integral, and the
    standard deviation of one term (b - a) f(X), X uniform on [a, b]."""

    label: str
    inputs: tuple[Named, float, float, int]
    exact: float
    sd_one: float


MONTE_CARLO = [
    # x^2 on [0, 1]: integral 1/3, Var(U^2) = 1/5 - 1/9
    Integral("x^2 on [0, 1], n = 2000", (SQUARE, 0.0, 1.0, 2000), 1 / 3, math.sqrt(1 / 5 - 1 / 9)),
    # x^2 on [0, 3]: integral 9, Var(3 U^2) = 9 * (81/5 - 9) = 64.8
    Integral("x^2 on [0, 3], n = 4000", (SQUARE, 0.0, 3.0, 4000), 9.0, math.sqrt(64.8)),
    # 2x + 1 on [-1, 2]: integral 6, Var(3 (2U + 1)) = 9 * 4 * 9 / 12 = 27
    Integral("2x + 1 on [-1, 2], n = 1000", (LINE, -1.0, 2.0, 1000), 6.0, math.sqrt(27.0)),
]


def _z_test(exact: float, standard_error: float) -> Comparator:
    """A two-sided z-test of one estimate, at the stated false-failure rate."""

    def compare(got: Any, _: Any) -> Mismatch | None:
        if not isinstance(got, int | float | np.floating):
            return Mismatch(f"expected a number, got {type(got).__name__}")
        return estimate_test(
            float(got), exact, standard_error, DEFAULT_FALSE_FAILURE, "your estimate"
        )

    return compare


@check("numerics.monte-carlo")
def monte_carlo(t: Trial) -> None:
    for case in MONTE_CARLO:
        points = np.random.default_rng(int(t.rng.integers(2**32)))
        z_test = _z_test(case.exact, case.sd_one / math.sqrt(case.inputs[-1]))
        t.compare(case.label, *case.inputs, points, compare=z_test)


# -- conditioning --------------------------------------------------------------------------


def _condition_number_strict(module: ModuleType, A: np.ndarray) -> Any:
    # A division by zero becomes an error: sigma_max / 0 only happens to give inf (with a
    # warning), and 0 / 0 gives nan; a singular A must be caught before dividing.
    with np.errstate(divide="raise", invalid="raise"):
        return module.condition_number(A)


CONDITION_NUMBER = [
    Case("the 1x1 matrix [[5]] (cond 1)", (np.array([[5.0]]),)),
    Case("the 3x3 identity (cond 1)", (np.eye(3),)),
    Case("diag(10, 0.1) (cond 100)", (np.diag([10.0, 0.1]),)),
    Case("[[1, 100], [0, 1]]: both eigenvalues are 1", (np.array([[1.0, 100.0], [0.0, 1.0]]),)),
    Case("random 4x4", lambda r: (r.normal(size=(4, 4)),)),
    Case("tall 5x3", lambda r: (r.normal(size=(5, 3)),)),
    Case("Hilbert 6x6 (cond 1.5e7)", (hilbert(6),)),
    Case("the 2x2 zero matrix: singular, cond = inf", (np.zeros((2, 2)),)),
    Case(
        "diag(3, 2, 0): singular, cond = inf, though sigma_max is not 0",
        (np.diag([3.0, 2.0, 0.0]),),
    ),
]
condition_number = cases(
    "numerics.condition-number", CONDITION_NUMBER, call=_condition_number_strict
)

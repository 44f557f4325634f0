"""Checks for section 1.6, Optimization.

Minimizers are run on the surfaces the lesson draws (an ill-conditioned bowl, a saddle,
Rosenbrock's valley) for a few dozen steps and compared with the reference path step
by step. The constrained solver is graded by the KKT conditions themselves, so any
correct solution passes whatever linear solver produced it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from groundup.testing import Mismatch, Named, Trial, check, close
from groundup.testing.inputs import symmetric


def _rosenbrock_grad(x: np.ndarray) -> np.ndarray:
    return np.array(
        [-400.0 * x[0] * (x[1] - x[0] ** 2) - 2.0 * (1.0 - x[0]), 200.0 * (x[1] - x[0] ** 2)]
    )


def _bowl(scales: list[float]) -> Named:
    s = np.array(scales)
    return Named(f"grad of sum({scales} * x**2) / 2", lambda x: s * x)


ROSENBROCK_GRAD = Named("grad of rosenbrock (x0, x1)", _rosenbrock_grad)
SADDLE_GRAD = Named(
    "grad of (x0**2 - x1**2) / 2 + x1**4 / 4", lambda x: np.array([x[0], -x[1] + x[1] ** 3])
)

# -- the landscape -------------------------------------------------------------------------


@check("optimization.convexity-gap")
def convexity_gap(t: Trial) -> None:
    rng = t.rng
    square = Named("sum(x**2)", lambda x: float(np.sum(x**2)))
    t.compare(
        "f = x^2, one segment [0, 2], t = 0.25",
        square,
        np.array([[0.0]]),
        np.array([[2.0]]),
        np.array([0.25]),
    )
    ts = np.linspace(0.0, 1.0, 11)
    t.compare(
        "f = ||x||^2 (convex) on 5 random segments in R^3",
        square,
        rng.normal(size=(5, 3)),
        rng.normal(size=(5, 3)),
        ts,
    )
    t.compare(
        "f = sin(x0) + x1^2 (not convex) on 8 random segments",
        Named("sin(x0) + x1**2", lambda x: float(np.sin(x[0]) + x[1] ** 2)),
        rng.uniform(-3, 3, size=(8, 2)),
        rng.uniform(-3, 3, size=(8, 2)),
        ts,
    )
    t.compare(
        "f = log(sum(exp(x))) (convex) on 6 random segments in R^4",
        Named("log(sum(exp(x)))", lambda x: float(np.log(np.sum(np.exp(x))))),
        rng.normal(size=(6, 4)),
        rng.normal(size=(6, 4)),
        ts,
    )
    t.compare(
        "only the end points t = 0 and t = 1: the gap is 0",
        square,
        rng.normal(size=(3, 2)),
        rng.normal(size=(3, 2)),
        np.array([0.0, 1.0]),
        compare=lambda got, exp: close(got, exp, t.rtol, 1e-12),
    )
    t.compare(
        "rosenbrock (not convex) with values near 1e2",
        Named("rosenbrock", lambda x: float(100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2)),
        rng.uniform(-1.5, 1.5, size=(6, 2)),
        rng.uniform(-1.5, 1.5, size=(6, 2)),
        ts,
    )


@check("optimization.classify-critical-point")
def classify_critical_point(t: Trial) -> None:
    rng = t.rng
    t.compare("H = [[2]]", np.array([[2.0]]))
    t.compare("H = [[1, 3], [3, 1]] (eigenvalues 4 and -2)", np.array([[1.0, 3.0], [3.0, 1.0]]))
    t.compare("H = [[-1, 0], [0, -4]]", np.array([[-1.0, 0.0], [0.0, -4.0]]))
    t.compare("a random 3x3 H with eigenvalues (1, -1, -1)", symmetric(rng, [1.0, -1.0, -1.0]))
    t.compare("H = [[2, 0], [0, 0]] (positive semidefinite)", np.array([[2.0, 0.0], [0.0, 0.0]]))
    t.compare(
        "a random 4x4 H with eigenvalues (3, 2, 1, 0.5)", symmetric(rng, [3.0, 2.0, 1.0, 0.5])
    )
    t.compare(
        "a random 4x4 H with eigenvalues (-3, -2, -1, -0.5)",
        symmetric(rng, [-3.0, -2.0, -1.0, -0.5]),
    )
    t.compare("a random 3x3 H with eigenvalues (-2, 0, -1)", symmetric(rng, [-2.0, 0.0, -1.0]))
    t.compare("the zero 2x2 matrix", np.zeros((2, 2)))
    t.compare(
        "H = 1e6 * (a random 3x3 with eigenvalues (2, 1, -1))",
        1e6 * symmetric(rng, [2.0, 1.0, -1.0]),
    )


@check("optimization.lipschitz")
def lipschitz(t: Trial) -> None:
    rng = t.rng
    t.compare(
        "grad f = 3x in 1-D, one pair x = [1], y = [3] (exact L = 3)",
        Named("3x", lambda x: 3.0 * x),
        np.array([[1.0]]),
        np.array([[3.0]]),
    )
    H = symmetric(rng, [5.0, 1.0, 0.2])
    t.compare(
        "grad f = H x, eigenvalues (5, 1, 0.2), 20 random pairs",
        Named("H x", lambda x: H @ x),
        rng.normal(size=(20, 3)),
        rng.normal(size=(20, 3)),
    )
    t.compare(
        "grad of rosenbrock, 30 random pairs in [-1.5, 1.5]^2",
        ROSENBROCK_GRAD,
        rng.uniform(-1.5, 1.5, size=(30, 2)),
        rng.uniform(-1.5, 1.5, size=(30, 2)),
    )
    t.compare(
        "grad f = sin(x) (L = 1), pairs close together",
        Named("sin(x)", np.sin),
        np.zeros((4, 2)) + 1e-3 * rng.normal(size=(4, 2)),
        1e-3 * rng.normal(size=(4, 2)),
    )
    t.raises(
        "a pair with x = y",
        ValueError,
        Named("3x", lambda x: 3.0 * x),
        np.ones((2, 2)),
        np.array([[1.0, 1.0], [0.0, 1.0]]),
        why="when some y_k equals x_k",
    )


# -- momentum and adaptive methods -----------------------------------------------------------


def _minimizer_cases(t: Trial, momentum: bool) -> None:
    """Paths on the lesson's surfaces; ``momentum`` adds the momentum argument."""
    rng = t.rng

    def run(label: str, grad: Named, x0: np.ndarray, lr: float, beta: float, n: int) -> None:
        args = (grad, x0, lr, beta, n) if momentum else (grad, x0, lr, n)
        t.compare(label, *args)

    run("f = x^2 from x0 = [1], lr = 0.1, 5 steps", _bowl([2.0]), np.array([1.0]), 0.1, 0.9, 5)
    run("zero steps: the path is just x0", _bowl([2.0]), np.array([0.5]), 0.1, 0.9, 0)
    run(
        "an ill-conditioned bowl (curvatures 1 and 50), 40 steps",
        _bowl([1.0, 50.0]),
        rng.normal(size=2),
        0.01,
        0.8,
        40,
    )
    run(
        "a saddle, starting just off the ridge, 30 steps",
        SADDLE_GRAD,
        np.array([1.0, 1e-3]),
        0.1,
        0.5,
        30,
    )
    run("rosenbrock from [-1, 1], 40 steps", ROSENBROCK_GRAD, np.array([-1.0, 1.0]), 1e-3, 0.9, 40)
    run(
        "a 5-D bowl from a random start, 20 steps",
        _bowl([1.0, 2.0, 3.0, 4.0, 5.0]),
        rng.normal(size=5),
        0.05,
        0.7,
        20,
    )
    run(
        "momentum 0 (plain gradient descent), 10 steps",
        _bowl([1.0, 3.0]),
        rng.normal(size=2),
        0.1,
        0.0,
        10,
    )
    if momentum:
        t.raises(
            "momentum = 1",
            ValueError,
            _bowl([1.0]),
            np.ones(1),
            0.1,
            1.0,
            5,
            why="for momentum 1 (the velocity would never decay)",
        )


@check("optimization.heavy-ball")
def heavy_ball(t: Trial) -> None:
    _minimizer_cases(t, momentum=True)


@check("optimization.nesterov")
def nesterov(t: Trial) -> None:
    _minimizer_cases(t, momentum=True)


def _adaptive_cases(t: Trial, adam: bool) -> None:
    rng = t.rng
    t.compare("f = x^2 from x0 = [1], lr = 0.1, 3 steps", _bowl([2.0]), np.array([1.0]), 0.1, 3)
    t.compare("zero steps: the path is just x0", _bowl([2.0]), np.array([0.5]), 0.1, 0)
    t.compare(
        "an ill-conditioned bowl (curvatures 1 and 100), 40 steps",
        _bowl([1.0, 100.0]),
        rng.normal(size=2),
        0.05,
        40,
    )
    t.compare("a saddle from [1, 1e-3], 30 steps", SADDLE_GRAD, np.array([1.0, 1e-3]), 0.05, 30)
    t.compare(
        "rosenbrock from [-1, 1], lr = 0.01, 40 steps",
        ROSENBROCK_GRAD,
        np.array([-1.0, 1.0]),
        0.01,
        40,
    )
    t.compare(
        "gradients near 1e4 (a steep 3-D bowl)",
        _bowl([1e4, 2e4, 5e3]),
        rng.normal(size=3),
        0.01,
        20,
    )
    if adam:
        t.compare(
            "betas = (0.5, 0.9), eps = 1e-3, 15 steps",
            _bowl([1.0, 4.0]),
            rng.normal(size=2),
            0.1,
            15,
            (0.5, 0.9),
            1e-3,
        )
    else:
        t.compare(
            "alpha = 0.5, eps = 1e-3, 15 steps",
            _bowl([1.0, 4.0]),
            rng.normal(size=2),
            0.1,
            15,
            0.5,
            1e-3,
        )


@check("optimization.rmsprop")
def rmsprop(t: Trial) -> None:
    _adaptive_cases(t, adam=False)


@check("optimization.adam")
def adam(t: Trial) -> None:
    _adaptive_cases(t, adam=True)


# -- learning-rate schedules -----------------------------------------------------------------


@check("optimization.lr-schedule")
def lr_schedule(t: Trial) -> None:
    rng = t.rng
    t.compare(
        "no warm-up, lr from 1 to 0 over 10 steps, steps 0..10", np.arange(11), 10, 1.0, 0.0, 0
    )
    t.compare(
        "4 warm-up steps of 12, lr_max = 3e-4, lr_min = 3e-5, steps 0..12",
        np.arange(13),
        12,
        3e-4,
        3e-5,
        4,
    )
    t.compare(
        "steps past the end (up to 2x total_steps) stay at lr_min",
        np.arange(10, 41, 3),
        20,
        1.0,
        0.1,
        5,
    )
    t.compare("one warm-up step (W = 1)", np.arange(6), 5, 2.0, 0.5, 1)
    t.compare(
        "steps as a 2-D array of random integers",
        rng.integers(0, 1000, size=(3, 4)),
        800,
        6e-4,
        6e-5,
        100,
    )
    t.compare("lr_min = lr_max: a constant after warm-up", np.arange(8), 7, 0.5, 0.5, 2)


# -- constrained optimization ----------------------------------------------------------------


def _kkt(
    Q: np.ndarray, c: np.ndarray, A: np.ndarray, b: np.ndarray, rtol: float
) -> Callable[[Any, Any], Mismatch | None]:
    """A comparator that checks the KKT conditions of the learner's (x, lambda)."""

    def compare(got: Any, _expected: Any) -> Mismatch | None:
        if not isinstance(got, tuple) or len(got) != 2:
            return Mismatch("return a tuple (x, lam): the minimizer and the multipliers")
        x, lam = (np.asarray(v, dtype=np.float64) for v in got)
        if x.shape != c.shape or lam.shape != b.shape:
            return Mismatch(
                f"x has shape {x.shape} and lam {lam.shape}; expected {c.shape} and {b.shape}"
            )
        scale = 1.0 + np.abs(Q) @ np.abs(x) + np.abs(c) + np.abs(A.T) @ np.abs(lam)
        stationarity = np.abs(Q @ x + c + A.T @ lam) / scale
        if not np.all(stationarity <= rtol):
            return Mismatch(
                "stationarity fails: Q x + c + A^T lam is not 0",
                [
                    f"largest |Q x + c + A^T lam| relative to its terms: {stationarity.max():.3g} "
                    f"(tolerance {rtol:g})",
                    "convention: L = x^T Q x / 2 + c^T x + lam^T (A x - b)",
                ],
            )
        feasibility = np.abs(A @ x - b) / (1.0 + np.abs(A) @ np.abs(x) + np.abs(b))
        if not np.all(feasibility <= rtol):
            return Mismatch(
                "the constraint A x = b is violated",
                [
                    f"largest |A x - b| relative to its terms: {feasibility.max():.3g} "
                    f"(tolerance {rtol:g})"
                ],
            )
        return None

    return compare


@check("optimization.lagrange")
def lagrange(t: Trial) -> None:
    rng = t.rng

    def case(label: str, Q: np.ndarray, c: np.ndarray, A: np.ndarray, b: np.ndarray) -> None:
        t.compare(label, Q, c, A, b, compare=_kkt(Q, c, A, b, t.rtol))

    case(
        "min x^2 + y^2 subject to x + y = 1 (Q = 2 I, c = 0)",
        2.0 * np.eye(2),
        np.zeros(2),
        np.array([[1.0, 1.0]]),
        np.array([1.0]),
    )
    case(
        "Q = I, c = [1, -2], subject to x0 = 3 (one variable fixed)",
        np.eye(2),
        np.array([1.0, -2.0]),
        np.array([[1.0, 0.0]]),
        np.array([3.0]),
    )
    n, m = 5, 2
    case(
        "a random 5-D quadratic with 2 random constraints",
        symmetric(rng, [1.0, 2.0, 3.0, 4.0, 5.0]),
        rng.normal(size=n),
        rng.normal(size=(m, n)),
        rng.normal(size=m),
    )
    case(
        "Q indefinite (eigenvalues 2, 1, -0.5) but positive on the constraint's null space",
        np.diag([2.0, 1.0, -0.5]),
        rng.normal(size=3),
        np.array([[0.0, 0.0, 1.0]]),
        rng.normal(size=1),
    )
    case(
        "as many constraints as variables (3 of 3): x is fixed by A x = b",
        np.eye(3),
        rng.normal(size=3),
        symmetric(rng, [1.0, 2.0, 3.0]),
        rng.normal(size=3),
    )
    case(
        "entries near 1e3",
        1e3 * symmetric(rng, [1.0, 2.0, 4.0, 8.0]),
        1e3 * rng.normal(size=4),
        rng.normal(size=(2, 4)),
        1e3 * rng.normal(size=2),
    )
    t.raises(
        "A has the wrong width",
        ValueError,
        np.eye(2),
        np.zeros(2),
        np.ones((1, 3)),
        np.ones(1),
        why="when A's columns do not match the size of x",
    )

"""Checks for section 1.6, Optimization.

Each exercise is a table of cases, simple to hard, and one loop over it. Minimizers run
on the surfaces the lesson draws (an ill-conditioned bowl, a saddle, Rosenbrock's
valley) for a few dozen steps, and their paths are compared with the reference's point
by point: a failure names the first step where the two part. The constrained solver is
graded by the KKT conditions themselves, so any correct solution passes whatever linear
solver produced it. The learning-rate schedule runs with division by zero turned into an
error: np.where computes both branches, so a warm-up s / W with W = 0 divides by zero even
where its values are thrown away.
"""

from __future__ import annotations

from functools import partial
from types import ModuleType
from typing import Any

import numpy as np

from groundup.testing import Case, Mismatch, Named, Trace, Trial, check, close, draw, path_trace
from groundup.testing.inputs import rosenbrock, rosenbrock_grad, symmetric

# NOTE: `cases` from its module: the package's attribute `cases` is the module itself.
from groundup.testing.table import Inputs, MakeInputs, cases, run_cases

SQUARE = Named("sum(x**2)", lambda x: float(np.sum(x**2)))
WAVE = Named("sin(x0) + x1**2", lambda x: float(np.sin(x[0]) + x[1] ** 2))
LOGSUMEXP = Named("log(sum(exp(x)))", lambda x: float(np.log(np.sum(np.exp(x)))))
ROSENBROCK = Named("rosenbrock", rosenbrock)
ROSENBROCK_GRAD = Named("grad of rosenbrock (x0, x1)", rosenbrock_grad)
SADDLE_GRAD = Named(
    "grad of (x0**2 - x1**2) / 2 + x1**4 / 4", lambda x: np.array([x[0], -x[1] + x[1] ** 3])
)
TIMES_3 = Named("3x", lambda x: 3.0 * x)


def _bowl(*scales: float) -> Named:
    """The gradient of f(x) = sum(scales * x^2) / 2."""
    s = np.array(scales)
    return Named(f"grad of sum({list(scales)} * x**2) / 2", lambda x: s * x)


# -- the landscape -------------------------------------------------------------------------


def _segments(f: Named, n: int, d: int, high: float | None = None) -> MakeInputs:
    """Inputs (f, X, Y, ts): n random segments in R^d, normal or uniform in [-high, high)."""

    def make(r: np.random.Generator) -> Inputs:
        def ends() -> np.ndarray:
            return r.normal(size=(n, d)) if high is None else r.uniform(-high, high, size=(n, d))

        return f, ends(), ends(), np.linspace(0.0, 1.0, 11)

    return make


CONVEXITY_GAP = [
    Case(
        "f = x^2, one segment [0, 2], t = 0.25",
        (SQUARE, np.zeros((1, 1)), np.full((1, 1), 2.0), np.array([0.25])),
    ),
    Case("f = ||x||^2 (convex) on 5 random segments in R^3", _segments(SQUARE, 5, 3)),
    Case("f = sin(x0) + x1^2 (not convex) on 8 random segments", _segments(WAVE, 8, 2, 3.0)),
    Case("f = log(sum(exp(x))) (convex) on 6 random segments in R^4", _segments(LOGSUMEXP, 6, 4)),
    Case("rosenbrock (not convex) with values near 1e2", _segments(ROSENBROCK, 6, 2, 1.5)),
    Case(
        "f = sin(x0) + x1^2 on the segment from x = [0, 0] to y = [3, 0], t = 0.25 only: "
        "the point is 0.25 x + 0.75 y = [2.25, 0]",
        (WAVE, np.zeros((1, 2)), np.array([[3.0, 0.0]]), np.array([0.25])),
    ),
]
# Every gap is exactly 0 up to rounding: compared with an absolute tolerance of 1e-12.
END_POINTS = [
    Case(
        "only the end points t = 0 and t = 1: the gap is 0",
        lambda r: (SQUARE, r.normal(size=(3, 2)), r.normal(size=(3, 2)), np.array([0.0, 1.0])),
    ),
]


@check("optimization.convexity-gap")
def convexity_gap(t: Trial) -> None:
    run_cases(t, CONVEXITY_GAP)
    run_cases(t, END_POINTS, compare=partial(close, rtol=t.rtol, atol=1e-12))


CLASSIFY_CRITICAL_POINT = [
    Case("H = [[2]]", (np.array([[2.0]]),)),
    Case("H = [[1, 3], [3, 1]] (eigenvalues 4 and -2)", (np.array([[1.0, 3.0], [3.0, 1.0]]),)),
    Case("H = [[-1, 0], [0, -4]]", (np.diag([-1.0, -4.0]),)),
    Case("a random 3x3 H with eigenvalues (1, -1, -1)", lambda r: (symmetric(r, [1, -1, -1]),)),
    Case("H = [[2, 0], [0, 0]] (positive semidefinite)", (np.diag([2.0, 0.0]),)),
    Case(
        "a random 4x4 H with eigenvalues (3, 2, 1, 0.5)", lambda r: (symmetric(r, [3, 2, 1, 0.5]),)
    ),
    Case(
        "a random 4x4 H with eigenvalues (-3, -2, -1, -0.5)",
        lambda r: (symmetric(r, [-3, -2, -1, -0.5]),),
    ),
    Case("a random 3x3 H with eigenvalues (-2, 0, -1)", lambda r: (symmetric(r, [-2, 0, -1]),)),
    Case("the zero 2x2 matrix", (np.zeros((2, 2)),)),
    Case(
        "H = 1e6 * (a random 3x3 with eigenvalues (2, 1, -1))",
        lambda r: (1e6 * symmetric(r, [2, 1, -1]),),
    ),
    # Eigenvalues exactly at +-tol count as zero (|lambda| <= tol): diagonal matrices, whose
    # eigenvalues eigvalsh returns exactly.
    Case("H = diag(0.5, -2), tol = 0.5: 0.5 counts as zero", (np.diag([0.5, -2.0]),), {"tol": 0.5}),
    Case(
        "H = diag(-0.5, 2), tol = 0.5: -0.5 counts as zero", (np.diag([-0.5, 2.0]),), {"tol": 0.5}
    ),
    Case("H = diag(0.5, 2), tol = 0.5: 0.5 counts as zero", (np.diag([0.5, 2.0]),), {"tol": 0.5}),
    Case(
        "H = diag(-0.5, -2), tol = 0.5: -0.5 counts as zero",
        (np.diag([-0.5, -2.0]),),
        {"tol": 0.5},
    ),
]
classify_critical_point = cases("optimization.classify-critical-point", CLASSIFY_CRITICAL_POINT)


def _linear_gradient(r: np.random.Generator) -> Inputs:
    H = symmetric(r, [5.0, 1.0, 0.2])
    return Named("H x", lambda x: H @ x), r.normal(size=(20, 3)), r.normal(size=(20, 3))


def _valley_pairs(r: np.random.Generator) -> Inputs:
    return ROSENBROCK_GRAD, r.uniform(-1.5, 1.5, size=(30, 2)), r.uniform(-1.5, 1.5, size=(30, 2))


def _close_pairs(r: np.random.Generator) -> Inputs:
    return Named("sin(x)", np.sin), 1e-3 * r.normal(size=(4, 2)), 1e-3 * r.normal(size=(4, 2))


LIPSCHITZ = [
    Case(
        "grad f = 3x in 1-D, one pair x = [1], y = [3] (exact L = 3)",
        (TIMES_3, np.ones((1, 1)), np.full((1, 1), 3.0)),
    ),
    Case("grad f = H x, eigenvalues (5, 1, 0.2), 20 random pairs", _linear_gradient),
    Case("grad of rosenbrock, 30 random pairs in [-1.5, 1.5]^2", _valley_pairs),
    Case("grad f = sin(x) (L = 1), pairs close together", _close_pairs),
    Case(
        "a pair with x = y",
        (TIMES_3, np.ones((2, 2)), np.array([[1.0, 1.0], [0.0, 1.0]])),
        raises=ValueError,
        why="when some y_k equals x_k",
    ),
]
lipschitz = cases("optimization.lipschitz", LIPSCHITZ)

# -- momentum and adaptive methods -----------------------------------------------------------


def _momentum_path(
    name: str,
    m: ModuleType,
    grad_f: Named,
    x0: np.ndarray,
    lr: float,
    momentum: float,
    n_steps: int,
) -> Trace:
    return path_trace(getattr(m, name)(grad_f, x0, lr, momentum, n_steps))


def _adaptive_path(
    name: str, m: ModuleType, grad_f: Named, x0: np.ndarray, lr: float, n_steps: int, **options: Any
) -> Trace:
    return path_trace(getattr(m, name)(grad_f, x0, lr, n_steps, **options))


OFF_THE_RIDGE, IN_THE_VALLEY = np.array([1.0, 1e-3]), np.array([-1.0, 1.0])  # two starts

MOMENTUM = [
    Case("f = x^2 from x0 = [1], lr = 0.1, 5 steps", (_bowl(2.0), np.ones(1), 0.1, 0.9, 5)),
    Case("zero steps: the path is just x0", (_bowl(2.0), np.full(1, 0.5), 0.1, 0.9, 0)),
    Case(
        "an ill-conditioned bowl (curvatures 1 and 50), 40 steps",
        lambda r: (_bowl(1.0, 50.0), r.normal(size=2), 0.01, 0.8, 40),
    ),
    Case("a saddle, starting just off the ridge", (SADDLE_GRAD, OFF_THE_RIDGE, 0.1, 0.5, 30)),
    Case("rosenbrock from [-1, 1], 40 steps", (ROSENBROCK_GRAD, IN_THE_VALLEY, 1e-3, 0.9, 40)),
    Case(
        "a 5-D bowl from a random start, 20 steps",
        lambda r: (_bowl(1, 2, 3, 4, 5), r.normal(size=5), 0.05, 0.7, 20),
    ),
    Case(
        "momentum 0 (plain gradient descent), 10 steps",
        lambda r: (_bowl(1.0, 3.0), r.normal(size=2), 0.1, 0.0, 10),
    ),
    Case(
        "momentum = 1",
        (_bowl(1.0), np.ones(1), 0.1, 1.0, 5),
        raises=ValueError,
        why="for momentum 1 (the velocity would never decay)",
    ),
]
heavy_ball = cases("optimization.heavy-ball", MOMENTUM, call=partial(_momentum_path, "heavy_ball"))
nesterov = cases("optimization.nesterov", MOMENTUM, call=partial(_momentum_path, "nesterov"))

ADAPTIVE = [
    Case("f = x^2 from x0 = [1], lr = 0.1, 3 steps", (_bowl(2.0), np.ones(1), 0.1, 3)),
    Case("zero steps: the path is just x0", (_bowl(2.0), np.full(1, 0.5), 0.1, 0)),
    Case(
        "an ill-conditioned bowl (curvatures 1 and 100), 40 steps",
        lambda r: (_bowl(1.0, 100.0), r.normal(size=2), 0.05, 40),
    ),
    Case("a saddle from [1, 1e-3], 30 steps", (SADDLE_GRAD, OFF_THE_RIDGE, 0.05, 30)),
    Case(
        "rosenbrock from [-1, 1], lr = 0.01, 40 steps", (ROSENBROCK_GRAD, IN_THE_VALLEY, 0.01, 40)
    ),
    Case(
        "gradients near 1e4 (a steep 3-D bowl)",
        lambda r: (_bowl(1e4, 2e4, 5e3), r.normal(size=3), 0.01, 20),
    ),
]


def _options(label: str, **options: Any) -> Case:
    """A case with non-default options, 15 steps on a 2-D bowl."""
    return Case(label, lambda r: (_bowl(1.0, 4.0), r.normal(size=2), 0.1, 15), kwargs=options)


RMSPROP = [*ADAPTIVE, _options("alpha = 0.5, eps = 1e-3, 15 steps", alpha=0.5, eps=1e-3)]
ADAM = [*ADAPTIVE, _options("betas = (0.5, 0.9), eps = 1e-3, 15 steps", betas=(0.5, 0.9), eps=1e-3)]
rmsprop = cases("optimization.rmsprop", RMSPROP, call=partial(_adaptive_path, "rmsprop"))
adam = cases("optimization.adam", ADAM, call=partial(_adaptive_path, "adam"))

# -- learning-rate schedules -----------------------------------------------------------------

# (steps, max_lr, num_warmup_steps, num_training_steps, min_lr), as in section 4.4.
LR_SCHEDULE = [
    Case("no warm-up, lr from 1 to 0 over 10 steps, steps 0..10", (np.arange(11), 1.0, 0, 10)),
    Case(
        "4 warm-up steps of 12, lr 0 at step 0, 3e-4 at step 4, down to 3e-5 at step 12",
        (np.arange(13), 3e-4, 4, 12, 3e-5),
    ),
    Case(
        "steps up to 2x num_training_steps (min_lr after the end)",
        (np.arange(10, 41, 3), 1.0, 5, 20, 0.1),
    ),
    Case("one warm-up step (W = 1)", (np.arange(6), 2.0, 1, 5, 0.5)),
    Case(
        "warm-up only (W = T = 8): the peak at step 8, then min_lr", (np.arange(11), 1.0, 8, 8, 0.1)
    ),
    Case("one step as a 0-d array, halfway through the decay", (np.array(54), 1.0, 8, 100)),
    Case(
        "steps as a 2-D array of random integers, 100 warm-up steps of 2000",
        lambda r: (r.integers(0, 2500, size=(3, 4)), 6e-4, 100, 2000, 6e-5),
    ),
    Case("min_lr = max_lr: a constant after warm-up", (np.arange(8), 0.5, 2, 7, 0.5)),
]


def _lr_strict(
    module: ModuleType,
    steps: np.ndarray,
    max_lr: float,
    num_warmup_steps: int,
    num_training_steps: int,
    min_lr: float = 0.0,
) -> Any:
    # A division by zero becomes an error: np.where evaluates both branches, so a warm-up
    # s / W with W = 0 divides by zero even though its values are thrown away.
    with np.errstate(divide="raise", invalid="raise"):
        return module.cosine_warmup_lr(steps, max_lr, num_warmup_steps, num_training_steps, min_lr)


lr_schedule = cases("optimization.lr-schedule", LR_SCHEDULE, call=_lr_strict)

# -- constrained optimization ----------------------------------------------------------------


def _kkt(
    Q: np.ndarray, c: np.ndarray, A: np.ndarray, b: np.ndarray, rtol: float, got: Any, _: Any
) -> Mismatch | None:
    """The KKT conditions of the learner's (x, lambda), each relative to its terms."""
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


def _random_qp(r: np.random.Generator) -> Inputs:
    return symmetric(r, [1, 2, 3, 4, 5]), r.normal(size=5), r.normal(size=(2, 5)), r.normal(size=2)


def _indefinite_qp(r: np.random.Generator) -> Inputs:
    return (
        np.diag([2.0, 1.0, -0.5]),
        r.normal(size=3),
        np.array([[0.0, 0.0, 1.0]]),
        r.normal(size=1),
    )


def _square_qp(r: np.random.Generator) -> Inputs:
    return np.eye(3), r.normal(size=3), symmetric(r, [1.0, 2.0, 3.0]), r.normal(size=3)


def _large_qp(r: np.random.Generator) -> Inputs:
    Q = 1e3 * symmetric(r, [1.0, 2.0, 4.0, 8.0])
    return Q, 1e3 * r.normal(size=4), r.normal(size=(2, 4)), 1e3 * r.normal(size=2)


LAGRANGE = [
    Case(
        "min x^2 + y^2 subject to x + y = 1 (Q = 2 I, c = 0)",
        (2.0 * np.eye(2), np.zeros(2), np.ones((1, 2)), np.ones(1)),
    ),
    Case(
        "Q = I, c = [1, -2], subject to x0 = 3 (one variable fixed)",
        (np.eye(2), np.array([1.0, -2.0]), np.array([[1.0, 0.0]]), np.array([3.0])),
    ),
    Case("a random 5-D quadratic with 2 random constraints", _random_qp),
    Case(
        "Q indefinite (eigenvalues 2, 1, -0.5) but positive on the constraint's null space",
        _indefinite_qp,
    ),
    Case("as many constraints as variables (3 of 3): x is fixed by A x = b", _square_qp),
    Case("entries near 1e3", _large_qp),
]
WRONG_WIDTH = [
    Case(
        "A has the wrong width",
        (np.eye(2), np.zeros(2), np.ones((1, 3)), np.ones(1)),
        raises=ValueError,
        why="when A's columns do not match the size of x",
    ),
]


@check("optimization.lagrange")
def lagrange(t: Trial) -> None:
    for case in LAGRANGE:
        Q, c, A, b = draw(case, t.rng)
        t.compare(case.label, Q, c, A, b, compare=partial(_kkt, Q, c, A, b, t.rtol))
    run_cases(t, WRONG_WIDTH)

"""Checks for section 1.2, Calculus and gradients.

Each exercise is a table of cases, simple to hard, and one loop over it. The functions
handed to the learner's code print as their formula (:class:`Named`), so a failing case
shows which function was differentiated. The chain rule is compared with central
differences of f before the reference; the Hessian must also be exactly symmetric;
gradient descent and Newton's method are compared point by point along the path, and a
failure names the first step where the learner's path leaves the reference's.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from types import ModuleType
from typing import Any

import numpy as np

from groundup.testing import Case, Mismatch, Named, Trace, Trial, check, close, draw, path_trace
from groundup.testing.compare import Comparator
from groundup.testing.gradcheck import compare_gradients, numerical_grad
from groundup.testing.inputs import rosenbrock, rosenbrock_grad, rosenbrock_hessian, symmetric

# NOTE: `cases` from its module: the package's attribute `cases` is the module itself.
from groundup.testing.table import Inputs, MakeInputs, cases, run_cases

# The dtypes of the numbers the functions below were called with since the last look:
# a learner's code that evaluates f in float32 is named by how it called f, whatever
# its own rounding (see _in_float64).
_CALLED_WITH: list[np.dtype[Any]] = []


def _watched(label: str, fn: Callable[..., Any]) -> Named:
    """A function shown as ``label`` that notes the dtype of each argument it gets."""

    def call(x: Any) -> Any:
        _CALLED_WITH.append(np.asarray(x).dtype)
        return fn(x)

    return Named(label, call)


def _in_float64(rtol: float, atol: float) -> Comparator:
    """``close``, naming the mistake ``float32`` when the learner's code called the case's
    function with float32 (or float16) numbers."""

    def compare(got: Any, expected: Any) -> Mismatch | None:
        low = [d for d in _CALLED_WITH if d.kind == "f" and d.itemsize < 8]
        _CALLED_WITH.clear()
        mismatch = close(got, expected, rtol, atol)
        if mismatch is not None and low:
            mismatch.details.insert(0, f"your code evaluated f at {low[0]} numbers")
            mismatch.mistake = "float32"
        return mismatch

    return compare


SQUARE = _watched("x**2", lambda x: x**2)
CUBE = Named("x**3", lambda x: x**3)
SIN = _watched("sin(x)", np.sin)
EXP_3X = _watched("exp(3x)", lambda x: np.exp(3 * x))
CUBIC = _watched("x**3 - 2x", lambda x: x**3 - 2 * x)
BUMP = _watched("1 / (1 + x**2)", lambda x: 1.0 / (1.0 + x**2))
CLASSIC = Named(
    "exp(x) / sqrt(sin(x)**3 + cos(x)**3)",
    lambda x: np.exp(x) / np.sqrt(np.sin(x) ** 3 + np.cos(x) ** 3),
)
LOGSUMEXP = _watched("log(sum(exp(x)))", lambda x: float(np.log(np.sum(np.exp(x)))))
FIRST_SQUARED = _watched("x[0]**2", lambda x: x[0] ** 2)
HALF_SQUARED_NORM = _watched("sum(x**2) / 2", lambda x: 0.5 * float(np.sum(x**2)))
ROSENBROCK = _watched("rosenbrock(x) = sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2", rosenbrock)
ROSENBROCK_GRAD = Named("gradient of rosenbrock", rosenbrock_grad)
ROSENBROCK_HESSIAN = Named("hessian of rosenbrock", rosenbrock_hessian)

# -- derivatives of one variable -----------------------------------------------------------

# -- the default step: where the learner's code evaluates f ---------------------------------


def _evaluations(name: str, m: ModuleType, x: Any) -> list[np.ndarray]:
    """The points (with their dtypes) at which ``m.<name>(f, x)`` evaluates f, default step."""
    points: list[np.ndarray] = []

    def f(v: Any) -> float:
        points.append(np.array(v))
        return float(np.sum(np.sin(np.asarray(v, dtype=np.float64))))

    getattr(m, name)(Named("sum(sin(x))", f), x)
    return points


def _steps(points: list[np.ndarray], x: np.ndarray) -> dict[int, float]:
    """Coordinate -> the largest step taken along it alone (points that move one coordinate)."""
    steps: dict[int, float] = {}
    for p in points:
        moved = np.abs(np.asarray(p, dtype=np.float64).reshape(x.shape) - x)
        if np.count_nonzero(moved) == 1:
            i = int(np.argmax(moved))
            steps[i] = max(steps.get(i, 0.0), float(moved[i]))
    return steps


def _default_steps(t: Trial, name: str, where: dict[str, float]) -> None:
    """Requires the default step central_step(x) = eps^(1/3) max(1, |x|) at each point.

    ``where`` maps how the learner reads a point ("x = 1") to its value. ``m.<name>`` is
    called with f = sum(sin(x)) at each value alone (``central_difference``) or at all of
    them as one vector (``numerical_gradient``), and the steps are read from where it
    evaluates f. A step far below the default is the mistake ``tiny-step`` (h = 1e-8
    fails: its rounding error eps |f| / h is ~500 times the default's total error), a step
    that does not grow with |x| is ``unscaled-step``, float32 points are ``float32``.
    """
    labels, values = list(where), np.array(list(where.values()))
    label = "the default step h = central_step(x) = eps^(1/3) * max(1, |x|)"
    calls: list[tuple[np.ndarray, Any]] = [(values, values.copy())]  # x, the argument
    if name == "central_difference":  # a number at a time
        calls = [(np.array([v]), float(v)) for v in values]
    steps: dict[int, float] = {}
    first = 0
    for x, arg in calls:
        points = t.call(label, arg, call=partial(_evaluations, name))
        low = [p.dtype for p in points if p.dtype.kind == "f" and p.dtype.itemsize < 8]
        if low:
            t.require(False, label, f"your code evaluates f at {low[0]} numbers", mistake="float32")
        steps.update({first + i: h for i, h in _steps(points, x).items()})
        first += x.size
    wants = {i: float(t.ref.central_step(values[i])) for i in steps}
    said = {i: f"your default step at {labels[i]} is h = {h:.3g}" for i, h in steps.items()}

    def not_tiny(i: int) -> None:
        t.require(
            steps[i] > wants[i] / 5.0,
            label,
            f"{said[i]}, far below central_step = {wants[i]:.3g} there",
            got=steps[i],
            expected=wants[i],
            mistake="tiny-step",
        )

    # A tiny step first (a fixed h = 1e-8 is also unscaled, but its size is the worse
    # problem), then a step that does not grow with |x|, then any other size.
    if 0 in steps:
        not_tiny(0)
        for i in set(steps) - {0}:
            t.require(
                steps[i] > 10.0 * steps[0],
                label,
                f"{said[i]}, as at {labels[0]} (h = {steps[0]:.3g}): it does not grow with |x|",
                got=steps[i],
                expected=wants[i],
                mistake="unscaled-step",
            )
    for i in sorted(steps):
        not_tiny(i)
        t.require(
            abs(steps[i] - wants[i]) <= 1e-3 * wants[i],
            label,
            f"{said[i]}; the default is central_step(x) = eps^(1/3) * max(1, |x|) = {wants[i]:.3g}",
            got=steps[i],
            expected=wants[i],
        )


CENTRAL_DIFFERENCE = [
    Case("f(x) = x**2 at x = 1 with h = 0.1 (exact: 2)", (SQUARE, 1.0, 0.1)),
    Case("f(x) = sin(x) at x = 0.7 with h = 1e-3", (SIN, 0.7, 1e-3)),
]
DEFAULT_STEP = [
    Case("f(x) = exp(3x) at a random x, default step", lambda r: (EXP_3X, r.uniform(-2, 2))),
    Case("f(x) = x**3 - 2x at x = 0, default step", (CUBIC, 0.0)),
    Case("f(x) = x**2 at x = 1e6, default step (exact: 2e6)", (SQUARE, 1e6)),
    Case("h = 0", (SQUARE, 1.0, 0.0), raises=ValueError, why="for a step h = 0"),
]
# A derivative of about 7e-17: compared with an absolute tolerance far below it.
TINY_DERIVATIVE = [Case("f(x) = 1 / (1 + x**2) at x = -3e5, default step", (BUMP, -3e5))]


@check("calculus.central-difference")
def central_difference(t: Trial) -> None:
    run_cases(t, CENTRAL_DIFFERENCE, compare=_in_float64(t.rtol, t.atol))
    _default_steps(t, "central_difference", {"x = 1": 1.0, "x = 1e6": 1e6})
    run_cases(t, DEFAULT_STEP, compare=_in_float64(t.rtol, t.atol))
    run_cases(t, TINY_DERIVATIVE, compare=_in_float64(t.rtol, 1e-20))


COMPLEX_STEP = [
    Case("f(x) = x**2 at x = 1 (exact: 2)", (SQUARE, 1.0)),
    Case("f(x) = sin(x) at x = -0.5 (f(x) < 0)", (SIN, -0.5)),
    Case("f(x) = exp(3x) at a random x", lambda r: (EXP_3X, r.uniform(-2, 2))),
    Case(f"f(x) = {CLASSIC} at x = 1.5 (a classic test)", (CLASSIC, 1.5)),
    Case("f(x) = x**3 at x = 1e3", (CUBE, 1e3)),
    Case("f(x) = x**3 at x = 2 with a large step h = 1e-3", (CUBE, 2.0, 1e-3)),
    Case("h = -1e-20", (SQUARE, 1.0, -1e-20), raises=ValueError, why="for a negative step"),
]
complex_step = cases("calculus.complex-step", COMPLEX_STEP)

# -- gradients, Jacobians, Hessians --------------------------------------------------------

GRADIENT = [
    Case("f(x) = x[0]**2 at x = [3], h = 0.1 (exact: [6])", (FIRST_SQUARED, np.full(1, 3.0), 0.1)),
    Case("rosenbrock at x = [-1, 2], h = 1e-4", (ROSENBROCK, np.array([-1.0, 2.0]), 1e-4)),
]
GRADIENT_DEFAULT_STEP = [
    Case("log(sum(exp(x))) at a random x of length 5", lambda r: (LOGSUMEXP, r.normal(size=5))),
    Case("rosenbrock at a random x of length 4", lambda r: (ROSENBROCK, r.uniform(-2, 2, size=4))),
    Case("x is a 2x2 matrix", (LOGSUMEXP, np.ones((2, 2))), raises=ValueError, why="for a 2-D x"),
]
# f near 1e8: each difference quotient keeps about eps * 1e8 / h ~ 1e-7 of rounding.
LARGE_GRADIENT = [
    Case("sum(x**2) / 2 at x near 1e4", lambda r: (HALF_SQUARED_NORM, 1e4 * r.normal(size=3)))
]


@check("calculus.gradient")
def gradient(t: Trial) -> None:
    run_cases(t, GRADIENT, compare=_in_float64(t.rtol, t.atol))
    _default_steps(t, "numerical_gradient", {"x[0] = 1": 1.0, "x[1] = 1e6": 1e6})
    run_cases(t, GRADIENT_DEFAULT_STEP, compare=_in_float64(t.rtol, t.atol))
    run_cases(t, LARGE_GRADIENT, compare=_in_float64(1e-9, 1e-6))


FIRST_CUBED = Named("[x[0]**3]", lambda x: np.array([x[0] ** 3]))
SUM = Named("[sum(x)]", lambda x: np.array([np.sum(x)]))
POLAR = Named(
    "F(x) = [x0 cos(x1), x0 sin(x1), x0 * x1] (R^2 -> R^3)",
    lambda x: np.array([x[0] * np.cos(x[1]), x[0] * np.sin(x[1]), x[0] * x[1]]),
)


def _tanh_map(r: np.random.Generator) -> Inputs:
    M = r.normal(size=(2, 4))
    return Named("tanh(M x), M a random 2x4 matrix", lambda x: np.tanh(M @ x)), r.normal(size=4)


JACOBIAN = [
    Case("F(x) = [x[0]**3] at x = [2], h = 0.01", (FIRST_CUBED, np.full(1, 2.0), 0.01)),
    Case("F from R^2 to R^3 at x = [2, 0.5], default steps", (POLAR, np.array([2.0, 0.5]))),
    Case("F(x) = tanh(M x) from R^4 to R^2 at a random x", _tanh_map),
    Case(
        "F = the gradient of rosenbrock (R^3 -> R^3) at a random x",
        lambda r: (ROSENBROCK_GRAD, r.uniform(-1.5, 1.5, size=3)),
    ),
    Case("F(x) = [sum(x)] (R^5 -> R^1)", lambda r: (SUM, r.normal(size=5))),
]
jacobian = cases("calculus.jacobian", JACOBIAN)


GRAD_2X2 = Named("[4 x[0]]", lambda x: 4.0 * x)


def _symmetric_map(r: np.random.Generator) -> Inputs:
    Q = symmetric(r, [1.0, 2.0, 5.0])
    return Named("Q x, Q a random symmetric 3x3 matrix", lambda x: Q @ x), r.normal(size=3), 0.5


HESSIAN = [
    Case("grad f(x) = [4 x[0]] (f = 2 x^2) at x = [1], h = 0.1", (GRAD_2X2, np.ones(1), 0.1)),
    Case("grad f(x) = Q x for a random symmetric 3x3 Q, h = 0.5", _symmetric_map),
    Case(
        "the gradient of rosenbrock at a random x of length 4",
        lambda r: (ROSENBROCK_GRAD, r.uniform(-1.5, 1.5, size=4)),
    ),
]


@check("calculus.hessian")
def hessian(t: Trial) -> None:
    run_cases(t, HESSIAN)
    # A point where the raw Jacobian of this gradient is not exactly symmetric.
    label = "the gradient of rosenbrock at x = [0.3, -1.7, 2.9]: exact symmetry"
    H = np.asarray(t.call(label, ROSENBROCK_GRAD, np.array([0.3, -1.7, 2.9])))
    t.require(
        H.shape == (3, 3) and bool(np.array_equal(H, H.T)),
        label,
        "your Hessian is not exactly symmetric: H[i, j] and H[j, i] estimate the same second "
        "derivative, but finite differences round them differently. Return (J + J.T) / 2.",
        got=H,
        mistake="not-symmetrized",
    )


GRAD_LINEAR = Named("grad f(x) = [-3] (f = -3x)", lambda x: np.array([-3.0]))
GRAD_BOWL = Named("grad f(x) = 2x (f = ||x||^2)", lambda x: 2.0 * x)


def _along_gradient(r: np.random.Generator) -> Inputs:
    x = r.normal(size=3)
    return GRAD_BOWL, x, x.copy()


def _across_gradient(r: np.random.Generator) -> Inputs:
    x = r.normal(size=6)
    return GRAD_BOWL, x, np.concatenate([[x[1], -x[0]], np.zeros(4)])  # v orthogonal to x


DIRECTIONAL_DERIVATIVE = [
    Case("f = -3x at x = [1], v = [2] (exact: -3)", (GRAD_LINEAR, np.ones(1), np.full(1, 2.0))),
    Case("f = ||x||^2 at a random x, v = x (along the gradient)", _along_gradient),
    Case(
        "rosenbrock at a random x of length 4, a random v",
        lambda r: (ROSENBROCK_GRAD, r.uniform(-1.5, 1.5, size=4), r.normal(size=4)),
    ),
    Case("f = ||x||^2 at a random x, v orthogonal to the gradient (exact: 0)", _across_gradient),
    Case("a v of length 1e8", lambda r: (GRAD_BOWL, r.normal(size=3), 1e8 * r.normal(size=3))),
    Case("v = 0", (GRAD_BOWL, np.ones(2), np.zeros(2)), raises=ValueError, why="for v = 0"),
]
directional_derivative = cases("calculus.directional-derivative", DIRECTIONAL_DERIVATIVE)

# -- the chain rule ------------------------------------------------------------------------


def _against_differences(
    f: Any, x: np.ndarray, A: np.ndarray, b: np.ndarray, got: Any, _expected: Any
) -> Mismatch | None:
    """The learner's gradient against central differences of ``f(x, A, b)`` in x."""
    # Central differences with eps = 1e-6 on f of order 1: error ~ 1e-10, far inside
    # rtol 1e-6, atol 1e-8; a missing factor or transpose is off by order 1.
    numerical = numerical_grad(lambda z: f(z, A, b), x)
    return compare_gradients({"x": got}, {"x": numerical}, rtol=1e-6, atol=1e-8)


def _random_problem(n: int, m: int) -> MakeInputs:
    """Inputs (x, A, b) with a random (m, n) A."""
    return lambda r: (r.normal(size=n), r.normal(size=(m, n)), r.normal(size=m))


BY_DIFFERENCES = [
    Case("A = [[2]], b = [1], x = [1.5]", (np.full(1, 1.5), np.full((1, 1), 2.0), np.ones(1))),
    Case("a random 3x3 A at a random x", _random_problem(3, 3)),
    Case("a random 5x2 A (m > n)", _random_problem(2, 5)),
    Case("a random 2x4 A (m < n)", _random_problem(4, 2)),
]


def _least_squares_point(r: np.random.Generator) -> Inputs:
    A, b = r.normal(size=(4, 3)), r.normal(size=4)
    return np.linalg.lstsq(A, b, rcond=None)[0], A, b


# The gradient there is 0 up to rounding: compared with an absolute tolerance of 1e-10.
AT_THE_MINIMUM = [Case("at the least-squares point, where A^T r = 0", _least_squares_point)]
LARGE_ENTRIES = [
    Case(
        "a random 6x3 A with entries near 1e3",
        lambda r: (r.normal(size=3), 1e3 * r.normal(size=(6, 3)), 1e3 * r.normal(size=6)),
    )
]


@check("calculus.chain-rule")
def chain_rule(t: Trial) -> None:
    for case in BY_DIFFERENCES:
        x, A, b = draw(case, t.rng)
        compare = partial(_against_differences, t.ref.composite_value, x, A, b)
        t.compare(f"{case.label}: against central differences of f", x, A, b, compare=compare)
    run_cases(t, AT_THE_MINIMUM, compare=partial(close, rtol=t.rtol, atol=1e-10))
    run_cases(t, LARGE_ENTRIES)


# -- Taylor polynomials --------------------------------------------------------------------

SIN_ABOUT_1 = np.array([np.sin(1), np.cos(1), -np.sin(1), -np.cos(1), np.sin(1), np.cos(1)])

TAYLOR = [
    Case("a constant 2.5 about a = 0, at 3 points", (np.full(1, 2.5), 0.0, np.array([-1, 0, 3.0]))),
    Case("exp about a = 0, 4 terms, at 3 points", (np.ones(4), 0.0, np.array([0.5, -1, 2]))),
    Case("sin about a = 1, 6 terms, at 7 points", (SIN_ABOUT_1, 1.0, np.linspace(-1, 3, 7))),
    Case(
        "5 random terms about a = -2, x a 2x3 array",
        lambda r: (r.normal(size=5), -2.0, r.uniform(-3, 0, size=(2, 3))),
    ),
    Case("x = a exactly: the value f(a)", lambda r: (r.normal(size=4), 0.7, np.array([0.7]))),
    Case("a scalar x = 3.5 (0-d array)", (np.array([1.0, -1.0, 0.5]), 2.0, np.array(3.5))),
    Case("no terms", (np.array([]), 0.0, np.ones(2)), raises=ValueError, why="for no derivatives"),
]
taylor = cases("calculus.taylor", TAYLOR)

# -- gradient descent and Newton -------------------------------------------------------------


def _bowl(*scales: float) -> tuple[Named, Named]:
    """f(x) = sum(scales * x^2) / 2: its gradient and Hessian."""
    s = np.array(scales)
    f = f"sum({list(scales)} * x**2) / 2"
    return Named(f"grad of {f}", lambda x: s * x), Named(f"hessian of {f}", lambda x: np.diag(s))


def _descent_path(m: ModuleType, grad_f: Named, x0: np.ndarray, lr: float, n_steps: int) -> Trace:
    return path_trace(m.gradient_descent(grad_f, x0, lr, n_steps))


def _newton_path(
    m: ModuleType, grad_f: Named, hess_f: Named, x0: np.ndarray, n_steps: int
) -> Trace:
    return path_trace(m.newton_minimize(grad_f, hess_f, x0, n_steps))


X_SQUARED, NARROW = _bowl(2.0)[0], _bowl(1.0, 10.0)[0]
Q, C = np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([1.0, -1.0])
QUADRATIC = Named("Q x + c", lambda x: Q @ x + C), Named("Q", lambda x: Q.copy())

GRADIENT_DESCENT = [
    Case("f = x^2 from x0 = [1], lr = 0.1, 3 steps", (X_SQUARED, np.array([1.0]), 0.1, 3)),
    Case("zero steps: the path is just x0", (X_SQUARED, np.array([-2.0]), 0.1, 0)),
    Case(
        "a bowl with curvatures 1 and 10, lr = 0.15, 30 steps",
        lambda r: (NARROW, r.normal(size=2), 0.15, 30),
    ),
    Case(
        "rosenbrock from [-1, 1], lr = 1e-3, 50 steps",
        (ROSENBROCK_GRAD, np.array([-1.0, 1]), 1e-3, 50),
    ),
    Case("lr = 0.25 above 2 / L = 0.2: it diverges, 10 steps", (NARROW, np.ones(2), 0.25, 10)),
    Case("lr = 0", (NARROW, np.ones(2), 0.0, 5), raises=ValueError, why="for a learning rate of 0"),
]
gradient_descent = cases("calculus.gradient-descent", GRADIENT_DESCENT, call=_descent_path)


def _cosh_bowl(r: np.random.Generator) -> Inputs:
    S = symmetric(r, [1.0, 3.0, 8.0])
    grad_f = Named("sinh(x) + S x", lambda x: np.sinh(x) + S @ x)
    hess_f = Named("diag(cosh(x)) + S", lambda x: np.diag(np.cosh(x)) + S)
    return grad_f, hess_f, r.uniform(-2, 2, size=3), 6


NEWTON = [
    Case("f = 2 x^2 from x0 = [1], 2 steps (lands on 0 in one)", (*_bowl(4.0), np.ones(1), 2)),
    Case(
        "f = x^T Q x / 2 + c^T x with Q = [[3, 1], [1, 2]], c = [1, -1], 2 steps",
        lambda r: (*QUADRATIC, r.normal(size=2), 2),
    ),
    Case("f = sum(cosh(x)) + x^T S x / 2 (convex, not quadratic), 6 steps", _cosh_bowl),
    Case(
        "rosenbrock from [-1.2, 1], 8 steps",
        (ROSENBROCK_GRAD, ROSENBROCK_HESSIAN, np.array([-1.2, 1.0]), 8),
    ),
]
newton = cases("calculus.newton", NEWTON, call=_newton_path)

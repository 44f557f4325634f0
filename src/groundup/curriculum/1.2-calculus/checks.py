"""Checks for section 1.2, Calculus and gradients.

The functions handed to the learner's code are small callable objects whose printed
form is their formula, so that a failing case shows which function was differentiated.
Each has its exact derivative alongside, used where a check compares with the truth
rather than with the reference (the hand-derived chain rule).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from groundup.testing import Mismatch, Named, Trial, check, close
from groundup.testing.gradcheck import compare_gradients, numerical_grad
from groundup.testing.inputs import symmetric


def _rosenbrock_grad(x: np.ndarray) -> np.ndarray:
    """The gradient of sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2."""
    g = np.zeros_like(x)
    inner = x[1:] - x[:-1] ** 2
    g[:-1] += -400.0 * x[:-1] * inner - 2.0 * (1.0 - x[:-1])
    g[1:] += 200.0 * inner
    return g


def _rosenbrock_hess(x: np.ndarray) -> np.ndarray:
    n = x.shape[0]
    H = np.zeros((n, n))
    for i in range(n - 1):
        H[i, i] += 1200.0 * x[i] ** 2 - 400.0 * x[i + 1] + 2.0
        H[i, i + 1] += -400.0 * x[i]
        H[i + 1, i] += -400.0 * x[i]
        H[i + 1, i + 1] += 200.0
    return H


ROSENBROCK = Named(
    "rosenbrock(x) = sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2",
    lambda x: float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)),
)
LOGSUMEXP = Named("log(sum(exp(x)))", lambda x: float(np.log(np.sum(np.exp(x)))))

# -- derivatives of one variable -----------------------------------------------------------


@check("calculus.central-difference")
def central_difference(t: Trial) -> None:
    square = Named("x**2", lambda x: x**2)
    t.compare("f(x) = x**2 at x = 1 with h = 0.1 (exact: 2)", square, 1.0, 0.1)
    t.compare("f(x) = sin(x) at x = 0.7 with h = 1e-3", Named("sin(x)", np.sin), 0.7, 1e-3)
    x = float(t.rng.uniform(-2.0, 2.0))
    t.compare(
        f"f(x) = exp(3x) at x = {x:.4f}, default step", Named("exp(3x)", lambda z: np.exp(3 * z)), x
    )
    t.compare(
        "f(x) = x**3 - 2x at x = 0, default step", Named("x**3 - 2x", lambda z: z**3 - 2 * z), 0.0
    )
    t.compare("f(x) = x**2 at x = 1e6, default step (exact: 2e6)", square, 1e6)
    t.compare(
        "f(x) = 1 / (1 + x**2) at x = -3e5, default step",
        Named("1 / (1 + x**2)", lambda z: 1.0 / (1.0 + z**2)),
        -3e5,
        compare=lambda got, exp: close(got, exp, t.rtol, 1e-20),
    )
    t.raises("h = 0", ValueError, square, 1.0, 0.0, why="for a step h = 0")


@check("calculus.complex-step")
def complex_step(t: Trial) -> None:
    t.compare("f(x) = x**2 at x = 1 (exact: 2)", Named("x**2", lambda x: x**2), 1.0)
    t.compare("f(x) = sin(x) at x = -0.5 (f(x) < 0)", Named("sin(x)", np.sin), -0.5)
    x = float(t.rng.uniform(-2.0, 2.0))
    t.compare(f"f(x) = exp(3x) at x = {x:.4f}", Named("exp(3x)", lambda z: np.exp(3 * z)), x)
    t.compare(
        "f(x) = exp(x) / sqrt(sin(x)**3 + cos(x)**3) at x = 1.5 (a classic test)",
        Named(
            "exp(x) / sqrt(sin(x)**3 + cos(x)**3)",
            lambda z: np.exp(z) / np.sqrt(np.sin(z) ** 3 + np.cos(z) ** 3),
        ),
        1.5,
    )
    t.compare("f(x) = x**3 at x = 1e3", Named("x**3", lambda x: x**3), 1e3)
    t.compare(
        "f(x) = x**3 at x = 2 with a large step h = 1e-3", Named("x**3", lambda x: x**3), 2.0, 1e-3
    )
    t.raises(
        "h = -1e-20",
        ValueError,
        Named("x**2", lambda x: x**2),
        1.0,
        -1e-20,
        why="for a negative step",
    )


# -- gradients, Jacobians, Hessians --------------------------------------------------------


@check("calculus.gradient")
def gradient(t: Trial) -> None:
    rng = t.rng
    t.compare(
        "f(x) = x[0]**2 at x = [3], h = 0.1 (exact: [6])",
        Named("x[0]**2", lambda x: x[0] ** 2),
        np.array([3.0]),
        0.1,
    )
    t.compare("rosenbrock at x = [-1, 2], h = 1e-4", ROSENBROCK, np.array([-1.0, 2.0]), 1e-4)
    t.compare(
        "log(sum(exp(x))) at a random x of length 5, default steps", LOGSUMEXP, rng.normal(size=5)
    )
    t.compare(
        "rosenbrock at a random x of length 4, default steps",
        ROSENBROCK,
        rng.uniform(-2, 2, size=4),
    )
    t.compare(
        "f(x) = sum(x**2) / 2 at x with entries near 1e4, default steps",
        Named("sum(x**2) / 2", lambda x: 0.5 * float(np.sum(x**2))),
        1e4 * rng.normal(size=3),
        compare=lambda got, exp: close(got, exp, 1e-9, 1e-6),
    )
    t.raises("x is a 2x2 matrix", ValueError, LOGSUMEXP, np.ones((2, 2)), why="for a 2-D x")


@check("calculus.jacobian")
def jacobian(t: Trial) -> None:
    rng = t.rng
    t.compare(
        "F(x) = [x[0]**3] at x = [2], h = 0.01",
        Named("[x[0]**3]", lambda x: np.array([x[0] ** 3])),
        np.array([2.0]),
        0.01,
    )
    polar = Named(
        "F(x) = [x0 cos(x1), x0 sin(x1), x0 * x1] (R^2 -> R^3)",
        lambda x: np.array([x[0] * np.cos(x[1]), x[0] * np.sin(x[1]), x[0] * x[1]]),
    )
    t.compare("F from R^2 to R^3 at x = [2, 0.5], default steps", polar, np.array([2.0, 0.5]))
    M = rng.normal(size=(2, 4))
    t.compare(
        "F(x) = tanh(M x) from R^4 to R^2 at a random x, default steps",
        Named("tanh(M x), M a random 2x4 matrix", lambda x: np.tanh(M @ x)),
        rng.normal(size=4),
    )
    t.compare(
        "F = the gradient of rosenbrock (R^3 -> R^3) at a random x",
        Named("gradient of rosenbrock", _rosenbrock_grad),
        rng.uniform(-1.5, 1.5, size=3),
    )
    t.compare(
        "F(x) = [sum(x)] (R^5 -> R^1)",
        Named("[sum(x)]", lambda x: np.array([np.sum(x)])),
        rng.normal(size=5),
    )


@check("calculus.hessian")
def hessian(t: Trial) -> None:
    rng = t.rng
    t.compare(
        "grad f(x) = [4 x[0]] (f = 2 x^2) at x = [1], h = 0.1",
        Named("[4 x[0]]", lambda x: 4.0 * x),
        np.array([1.0]),
        0.1,
    )
    Q = symmetric(rng, [1.0, 2.0, 5.0])
    t.compare(
        "grad f(x) = Q x for a random symmetric 3x3 Q, h = 0.5",
        Named("Q x", lambda x: Q @ x),
        rng.normal(size=3),
        0.5,
    )
    t.compare(
        "the gradient of rosenbrock at a random x of length 4, default steps",
        Named("gradient of rosenbrock", _rosenbrock_grad),
        rng.uniform(-1.5, 1.5, size=4),
    )
    # Fixed inputs on which the raw Jacobian of this gradient is not exactly symmetric.
    x = np.array([0.3, -1.7, 2.9])
    H = t.call(
        "the gradient of rosenbrock at x = [0.3, -1.7, 2.9]",
        Named("gradient of rosenbrock", _rosenbrock_grad),
        x,
    )
    H = np.asarray(H)
    t.require(
        H.shape == (3, 3) and bool(np.array_equal(H, H.T)),
        "the gradient of rosenbrock at x = [0.3, -1.7, 2.9]: exact symmetry",
        "your Hessian is not exactly symmetric: H[i, j] and H[j, i] estimate the same second "
        "derivative, but finite differences round them differently. Return (J + J.T) / 2.",
        got=H,
        mistake="not-symmetrized",
    )


@check("calculus.directional-derivative")
def directional_derivative(t: Trial) -> None:
    rng = t.rng
    grad_linear = Named("grad f(x) = [-3] (f = -3x)", lambda x: np.array([-3.0]))
    t.compare(
        "f = -3x at x = [1], v = [2] (exact: -3)", grad_linear, np.array([1.0]), np.array([2.0])
    )
    grad_bowl = Named("grad f(x) = 2x (f = ||x||^2)", lambda x: 2.0 * x)
    x = rng.normal(size=3)
    t.compare("f = ||x||^2 at a random x, v = x (along the gradient)", grad_bowl, x, x.copy())
    t.compare(
        "rosenbrock at a random x of length 4, a random v",
        Named("gradient of rosenbrock", _rosenbrock_grad),
        rng.uniform(-1.5, 1.5, size=4),
        rng.normal(size=4),
    )
    x = rng.normal(size=6)
    v = np.concatenate([[x[1], -x[0]], np.zeros(4)])  # orthogonal to x
    t.compare(
        "f = ||x||^2 at a random x, v orthogonal to the gradient (exact: 0)",
        grad_bowl,
        x,
        v,
        compare=lambda got, exp: close(got, exp, t.rtol, 1e-12),
    )
    t.compare("a random v of length 1e8", grad_bowl, rng.normal(size=3), 1e8 * rng.normal(size=3))
    t.raises(
        "v is the zero vector", ValueError, grad_bowl, np.ones(2), np.zeros(2), why="for v = 0"
    )


# -- the chain rule ------------------------------------------------------------------------


def _numerically(
    t: Trial, x: np.ndarray, A: np.ndarray, b: np.ndarray
) -> Callable[[Any, Any], Mismatch | None]:
    """A comparator: the learner's gradient against central differences of f."""
    value = t.ref.composite_value

    def compare(got: Any, _expected: Any) -> Mismatch | None:
        # Central differences with eps = 1e-6 on f of order 1: error ~ 1e-10, far inside
        # rtol 1e-6, atol 1e-8; a missing factor or transpose is off by order 1.
        numerical = numerical_grad(lambda z: value(z, A, b), x)
        return compare_gradients({"x": got}, {"x": numerical}, rtol=1e-6, atol=1e-8)

    return compare


@check("calculus.chain-rule")
def chain_rule(t: Trial) -> None:
    rng = t.rng
    cases = [
        ("A = [[2]], b = [1], x = [1.5]", np.array([1.5]), np.array([[2.0]]), np.array([1.0])),
        (
            "a random 3x3 A at a random x",
            rng.normal(size=3),
            rng.normal(size=(3, 3)),
            rng.normal(size=3),
        ),
        ("a random 5x2 A (m > n)", rng.normal(size=2), rng.normal(size=(5, 2)), rng.normal(size=5)),
        ("a random 2x4 A (m < n)", rng.normal(size=4), rng.normal(size=(2, 4)), rng.normal(size=2)),
    ]
    for label, x, A, b in cases:
        t.compare(
            f"{label}: against central differences of f", x, A, b, compare=_numerically(t, x, A, b)
        )
    x, A, b = rng.normal(size=3), rng.normal(size=(4, 3)), rng.normal(size=4)
    t.compare(
        "at the minimum-norm least-squares point, where A^T r = 0",
        np.linalg.lstsq(A, b, rcond=None)[0],
        A,
        b,
        compare=lambda got, exp: close(got, exp, t.rtol, 1e-10),
    )
    t.compare(
        "a random 6x3 A with entries near 1e3",
        x,
        1e3 * rng.normal(size=(6, 3)),
        1e3 * rng.normal(size=6),
    )


# -- Taylor polynomials --------------------------------------------------------------------


@check("calculus.taylor")
def taylor(t: Trial) -> None:
    rng = t.rng
    t.compare(
        "a constant: derivatives [2.5], a = 0, at x = [-1, 0, 3]",
        np.array([2.5]),
        0.0,
        np.array([-1.0, 0.0, 3.0]),
    )
    t.compare(
        "exp about a = 0, 4 terms, at x = [0.5, -1, 2]", np.ones(4), 0.0, np.array([0.5, -1.0, 2.0])
    )
    a = 1.0
    sin_derivs = np.array([np.sin(a), np.cos(a), -np.sin(a), -np.cos(a), np.sin(a), np.cos(a)])
    t.compare(
        "sin about a = 1, 6 terms, at 7 points in [-1, 3]", sin_derivs, a, np.linspace(-1, 3, 7)
    )
    t.compare(
        "random derivatives, a = -2, x a 2x3 array",
        rng.normal(size=5),
        -2.0,
        rng.uniform(-3, 0, size=(2, 3)),
    )
    t.compare("x = a exactly: the value f(a)", rng.normal(size=4), 0.7, np.array([0.7]))
    t.compare("a scalar x = 3.5 (0-d array)", np.array([1.0, -1.0, 0.5]), 2.0, np.array(3.5))
    t.raises(
        "no derivatives at all",
        ValueError,
        np.array([]),
        0.0,
        np.ones(2),
        why="for an empty list of derivatives",
    )


# -- gradient descent and Newton -------------------------------------------------------------


def _bowl(scales: np.ndarray) -> tuple[Named, Named]:
    """f(x) = sum(scales * x^2) / 2: its gradient and Hessian."""
    grad = Named(f"grad of sum({scales.tolist()} * x**2) / 2", lambda x: scales * x)
    hess = Named(f"hessian of sum({scales.tolist()} * x**2) / 2", lambda x: np.diag(scales))
    return grad, hess


@check("calculus.gradient-descent")
def gradient_descent(t: Trial) -> None:
    rng = t.rng
    grad, _ = _bowl(np.array([2.0]))
    t.compare("f = x^2 from x0 = [1], lr = 0.1, 3 steps", grad, np.array([1.0]), 0.1, 3)
    t.compare("zero steps: the path is just x0", grad, np.array([-2.0]), 0.1, 0)
    grad, _ = _bowl(np.array([1.0, 10.0]))
    t.compare(
        "an ill-conditioned bowl (curvatures 1 and 10), lr = 0.15, 30 steps",
        grad,
        rng.normal(size=2),
        0.15,
        30,
    )
    t.compare(
        "rosenbrock from [-1, 1], lr = 1e-3, 50 steps",
        Named("gradient of rosenbrock", _rosenbrock_grad),
        np.array([-1.0, 1.0]),
        1e-3,
        50,
    )
    t.compare(
        "lr = 0.25 above 2 / L = 0.2: the iterates diverge, 10 steps",
        grad,
        np.array([1.0, 1.0]),
        0.25,
        10,
    )
    t.raises("lr = 0", ValueError, grad, np.ones(2), 0.0, 5, why="for a learning rate of 0")


@check("calculus.newton")
def newton(t: Trial) -> None:
    rng = t.rng
    grad, hess = _bowl(np.array([4.0]))
    t.compare(
        "f = 2 x^2 from x0 = [1], 2 steps (lands on 0 in one)", grad, hess, np.array([1.0]), 2
    )
    Q = np.array([[3.0, 1.0], [1.0, 2.0]])
    c = np.array([1.0, -1.0])
    t.compare(
        "f = x^T Q x / 2 + c^T x with Q = [[3, 1], [1, 2]], c = [1, -1], 2 steps",
        Named("Q x + c", lambda x: Q @ x + c),
        Named("Q", lambda x: Q.copy()),
        rng.normal(size=2),
        2,
    )
    S = symmetric(rng, [1.0, 3.0, 8.0])
    t.compare(
        "f = sum(cosh(x)) + x^T S x / 2 (convex, not quadratic), 6 steps",
        Named("sinh(x) + S x", lambda x: np.sinh(x) + S @ x),
        Named("diag(cosh(x)) + S", lambda x: np.diag(np.cosh(x)) + S),
        rng.uniform(-2, 2, size=3),
        6,
    )
    t.compare(
        "rosenbrock from [-1.2, 1], 8 steps",
        Named("gradient of rosenbrock", _rosenbrock_grad),
        Named("hessian of rosenbrock", _rosenbrock_hess),
        np.array([-1.2, 1.0]),
        8,
    )

"""The section 1.2 derivative tools against exact derivatives and PyTorch autograd.

Tolerances follow the error of each method in float64 (eps = 2.2e-16): a central
difference with step h errs by about h^2 |f'''| / 6 + eps |f| / h, which is ~1e-10 at
the default step h = 6e-6 for the functions of order 1 to 10 used here, so central
results are held to 1e-8; the complex step has no cancellation and is held to 1e-14;
closed-form code (the chain rule, Taylor) is held to 1e-12 against torch in float64.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from groundup.math.calculus import (
    EPS,
    central_difference,
    central_step,
    complex_step_derivative,
    composite_grad,
    composite_value,
    directional_derivative,
    hessian,
    jacobian,
    numerical_gradient,
    taylor_polynomial,
)

torch.set_num_threads(1)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20240602)


def rosenbrock_np(x: np.ndarray) -> float:
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))


def rosenbrock_torch(x: torch.Tensor) -> torch.Tensor:
    return torch.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def torch_grad(fn, x: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(fn(t), t)
    return g.numpy()


# -- one variable ---------------------------------------------------------------------------


@pytest.mark.parametrize("x", [-1.3, 0.0, 0.4, 2.0])
def test_central_difference_matches_exact_derivatives(x: float) -> None:
    # exp(3x): f''' = 27 exp(3x) <= 1e4 on this range; truncation (6e-6)^2 / 6 * 1e4 ~ 6e-8
    # relative to f' = 3 exp(3x) that is below 2e-8.
    assert central_difference(lambda z: np.exp(3 * z), x) == pytest.approx(
        3 * math.exp(3 * x), rel=2e-8, abs=1e-9
    )
    assert central_difference(np.sin, x) == pytest.approx(math.cos(x), rel=1e-9, abs=1e-10)


def test_central_difference_is_exact_on_quadratics_and_second_order() -> None:
    # Central differences cancel the f'' term: exact (up to rounding) on x^2 for any h.
    assert central_difference(lambda z: z * z, 3.0, 0.5) == pytest.approx(6.0, rel=1e-15)
    # Error ~ h^2 f'''(x) / 6: halving h divides the error by 4 (within 5% for sin).
    e1 = abs(central_difference(np.sin, 1.0, 1e-2) - math.cos(1.0))
    e2 = abs(central_difference(np.sin, 1.0, 5e-3) - math.cos(1.0))
    assert e1 / e2 == pytest.approx(4.0, rel=0.05)
    assert e1 == pytest.approx(1e-4 * math.cos(1.0) / 6, rel=0.01)


def test_default_step_scales_with_x_and_beats_tiny_steps() -> None:
    assert central_step(1e6) == pytest.approx(EPS ** (1 / 3) * 1e6)
    assert central_step(0.1) == pytest.approx(EPS ** (1 / 3))
    # At x = 1e6 the default step still gives ~10 correct digits of d/dx x^3 = 3e12.
    assert central_difference(lambda z: z**3, 1e6) == pytest.approx(3e12, rel=1e-9)
    # A tiny step loses the answer to rounding: error ~ eps |f| / h = 2e-16 * 20 / 1e-15.
    tiny = central_difference(lambda z: np.exp(3 * z), 1.0, 1e-15)
    assert abs(tiny - 3 * math.exp(3)) > 1e-2


def test_central_difference_rejects_bad_steps() -> None:
    with pytest.raises(ValueError, match="positive"):
        central_difference(np.sin, 1.0, 0.0)


@pytest.mark.parametrize("x", [-0.5, 0.3, 1.5])
def test_complex_step_matches_autograd_to_machine_precision(x: float) -> None:
    def f_np(z):  # type: ignore[no-untyped-def]
        return np.exp(z) / np.sqrt(np.sin(z) ** 3 + np.cos(z) ** 3)

    def f_t(z: torch.Tensor) -> torch.Tensor:
        return torch.exp(z) / torch.sqrt(torch.sin(z) ** 3 + torch.cos(z) ** 3)

    expected = float(torch_grad(f_t, np.array(x)))
    # No subtraction: the result is correct to a few ulps (1e-14 leaves 50x margin).
    assert complex_step_derivative(f_np, x) == pytest.approx(expected, rel=1e-14)
    # The same h = 1e-20 for central differences would be pure rounding noise.
    assert (
        abs(complex_step_derivative(f_np, x) - expected)
        < abs(central_difference(f_np, x) - expected) + 1e-15
    )


# -- several variables ----------------------------------------------------------------------


def test_numerical_gradient_matches_autograd(rng: np.random.Generator) -> None:
    for n in (1, 2, 5):
        x = rng.uniform(-1.5, 1.5, size=n)
        got = numerical_gradient(rosenbrock_np, x)
        # Gradient entries up to ~1e3 with third derivatives ~2e3: central error
        # (6e-6)^2 / 6 * 2e3 ~ 1e-8 absolute; 1e-6 absolute leaves 100x margin.
        np.testing.assert_allclose(got, torch_grad(rosenbrock_torch, x), rtol=1e-8, atol=1e-6)


def test_numerical_gradient_leaves_x_unchanged(rng: np.random.Generator) -> None:
    x = rng.normal(size=4)
    before = x.copy()
    numerical_gradient(rosenbrock_np, x)
    np.testing.assert_array_equal(x, before)


def test_jacobian_matches_torch(rng: np.random.Generator) -> None:
    M = rng.normal(size=(3, 4))

    def F_np(x: np.ndarray) -> np.ndarray:
        return np.tanh(M @ x) * np.sum(x**2)

    def F_t(x: torch.Tensor) -> torch.Tensor:
        return torch.tanh(torch.tensor(M) @ x) * torch.sum(x**2)

    x = rng.normal(size=4)
    expected = torch.autograd.functional.jacobian(F_t, torch.tensor(x)).numpy()  # (3, 4)
    got = jacobian(F_np, x)
    assert got.shape == (3, 4)
    # Entries of order 1-10, third derivatives of order 10: error ~ 6e-11; 1e-8 is safe.
    np.testing.assert_allclose(got, expected, rtol=1e-8, atol=1e-8)


def test_hessian_matches_torch_and_is_symmetric(rng: np.random.Generator) -> None:
    x = rng.uniform(-1.2, 1.2, size=4)

    def grad_np(z: np.ndarray) -> np.ndarray:
        return torch_grad(rosenbrock_torch, z)

    expected = torch.autograd.functional.hessian(rosenbrock_torch, torch.tensor(x)).numpy()
    got = hessian(grad_np, x)
    np.testing.assert_array_equal(got, got.T)
    # Hessian entries up to ~2e3; differences of the exact gradient: error ~ h^2 f'''' / 6
    # (f'''' = 2400) plus eps |grad| / h ~ 4e-8; 1e-6 absolute leaves margin.
    np.testing.assert_allclose(got, expected, rtol=1e-8, atol=1e-6)


def test_directional_derivative_matches_jvp(rng: np.random.Generator) -> None:
    x, v = rng.normal(size=3), 1e3 * rng.normal(size=3)
    u = v / np.linalg.norm(v)
    _, jvp = torch.autograd.functional.jvp(rosenbrock_torch, torch.tensor(x), torch.tensor(u))
    got = directional_derivative(lambda z: torch_grad(rosenbrock_torch, z), x, v)
    # One dot product of length 3: a few ulps of the largest term (~1e2).
    assert got == pytest.approx(float(jvp), rel=1e-12, abs=1e-12)
    with pytest.raises(ValueError, match="zero vector"):
        directional_derivative(lambda z: z, x, np.zeros(3))


def test_composite_grad_matches_autograd(rng: np.random.Generator) -> None:
    for m, n in [(1, 1), (5, 2), (2, 4)]:
        x, A, b = rng.normal(size=n), rng.normal(size=(m, n)), rng.normal(size=m)
        At, bt = torch.tensor(A), torch.tensor(b)
        expected = torch_grad(lambda z, At=At, bt=bt: torch.log1p(torch.sum((At @ z - bt) ** 2)), x)
        # The same closed form evaluated twice in float64: a few ulps.
        np.testing.assert_allclose(composite_grad(x, A, b), expected, rtol=1e-12, atol=1e-14)
        value = float(torch.log1p(torch.sum((At @ torch.tensor(x) - bt) ** 2)))
        assert composite_value(x, A, b) == pytest.approx(value, rel=1e-13)


def test_taylor_polynomial_of_exp_matches_numpy_polynomial() -> None:
    x = np.linspace(-1.0, 2.0, 9)
    coefficients = [1 / math.factorial(k) for k in range(6)]
    expected = np.polynomial.Polynomial(coefficients)(x)
    # Sums of 6 terms below 8: a few ulps.
    np.testing.assert_allclose(taylor_polynomial(np.ones(6), 0.0, x), expected, rtol=1e-13)
    # Lagrange remainder: |exp(x) - T_5(x)| <= e^max(x,0) |x|^6 / 6!.
    bound = np.exp(np.maximum(x, 0)) * np.abs(x) ** 6 / math.factorial(6)
    assert np.all(np.abs(np.exp(x) - taylor_polynomial(np.ones(6), 0.0, x)) <= bound + 1e-15)


def test_taylor_about_a_nonzero_point() -> None:
    # sin about a = 1 to degree 7, evaluated at 1.5: remainder <= 0.5^8 / 8! ~ 1e-7.
    a = 1.0
    derivs = np.array([np.sin(a), np.cos(a), -np.sin(a), -np.cos(a)] * 2)
    got = taylor_polynomial(derivs, a, np.array([1.5]))
    assert abs(got[0] - math.sin(1.5)) <= 0.5**8 / math.factorial(8)
    with pytest.raises(ValueError, match="non-empty"):
        taylor_polynomial(np.array([]), 0.0, np.ones(2))

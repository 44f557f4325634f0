"""The section 1.2 and 1.6 minimizers against torch.optim and closed forms.

Each minimizer is run on the same float64 function as the matching ``torch.optim``
optimizer for 30-50 steps; the two apply the same update equations in a different
arithmetic order, so paths agree to about n_steps * a few ulps, and are held to 1e-10.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from groundup.math.descent import (
    adam,
    gradient_descent,
    heavy_ball,
    nesterov,
    newton_minimize,
    rmsprop,
)

torch.set_num_threads(1)


def rosenbrock_t(x: torch.Tensor) -> torch.Tensor:
    return 100.0 * (x[1] - x[0] ** 2) ** 2 + (1.0 - x[0]) ** 2


def rosenbrock_grad(x: np.ndarray) -> np.ndarray:
    return np.array(
        [-400.0 * x[0] * (x[1] - x[0] ** 2) - 2.0 * (1.0 - x[0]), 200.0 * (x[1] - x[0] ** 2)]
    )


def rosenbrock_hess(x: np.ndarray) -> np.ndarray:
    return np.array(
        [[1200.0 * x[0] ** 2 - 400.0 * x[1] + 2.0, -400.0 * x[0]], [-400.0 * x[0], 200.0]]
    )


def torch_path(make_opt, x0: np.ndarray, n_steps: int) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The parameter after each step of a torch optimizer on Rosenbrock, float64."""
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = make_opt([p])
    path = [p.detach().numpy().copy()]
    for _ in range(n_steps):
        opt.zero_grad()
        rosenbrock_t(p).backward()
        opt.step()
        path.append(p.detach().numpy().copy())
    return np.stack(path)


X0 = np.array([-1.0, 1.0])


def test_gradient_descent_matches_sgd() -> None:
    expected = torch_path(lambda ps: torch.optim.SGD(ps, lr=1e-3), X0, 50)
    np.testing.assert_allclose(
        gradient_descent(rosenbrock_grad, X0, 1e-3, 50), expected, rtol=1e-10
    )


def test_gradient_descent_on_a_quadratic_follows_the_closed_form() -> None:
    # On f = x^T Q x / 2, x_t = (I - lr Q)^t x0 exactly; diverges when lr > 2 / lambda_max.
    Q = np.array([[3.0, 1.0], [1.0, 2.0]])
    x0 = np.array([1.0, -2.0])
    path = gradient_descent(lambda x: Q @ x, x0, 0.1, 20)
    expected = np.stack([np.linalg.matrix_power(np.eye(2) - 0.1 * Q, t) @ x0 for t in range(21)])
    np.testing.assert_allclose(path, expected, rtol=1e-12, atol=1e-15)
    lam_max = np.linalg.eigvalsh(Q)[-1]
    diverging = gradient_descent(lambda x: Q @ x, x0, 2.2 / lam_max, 100)  # |1 - 2.2|^100 ~ 8e7
    assert np.linalg.norm(diverging[-1]) > 1e3 * np.linalg.norm(x0)
    assert gradient_descent(lambda x: Q @ x, x0, 0.1, 0).shape == (1, 2)


def test_heavy_ball_matches_sgd_with_momentum() -> None:
    expected = torch_path(lambda ps: torch.optim.SGD(ps, lr=1e-3, momentum=0.9), X0, 40)
    np.testing.assert_allclose(heavy_ball(rosenbrock_grad, X0, 1e-3, 0.9, 40), expected, rtol=1e-10)


def test_nesterov_matches_torch_after_the_change_of_variables() -> None:
    # torch's nesterov=True tracks the look-ahead point y_t = x_t - lr * beta * v_t, with
    # v_t = (x_{t-1} - x_t) / lr; the two forms are the same algorithm.
    lr, beta, n = 1e-3, 0.9, 40
    expected = torch_path(
        lambda ps: torch.optim.SGD(ps, lr=lr, momentum=beta, nesterov=True), X0, n
    )
    x = nesterov(rosenbrock_grad, X0, lr, beta, n)
    y = x.copy()
    y[1:] = x[1:] - beta * (x[:-1] - x[1:])
    np.testing.assert_allclose(y, expected, rtol=1e-10)


def test_rmsprop_matches_torch() -> None:
    expected = torch_path(lambda ps: torch.optim.RMSprop(ps, lr=1e-2, alpha=0.9, eps=1e-8), X0, 40)
    np.testing.assert_allclose(
        rmsprop(rosenbrock_grad, X0, 1e-2, 40, alpha=0.9), expected, rtol=1e-10
    )


@pytest.mark.parametrize("betas", [(0.9, 0.999), (0.5, 0.9)])
def test_adam_matches_torch(betas: tuple[float, float]) -> None:
    expected = torch_path(lambda ps: torch.optim.Adam(ps, lr=1e-2, betas=betas, eps=1e-8), X0, 50)
    np.testing.assert_allclose(
        adam(rosenbrock_grad, X0, 1e-2, 50, betas=betas), expected, rtol=1e-10
    )


def test_adam_first_step_has_size_lr() -> None:
    # With bias correction m_hat = g and v_hat = g^2 at t = 1: the step is
    # lr * g / (|g| + eps), about lr * sign(g) whatever the gradient's scale.
    g = np.array([1e-3, -50.0])
    path = adam(lambda x: g + 0 * x, np.zeros(2), 0.1, 1)
    np.testing.assert_allclose(path[1], -0.1 * g / (np.abs(g) + 1e-8), rtol=1e-13)


def test_newton_one_step_on_a_quadratic_and_quadratic_convergence() -> None:
    Q = np.array([[4.0, 1.0], [1.0, 3.0]])
    c = np.array([1.0, -2.0])
    path = newton_minimize(lambda x: Q @ x + c, lambda x: Q, np.array([5.0, 5.0]), 1)
    # One linear solve with condition number ~2: a few ulps.
    np.testing.assert_allclose(path[1], np.linalg.solve(Q, -c), rtol=1e-13)
    path = newton_minimize(rosenbrock_grad, rosenbrock_hess, np.array([-1.2, 1.0]), 7)
    errors = np.linalg.norm(path - 1.0, axis=1)
    # From Rosenbrock's classic start, Newton reaches the minimum (1, 1) to 1e-12 in 7 steps
    # (the last steps at least square the error).
    assert errors[-1] < 1e-12
    assert errors[-2] < 1e-4


def test_bad_arguments_are_rejected() -> None:
    with pytest.raises(ValueError, match="learning rate"):
        gradient_descent(rosenbrock_grad, X0, -1.0, 3)
    with pytest.raises(ValueError, match="momentum"):
        heavy_ball(rosenbrock_grad, X0, 0.1, 1.0, 3)
    with pytest.raises(ValueError, match="n_steps"):
        adam(rosenbrock_grad, X0, 0.1, -1)

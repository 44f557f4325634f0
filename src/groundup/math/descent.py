r"""Iterative minimizers on small functions: gradient descent, Newton's method, momentum
(heavy ball and Nesterov), RMSProp and Adam.

Sections 1.2 Calculus and gradients (gradient descent, Newton) and 1.6 Optimization
(momentum, adaptive methods). Each minimizer takes the gradient as a callable, starts
at ``x0`` and returns the whole *path*: an array of shape ``(n_steps + 1, n)`` whose
row 0 is ``x0`` and row ``t`` the point after ``t`` updates, so that paths can be
plotted and compared step by step. The update rules and names follow PyTorch's
``torch.optim`` (``lr``, ``momentum``, ``betas``, ``eps``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from ._types import FloatArray

GradFn = Callable[[FloatArray], FloatArray]
"""The gradient of a scalar function, shape (n,) to shape (n,)."""

HessFn = Callable[[FloatArray], FloatArray]
"""The Hessian of a scalar function, shape (n,) to shape (n, n)."""


def _check_run(x0: npt.ArrayLike, lr: float, n_steps: int) -> FloatArray:
    """Validates the common arguments; returns ``x0`` as a 1-D float64 copy."""
    x = np.array(x0, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"expected `x0` to be a 1-D vector, got shape {x.shape}")
    if not lr > 0:
        raise ValueError(f"the learning rate `lr` must be positive, got {lr}")
    if isinstance(n_steps, bool) or not isinstance(n_steps, int | np.integer) or n_steps < 0:
        raise ValueError(f"`n_steps` must be a non-negative integer, got {n_steps!r}")
    return x


def _check_beta(value: float, name: str) -> None:
    if not 0.0 <= value < 1.0:
        raise ValueError(f"`{name}` must be in [0, 1), got {value}")


def _grad(grad_f: GradFn, x: FloatArray) -> FloatArray:
    """``grad_f`` at a copy of ``x`` (so a careless gradient cannot change the path)."""
    return np.asarray(grad_f(x.copy()), dtype=np.float64)


# -- section 1.2 -------------------------------------------------------------------------


def gradient_descent(grad_f: GradFn, x0: npt.ArrayLike, lr: float, n_steps: int) -> FloatArray:
    r"""Plain gradient descent, :math:`x_{t+1} = x_t - \eta \nabla f(x_t)`.

    The negative gradient is the direction of steepest descent; the learning rate
    :math:`\eta` sets how far to go. On a quadratic with Hessian eigenvalues in
    :math:`[\mu, L]` the iteration converges for :math:`0 < \eta < 2 / L` and diverges
    beyond.

    Args:
        grad_f: the gradient of ``f``.
        x0: the start, shape (n,).
        lr: the learning rate :math:`\eta > 0`.
        n_steps: the number of updates, >= 0.

    Returns:
        The path, shape (n_steps + 1, n); row 0 is ``x0``.

    Raises:
        ValueError: on a bad ``x0``, ``lr`` or ``n_steps``.
    """
    x = _check_run(x0, lr, n_steps)
    # exercise: calculus.gradient-descent
    path = [x.copy()]
    for _ in range(n_steps):
        x = x - lr * _grad(grad_f, x)
        path.append(x.copy())
    return np.stack(path)  # (n_steps + 1, n)
    # end exercise


def newton_minimize(grad_f: GradFn, hess_f: HessFn, x0: npt.ArrayLike, n_steps: int) -> FloatArray:
    r"""Newton's method for minimization, :math:`x_{t+1} = x_t - H(x_t)^{-1} \nabla f(x_t)`.

    It jumps to the minimum of the local quadratic model
    :math:`f(x) + g^\top d + \frac{1}{2} d^\top H d`, whose stationary point solves
    :math:`H d = -g`. On a quadratic it lands on the minimum in one step; near a
    minimum with a positive definite Hessian it converges quadratically (the number of
    correct digits doubles each step). The step is found by solving the linear system,
    never by forming :math:`H^{-1}`.

    Args:
        grad_f: the gradient of ``f``.
        hess_f: the Hessian of ``f``, shape (n,) to shape (n, n).
        x0: the start, shape (n,).
        n_steps: the number of updates, >= 0.

    Returns:
        The path, shape (n_steps + 1, n).

    Raises:
        ValueError: on a bad ``x0`` or ``n_steps``.
        numpy.linalg.LinAlgError: if a Hessian is singular.
    """
    x = _check_run(x0, 1.0, n_steps)
    # exercise: calculus.newton
    path = [x.copy()]
    for _ in range(n_steps):
        g = _grad(grad_f, x)  # (n,)
        H = np.asarray(hess_f(x.copy()), dtype=np.float64)  # (n, n)
        x = x - np.linalg.solve(H, g)
        path.append(x.copy())
    return np.stack(path)
    # end exercise


# -- section 1.6 -------------------------------------------------------------------------


def heavy_ball(
    grad_f: GradFn, x0: npt.ArrayLike, lr: float, momentum: float, n_steps: int
) -> FloatArray:
    r"""Gradient descent with momentum (Polyak's heavy ball), in PyTorch's form:

    .. math::

        v_{t+1} = \beta v_t + \nabla f(x_t), \qquad x_{t+1} = x_t - \eta\, v_{t+1},
        \qquad v_0 = 0.

    The velocity :math:`v` is a decaying sum of past gradients: directions that agree
    from step to step add up (up to :math:`1 / (1 - \beta)` times), directions that
    flip sign cancel. That speeds progress along a narrow valley.

    Args:
        grad_f: the gradient of ``f``.
        x0: the start, shape (n,).
        lr: the learning rate :math:`\eta > 0`.
        momentum: :math:`\beta \in [0, 1)`; 0 gives plain gradient descent.
        n_steps: the number of updates.

    Returns:
        The path, shape (n_steps + 1, n).

    Raises:
        ValueError: on a bad argument.
    """
    x = _check_run(x0, lr, n_steps)
    _check_beta(momentum, "momentum")
    # exercise: optimization.heavy-ball
    v = np.zeros_like(x)
    path = [x.copy()]
    for _ in range(n_steps):
        v = momentum * v + _grad(grad_f, x)
        x = x - lr * v
        path.append(x.copy())
    return np.stack(path)
    # end exercise


def nesterov(
    grad_f: GradFn, x0: npt.ArrayLike, lr: float, momentum: float, n_steps: int
) -> FloatArray:
    r"""Nesterov's accelerated gradient: momentum with the gradient taken at the
    look-ahead point where the velocity is about to carry the iterate:

    .. math::

        v_{t+1} = \beta v_t + \nabla f(x_t - \eta \beta v_t), \qquad
        x_{t+1} = x_t - \eta\, v_{t+1}, \qquad v_0 = 0.

    Looking ahead lets the method correct an overshoot one step earlier than the heavy
    ball; on smooth convex functions it attains the optimal rate
    :math:`O(1/t^2)`.

    Args:
        grad_f: the gradient of ``f``.
        x0: the start, shape (n,).
        lr: the learning rate :math:`\eta > 0`.
        momentum: :math:`\beta \in [0, 1)`.
        n_steps: the number of updates.

    Returns:
        The path, shape (n_steps + 1, n).

    Raises:
        ValueError: on a bad argument.
    """
    x = _check_run(x0, lr, n_steps)
    _check_beta(momentum, "momentum")
    # exercise: optimization.nesterov
    v = np.zeros_like(x)
    path = [x.copy()]
    for _ in range(n_steps):
        lookahead = x - lr * momentum * v
        v = momentum * v + _grad(grad_f, lookahead)
        x = x - lr * v
        path.append(x.copy())
    return np.stack(path)
    # end exercise


def rmsprop(
    grad_f: GradFn,
    x0: npt.ArrayLike,
    lr: float,
    n_steps: int,
    alpha: float = 0.99,
    eps: float = 1e-8,
) -> FloatArray:
    r"""RMSProp: divide each coordinate's step by a running root mean square of its
    gradients,

    .. math::

        s_{t+1} = \alpha s_t + (1 - \alpha) g_t^2, \qquad
        x_{t+1} = x_t - \eta \frac{g_t}{\sqrt{s_{t+1}} + \varepsilon},
        \qquad s_0 = 0,

    with :math:`g_t = \nabla f(x_t)` and squares, roots and division elementwise. A
    coordinate with large gradients gets small steps and one with small gradients
    large steps, which evens out an ill-conditioned bowl.

    Args:
        grad_f: the gradient of ``f``.
        x0: the start, shape (n,).
        lr: the learning rate :math:`\eta > 0`.
        n_steps: the number of updates.
        alpha: the decay :math:`\alpha \in [0, 1)` of the squared-gradient average.
        eps: :math:`\varepsilon > 0`, added to the root to avoid division by zero.

    Returns:
        The path, shape (n_steps + 1, n).

    Raises:
        ValueError: on a bad argument.
    """
    x = _check_run(x0, lr, n_steps)
    _check_beta(alpha, "alpha")
    if not eps > 0:
        raise ValueError(f"`eps` must be positive, got {eps}")
    # exercise: optimization.rmsprop
    s = np.zeros_like(x)
    path = [x.copy()]
    for _ in range(n_steps):
        g = _grad(grad_f, x)
        s = alpha * s + (1.0 - alpha) * g * g
        x = x - lr * g / (np.sqrt(s) + eps)
        path.append(x.copy())
    return np.stack(path)
    # end exercise


def adam(
    grad_f: GradFn,
    x0: npt.ArrayLike,
    lr: float,
    n_steps: int,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
) -> FloatArray:
    r"""Adam: momentum on the gradient and RMSProp's scaling, both bias-corrected.

    For :math:`t = 1, 2, \dots` with :math:`g_t = \nabla f(x_{t-1})`:

    .. math::

        m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2,

        \hat m_t = \frac{m_t}{1 - \beta_1^t}, \qquad
        \hat v_t = \frac{v_t}{1 - \beta_2^t}, \qquad
        x_t = x_{t-1} - \eta \frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon}.

    Starting from :math:`m_0 = v_0 = 0` the averages are biased toward zero early on
    (after one step :math:`m_1 = (1 - \beta_1) g_1`); dividing by
    :math:`1 - \beta^t` removes that bias, so the first steps have size about
    :math:`\eta` instead of being distorted.

    Args:
        grad_f: the gradient of ``f``.
        x0: the start, shape (n,).
        lr: the learning rate :math:`\eta > 0`.
        n_steps: the number of updates.
        betas: :math:`(\beta_1, \beta_2)`, each in [0, 1).
        eps: :math:`\varepsilon > 0`.

    Returns:
        The path, shape (n_steps + 1, n).

    Raises:
        ValueError: on a bad argument.
    """
    x = _check_run(x0, lr, n_steps)
    beta1, beta2 = betas
    _check_beta(beta1, "betas[0]")
    _check_beta(beta2, "betas[1]")
    if not eps > 0:
        raise ValueError(f"`eps` must be positive, got {eps}")
    # exercise: optimization.adam
    m = np.zeros_like(x)
    v = np.zeros_like(x)
    path = [x.copy()]
    for t in range(1, n_steps + 1):
        g = _grad(grad_f, x)
        m = beta1 * m + (1.0 - beta1) * g
        v = beta2 * v + (1.0 - beta2) * g * g
        m_hat = m / (1.0 - beta1**t)
        v_hat = v / (1.0 - beta2**t)
        x = x - lr * m_hat / (np.sqrt(v_hat) + eps)
        path.append(x.copy())
    return np.stack(path)
    # end exercise

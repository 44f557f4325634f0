r"""Derivatives by numbers: finite differences, complex steps, gradients, Jacobians,
Hessians, directional derivatives, a chain rule written by hand and Taylor polynomials.

Section 1.2 Calculus and gradients. Every function takes the function to differentiate
as a Python callable on float64 values and returns float64 numbers. The step rules are
the ones that balance truncation error (which shrinks with the step) against rounding
error (which grows as the step shrinks), in float64 with machine epsilon
:math:`\epsilon \approx 2.2 \times 10^{-16}`:

- forward differences, error :math:`O(h) + O(\epsilon / h)`: best :math:`h \approx
  \sqrt{\epsilon} \approx 1.5 \times 10^{-8}`;
- central differences, error :math:`O(h^2) + O(\epsilon / h)`: best :math:`h \approx
  \epsilon^{1/3} \approx 6 \times 10^{-6}`;
- the complex step, no subtraction at all: any tiny :math:`h` (``1e-20``) works.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from ._types import FloatArray

ScalarFn = Callable[[float], float]
"""A real function of one real variable."""

AnalyticFn = Callable[[complex], complex]
"""A real-analytic function written so that it also accepts complex arguments."""

VectorFn = Callable[[FloatArray], float]
"""A scalar function of a vector, :math:`f : \\mathbb{R}^n \\to \\mathbb{R}`."""

VectorMap = Callable[[FloatArray], FloatArray]
"""A vector function of a vector, :math:`F : \\mathbb{R}^n \\to \\mathbb{R}^m`."""

EPS = float(np.finfo(np.float64).eps)
"""Machine epsilon for float64, about 2.2e-16."""


def central_step(x: float) -> float:
    r"""The default central-difference step at ``x``: :math:`\epsilon^{1/3} \max(1, |x|)`.

    Scaling with :math:`|x|` keeps the step a fixed number of ulps of ``x``, so that
    ``x + h`` differs from ``x`` in the same number of digits for large and small ``x``.
    """
    return EPS ** (1.0 / 3.0) * max(1.0, abs(x))


def _as_point(x: npt.ArrayLike, name: str = "x") -> FloatArray:
    """Returns ``x`` as a 1-D float64 array (a copy), or raises ``ValueError``."""
    arr = np.array(x, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError(f"expected `{name}` to be a 1-D vector, got shape {arr.shape}")
    return arr


def _check_step(h: float) -> None:
    if not h > 0:
        raise ValueError(f"the step `h` must be positive, got {h}")


# -- derivatives of a function of one variable ---------------------------------------------


def central_difference(f: ScalarFn, x: float, h: float | None = None) -> float:
    r"""The derivative :math:`f'(x)` by the central difference

    .. math::

        f'(x) \approx \frac{f(x + h) - f(x - h)}{2 h},

    whose truncation error is :math:`\frac{h^2}{6} f'''(x)`: the :math:`f''` terms of
    the two Taylor expansions cancel, unlike in the forward difference
    :math:`(f(x + h) - f(x)) / h`, whose error is :math:`\frac{h}{2} f''(x)`.

    Args:
        f: a real function of one real variable.
        x: the point.
        h: the step; ``None`` picks :func:`central_step` (``6e-6 * max(1, |x|)``).
            NOTE: a tiny step such as ``1e-15`` is *worse*, not better: ``f(x + h)`` and
            ``f(x - h)`` then agree in almost every digit and their difference is
            mostly rounding error, of size :math:`\epsilon |f(x)| / h`.

    Returns:
        The estimate of :math:`f'(x)`, a float.

    Raises:
        ValueError: if ``h`` is not positive.
    """
    x = float(x)
    if h is not None:
        _check_step(h)
    # exercise: calculus.central-difference
    if h is None:
        h = central_step(x)
    return (float(f(x + h)) - float(f(x - h))) / (2.0 * h)
    # end exercise


def complex_step_derivative(f: AnalyticFn, x: float, h: float = 1e-20) -> float:
    r"""The derivative :math:`f'(x)` by the complex step

    .. math::

        f(x + i h) = f(x) + i h f'(x) - \frac{h^2}{2} f''(x) - \frac{i h^3}{6} f'''(x)
        + \dots \quad\Longrightarrow\quad f'(x) \approx \frac{\operatorname{Im} f(x + i h)}{h}.

    The imaginary part holds :math:`h f'(x)` with no subtraction of nearly equal
    numbers, so there is no cancellation: with ``h = 1e-20`` the estimate is exact to
    the last digit. ``f`` must be analytic and written with operations that accept
    complex numbers (``np.exp``, ``np.sin``, ``*``, ``**``; not ``abs`` or comparisons).

    Args:
        f: a real-analytic function, callable on a complex number.
        x: the (real) point.
        h: the imaginary step.

    Returns:
        The estimate of :math:`f'(x)`, a float.

    Raises:
        ValueError: if ``h`` is not positive.
    """
    _check_step(h)
    x = float(x)
    # exercise: calculus.complex-step
    value = complex(f(complex(x, h)))
    return value.imag / h
    # end exercise


# -- gradients, Jacobians, Hessians --------------------------------------------------------


def numerical_gradient(f: VectorFn, x: npt.ArrayLike, h: float | None = None) -> FloatArray:
    r"""The gradient :math:`\nabla f(x)` by central differences, one coordinate at a time:

    .. math::

        \frac{\partial f}{\partial x_i} \approx
        \frac{f(x + h_i e_i) - f(x - h_i e_i)}{2 h_i},

    with :math:`e_i` the i-th unit vector and :math:`h_i` = ``h`` or, when ``h`` is
    ``None``, :func:`central_step` of :math:`x_i`.

    Args:
        f: a scalar function of a vector of shape (n,).
        x: the point, shape (n,); never changed.
        h: the step for every coordinate, or ``None`` for a step per coordinate.

    Returns:
        The gradient estimate, shape (n,).

    Raises:
        ValueError: if ``x`` is not 1-D or ``h`` is not positive.
    """
    x = _as_point(x)
    if h is not None:
        _check_step(h)
    # exercise: calculus.gradient
    n = x.shape[0]
    grad = np.zeros(n)
    for i in range(n):
        h_i = central_step(x[i]) if h is None else h
        step = np.zeros(n)
        step[i] = h_i
        grad[i] = (float(f(x + step)) - float(f(x - step))) / (2.0 * h_i)
    return grad
    # end exercise


def jacobian(F: VectorMap, x: npt.ArrayLike, h: float | None = None) -> FloatArray:
    r"""The Jacobian matrix :math:`J_{ij} = \partial F_i / \partial x_j` by central
    differences: column ``j`` is

    .. math::

        J_{:, j} \approx \frac{F(x + h_j e_j) - F(x - h_j e_j)}{2 h_j},

    with :math:`h_j` = ``h`` or :func:`central_step` of :math:`x_j`.

    Args:
        F: maps a vector of shape (n,) to a vector of shape (m,).
        x: the point, shape (n,).
        h: the step, or ``None`` for a step per coordinate.

    Returns:
        The Jacobian, shape (m, n): one row per output, one column per input.

    Raises:
        ValueError: if ``x`` is not 1-D, ``F(x)`` is not 1-D, or ``h`` is not positive.
    """
    x = _as_point(x)
    if h is not None:
        _check_step(h)
    out_shape = np.asarray(F(x.copy())).shape
    if len(out_shape) != 1:
        raise ValueError(f"expected `F(x)` to be a 1-D vector, got shape {out_shape}")
    # exercise: calculus.jacobian
    n = x.shape[0]
    columns = []
    for j in range(n):
        h_j = central_step(x[j]) if h is None else h
        step = np.zeros(n)
        step[j] = h_j
        F_plus = np.asarray(F(x + step), dtype=np.float64)  # (m,)
        F_minus = np.asarray(F(x - step), dtype=np.float64)  # (m,)
        columns.append((F_plus - F_minus) / (2.0 * h_j))
    return np.stack(columns, axis=1)  # (m, n)
    # end exercise


def hessian(grad_f: VectorMap, x: npt.ArrayLike, h: float | None = None) -> FloatArray:
    r"""The Hessian :math:`H_{ij} = \partial^2 f / \partial x_i \partial x_j` as the
    Jacobian of the gradient, symmetrized:

    .. math::

        H = \tfrac{1}{2} (J + J^\top), \qquad J = \text{jacobian}(\nabla f, x).

    For a twice continuously differentiable ``f`` the true Hessian is symmetric
    (Schwarz's theorem); finite differences break that symmetry by rounding, and
    averaging with the transpose restores it exactly (eigenvalue routines for
    symmetric matrices rely on it).

    Args:
        grad_f: the gradient of ``f``, shape (n,) to shape (n,).
        x: the point, shape (n,).
        h: the step, or ``None`` for a step per coordinate.

    Returns:
        The Hessian estimate, shape (n, n), exactly symmetric.

    Raises:
        ValueError: if ``x`` is not 1-D or ``h`` is not positive.
    """
    x = _as_point(x)
    # exercise: calculus.hessian
    J = jacobian(grad_f, x, h)  # (n, n): row i is the derivative of grad_f(x)[i]
    return (J + J.T) / 2.0
    # end exercise


def directional_derivative(grad_f: VectorMap, x: npt.ArrayLike, v: npt.ArrayLike) -> float:
    r"""The rate of change of ``f`` at ``x`` along the direction of ``v``:

    .. math::

        D_u f(x) = \nabla f(x) \cdot u, \qquad u = \frac{v}{\|v\|_2}.

    ``v`` is normalized first, so the answer depends only on the direction of ``v``;
    it is largest, :math:`\|\nabla f(x)\|`, along the gradient itself.

    Args:
        grad_f: the gradient of ``f``, shape (n,) to shape (n,).
        x: the point, shape (n,).
        v: a nonzero direction, shape (n,).

    Returns:
        The directional derivative, a float.

    Raises:
        ValueError: if ``x`` or ``v`` is not 1-D, their lengths differ, or ``v`` is 0.
    """
    x = _as_point(x)
    v = _as_point(v, "v")
    if v.shape != x.shape:
        raise ValueError(f"`v` has shape {v.shape} but `x` has shape {x.shape}")
    if not np.any(v):
        raise ValueError("`v` is the zero vector: it has no direction")
    # exercise: calculus.directional-derivative
    u = v / np.linalg.norm(v)
    g = np.asarray(grad_f(x), dtype=np.float64)
    return float(np.sum(g * u))
    # end exercise


# -- the chain rule, by hand ------------------------------------------------------------


def _check_composite(
    x: npt.ArrayLike, A: npt.ArrayLike, b: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Validates the inputs of the composite function ``log(1 + ||A x - b||^2)``."""
    x_arr = _as_point(x)
    A_arr = np.asarray(A, dtype=np.float64)
    b_arr = _as_point(b, "b")
    if A_arr.ndim != 2 or A_arr.shape != (b_arr.shape[0], x_arr.shape[0]):
        raise ValueError(
            f"`A` must have shape (len(b), len(x)) = ({b_arr.shape[0]}, {x_arr.shape[0]}), "
            f"got {A_arr.shape}"
        )
    return x_arr, A_arr, b_arr


def composite_value(x: npt.ArrayLike, A: npt.ArrayLike, b: npt.ArrayLike) -> float:
    r"""The composite function :math:`f(x) = \log(1 + \|A x - b\|^2)`.

    Three maps in a row: :math:`r = A x - b` (affine), :math:`s = \|r\|^2` (square
    norm), :math:`f = \log(1 + s)` (a robust, slowly growing loss).

    Args:
        x: shape (n,).
        A: shape (m, n).
        b: shape (m,).

    Returns:
        The value, a float.
    """
    x_arr, A_arr, b_arr = _check_composite(x, A, b)
    r = A_arr @ x_arr - b_arr  # (m,)
    return float(np.log1p(r @ r))


def composite_grad(x: npt.ArrayLike, A: npt.ArrayLike, b: npt.ArrayLike) -> FloatArray:
    r"""The gradient of :math:`f(x) = \log(1 + \|A x - b\|^2)`, by the chain rule.

    With :math:`r = A x - b` and :math:`s = r \cdot r`:

    .. math::

        \frac{\partial f}{\partial s} = \frac{1}{1 + s}, \qquad
        \frac{\partial s}{\partial r} = 2 r, \qquad
        \frac{\partial r}{\partial x} = A
        \quad\Longrightarrow\quad
        \nabla f(x) = \frac{2 A^\top r}{1 + s}.

    The transpose appears because the gradient is the Jacobian's transpose applied to
    the upstream gradient: :math:`\nabla_x f = (\partial r / \partial x)^\top
    \nabla_r f`.

    Args:
        x: shape (n,).
        A: shape (m, n).
        b: shape (m,).

    Returns:
        The gradient, shape (n,).
    """
    x, A, b = _check_composite(x, A, b)
    # exercise: calculus.chain-rule
    r = A @ x - b  # (m,)
    s = float(r @ r)
    return 2.0 * (A.T @ r) / (1.0 + s)  # (n,)
    # end exercise


# -- Taylor polynomials --------------------------------------------------------------------


def taylor_polynomial(derivatives: npt.ArrayLike, a: float, x: npt.ArrayLike) -> FloatArray:
    r"""The Taylor polynomial of degree ``K - 1`` about ``a``, evaluated at ``x``:

    .. math::

        T_{K-1}(x) = \sum_{k=0}^{K-1} \frac{f^{(k)}(a)}{k!} (x - a)^k .

    Args:
        derivatives: :math:`[f(a), f'(a), f''(a), \dots]`, shape (K,), K >= 1.
        a: the expansion point.
        x: where to evaluate, any shape.

    Returns:
        The polynomial's values, shaped like ``x``.

    Raises:
        ValueError: if ``derivatives`` is not a non-empty 1-D array.
    """
    d = np.asarray(derivatives, dtype=np.float64)
    if d.ndim != 1 or d.shape[0] == 0:
        raise ValueError(f"`derivatives` must be a non-empty 1-D array, got shape {d.shape}")
    x = np.asarray(x, dtype=np.float64)
    a = float(a)
    # exercise: calculus.taylor
    total = np.zeros_like(x)
    for k in range(d.shape[0]):
        total = total + d[k] / math.factorial(k) * (x - a) ** k
    return total
    # end exercise

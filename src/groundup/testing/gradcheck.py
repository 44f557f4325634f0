r"""Gradient checks by central differences, in float64.

The derivative of a scalar function along one coordinate is estimated by

.. math::

    \frac{\partial f}{\partial x_i} \approx
    \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2 \varepsilon}

whose error is :math:`O(\varepsilon^2)` from truncation plus about
:math:`\epsilon_{\text{machine}} |f| / \varepsilon` from rounding; with
:math:`\varepsilon = 10^{-6}` in float64 both are near :math:`10^{-10}` for values of
order one. :func:`gradcheck` compares an analytic gradient with that estimate and, on
a mismatch, names the argument, the element and both values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from groundup.testing.compare import Mismatch
from groundup.testing.words import plural

FloatArray = npt.NDArray[np.float64]


def numerical_grad(
    f: Callable[[FloatArray], Any], x: npt.ArrayLike, eps: float = 1e-6
) -> FloatArray:
    """The gradient of a scalar function by central differences.

    Args:
        f: maps an array shaped like ``x`` to a scalar (a float or a 0-d array). It
            must not keep or modify its argument.
        x: the point, any shape; it is copied to float64 and never changed.
        eps: the step; too small and rounding dominates, too large and curvature does.

    Returns:
        An array shaped like ``x``: element ``i`` is
        ``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)``.

    Raises:
        ValueError: if ``eps`` is not positive.
    """
    if not eps > 0:
        raise ValueError(f"`eps` must be positive, got {eps}")
    point = np.array(x, dtype=np.float64)  # a copy: perturbed in place below
    grad = np.zeros_like(point)
    for i in range(point.size):
        original = point.flat[i]
        point.flat[i] = original + eps
        f_plus = float(f(point.copy()))
        point.flat[i] = original - eps
        f_minus = float(f(point.copy()))
        point.flat[i] = original
        grad.flat[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def compare_gradients(
    analytic: Mapping[str, npt.ArrayLike],
    numerical: Mapping[str, npt.ArrayLike],
    rtol: float = 1e-5,
    atol: float = 1e-7,
) -> Mismatch | None:
    """Compares analytic gradients with numerical ones, argument by argument.

    Args:
        analytic: argument name -> the gradient under test.
        numerical: argument name -> the central-difference estimate (same keys).
        rtol: relative tolerance, against the numerical value.
        atol: absolute tolerance.

    Returns:
        ``None`` if every element satisfies ``|analytic - numerical| <= atol + rtol *
        |numerical|``; otherwise a :class:`Mismatch` naming the first argument that
        fails, its worst element, and both values.
    """
    for name, expected in numerical.items():
        if name not in analytic:
            return Mismatch(f"no gradient was given for `{name}`")
        num = np.asarray(expected, dtype=np.float64)
        try:
            ana = np.asarray(analytic[name], dtype=np.float64)
        except (TypeError, ValueError):
            return Mismatch(f"the gradient for `{name}` is not an array of numbers")
        if ana.shape != num.shape:
            return Mismatch(
                f"the gradient for `{name}` has shape {ana.shape}, but `{name}` has shape "
                f"{num.shape}: a gradient has the shape of its argument"
            )
        ok = np.isclose(ana, num, rtol=rtol, atol=atol)
        if ok.all():
            continue
        # The worst element: NaN or inf first, then the largest excess over tolerance.
        with np.errstate(invalid="ignore"):  # inf - inf in a broken gradient is NaN
            excess = np.abs(ana - num) - (atol + rtol * np.abs(num))
        excess = np.where(np.isfinite(excess), excess, np.inf)
        excess = np.where(ok, -np.inf, excess)
        flat = int(np.argmax(excess))
        idx = tuple(int(i) for i in np.unravel_index(flat, ana.shape))
        where = f" at index {idx}" if ana.ndim else ""
        n_bad = int((~ok).sum())
        return Mismatch(
            f"the gradient with respect to `{name}` is wrong{where}: analytic "
            f"{ana.flat[flat]:.6g}, numerical {num.flat[flat]:.6g}",
            [
                f"{n_bad} of {plural(ok.size, 'element')} of d/d{name} "
                f"{'differs' if n_bad == 1 else 'differ'}",
                f"tolerance: |analytic - numerical| <= {atol:g} + {rtol:g} * |numerical|",
                "numerical = (f(x + eps) - f(x - eps)) / (2 eps), one element at a time",
            ],
        )
    return None


def gradcheck(
    f: Callable[..., Any],
    inputs: Mapping[str, Any],
    analytic: Mapping[str, npt.ArrayLike],
    rtol: float = 1e-5,
    atol: float = 1e-7,
    eps: float = 1e-6,
) -> Mismatch | None:
    """Checks analytic gradients of ``f(**inputs)`` against central differences.

    Args:
        f: called as ``f(**inputs)``; returns a scalar.
        inputs: every argument of ``f`` by name. Only those named in ``analytic`` are
            perturbed (as float64 copies); the rest are passed unchanged.
        analytic: argument name -> the gradient of ``f`` with respect to it.
        rtol: relative tolerance.
        atol: absolute tolerance.
        eps: the central-difference step.

    Returns:
        ``None`` when every gradient matches, otherwise a :class:`Mismatch` naming the
        argument, the element index and both values.

    Raises:
        KeyError: if ``analytic`` names an argument that is not in ``inputs``.
    """
    numerical: dict[str, FloatArray] = {}
    for name in analytic:
        if name not in inputs:
            raise KeyError(f"`{name}` has a gradient but is not one of the inputs {sorted(inputs)}")

        def f_of(value: FloatArray, name: str = name) -> Any:
            return f(**{**inputs, name: value})

        numerical[name] = numerical_grad(f_of, inputs[name], eps)
    return compare_gradients(analytic, numerical, rtol, atol)

"""Numerically stable log-sum-exp, softmax and sigmoid.

Section 1.5 Numerical methods. ``exp`` overflows float64 above about 709.78 and
underflows to 0 below about -745, yet logits of several hundred are routine in
machine learning. Each function here rewrites the textbook formula into an equal one
that never calls ``exp`` on a large positive number: shift by the maximum for
log-sum-exp and softmax, and pick the branch by sign for the sigmoid.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._types import FloatArray


def _as_float_array(x: npt.ArrayLike, name: str = "x") -> FloatArray:
    """Returns ``x`` as a float64 array with at least one dimension."""
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim == 0:
        raise ValueError(f"expected `{name}` to have at least one dimension, got a scalar")
    return arr


def _check_axis(x: FloatArray, axis: int) -> None:
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"axis {axis} is out of range for an array of shape {x.shape}")
    if x.shape[axis] == 0:
        raise ValueError(f"cannot reduce over an empty axis {axis} (shape {x.shape})")


def logsumexp(x: npt.ArrayLike, axis: int = -1) -> FloatArray:
    r"""Computes :math:`\log \sum_i e^{x_i}` along ``axis`` without overflow.

    With :math:`m = \max_i x_i`,

    .. math:: \log \sum_i e^{x_i} = m + \log \sum_i e^{x_i - m},

    and every :math:`x_i - m \le 0`, so no exponential overflows and the largest term is
    exactly :math:`e^0 = 1`, so the sum cannot underflow to 0 either. A row that is all
    :math:`-\infty` (probability zero everywhere) gives :math:`-\infty`.

    Args:
        x: an array with at least one dimension, e.g. logits of shape (B, C).
        axis: the axis to reduce.

    Returns:
        An array of ``x``'s shape without ``axis`` (a 0-d array for a vector).

    Raises:
        ValueError: if ``x`` is a scalar, ``axis`` is out of range or empty.
    """
    x = _as_float_array(x)
    _check_axis(x, axis)
    # exercise: numerics.logsumexp
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)  # NOTE: an all -inf row would give -inf - -inf = nan
    total = np.sum(np.exp(x - m), axis=axis, keepdims=True)
    with np.errstate(divide="ignore"):  # log(0) = -inf is the right answer for such a row
        out = np.log(total) + m
    return np.squeeze(out, axis=axis)
    # end exercise


def softmax(x: npt.ArrayLike, axis: int = -1) -> FloatArray:
    r"""The softmax :math:`e^{x_i} / \sum_j e^{x_j}` along ``axis``, without overflow.

    Subtracting any constant from every :math:`x_i` multiplies numerator and denominator
    by the same factor; subtracting the maximum makes the largest exponent 0, so
    nothing overflows and the denominator is at least 1.

    Args:
        x: an array with at least one dimension, e.g. logits of shape (B, C).
        axis: the axis along which the outputs sum to 1.

    Returns:
        An array of ``x``'s shape, nonnegative, summing to 1 along ``axis``.

    Raises:
        ValueError: if ``x`` is a scalar, ``axis`` is out of range or empty.
    """
    x = _as_float_array(x)
    _check_axis(x, axis)
    # exercise: numerics.softmax
    shifted = x - np.max(x, axis=axis, keepdims=True)  # (..., C), every entry <= 0
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)
    # end exercise


def sigmoid(x: npt.ArrayLike) -> FloatArray:
    r"""The logistic sigmoid :math:`\sigma(x) = 1 / (1 + e^{-x})`, elementwise, stably.

    For :math:`x \ge 0` use :math:`1 / (1 + e^{-x})`; for :math:`x < 0` the equal form
    :math:`e^{x} / (1 + e^{x})`. Written with :math:`z = e^{-|x|} \in (0, 1]`, neither
    branch ever exponentiates a positive number, so nothing overflows (the naive
    :math:`e^{-x}` overflows for :math:`x < -709`).

    Args:
        x: an array of any shape (a scalar is treated as shape ()).

    Returns:
        :math:`\sigma(x)`, float64, the shape of ``x``, in [0, 1].
    """
    x = np.asarray(x, dtype=np.float64)
    # exercise: numerics.sigmoid
    z = np.exp(-np.abs(x))  # in (0, 1]: cannot overflow
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    # end exercise

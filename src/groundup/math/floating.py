"""Floating point: machine epsilon, catastrophic cancellation and a stable rewrite.

Section 1.5 Numerical methods. A float stores a sign, an exponent and a fixed number of
significant bits (11 for float16, 24 for float32, 53 for float64, counting the implicit
leading bit). So every result is rounded to a *relative* precision: the gap between 1
and the next float, **machine epsilon**. Subtracting two nearly equal rounded numbers
keeps their (small) difference but not their relative accuracy: that is
**catastrophic cancellation**, and the cure is an algebraically equal formula that
does not subtract them.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from ._types import FloatArray


def machine_epsilon(dtype: npt.DTypeLike = np.float64) -> float:
    r"""Machine epsilon of a float type, found by halving.

    Start from :math:`\varepsilon = 1` and halve it while :math:`1 + \varepsilon / 2`,
    computed *in that type*, is still larger than 1. The last :math:`\varepsilon` for
    which :math:`1 + \varepsilon > 1` is the gap between 1 and the next float:
    :math:`2^{-10}` for float16, :math:`2^{-23}` for float32, :math:`2^{-52}` for float64.

    Args:
        dtype: a NumPy floating type (``np.float16``, ``np.float32``, ``np.float64``).

    Returns:
        Machine epsilon, as a Python float.

    Raises:
        ValueError: if ``dtype`` is not a floating type.
    """
    kind = np.dtype(dtype)
    if kind.kind != "f":
        raise ValueError(f"expected a floating dtype, got {kind}")
    # exercise: numerics.machine-epsilon
    one = np.asarray(1.0, dtype=kind)  # 0-d arrays: arithmetic stays in `kind`
    two = np.asarray(2.0, dtype=kind)
    eps = np.asarray(1.0, dtype=kind)
    # NOTE: every operation stays in `kind`; a Python float would round in float64.
    while one + eps / two > one:
        eps = eps / two
    return float(eps)
    # end exercise


def quadratic_roots_naive(a: float, b: float, c: float) -> FloatArray:
    r"""The two real roots of :math:`a x^2 + b x + c` by the school formula (unstable).

    :math:`x = (-b \pm \sqrt{b^2 - 4ac}) / 2a`. When :math:`b^2 \gg |4ac|` one of the two
    numerators subtracts two nearly equal numbers, and that root loses most of its digits.

    Returns:
        The roots in increasing order, shape (2,).
    """
    _check_quadratic(a, b, c)
    root = math.sqrt(b * b - 4.0 * a * c)
    return np.sort(np.array([(-b - root) / (2.0 * a), (-b + root) / (2.0 * a)]))


def _check_quadratic(a: float, b: float, c: float) -> None:
    """Raises ``ValueError`` unless the quadratic has two real roots."""
    if a == 0.0:
        raise ValueError("a = 0: the equation is linear, not quadratic")
    if b * b - 4.0 * a * c < 0.0:
        raise ValueError(
            f"the discriminant b^2 - 4ac = {b * b - 4.0 * a * c:.6g} is negative: no real roots"
        )


def quadratic_roots(a: float, b: float, c: float) -> FloatArray:
    r"""The two real roots of :math:`a x^2 + b x + c`, without catastrophic cancellation.

    Compute the root whose numerator *adds* two numbers of the same sign,
    :math:`q = -\tfrac{1}{2}\,(b + \operatorname{sign}(b) \sqrt{b^2 - 4ac})`,
    :math:`x_1 = q / a`; the other root follows from Vieta's formula
    :math:`x_1 x_2 = c / a`, so :math:`x_2 = c / q`. No step subtracts nearly equal
    numbers. (Take :math:`\operatorname{sign}(0) = 1`.)

    Args:
        a: the quadratic coefficient, nonzero.
        b: the linear coefficient.
        c: the constant.

    Returns:
        The roots in increasing order, shape (2,) (a double root appears twice).

    Raises:
        ValueError: if ``a == 0`` or the discriminant is negative.
    """
    _check_quadratic(a, b, c)
    # exercise: numerics.stable-quadratic
    root = math.sqrt(b * b - 4.0 * a * c)
    q = -0.5 * (b + math.copysign(root, b))  # b and sign(b) * root never cancel
    if q == 0.0:  # b = 0 and c = 0: both roots are 0
        return np.zeros(2)
    return np.sort(np.array([q / a, c / q]))
    # end exercise


def float_types_table() -> list[tuple[str, int, float, float, float]]:
    """Facts about float16, float32 and float64, for the lesson's comparison.

    Returns:
        One row per type: (name, significand bits, machine epsilon, largest finite
        value, smallest positive normal value).
    """
    rows = []
    for kind in (np.float16, np.float32, np.float64):
        info = np.finfo(kind)
        rows.append(
            (info.dtype.name, info.nmant + 1, float(info.eps), float(info.max), float(info.tiny))
        )
    return rows

"""Vectors: dot products, norms, angles and projections.

Section 1.1 Linear algebra. A vector here is a 1-D NumPy array of floats; every
function checks that its vectors have the same length and says so when they do not.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from ._types import FloatArray


def _as_vector(v: npt.ArrayLike, name: str) -> FloatArray:
    """Returns ``v`` as a 1-D float64 array, or raises ``ValueError`` naming it."""
    arr = np.asarray(v, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError(f"expected `{name}` to be a 1-D vector, got shape {arr.shape}")
    return arr


def _as_pair(u: npt.ArrayLike, v: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Returns two vectors of the same length, or raises ``ValueError``."""
    u_arr, v_arr = _as_vector(u, "u"), _as_vector(v, "v")
    if u_arr.shape != v_arr.shape:
        raise ValueError(
            f"`u` and `v` must have the same length, got {u_arr.shape[0]} and {v_arr.shape[0]}"
        )
    return u_arr, v_arr


def dot(u: npt.ArrayLike, v: npt.ArrayLike) -> float:
    r"""The dot product :math:`u \cdot v = \sum_i u_i v_i`.

    Args:
        u: a vector of shape (n,).
        v: a vector of shape (n,).

    Returns:
        The sum of the elementwise products, a float.

    Raises:
        ValueError: if the inputs are not 1-D or differ in length.
    """
    u_arr, v_arr = _as_pair(u, v)
    return float(np.sum(u_arr * v_arr))


def norm(v: npt.ArrayLike, ord: float = 2) -> float:
    r"""The length of a vector in the 1-, 2- or infinity-norm.

    :math:`\|v\|_1 = \sum_i |v_i|`, :math:`\|v\|_2 = \sqrt{\sum_i v_i^2}`,
    :math:`\|v\|_\infty = \max_i |v_i|`.

    Args:
        v: a vector of shape (n,).
        ord: 1, 2 or ``math.inf``.

    Returns:
        The norm, a float (0.0 for an empty vector).

    Raises:
        ValueError: if ``v`` is not 1-D or ``ord`` is not 1, 2 or inf.
    """
    arr = _as_vector(v, "v")
    if ord == 1:
        return float(np.sum(np.abs(arr)))
    if ord == 2:
        # NOTE: sqrt(sum(v**2)) overflows for entries above ~1e154; scaling by the largest
        # entry first keeps the squares in range.
        scale = float(np.max(np.abs(arr))) if arr.size else 0.0
        if scale == 0.0 or not math.isfinite(scale):
            return scale
        return scale * math.sqrt(float(np.sum((arr / scale) ** 2)))
    if ord == math.inf:
        return float(np.max(np.abs(arr))) if arr.size else 0.0
    raise ValueError(f"`ord` must be 1, 2 or math.inf, got {ord!r}")


def cosine_similarity(u: npt.ArrayLike, v: npt.ArrayLike) -> float:
    r"""The cosine of the angle between two vectors, :math:`u \cdot v / (\|u\| \|v\|)`.

    Args:
        u: a vector of shape (n,).
        v: a vector of shape (n,).

    Returns:
        A float in [-1, 1]: 1 for the same direction, 0 for orthogonal, -1 for opposite.

    Raises:
        ValueError: if either vector is zero (it has no direction) or the shapes differ.
    """
    u_arr, v_arr = _as_pair(u, v)
    nu, nv = norm(u_arr), norm(v_arr)
    if nu == 0.0 or nv == 0.0:
        raise ValueError("cosine similarity is undefined for a zero vector")
    # Normalize first so that large vectors do not overflow the dot product.
    cosine = dot(u_arr / nu, v_arr / nv)
    return min(1.0, max(-1.0, cosine))


def project(u: npt.ArrayLike, v: npt.ArrayLike) -> FloatArray:
    r"""The orthogonal projection of ``u`` onto the line spanned by ``v``.

    .. math:: \operatorname{proj}_v u = \frac{u \cdot v}{v \cdot v}\, v

    The result is the multiple of ``v`` closest to ``u``; ``u - project(u, v)`` is
    orthogonal to ``v``.

    Args:
        u: the vector to project, shape (n,).
        v: the direction to project onto, shape (n,), not zero.

    Returns:
        The projection, a vector of shape (n,).

    Raises:
        ValueError: if ``v`` is the zero vector or the shapes differ.
    """
    u, v = _as_pair(u, v)
    if not np.any(v):
        raise ValueError("cannot project onto the zero vector: it spans no line")
    # exercise: linalg.project
    coefficient = dot(u, v) / dot(v, v)
    return coefficient * v
    # end exercise

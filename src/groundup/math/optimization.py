r"""The landscape an optimizer walks on: convexity, critical points, smoothness, and the
learning-rate schedules used to walk it.

Section 1.6 Optimization. The minimizers themselves are in :mod:`.descent`, constrained
problems in :mod:`.constrained`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

import numpy as np
import numpy.typing as npt

from ._types import FloatArray

VectorFn = Callable[[FloatArray], float]
"""A scalar function of a vector."""

GradFn = Callable[[FloatArray], FloatArray]
"""The gradient of a scalar function, shape (n,) to shape (n,)."""

CriticalPoint = Literal["minimum", "maximum", "saddle", "degenerate"]
"""The kinds of critical point that the second-derivative test tells apart."""


def _as_pairs(X: npt.ArrayLike, Y: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Returns two float64 arrays of points, shape (p, n) each, or raises ``ValueError``."""
    X_arr = np.asarray(X, dtype=np.float64)
    Y_arr = np.asarray(Y, dtype=np.float64)
    if X_arr.ndim != 2 or X_arr.shape != Y_arr.shape or X_arr.shape[0] == 0:
        raise ValueError(
            "`X` and `Y` must be non-empty 2-D arrays of the same shape (one point per row), "
            f"got {X_arr.shape} and {Y_arr.shape}"
        )
    return X_arr, Y_arr


# -- convexity -----------------------------------------------------------------------------


def convexity_gap(f: VectorFn, X: npt.ArrayLike, Y: npt.ArrayLike, ts: npt.ArrayLike) -> float:
    r"""The largest violation of the convexity inequality along the segments
    :math:`[x_k, y_k]`:

    .. math::

        \max_{k,\, t} \; f\big(t x_k + (1 - t) y_k\big) - \big(t f(x_k) + (1 - t) f(y_k)\big).

    A function is convex when the chord between any two points of its graph lies on or
    above the graph, i.e. when every such difference is :math:`\le 0`. A positive gap
    *proves* non-convexity (it exhibits a chord below the graph); a gap :math:`\le 0`
    on many random segments is evidence, not proof, of convexity.

    Args:
        f: a scalar function of a vector of shape (n,).
        X: segment starts, shape (p, n).
        Y: segment ends, shape (p, n).
        ts: weights in [0, 1], shape (q,).

    Returns:
        The largest difference, a float (about 0 or negative for a convex ``f``).

    Raises:
        ValueError: on bad shapes or a weight outside [0, 1].
    """
    X, Y = _as_pairs(X, Y)
    ts = np.asarray(ts, dtype=np.float64)
    if ts.ndim != 1 or ts.shape[0] == 0 or np.any((ts < 0) | (ts > 1)):
        raise ValueError(f"`ts` must be a non-empty 1-D array of weights in [0, 1], got {ts}")
    # exercise: optimization.convexity-gap
    worst = -math.inf
    for x, y in zip(X, Y, strict=True):
        fx, fy = float(f(x.copy())), float(f(y.copy()))
        for t in ts:
            on_graph = float(f(t * x + (1.0 - t) * y))
            on_chord = t * fx + (1.0 - t) * fy
            worst = max(worst, on_graph - on_chord)
    return worst
    # end exercise


# -- critical points -----------------------------------------------------------------------


def classify_critical_point(H: npt.ArrayLike, tol: float = 1e-8) -> CriticalPoint:
    r"""Classifies a critical point (where :math:`\nabla f = 0`) by its Hessian.

    Near the point, :math:`f(x + d) \approx f(x) + \tfrac{1}{2} d^\top H d`. Writing
    :math:`d` in the eigenvectors of the symmetric :math:`H`,
    :math:`d^\top H d = \sum_i \lambda_i c_i^2`, so:

    - all eigenvalues :math:`> \text{tol}`: ``"minimum"`` (f rises in every direction);
    - all :math:`< -\text{tol}`: ``"maximum"``;
    - some :math:`> \text{tol}` and some :math:`< -\text{tol}`: ``"saddle"``;
    - otherwise (an eigenvalue within ``tol`` of 0 and no sign change):
      ``"degenerate"``, where the second-order test cannot decide.

    Args:
        H: a symmetric Hessian, shape (n, n), n >= 1.
        tol: eigenvalues with :math:`|\lambda| \le` ``tol`` count as zero.

    Returns:
        One of ``"minimum"``, ``"maximum"``, ``"saddle"``, ``"degenerate"``.

    Raises:
        ValueError: if ``H`` is not square and symmetric, or ``tol`` is negative.
    """
    H = np.asarray(H, dtype=np.float64)
    if H.ndim != 2 or H.shape[0] != H.shape[1] or H.shape[0] == 0:
        raise ValueError(f"expected a non-empty square matrix, got shape {H.shape}")
    if not np.allclose(H, H.T, rtol=1e-10, atol=1e-12):
        raise ValueError("the Hessian must be symmetric (symmetrize it with (H + H.T) / 2)")
    if tol < 0:
        raise ValueError(f"`tol` must be non-negative, got {tol}")
    # exercise: optimization.classify-critical-point
    eigenvalues = np.linalg.eigvalsh(H)
    has_positive = bool(np.any(eigenvalues > tol))
    has_negative = bool(np.any(eigenvalues < -tol))
    if has_positive and has_negative:
        return "saddle"
    if np.all(eigenvalues > tol):
        return "minimum"
    if np.all(eigenvalues < -tol):
        return "maximum"
    return "degenerate"
    # end exercise


# -- smoothness ----------------------------------------------------------------------------


def estimate_lipschitz(grad_f: GradFn, X: npt.ArrayLike, Y: npt.ArrayLike) -> float:
    r"""A lower estimate of the Lipschitz constant :math:`L` of the gradient,

    .. math::

        \hat L = \max_k \frac{\|\nabla f(x_k) - \nabla f(y_k)\|_2}{\|x_k - y_k\|_2}.

    :math:`L` is the smallest constant with
    :math:`\|\nabla f(x) - \nabla f(y)\| \le L \|x - y\|` everywhere; each pair gives a
    ratio no larger than :math:`L`, so the maximum over sampled pairs is a lower bound
    that tightens with more pairs. Gradient descent with step :math:`1 / L` decreases
    ``f`` at every step.

    Args:
        grad_f: the gradient of ``f``.
        X: first points, shape (p, n).
        Y: second points, shape (p, n), with :math:`y_k \ne x_k`.

    Returns:
        The estimate, a float >= 0.

    Raises:
        ValueError: on bad shapes or if some :math:`y_k = x_k`.
    """
    X, Y = _as_pairs(X, Y)
    if np.any(np.all(X == Y, axis=1)):
        raise ValueError("some pair has y_k == x_k: the ratio is undefined")
    # exercise: optimization.lipschitz
    best = 0.0
    for x, y in zip(X, Y, strict=True):
        change = np.asarray(grad_f(x.copy())) - np.asarray(grad_f(y.copy()))
        best = max(best, float(np.linalg.norm(change) / np.linalg.norm(x - y)))
    return best
    # end exercise


# -- learning-rate schedules ---------------------------------------------------------------


def cosine_warmup_lr(
    steps: npt.ArrayLike,
    max_lr: float,
    num_warmup_steps: int,
    num_training_steps: int,
    min_lr: float = 0.0,
) -> FloatArray:
    r"""Linear warm-up from 0, then a half-cosine decay: the schedule of most LLM trainings.

    The convention of Hugging Face transformers' ``get_cosine_schedule_with_warmup``
    (with a floor ``min_lr`` as in its ``get_cosine_with_min_lr_schedule_with_warmup``)
    and of section 4.4's :func:`groundup.engine.optim.lr_scheduler.cosine_warmup_lr`,
    here for a whole array of steps at once. For step :math:`s` (0-based), with
    :math:`W` = ``num_warmup_steps`` and :math:`T` = ``num_training_steps``:

    .. math::

        \eta(s) = \begin{cases}
            \eta_{\max} \dfrac{s}{W} & s < W \\[1ex]
            \eta_{\min} + \tfrac{1}{2} (\eta_{\max} - \eta_{\min})
            \left(1 + \cos(\pi p)\right) & W \le s \le T \\[1ex]
            \eta_{\min} & s > T
        \end{cases}
        \qquad p = \frac{s - W}{\max(1,\, T - W)}

    Step 0 has rate 0; the warm-up reaches :math:`\eta_{\max}` at :math:`s = W`, where
    the cosine starts, and the cosine runs half a period, down to exactly
    :math:`\eta_{\min}` at :math:`s = T`. With :math:`W = 0` there is no warm-up; with
    :math:`W = T` no decay (the rate peaks at :math:`s = T`). Past :math:`T` the rate
    stays at :math:`\eta_{\min}`, where transformers' cosine would climb back up.

    Args:
        steps: step numbers, any shape, integers >= 0.
        max_lr: the peak rate :math:`\eta_{\max}`.
        num_warmup_steps: :math:`W \ge 0`, the steps of warm-up.
        num_training_steps: :math:`T \ge W`, the step at which the rate reaches ``min_lr``.
        min_lr: the final rate :math:`\eta_{\min} \ge 0` (0 in transformers' default).

    Returns:
        The learning rates, float64, shaped like ``steps``.

    Raises:
        ValueError: for a negative step or ``min_lr``, or unless :math:`0 \le W \le T`.
    """
    s = np.asarray(steps, dtype=np.float64)
    if np.any(s < 0):
        raise ValueError(f"steps must be >= 0, got a minimum of {s.min()}")
    if not 0 <= num_warmup_steps <= num_training_steps:
        raise ValueError(
            "need 0 <= num_warmup_steps <= num_training_steps, "
            f"got {num_warmup_steps} and {num_training_steps}"
        )
    if min_lr < 0:
        raise ValueError(f"min_lr must be >= 0, got {min_lr}")
    # exercise: optimization.lr-schedule
    W, T = num_warmup_steps, num_training_steps
    # NOTE: max(1, ...) as in transformers: W = 0 has no warm-up to divide by, and W = T
    # a decay of length 0 whose only step, T, is its start.
    warmup = max_lr * s / max(1, W)
    progress = np.clip((s - W) / max(1, T - W), 0.0, 1.0)  # 1 from step T on: the floor
    cosine = min_lr + 0.5 * (max_lr - min_lr) * (1.0 + np.cos(math.pi * progress))
    return np.where(s < W, warmup, cosine)
    # end exercise

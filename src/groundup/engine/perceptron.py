r"""The perceptron: a linear threshold unit and Rosenblatt's learning rule.

Section 4.1 Perceptrons and basic networks. A perceptron computes
:math:`\hat y = [w \cdot x + b > 0]` and learns by nudging the boundary toward every
point it gets wrong: :math:`w \leftarrow w + \eta (y - \hat y) x`,
:math:`b \leftarrow b + \eta (y - \hat y)`. On linearly separable data it stops after
finitely many updates (Novikoff's theorem: at most :math:`(R/\gamma)^2`, for points
within radius R of the origin and a margin :math:`\gamma`).

Everything here is plain NumPy: autodiff comes in section 4.2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _check_features(X: FloatArray, w: FloatArray) -> None:
    if X.ndim != 2 or X.shape[1] != w.shape[0]:
        raise ValueError(f"expected X of shape (n_samples, {w.shape[0]}) to match w, got {X.shape}")


def predict(X: npt.ArrayLike, w: npt.ArrayLike, b: float) -> IntArray:
    r"""The perceptron's labels :math:`[x_i \cdot w + b > 0]` for each row of ``X``.

    Args:
        X: inputs, shape (n_samples, n_features).
        w: weights, shape (n_features,).
        b: the bias.

    Returns:
        Labels in {0, 1}, shape (n_samples,); a point exactly on the boundary is 0.
    """
    X, w = np.asarray(X, dtype=np.float64), np.asarray(w, dtype=np.float64)
    _check_features(X, w)
    # exercise: neural.perceptron-predict
    return (X @ w + b > 0).astype(np.int64)
    # end exercise


def update(
    w: npt.ArrayLike, b: float, x: npt.ArrayLike, y: int, lr: float = 1.0
) -> tuple[FloatArray, float]:
    r"""One step of the perceptron rule on the example ``(x, y)``.

    :math:`w' = w + \eta (y - \hat y) x` and :math:`b' = b + \eta (y - \hat y)`, where
    :math:`\hat y` is the current prediction for ``x``: nothing changes when it is
    right.

    Args:
        w: weights, shape (n_features,); not modified.
        b: the bias.
        x: one example, shape (n_features,).
        y: its label, 0 or 1.
        lr: the learning rate :math:`\eta`.

    Returns:
        The new ``(w, b)``.
    """
    w, x = np.asarray(w, dtype=np.float64), np.asarray(x, dtype=np.float64)
    # exercise: neural.perceptron-update
    y_hat = 1 if x @ w + b > 0 else 0
    error = y - y_hat
    return w + lr * error * x, b + lr * error
    # end exercise


@dataclass
class FitResult:
    """What :func:`fit` learned: the weights, the bias, and how it got there.

    Attributes:
        w: the weights.
        b: the bias.
        updates: the number of updates made (mistakes corrected).
        epochs: passes over the data, the last one without a mistake if it converged.
        converged: whether an epoch ended without a mistake.
    """

    w: FloatArray
    b: float
    updates: int
    epochs: int
    converged: bool


def fit(X: npt.ArrayLike, y: npt.ArrayLike, lr: float = 1.0, max_epochs: int = 100) -> FitResult:
    """Trains a perceptron from zero weights, visiting the examples in order.

    Each epoch goes through every example once and applies :func:`update`; training
    stops after the first epoch with no mistake, or after ``max_epochs``.

    Args:
        X: inputs, shape (n_samples, n_features).
        y: labels in {0, 1}, shape (n_samples,).
        lr: the learning rate.
        max_epochs: the most passes over the data.

    Returns:
        A :class:`FitResult`.
    """
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"expected X (n, d) and y (n,), got {X.shape} and {y.shape}")
    # exercise: neural.perceptron-fit
    w = np.zeros(X.shape[1])
    b = 0.0
    updates = 0
    for epoch in range(1, max_epochs + 1):
        mistakes = 0
        for x_i, y_i in zip(X, y, strict=True):
            new_w, new_b = update(w, b, x_i, int(y_i), lr)
            if new_b != b or not np.array_equal(new_w, w):
                mistakes += 1
            w, b = new_w, new_b
        updates += mistakes
        if mistakes == 0:
            return FitResult(w, b, updates, epoch, True)
    return FitResult(w, b, updates, max_epochs, False)
    # end exercise

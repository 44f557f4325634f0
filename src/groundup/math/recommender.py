r"""A recommender by matrix factorization: fill in a ratings matrix from a few entries.

Section 1.1 Linear algebra. Model each rating as a dot product,
:math:`R_{ij} \approx u_i \cdot v_j`, with a short vector per user (rows of ``U``) and
per item (rows of ``V``): a rank-``k`` matrix :math:`U V^\top`. Unlike the SVD, the
factors are fitted only to the observed entries, by gradient descent.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from ._types import BoolArray, FloatArray
from .matrices import as_matrix
from .pca import NotFittedError


def _check_ratings(R: npt.ArrayLike, mask: npt.ArrayLike) -> tuple[FloatArray, BoolArray]:
    """Returns ``R`` as floats and ``mask`` as booleans of the same 2-D shape."""
    R_arr = as_matrix(R, "R")
    mask_arr = np.asarray(mask)
    if mask_arr.dtype != np.bool_:
        raise TypeError(f"`mask` must be a boolean array, got dtype {mask_arr.dtype}")
    if mask_arr.shape != R_arr.shape:
        raise ValueError(f"`mask` has shape {mask_arr.shape} but `R` has shape {R_arr.shape}")
    if not mask_arr.any():
        raise ValueError("`mask` selects no observed ratings: there is nothing to fit")
    return R_arr, mask_arr


def mf_loss_and_grads(
    R: npt.ArrayLike, mask: npt.ArrayLike, U: npt.ArrayLike, V: npt.ArrayLike, reg: float
) -> tuple[float, FloatArray, FloatArray]:
    r"""The matrix-factorization loss and its gradients with respect to ``U`` and ``V``.

    With :math:`\Omega` the observed entries (``mask`` true) and :math:`N = |\Omega|`:

    .. math::

        L = \frac{1}{N} \sum_{(i, j) \in \Omega} (R_{ij} - u_i \cdot v_j)^2
            + \text{reg}\,(\|U\|_F^2 + \|V\|_F^2)

    With the masked error :math:`E_{ij} = u_i \cdot v_j - R_{ij}` on :math:`\Omega` and
    0 elsewhere: :math:`\partial L / \partial U = \frac{2}{N} E V + 2\,\text{reg}\,U` and
    :math:`\partial L / \partial V = \frac{2}{N} E^\top U + 2\,\text{reg}\,V`.

    Args:
        R: ratings of shape (m, n); entries where ``mask`` is false are ignored and
            may hold anything, NaN included.
        mask: booleans of shape (m, n), true where a rating is observed (at least one).
        U: user factors of shape (m, k).
        V: item factors of shape (n, k).
        reg: the L2 penalty weight, >= 0.

    Returns:
        ``(loss, dU, dV)``: a float, an array (m, k) and an array (n, k).

    Raises:
        ValueError: if the shapes do not fit together, ``reg < 0`` or nothing is
            observed.
        TypeError: if ``mask`` is not boolean.
    """
    R, mask = _check_ratings(R, mask)
    U, V = as_matrix(U, "U"), as_matrix(V, "V")
    m, n = R.shape
    if U.shape[0] != m or V.shape[0] != n or U.shape[1] != V.shape[1]:
        raise ValueError(
            f"expected U of shape ({m}, k) and V of shape ({n}, k) for R of shape {R.shape}, "
            f"got U {U.shape} and V {V.shape}"
        )
    if reg < 0:
        raise ValueError(f"`reg` must be >= 0, got {reg}")
    # exercise: linalg.mf-gradients
    n_observed = int(mask.sum())
    # NOTE: np.where, not mask * (...): a missing rating stored as NaN gives 0 * NaN = NaN.
    error = np.where(mask, U @ V.T - R, 0.0)  # (m, n), zero where unobserved
    penalty = float(np.sum(U**2)) + float(np.sum(V**2))
    loss = float(np.sum(error**2)) / n_observed + reg * penalty
    dU = 2.0 / n_observed * (error @ V) + 2.0 * reg * U  # (m, n) @ (n, k) -> (m, k)
    dV = 2.0 / n_observed * (error.T @ U) + 2.0 * reg * V  # (n, m) @ (m, k) -> (n, k)
    return loss, dU, dV
    # end exercise


class MatrixFactorization:
    r"""Predicts missing ratings with a low-rank model fitted by gradient descent.

    The prediction is :math:`\hat R = \mu + U V^\top`, where :math:`\mu` is the mean
    observed rating; ``U`` and ``V`` minimize :func:`mf_loss_and_grads` on the
    centered ratings :math:`R - \mu`, by full-batch gradient descent from small random
    values.

    Args:
        n_factors: k, the length of each user and item vector.
        reg: the L2 penalty weight.
        lr: the gradient-descent step size. The loss is a *mean* over the observed
            ratings, so each row of ``U`` gets about 1/m of the gradient signal: steps
            of order m or n (not 0.01) are the usual scale here.
        n_epochs: how many gradient steps.
        init_scale: the standard deviation of the initial factors.
        random_state: seed of the initial factors.

    Attributes:
        U_: (m, n_factors) user factors.
        V_: (n, n_factors) item factors.
        mean_: the mean observed training rating.
        loss_: the training loss before each step, one per epoch.
        train_rmse_: the training RMSE before each step.
        eval_rmse_: the RMSE on ``eval_set`` before each step (empty without one).
    """

    U_: FloatArray
    V_: FloatArray
    mean_: float
    loss_: list[float]
    train_rmse_: list[float]
    eval_rmse_: list[float]

    def __init__(
        self,
        n_factors: int = 3,
        reg: float = 1e-4,
        lr: float = 10.0,
        n_epochs: int = 300,
        init_scale: float = 0.1,
        random_state: int | None = None,
    ) -> None:
        self.n_factors = n_factors
        self.reg = reg
        self.lr = lr
        self.n_epochs = n_epochs
        self.init_scale = init_scale
        self.random_state = random_state

    def _check_params(self) -> None:
        if self.n_factors < 1:
            raise ValueError(f"n_factors must be at least 1, got {self.n_factors}")
        if self.reg < 0:
            raise ValueError(f"reg must be >= 0, got {self.reg}")
        if not self.lr > 0:
            raise ValueError(f"lr must be > 0, got {self.lr}")
        if self.n_epochs < 0:
            raise ValueError(f"n_epochs must be >= 0, got {self.n_epochs}")

    def fit(
        self,
        R: npt.ArrayLike,
        mask: npt.ArrayLike,
        eval_set: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
    ) -> MatrixFactorization:
        """Fits the factors to the observed ratings.

        Args:
            R: ratings of shape (m, n); only entries where ``mask`` is true are used.
            mask: booleans of shape (m, n), true where a rating is observed.
            eval_set: optional ``(R_eval, mask_eval)`` of the same shape, held-out
                ratings whose RMSE is recorded in ``eval_rmse_`` (never trained on).

        Returns:
            ``self``, fitted.

        Raises:
            ValueError: for a bad hyperparameter or mismatched shapes.
        """
        self._check_params()
        R_arr, mask_arr = _check_ratings(R, mask)
        evaluation = None if eval_set is None else _check_ratings(*eval_set)
        if evaluation is not None and evaluation[0].shape != R_arr.shape:
            raise ValueError(f"eval_set has shape {evaluation[0].shape}, expected {R_arr.shape}")
        rng = np.random.default_rng(self.random_state)
        m, n = R_arr.shape
        self.mean_ = float(R_arr[mask_arr].mean())
        centered = np.where(mask_arr, R_arr - self.mean_, 0.0)
        self.U_ = rng.normal(scale=self.init_scale, size=(m, self.n_factors))
        self.V_ = rng.normal(scale=self.init_scale, size=(n, self.n_factors))
        self.loss_, self.train_rmse_, self.eval_rmse_ = [], [], []
        for _ in range(self.n_epochs):
            loss, dU, dV = mf_loss_and_grads(centered, mask_arr, self.U_, self.V_, self.reg)
            self.loss_.append(loss)
            self.train_rmse_.append(self.rmse(R_arr, mask_arr))
            if evaluation is not None:
                self.eval_rmse_.append(self.rmse(*evaluation))
            self.U_ = self.U_ - self.lr * dU
            self.V_ = self.V_ - self.lr * dV
        return self

    def predict(self) -> FloatArray:
        r"""The predicted ratings :math:`\mu + U V^\top` for every (user, item), (m, n)."""
        if not hasattr(self, "U_"):
            raise NotFittedError("this MatrixFactorization is not fitted yet: call fit first")
        return self.mean_ + self.U_ @ self.V_.T  # (m, k) @ (k, n) -> (m, n)

    def rmse(self, R: npt.ArrayLike, mask: npt.ArrayLike) -> float:
        r"""Root-mean-square error of the predictions on the entries where ``mask`` is true.

        Args:
            R: true ratings of shape (m, n).
            mask: booleans of shape (m, n) selecting the ratings to score.

        Returns:
            :math:`\sqrt{\frac{1}{N}\sum_{(i,j) \in \text{mask}} (R_{ij} - \hat R_{ij})^2}`.
        """
        R_arr, mask_arr = _check_ratings(R, mask)
        errors = (R_arr - self.predict())[mask_arr]
        return math.sqrt(float(np.mean(errors**2)))

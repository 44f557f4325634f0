r"""Principal component analysis: the directions in which data varies most.

Section 1.1 Linear algebra. Center the data, take its SVD
:math:`X_c = U \operatorname{diag}(s) V^\top`: the rows of :math:`V^\top` are the
principal axes, and :math:`s_i^2 / (n - 1)` is the variance of the data along axis
``i``. The estimator follows scikit-learn's contract: ``__init__`` stores
hyperparameters, ``fit`` learns attributes ending in ``_`` and returns ``self``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._types import FloatArray
from .matrices import as_matrix


class NotFittedError(ValueError, AttributeError):
    """An estimator was used before ``fit`` (as in scikit-learn, both a ValueError and
    an AttributeError)."""


class PCA:
    """Principal component analysis by the SVD of the centered data.

    Args:
        n_components: how many principal axes to keep.

    Attributes:
        components_: (n_components, n_features), the principal axes as unit rows, in
            decreasing order of variance. Each row's sign is arbitrary.
        explained_variance_: (n_components,), the variance of the data along each axis,
            with the unbiased ``n_samples - 1`` denominator (as scikit-learn).
        explained_variance_ratio_: (n_components,), each axis's share of the total
            variance.
        mean_: (n_features,), the per-feature mean removed before projecting.
        n_samples_: how many samples ``fit`` saw.
    """

    components_: FloatArray
    explained_variance_: FloatArray
    explained_variance_ratio_: FloatArray
    mean_: FloatArray
    n_samples_: int

    def __init__(self, n_components: int) -> None:
        self.n_components = n_components

    def fit(self, X: npt.ArrayLike) -> PCA:
        r"""Learns the principal axes of ``X``.

        With :math:`X_c = X - \bar{x}` and its reduced SVD :math:`X_c = U
        \operatorname{diag}(s) V^\top`: ``components_`` is the first ``n_components``
        rows of :math:`V^\top`, ``explained_variance_`` is :math:`s_i^2 / (n - 1)` for
        those rows, and ``explained_variance_ratio_`` divides it by the total variance
        :math:`\sum_{\text{all } i} s_i^2 / (n - 1)`.

        Args:
            X: data of shape (n_samples, n_features), n_samples >= 2.

        Returns:
            ``self``, fitted.

        Raises:
            ValueError: if ``X`` is not 2-D, has fewer than 2 samples, or
                ``n_components`` is not between 1 and min(n_samples, n_features).
        """
        X = as_matrix(X, "X")
        n_samples, n_features = X.shape
        if n_samples < 2:
            raise ValueError(f"PCA needs at least 2 samples to measure variance, got {n_samples}")
        if not 1 <= self.n_components <= min(n_samples, n_features):
            raise ValueError(
                f"n_components must be between 1 and min(n_samples, n_features) = "
                f"{min(n_samples, n_features)}, got {self.n_components}"
            )
        self.n_samples_ = n_samples
        # exercise: linalg.pca
        self.mean_ = X.mean(axis=0)  # (n_features,)
        X_centered = X - self.mean_  # (n_samples, n_features)
        _, S, Vt = np.linalg.svd(X_centered, full_matrices=False)  # Vt: (r, n_features)
        variance = S**2 / (n_samples - 1)  # variance along every axis, (r,)
        self.components_ = Vt[: self.n_components]
        self.explained_variance_ = variance[: self.n_components]
        self.explained_variance_ratio_ = self.explained_variance_ / variance.sum()
        return self
        # end exercise

    def _check_fitted(self) -> None:
        if not hasattr(self, "components_"):
            raise NotFittedError(
                "this PCA is not fitted yet: call fit(X) (or fit_transform(X)) first"
            )

    def transform(self, X: npt.ArrayLike) -> FloatArray:
        r"""Coordinates of ``X`` along the principal axes, :math:`(X - \bar{x}) V_k`.

        Args:
            X: data of shape (n_samples, n_features).

        Returns:
            The projected data, shape (n_samples, n_components).

        Raises:
            NotFittedError: if called before ``fit``.
            ValueError: if ``X`` has a different number of features than the fit data.
        """
        self._check_fitted()
        X = as_matrix(X, "X")
        if X.shape[1] != self.mean_.shape[0]:
            raise ValueError(
                f"X has {X.shape[1]} features, but this PCA was fitted on {self.mean_.shape[0]}"
            )
        return (X - self.mean_) @ self.components_.T  # (n_samples, n_components)

    def inverse_transform(self, Z: npt.ArrayLike) -> FloatArray:
        r"""Maps coordinates back to feature space, :math:`Z V_k^\top + \bar{x}`.

        Args:
            Z: coordinates of shape (n_samples, n_components).

        Returns:
            The reconstruction, shape (n_samples, n_features): the projection of the
            original data onto the principal subspace.

        Raises:
            NotFittedError: if called before ``fit``.
            ValueError: if ``Z`` has the wrong number of columns.
        """
        self._check_fitted()
        Z = as_matrix(Z, "Z")
        if Z.shape[1] != self.components_.shape[0]:
            raise ValueError(
                f"Z has {Z.shape[1]} columns, expected n_components = {self.components_.shape[0]}"
            )
        return Z @ self.components_ + self.mean_  # (n_samples, n_features)

    def fit_transform(self, X: npt.ArrayLike) -> FloatArray:
        """Fits on ``X`` and returns its coordinates, shape (n_samples, n_components)."""
        return self.fit(X).transform(X)

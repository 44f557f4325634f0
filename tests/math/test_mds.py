"""The section 1.10 classical MDS reference, verified by distance reconstruction.

scikit-learn's MDS is metric SMACOF (an iterative stress minimizer), not classical MDS,
so it is not an oracle for coordinates; the oracle is the input itself: Euclidean
distances must come back exactly, and a lower-dimensional embedding must be as good as
PCA's (classical MDS of Euclidean distances *is* PCA).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.distance import cdist
from sklearn.decomposition import PCA

from groundup.math.mds import classical_mds, double_center


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(21)


def test_recovers_distances_exactly(rng: np.random.Generator) -> None:
    X = rng.normal(size=(15, 3)) * np.array([3.0, 2.0, 1.0]) + 100.0
    D = cdist(X, X)
    Y = classical_mds(D, 3)
    # eigh on a 15x15 Gram matrix with eigenvalue gaps ~10: errors ~1e-13 * |G|.
    np.testing.assert_allclose(cdist(Y, Y), D, atol=1e-9)
    np.testing.assert_allclose(Y.mean(axis=0), 0.0, atol=1e-9)  # centered


def test_matches_pca_coordinates_up_to_sign(rng: np.random.Generator) -> None:
    X = rng.normal(size=(30, 5)) * np.array([5.0, 3.0, 1.0, 0.5, 0.2])
    Y = classical_mds(cdist(X, X), 2)
    Z = PCA(n_components=2).fit_transform(X)
    signs = np.sign(np.sum(Y * Z, axis=0))
    np.testing.assert_allclose(Y * signs, Z, atol=1e-8)


def test_double_centering_zeroes_row_and_column_means(rng: np.random.Generator) -> None:
    M = double_center(rng.normal(size=(6, 6)))
    np.testing.assert_allclose(M.mean(axis=0), 0.0, atol=1e-15)
    np.testing.assert_allclose(M.mean(axis=1), 0.0, atol=1e-15)


def test_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="symmetric"):
        classical_mds(np.array([[0.0, 1.0], [2.0, 0.0]]), 1)
    with pytest.raises(ValueError, match="n_components"):
        classical_mds(np.zeros((2, 2)), 3)

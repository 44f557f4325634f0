"""Loop-free NumPy of section 0.1 against SciPy and scikit-learn.

Tolerances: ``pairwise_sq_dists`` uses the expansion ||x||^2 + ||y||^2 - 2 x.y, whose
rounding error is about eps * (||x||^2 + ||y||^2) (about 1e-14 for unit-scale points);
SciPy's ``cdist`` sums squared differences directly, so we allow atol 1e-12 and rtol
1e-12. ``standardize`` and StandardScaler both take two-pass float64 statistics: they
agree to a few eps relative (rtol 1e-12, atol 1e-12). One-hot entries are exact.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.distance import cdist
from sklearn.metrics.pairwise import euclidean_distances
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from groundup.pytools.broadcasting import batched_outer, one_hot, pairwise_sq_dists, standardize


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(11)


@pytest.mark.parametrize(("n", "m", "d"), [(1, 1, 1), (5, 3, 2), (40, 25, 16), (0, 4, 3)])
def test_pairwise_sq_dists_matches_cdist(rng: np.random.Generator, n: int, m: int, d: int) -> None:
    X, Y = rng.normal(size=(n, d)), rng.normal(size=(m, d))
    np.testing.assert_allclose(
        pairwise_sq_dists(X, Y), cdist(X, Y, "sqeuclidean"), rtol=1e-12, atol=1e-12
    )


def test_pairwise_sq_dists_matches_sklearn_and_is_never_negative(rng: np.random.Generator) -> None:
    X = rng.normal(size=(30, 5)) + 100.0  # large norms: the expansion cancels heavily
    D = pairwise_sq_dists(X, X)
    assert (D >= 0).all()
    # sklearn uses the same expansion; at norms ~5e4 both err by ~eps * 1e5 = 2e-11
    np.testing.assert_allclose(D, euclidean_distances(X, X, squared=True), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(np.diag(D), 0.0, atol=1e-9)


def test_pairwise_sq_dists_rejects_mismatched_features() -> None:
    with pytest.raises(ValueError, match="same number of columns"):
        pairwise_sq_dists(np.ones((2, 3)), np.ones((2, 4)))


@pytest.mark.parametrize("shape", [(10, 3), (1, 4), (200, 1)])
def test_standardize_matches_standard_scaler(
    rng: np.random.Generator, shape: tuple[int, int]
) -> None:
    X = rng.normal(size=shape) * rng.uniform(0.1, 10, size=shape[1]) + 5.0
    np.testing.assert_allclose(
        standardize(X), StandardScaler().fit_transform(X), rtol=1e-12, atol=1e-12
    )


def test_standardize_constant_column_and_large_offset(rng: np.random.Generator) -> None:
    X = np.column_stack([np.full(6, 3.0), 1e6 + rng.normal(size=6)])
    Z = standardize(X)
    expected = StandardScaler().fit_transform(X)  # scale 1 for the zero-variance column
    # the 1e6 offset costs ~1e6 * eps / std ~ 1e-10 in both implementations
    np.testing.assert_allclose(Z, expected, rtol=0, atol=1e-9)
    np.testing.assert_allclose(Z[:, 1].std(), 1.0, rtol=1e-9)
    with pytest.raises(ValueError):
        standardize(np.zeros((0, 2)))


def test_one_hot_matches_sklearn(rng: np.random.Generator) -> None:
    labels = rng.integers(0, 6, size=50)
    encoder = OneHotEncoder(categories=[list(range(6))], sparse_output=False)
    expected = encoder.fit_transform(labels.reshape(-1, 1))
    got = one_hot(labels, 6)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, expected)
    assert one_hot(np.array([], dtype=int), 3).shape == (0, 3)
    np.testing.assert_array_equal(one_hot([2, 0], 4), [[0, 0, 1, 0], [1, 0, 0, 0]])


@pytest.mark.parametrize("labels", [[0, 3], [-1], [0.5]])
def test_one_hot_rejects_bad_labels(labels: list[float]) -> None:
    with pytest.raises(ValueError):
        one_hot(labels, 3)


def test_batched_outer_matches_einsum(rng: np.random.Generator) -> None:
    a, b = rng.normal(size=(4, 3)), rng.normal(size=(4, 5))
    np.testing.assert_array_equal(batched_outer(a, b), np.einsum("bi,bj->bij", a, b))
    with pytest.raises(ValueError):
        batched_outer(a, b[:3])

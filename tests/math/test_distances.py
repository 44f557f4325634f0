"""The section 1.9 distance reference against scipy.spatial.distance.cdist."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.distance import cdist

from groundup.math.distances import (
    pairwise_cosine_distance,
    pairwise_euclidean,
    pairwise_manhattan,
)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(5)


def test_euclidean_matches_cdist(rng: np.random.Generator) -> None:
    X, Y = rng.normal(size=(20, 7)), rng.normal(size=(15, 7))
    # Gram identity vs direct differences: squared distances agree to a few ulps of
    # |x|^2 + |y|^2 (~30 here), so distances of order 1 agree to ~1e-13; allow 1e-10.
    np.testing.assert_allclose(pairwise_euclidean(X, Y), cdist(X, Y), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(pairwise_euclidean(X), cdist(X, X), rtol=1e-10, atol=1e-7)


def test_euclidean_never_nan_for_repeated_points() -> None:
    X = np.array([[9.0, 0.9, -7.4], [9.0, 0.9, -7.4]])  # the raw identity gives -5.7e-14
    D = pairwise_euclidean(X)
    assert not np.isnan(D).any()
    # The unresolved distance is at most sqrt(few ulps of |x|^2 = 137): below 1e-6.
    assert np.max(D) < 1e-6


def test_manhattan_and_cosine_match_cdist(rng: np.random.Generator) -> None:
    X, Y = rng.normal(size=(9, 4)), rng.normal(size=(6, 4))
    np.testing.assert_allclose(pairwise_manhattan(X, Y), cdist(X, Y, "cityblock"), rtol=1e-13)
    # Cosine distances in [0, 2]: a few ulps of rounding each, atol 1e-13.
    np.testing.assert_allclose(
        pairwise_cosine_distance(X, Y), cdist(X, Y, "cosine"), rtol=1e-12, atol=1e-13
    )


def test_cosine_is_scale_invariant_and_distance_not_similarity(rng: np.random.Generator) -> None:
    X = rng.normal(size=(3, 5))
    D = pairwise_cosine_distance(X, X * np.array([[1e-100], [1.0], [1e100]]))
    np.testing.assert_allclose(np.diag(D), 0.0, atol=1e-14)
    assert pairwise_cosine_distance([[1.0, 0.0]], [[-1.0, 0.0]])[0, 0] == 2.0


def test_errors() -> None:
    with pytest.raises(ValueError, match="features"):
        pairwise_euclidean(np.ones((2, 3)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="zero"):
        pairwise_cosine_distance(np.zeros((1, 2)), np.ones((1, 2)))

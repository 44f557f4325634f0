"""The section 1.9 curse-of-dimensionality reference against cdist and the known limit."""

from __future__ import annotations

import numpy as np
from scipy.spatial.distance import cdist

from groundup.math.dimensionality import nearest_farthest_ratio, simulate_ratio


def test_ratio_matches_cdist() -> None:
    rng = np.random.default_rng(8)
    X, Q = rng.random((40, 6)), rng.random((5, 6))
    D = cdist(Q, X)
    # Both ratios of distances of order 1 computed two ways: 1e-10 relative.
    np.testing.assert_allclose(
        nearest_farthest_ratio(X, Q), D.min(axis=1) / D.max(axis=1), rtol=1e-10
    )


def test_ratio_climbs_towards_one_with_dimension() -> None:
    ratios = simulate_ratio([2, 10, 100, 1000], 100, 20, np.random.default_rng(0))
    # With 100 points, the mean ratio is about 0.02 in 2-D and above 0.8 in 1000-D; the
    # spread over 20 queries is a few hundredths, far below these margins.
    assert ratios[0] < 0.1
    assert ratios[-1] > 0.8
    assert np.all(np.diff(ratios) > 0)

"""The section 1.9 norm reference against numpy.linalg.norm."""

from __future__ import annotations

import math

import numpy as np
import pytest

from groundup.math.norms import lp_norm, matrix_norm, unit_ball_boundary


@pytest.mark.parametrize("p", [1.0, 1.5, 2.0, 3.0, 7.0, math.inf])
def test_lp_norm_matches_numpy(p: float) -> None:
    x = np.random.default_rng(3).normal(size=11)
    # n powers summed and one root: rounding ~ n * eps relative; 1e-13 allows it.
    assert lp_norm(x, p) == pytest.approx(float(np.linalg.norm(x, p)), rel=1e-13)


def test_lp_norm_extremes() -> None:
    assert lp_norm(np.array([3e200, 4e200]), 2) == pytest.approx(5e200, rel=1e-14)
    assert lp_norm(np.array([3e-200, 4e-200]), 2) == pytest.approx(5e-200, rel=1e-14)
    assert lp_norm(np.array([]), 2) == 0.0
    x = np.array([1.0, -3.0, 2.0])
    assert lp_norm(x, 200) == pytest.approx(3.0, rel=1e-2)  # p -> inf tends to the max
    with pytest.raises(ValueError):
        lp_norm(x, 0.5)


@pytest.mark.parametrize("order", ["fro", 1, math.inf])
def test_matrix_norm_matches_numpy(order: str | float) -> None:
    A = np.random.default_rng(4).normal(size=(4, 6))
    assert matrix_norm(A, order) == pytest.approx(float(np.linalg.norm(A, order)), rel=1e-13)


def test_frobenius_is_at_least_the_spectral_norm() -> None:
    A = np.random.default_rng(5).normal(size=(5, 5))
    assert matrix_norm(A, "fro") >= np.linalg.norm(A, 2)
    assert matrix_norm(np.array([[1e200, 1e200]]), "fro") == pytest.approx(
        math.sqrt(2) * 1e200, rel=1e-14
    )


@pytest.mark.parametrize("p", [1.0, 2.0, 4.0, math.inf])
def test_unit_ball_boundary_has_unit_norm(p: float) -> None:
    points = unit_ball_boundary(p, 50)
    np.testing.assert_allclose(np.linalg.norm(points, ord=p, axis=1), 1.0, rtol=1e-12)

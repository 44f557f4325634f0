"""groundup.math.conditioning against numpy.linalg.cond and the perturbation bound."""

from __future__ import annotations

import numpy as np
import pytest

from groundup.math.conditioning import (
    condition_number,
    hilbert,
    perturbation_bound,
    relative_error,
)


@pytest.mark.parametrize("shape", [(1, 1), (4, 4), (6, 3), (3, 6)])
def test_condition_number_matches_numpy(shape: tuple[int, int]) -> None:
    A = np.random.default_rng(2).normal(size=shape)
    # both are ratios of the same LAPACK singular values
    assert condition_number(A) == pytest.approx(np.linalg.cond(A), rel=1e-12)


def test_known_values() -> None:
    assert condition_number(np.diag([10.0, 0.1])) == pytest.approx(100.0, rel=1e-14)
    assert condition_number(np.eye(3)) == 1.0
    assert condition_number(np.array([[1.0, 2.0], [2.0, 4.0]])) > 1e15  # singular up to rounding
    assert condition_number(np.zeros((2, 2))) == np.inf
    # Hilbert 8x8: cond 1.5258e10 (published value); singular values lose ~6 digits
    assert condition_number(hilbert(8)) == pytest.approx(1.5258e10, rel=1e-3)


def test_perturbation_bound_holds_and_is_attained() -> None:
    rng = np.random.default_rng(4)
    A = hilbert(6)
    U, _, _ = np.linalg.svd(A)
    # worst case: b along the top singular direction, db along the bottom one
    b = U[:, 0]
    db = 1e-10 * U[:, -1]
    x = np.linalg.solve(A, b)
    dx = np.linalg.solve(A, b + db) - x
    bound = perturbation_bound(A, b, db)
    ratio = np.linalg.norm(dx) / np.linalg.norm(x)
    assert ratio <= bound * (1 + 1e-3)
    assert ratio >= 0.5 * bound  # attained up to rounding in the ill-conditioned solve
    # a random perturbation stays under the bound
    db2 = 1e-10 * rng.normal(size=6)
    x2 = np.linalg.solve(A, b + db2)
    assert relative_error(x2, x) <= perturbation_bound(A, b, db2) * (1 + 1e-3)

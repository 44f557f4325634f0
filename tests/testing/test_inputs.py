"""Structured random inputs: their structure holds to rounding (checked with NumPy)."""

from __future__ import annotations

import numpy as np
import pytest

from groundup.testing.inputs import orthonormal, symmetric, with_singular_values


def test_orthonormal_columns_and_square_case() -> None:
    rng = np.random.default_rng(0)
    Q = orthonormal(rng, 6, 3)
    assert Q.shape == (6, 3)
    np.testing.assert_allclose(Q.T @ Q, np.eye(3), atol=1e-14)  # a few ulps of 1
    square = orthonormal(rng, 4)
    np.testing.assert_allclose(square @ square.T, np.eye(4), atol=1e-14)


def test_symmetric_has_the_eigenvalues() -> None:
    A = symmetric(np.random.default_rng(1), [5.0, -2.0, 1e-3])
    assert np.array_equal(A, A.T)
    # eigvalsh is backward stable: errors ~ eps * ||A|| = 1e-15
    np.testing.assert_allclose(np.linalg.eigvalsh(A), [-2.0, 1e-3, 5.0], atol=1e-13)


def test_with_singular_values() -> None:
    A = with_singular_values(np.random.default_rng(2), 5, 3, [4.0, 2.0, 1e-4])
    np.testing.assert_allclose(np.linalg.svd(A, compute_uv=False), [4.0, 2.0, 1e-4], atol=1e-13)
    with pytest.raises(ValueError, match="3 singular values"):
        with_singular_values(np.random.default_rng(0), 5, 3, [1.0])

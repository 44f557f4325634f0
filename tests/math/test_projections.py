"""The section 1.9 projection reference against numpy.linalg.lstsq and SVD projectors."""

from __future__ import annotations

import numpy as np
import pytest

from groundup.math.projections import (
    orthogonal_complement,
    project_onto_orthonormal,
    project_onto_span,
)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(9)


def test_span_projection_is_least_squares(rng: np.random.Generator) -> None:
    B, X = rng.normal(size=(6, 3)), rng.normal(size=(10, 6))
    coef, *_ = np.linalg.lstsq(B, X.T, rcond=None)  # (3, 10)
    # Two backward-stable solutions on a basis with condition number ~3: 1e-10 is ample.
    np.testing.assert_allclose(project_onto_span(X, B), (B @ coef).T, rtol=1e-10, atol=1e-12)


def test_projection_properties(rng: np.random.Generator) -> None:
    Q, _ = np.linalg.qr(rng.normal(size=(5, 2)))
    X = rng.normal(size=(7, 5))
    P = project_onto_orthonormal(X, Q)
    np.testing.assert_allclose(project_onto_orthonormal(P, Q), P, atol=1e-13)  # idempotent
    np.testing.assert_allclose((X - P) @ Q, 0.0, atol=1e-13)  # residual is orthogonal


def test_non_orthonormal_basis_is_rejected() -> None:
    with pytest.raises(ValueError, match="orthonormal"):
        project_onto_orthonormal(np.ones((1, 2)), np.array([[1.0, 1.0], [0.0, 1.0]]))


@pytest.mark.parametrize(("d", "k"), [(2, 1), (5, 2), (4, 0), (3, 3)])
def test_complement(rng: np.random.Generator, d: int, k: int) -> None:
    B = rng.normal(size=(d, k))
    W = orthogonal_complement(B)
    assert W.shape == (d, d - k)
    np.testing.assert_allclose(W.T @ W, np.eye(d - k), atol=1e-13)
    np.testing.assert_allclose(B.T @ W, 0.0, atol=1e-12)
    # Together, the projections onto span(B) and onto its complement give back x.
    x = rng.normal(size=(1, d))
    total = project_onto_orthonormal(x, W) + (project_onto_span(x, B) if k else 0.0)
    np.testing.assert_allclose(total, x, atol=1e-12)

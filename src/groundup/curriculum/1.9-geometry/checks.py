"""Checks for section 1.9, Geometry of data.

Distances and norms are compared with the reference; where an answer is not unique (a
basis of the orthogonal complement) the check compares what every right answer shares
(the projector onto the complement, and orthonormality).
"""

from __future__ import annotations

import math
from types import ModuleType
from typing import Any

import numpy as np

from groundup.testing import Mismatch, Trial, check, close
from groundup.testing.inputs import orthonormal

# -- helpers ----------------------------------------------------------------------------


def _scaled(t: Trial, *arrays: np.ndarray) -> Any:
    """``close`` with the manifest's atol multiplied by the largest |entry| of the inputs:
    the Gram-matrix identity loses absolute accuracy in proportion to |x|^2 in the squared
    distance, so in proportion to |x| in the distance."""
    scale = max((float(np.max(np.abs(a))) for a in arrays if a.size), default=1.0)

    def compare(got: Any, expected: Any) -> Mismatch | None:
        return close(got, expected, t.rtol, t.atol * max(scale, 1.0))

    return compare


# -- geometry.pairwise-euclidean ----------------------------------------------------------


@check("geometry.pairwise-euclidean")
def pairwise_euclidean(t: Trial) -> None:
    rng = t.rng

    def case(label: str, X: np.ndarray, Y: np.ndarray | None = None) -> None:
        cmp = _scaled(t, X) if Y is None else _scaled(t, X, Y)
        t.compare(label, X, Y, compare=cmp, same=cmp)

    case("one point (0, 0) and one point (3, 4)", np.array([[0.0, 0.0]]), np.array([[3.0, 4.0]]))
    case("(1, 2) and (4, 6): distance 5", np.array([[1.0, 2.0]]), np.array([[4.0, 6.0]]))
    case("4 points against 5 points in 3-D", rng.normal(size=(4, 3)), rng.normal(size=(5, 3)))
    # Found by search: for this point, |x|^2 + |x|^2 - 2 x.x rounds to -5.7e-14.
    same = np.array([[9.0, 0.9, -7.4], [9.0, 0.9, -7.4], [1.0, 2.0, 3.0]])
    case(
        "a point repeated: rounding can make its squared distance slightly negative",
        same,
        same[:2].copy(),
    )
    case("Y omitted: distances within X", rng.normal(size=(6, 2)))
    case("entries near 1e6", 1e6 * rng.normal(size=(5, 4)), 1e6 * rng.normal(size=(3, 4)))
    case("one feature: |x - y|", rng.normal(size=(7, 1)), rng.normal(size=(2, 1)))
    t.raises(
        "X in 3-D, Y in 2-D",
        ValueError,
        np.ones((2, 3)),
        np.ones((2, 2)),
        why="when the points have different numbers of coordinates",
    )


# -- geometry.cosine-distance -------------------------------------------------------------


@check("geometry.cosine-distance")
def cosine_distance(t: Trial) -> None:
    rng = t.rng
    t.compare("orthogonal (1, 0) and (0, 1)", np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]]))
    t.compare("same direction (1, 0) and (2, 0)", np.array([[1.0, 0.0]]), np.array([[2.0, 0.0]]))
    t.compare("opposite (1, 1) and (-3, -3)", np.array([[1.0, 1.0]]), np.array([[-3.0, -3.0]]))
    t.compare("3 against 5 random vectors in 4-D", rng.normal(size=(3, 4)), rng.normal(size=(5, 4)))
    t.compare("Y omitted: within X", rng.normal(size=(4, 6)))
    t.compare(
        "lengths from 1e-100 to 1e100 (cosine ignores length)",
        rng.normal(size=(3, 3)) * np.array([[1e-100], [1.0], [1e100]]),
        rng.normal(size=(2, 3)),
    )
    t.raises(
        "a zero row in X",
        ValueError,
        np.array([[0.0, 0.0], [1.0, 2.0]]),
        np.array([[1.0, 0.0]]),
        why="for a zero vector (it has no direction)",
    )


# -- geometry.lp-norm ---------------------------------------------------------------------


@check("geometry.lp-norm")
def lp_norm(t: Trial) -> None:
    rng = t.rng
    t.compare("(3, 4) with p = 2", np.array([3.0, 4.0]), 2.0)
    t.compare("(1, -2, 3) with p = 1", np.array([1.0, -2.0, 3.0]), 1.0)
    t.compare("(1, -5, 2) with p = inf", np.array([1.0, -5.0, 2.0]), math.inf)
    t.compare("the empty vector", np.array([]), 3.0)
    t.compare("the zero vector, p = 2", np.zeros(4), 2.0)
    t.compare("random vector with p = 3", rng.normal(size=6), 3.0)
    t.compare("random vector with p = 1.5", rng.normal(size=9), 1.5)
    t.compare("p = 50 is close to the max", rng.normal(size=5), 50.0)
    t.compare("entries near 1e200, p = 3 (cubes overflow)", 1e200 * rng.normal(size=4), 3.0)
    t.compare("entries near 1e-200, p = 2 (squares underflow)", 1e-200 * rng.normal(size=4), 2.0)
    t.raises("p = 0.5", ValueError, np.ones(3), 0.5, why="for p < 1 (not a norm)")


# -- geometry.matrix-norm -----------------------------------------------------------------


@check("geometry.matrix-norm")
def matrix_norm(t: Trial) -> None:
    rng = t.rng
    t.compare("[[-2]], Frobenius", np.array([[-2.0]]), "fro")
    t.compare(
        "[[1, 2], [3, 4]], 1-norm (largest column sum)", np.array([[1.0, 2.0], [3.0, 4.0]]), 1
    )
    t.compare(
        "[[1, 2], [3, 4]], inf-norm (largest row sum)",
        np.array([[1.0, 2.0], [3.0, 4.0]]),
        math.inf,
    )
    A = rng.normal(size=(3, 5))
    for order in ("fro", 1, math.inf):
        t.compare(f"random 3x5, ord={order}", A, order)
    t.compare("the 2x3 zero matrix, Frobenius", np.zeros((2, 3)), "fro")
    t.compare(
        "entries near 1e200, Frobenius (squares overflow)", 1e200 * rng.normal(size=(2, 2)), "fro"
    )
    t.compare("a 4x1 column, 1-norm", rng.normal(size=(4, 1)), 1)


# -- geometry.distance-ratio --------------------------------------------------------------


@check("geometry.distance-ratio")
def distance_ratio(t: Trial) -> None:
    rng = t.rng
    t.compare(
        "points 0, 1, 3 on a line, query 0.5",
        np.array([[0.0], [1.0], [3.0]]),
        np.array([[0.5]]),
    )
    t.compare(
        "two queries in the plane",
        np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 2.0]]),
        np.array([[1.0, 1.0], [3.0, -1.0]]),
    )
    t.compare("50 points, 4 queries in 10-D", rng.random((50, 10)), rng.random((4, 10)))
    t.compare("one point: the ratio is 1", rng.normal(size=(1, 3)), rng.normal(size=(2, 3)))
    t.compare(
        "a query equal to one of the points: the ratio is 0",
        np.array([[1.0, 1.0], [2.0, 5.0], [0.0, -1.0]]),
        np.array([[2.0, 5.0]]),
    )


# -- geometry.orthonormal-projection ------------------------------------------------------


@check("geometry.orthonormal-projection")
def orthonormal_projection(t: Trial) -> None:
    rng = t.rng
    t.compare("(3, 4) onto the x-axis", np.array([[3.0, 4.0]]), np.array([[1.0], [0.0]]))
    t.compare(
        "5 points in 4-D onto a random plane",
        rng.normal(size=(5, 4)),
        orthonormal(rng, 4, 2),
    )
    t.compare(
        "onto a single random direction in 3-D", rng.normal(size=(3, 3)), orthonormal(rng, 3, 1)
    )
    t.compare("k = d: the whole space, X itself", rng.normal(size=(2, 3)), orthonormal(rng, 3, 3))
    t.compare("k = 0: the zero subspace, all zeros", rng.normal(size=(2, 3)), np.zeros((3, 0)))
    t.raises(
        "a basis that is not orthonormal: columns (1, 0) and (1, 1)",
        ValueError,
        np.ones((1, 2)),
        np.array([[1.0, 1.0], [0.0, 1.0]]),
        why="when the columns of Q are not orthonormal",
    )


# -- geometry.span-projection -------------------------------------------------------------


@check("geometry.span-projection")
def span_projection(t: Trial) -> None:
    rng = t.rng
    t.compare("(3, 4) onto the line of (2, 0)", np.array([[3.0, 4.0]]), np.array([[2.0], [0.0]]))
    t.compare(
        "a point onto the plane of (1, 0, 0) and (1, 1, 0): unit-free, not orthogonal",
        np.array([[1.0, 2.0, 3.0]]),
        np.array([[1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]),
    )
    t.compare(
        "6 points in 5-D onto 3 random vectors", rng.normal(size=(6, 5)), rng.normal(size=(5, 3))
    )
    t.compare(
        "basis vectors of lengths 1e-3 and 1e3",
        rng.normal(size=(4, 3)),
        rng.normal(size=(3, 2)) * np.array([1e-3, 1e3]),
    )
    t.compare(
        "points already in the span stay put",
        (rng.normal(size=(3, 2)) @ np.array([[1.0, 2.0, 0.0, 1.0], [0.0, 1.0, 1.0, 1.0]])),
        np.array([[1.0, 0.0], [2.0, 1.0], [0.0, 1.0], [1.0, 1.0]]),
    )


# -- geometry.complement ------------------------------------------------------------------


def _gram_and_projector(module: ModuleType, B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    W = np.asarray(module.orthogonal_complement(B), dtype=float)
    return W.T @ W, W @ W.T


def _complement_cmp(t: Trial) -> Any:
    def compare(got: Any, expected: Any) -> Mismatch | None:
        gram, projector = got
        want_gram, want_projector = expected
        if gram.shape != want_gram.shape:
            return Mismatch(
                f"your basis has {gram.shape[0]} columns; the complement of a k-dimensional "
                f"subspace of R^d has d - k = {want_gram.shape[0]} dimensions"
            )
        mismatch = close(gram, want_gram, t.rtol, t.atol, where="W^T W (must be the identity) ")
        if mismatch is not None:
            return mismatch
        return close(
            projector, want_projector, t.rtol, t.atol, where="W W^T (must be I - P_span(B)) "
        )

    return compare


@check("geometry.complement")
def complement(t: Trial) -> None:
    rng = t.rng
    cmp = _complement_cmp(t)

    def case(label: str, B: np.ndarray) -> None:
        t.compare(label, B, call=_gram_and_projector, compare=cmp, same=cmp)

    case("the x-axis in R^2: the y-axis", np.array([[1.0], [0.0]]))
    case("one vector (1, 1, 1) in R^3: a plane", np.array([[1.0], [1.0], [1.0]]))
    case("two random vectors in R^5", rng.normal(size=(5, 2)))
    case("nothing (k = 0) in R^3: the whole space", np.zeros((3, 0)))
    case("a basis of all of R^3: the complement is {0}", rng.normal(size=(3, 3)))

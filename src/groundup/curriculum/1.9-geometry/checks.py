"""Checks for section 1.9, Geometry of data: one table of cases per exercise.

Distances and norms are compared with the reference; pairwise Euclidean distances with
an absolute tolerance scaled by each case's largest entry (the Gram-matrix identity
loses accuracy in proportion to it). Where an answer is not unique (a basis of the
orthogonal complement) the check compares what every right answer shares: the
projector onto the complement, and orthonormality.
"""

from __future__ import annotations

import math
from types import ModuleType
from typing import Any

import numpy as np

from groundup.testing import Case, Mismatch, Trial, check, close, draw, normals, run_cases
from groundup.testing.compare import Comparator
from groundup.testing.inputs import orthonormal
from groundup.testing.table import MakeInputs, cases

# -- distances --------------------------------------------------------------------------

# Found by search: for this point, |x|^2 + |x|^2 - 2 x.x rounds to -5.7e-14.
REPEATED = np.array([[9.0, 0.9, -7.4], [9.0, 0.9, -7.4], [1.0, 2.0, 3.0]])

PAIRWISE_EUCLIDEAN = [
    Case("one point (0, 0) and one point (3, 4)", (np.array([[0.0, 0.0]]), np.array([[3.0, 4.0]]))),
    Case("(1, 2) and (4, 6): distance 5", (np.array([[1.0, 2.0]]), np.array([[4.0, 6.0]]))),
    Case("4 points against 5 points in 3-D", normals((4, 3), (5, 3))),
    Case(
        "a point repeated: rounding can make its squared distance slightly negative",
        (REPEATED, REPEATED[:2]),
    ),
    Case("Y omitted: distances within X", normals((6, 2))),
    Case("entries near 1e6", lambda r: (1e6 * r.normal(size=(5, 4)), 1e6 * r.normal(size=(3, 4)))),
    Case("one feature: |x - y|", normals((7, 1), (2, 1))),
    Case(
        "X in 3-D, Y in 2-D",
        (np.ones((2, 3)), np.ones((2, 2))),
        raises=ValueError,
        why="when the points have different numbers of coordinates",
    ),
]


def _scaled(t: Trial, *arrays: np.ndarray) -> Comparator:
    """``close`` with the manifest's atol multiplied by the largest |entry| of the inputs:
    the Gram-matrix identity loses absolute accuracy in proportion to |x|^2 in the squared
    distance, so in proportion to |x| in the distance."""
    scale = max((float(np.max(np.abs(a))) for a in arrays if a.size), default=1.0)
    return lambda got, expected: close(got, expected, t.rtol, t.atol * max(scale, 1.0))


@check("geometry.pairwise-euclidean")
def pairwise_euclidean(t: Trial) -> None:
    for case in PAIRWISE_EUCLIDEAN:  # the tolerance depends on the inputs: draw them first
        inputs = draw(case, t.rng)
        compare = _scaled(t, *inputs)
        run_cases(t, [case._replace(inputs=inputs)], compare=compare, same=compare)


COSINE_DISTANCE = [
    Case("orthogonal (1, 0) and (0, 1)", (np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]]))),
    Case("same direction (1, 0) and (2, 0)", (np.array([[1.0, 0.0]]), np.array([[2.0, 0.0]]))),
    Case("opposite (1, 1) and (-3, -3)", (np.array([[1.0, 1.0]]), np.array([[-3.0, -3.0]]))),
    Case("3 against 5 random vectors in 4-D", normals((3, 4), (5, 4))),
    Case("Y omitted: within X", normals((4, 6))),
    Case(
        "lengths from 1e-100 to 1e100 (cosine ignores length)",
        lambda r: (
            r.normal(size=(3, 3)) * np.array([[1e-100], [1.0], [1e100]]),
            r.normal(size=(2, 3)),
        ),
    ),
    Case(
        "X and Y with lengths from 1e-170 to 1e170 (their squares overflow and underflow)",
        lambda r: (
            r.normal(size=(3, 3)) * np.array([[1e-170], [1.0], [1e170]]),
            r.normal(size=(4, 3)) * np.array([[1e170], [1e-170], [1.0], [1e-3]]),
        ),
    ),
    Case(
        "a zero row in X",
        (np.array([[0.0, 0.0], [1.0, 2.0]]), np.array([[1.0, 0.0]])),
        raises=ValueError,
        why="for a zero vector (it has no direction)",
    ),
]
cosine_distance = cases("geometry.cosine-distance", COSINE_DISTANCE)

DISTANCE_RATIO = [
    Case(
        "points 0, 1, 3 on a line, query 0.5", (np.array([[0.0], [1.0], [3.0]]), np.array([[0.5]]))
    ),
    Case(
        "two queries in the plane",
        (np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 2.0]]), np.array([[1.0, 1.0], [3.0, -1.0]])),
    ),
    Case("50 points, 4 queries in 10-D", lambda r: (r.random((50, 10)), r.random((4, 10)))),
    Case("one point: the ratio is 1", normals((1, 3), (2, 3))),
    Case(
        "a query equal to one of the points: the ratio is 0",
        (np.array([[1.0, 1.0], [2.0, 5.0], [0.0, -1.0]]), np.array([[2.0, 5.0]])),
    ),
]
distance_ratio = cases("geometry.distance-ratio", DISTANCE_RATIO)

# -- norms ------------------------------------------------------------------------------

LP_NORM = [
    Case("(3, 4) with p = 2", (np.array([3.0, 4.0]), 2.0)),
    Case("(1, -2, 3) with p = 1", (np.array([1.0, -2.0, 3.0]), 1.0)),
    Case("(1, -5, 2) with p = inf", (np.array([1.0, -5.0, 2.0]), math.inf)),
    Case("the empty vector", (np.array([]), 3.0)),
    Case("the zero vector, p = 2", (np.zeros(4), 2.0)),
    Case("random vector with p = 3", lambda r: (r.normal(size=6), 3.0)),
    Case("random vector with p = 1.5", lambda r: (r.normal(size=9), 1.5)),
    Case("p = 50 is close to the max", lambda r: (r.normal(size=5), 50.0)),
    Case("entries near 1e200, p = 3 (cubes overflow)", lambda r: (1e200 * r.normal(size=4), 3.0)),
    Case(
        "entries near 1e-200, p = 2 (squares underflow)", lambda r: (1e-200 * r.normal(size=4), 2.0)
    ),
    Case("p = 0.5", (np.ones(3), 0.5), raises=ValueError, why="for p < 1 (not a norm)"),
]
lp_norm = cases("geometry.lp-norm", LP_NORM)

SQUARE = np.array([[1.0, 2.0], [3.0, 4.0]])

MATRIX_NORM = [
    Case("[[-2]], Frobenius", (np.array([[-2.0]]), "fro")),
    Case("[[1, 2], [3, 4]], 1-norm (largest column sum)", (SQUARE, 1)),
    Case("[[1, 2], [3, 4]], inf-norm (largest row sum)", (SQUARE, math.inf)),
    *(
        Case(f"random 3x5, ord={order}", lambda r, order=order: (r.normal(size=(3, 5)), order))
        for order in ("fro", 1, math.inf)
    ),
    Case("the 2x3 zero matrix, Frobenius", (np.zeros((2, 3)), "fro")),
    Case(
        "entries near 1e200, Frobenius (squares overflow)",
        lambda r: (1e200 * r.normal(size=(2, 2)), "fro"),
    ),
    Case("a 4x1 column, 1-norm", lambda r: (r.normal(size=(4, 1)), 1)),
]
matrix_norm = cases("geometry.matrix-norm", MATRIX_NORM)

# -- projections ------------------------------------------------------------------------


def _points_and_basis(n: int, d: int, k: int) -> MakeInputs:
    """n random points in R^d and a random orthonormal basis of k columns."""
    return lambda r: (r.normal(size=(n, d)), orthonormal(r, d, k))


ORTHONORMAL_PROJECTION = [
    Case("(3, 4) onto the x-axis", (np.array([[3.0, 4.0]]), np.array([[1.0], [0.0]]))),
    Case("5 points in 4-D onto a random plane", _points_and_basis(5, 4, 2)),
    Case("onto a single random direction in 3-D", _points_and_basis(3, 3, 1)),
    Case("k = d: the whole space, X itself", _points_and_basis(2, 3, 3)),
    Case(
        "k = 0: the zero subspace, all zeros", lambda r: (r.normal(size=(2, 3)), np.zeros((3, 0)))
    ),
    Case(
        "a basis that is not orthonormal: columns (1, 0) and (1, 1)",
        (np.ones((1, 2)), np.array([[1.0, 1.0], [0.0, 1.0]])),
        raises=ValueError,
        why="when the columns of Q are not orthonormal",
    ),
]
orthonormal_projection = cases("geometry.orthonormal-projection", ORTHONORMAL_PROJECTION)

IN_SPAN = np.array([[1.0, 0.0], [2.0, 1.0], [0.0, 1.0], [1.0, 1.0]])  # a basis in R^4

SPAN_PROJECTION = [
    Case("(3, 4) onto the line of (2, 0)", (np.array([[3.0, 4.0]]), np.array([[2.0], [0.0]]))),
    Case(
        "a point onto the plane of (1, 0, 0) and (1, 1, 0): unit-free, not orthogonal",
        (np.array([[1.0, 2.0, 3.0]]), np.array([[1.0, 1.0], [0.0, 1.0], [0.0, 0.0]])),
    ),
    Case("6 points in 5-D onto 3 random vectors", normals((6, 5), (5, 3))),
    Case(
        "basis vectors of lengths 1e-3 and 1e3",
        lambda r: (r.normal(size=(4, 3)), r.normal(size=(3, 2)) * np.array([1e-3, 1e3])),
    ),
    Case(
        "points already in the span stay put",
        lambda r: (r.normal(size=(3, 2)) @ IN_SPAN.T, IN_SPAN),
    ),
]
span_projection = cases("geometry.span-projection", SPAN_PROJECTION)


def _gram_and_projector(m: ModuleType, B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    W = np.asarray(m.orthogonal_complement(B), dtype=float)
    return W.T @ W, W @ W.T


def _complement_cmp(t: Trial) -> Comparator:
    def compare(got: Any, expected: Any) -> Mismatch | None:
        (gram, projector), (want_gram, want_projector) = got, expected
        if gram.shape != want_gram.shape:
            return Mismatch(
                f"your basis has {gram.shape[0]} columns; the complement of a k-dimensional "
                f"subspace of R^d has d - k = {want_gram.shape[0]} dimensions"
            )
        where = "W^T W (must be the identity) "
        mismatch = close(gram, want_gram, t.rtol, t.atol, where=where)
        where = "W W^T (must be I - P_span(B)) "
        return mismatch or close(projector, want_projector, t.rtol, t.atol, where=where)

    return compare


COMPLEMENT = [
    Case("the x-axis in R^2: the y-axis", (np.array([[1.0], [0.0]]),)),
    Case("one vector (1, 1, 1) in R^3: a plane", (np.array([[1.0], [1.0], [1.0]]),)),
    Case("two random vectors in R^5", normals((5, 2))),
    Case("nothing (k = 0) in R^3: the whole space", (np.zeros((3, 0)),)),
    Case("a basis of all of R^3: the complement is {0}", normals((3, 3))),
]


@check("geometry.complement")
def complement(t: Trial) -> None:
    compare = _complement_cmp(t)
    run_cases(t, COMPLEMENT, call=_gram_and_projector, compare=compare, same=compare)

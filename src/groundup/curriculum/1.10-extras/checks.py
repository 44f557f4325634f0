"""Checks for section 1.10, Advanced extras: one table of cases per exercise.

Classical MDS recovers points only up to rotation, reflection and translation, so its
check compares the distances of the embedding, never its coordinates. Spectral norms
use matrices built with known singular values and a clear gap between the top two, so
that power iteration converges well inside its iteration budget. The Lipschitz bound is
traced layer by layer (the bound of the first layer, of the first two, ...), so a
learner reads the first layer where their product leaves the reference's.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

from groundup.testing import Case, Mismatch, Named, Trace, Trial, check, close, draw, run_cases
from groundup.testing.compare import Comparator
from groundup.testing.inputs import with_singular_values
from groundup.testing.table import MakeInputs, cases

# -- extras.classical-mds -----------------------------------------------------------------


def _distances(X: np.ndarray) -> np.ndarray:
    diff = X[:, None, :] - X[None, :, :]  # (n, n, k)
    return np.sqrt(np.sum(diff * diff, axis=2))


RECTANGLE = np.array([[0.0, 0.0], [3.0, 0.0], [3.0, 1.0], [0.0, 1.0]])  # 3 x 1

CLASSICAL_MDS = [
    Case("two points 3 apart, k = 1", (_distances(np.array([[0.0], [3.0]])), 1)),
    Case("corners of a 3 x 1 rectangle, k = 2", (_distances(RECTANGLE), 2)),
    Case("one point, k = 1", (_distances(np.array([[2.0, -1.0]])), 1)),
    Case(
        "10 random points in 3-D, k = 3",
        lambda r: (_distances(r.normal(size=(10, 3)) * np.array([4.0, 2.0, 1.0])), 3),
    ),
    Case(
        "8 points in 5-D, flattened to k = 2 (the best 2-D fit)",
        lambda r: (_distances(r.normal(size=(8, 5)) * np.array([5.0, 3.0, 0.5, 0.3, 0.1])), 2),
    ),
    Case(
        "6 points in 2-D offset by 1e3, k = 2 (distances ignore the offset)",
        lambda r: (_distances(r.normal(size=(6, 2)) * np.array([2.0, 1.0]) + 1e3), 2),
    ),
    Case(
        "a matrix that is not symmetric",
        (np.array([[0.0, 1.0], [2.0, 0.0]]), 1),
        raises=ValueError,
        why="for a non-symmetric distance matrix",
    ),
]


def _mds_compare(t: Trial, scale: float) -> Comparator:
    """Compares the distances between the embedded points, with atol times ``scale``."""

    def compare(got: Any, expected: Any) -> Mismatch | None:
        g = np.asarray(got, dtype=float)
        if g.shape != expected.shape:
            return Mismatch(
                f"your embedding has shape {g.shape}, expected {expected.shape}: "
                "one row per point, one column per component"
            )
        # Coordinates are unique only up to rotation and reflection: compare distances.
        where = "the distance matrix of your embedded points "
        return close(_distances(g), _distances(expected), t.rtol, t.atol * scale, where=where)

    return compare


@check("extras.classical-mds")
def classical_mds(t: Trial) -> None:
    for case in CLASSICAL_MDS:  # the tolerance scales with the largest distance: draw first
        inputs = draw(case, t.rng)
        compare = _mds_compare(t, max(1.0, float(np.max(inputs[0]))))
        run_cases(t, [case._replace(inputs=inputs)], compare=compare, same=compare)


# -- extras.spectral-norm -----------------------------------------------------------------


def _generator(rng: np.random.Generator) -> np.random.Generator:
    # Learner and reference each get a copy: any start vector must converge anyway.
    return np.random.default_rng(int(rng.integers(2**32)))


SPECTRAL_NORM = [
    Case("diag(3, 1)", lambda r: (np.diag([3.0, 1.0]), _generator(r))),
    Case(
        "[[2, 3], [0, 1]]: not symmetric, its largest eigenvalue 2 is not its norm",
        lambda r: (np.array([[2.0, 3.0], [0.0, 1.0]]), _generator(r)),
    ),
    Case(
        "a 5x3 matrix with singular values 4, 2, 1",
        lambda r: (with_singular_values(r, 5, 3, [4.0, 2.0, 1.0]), _generator(r)),
    ),
    Case(
        "a 2x6 matrix with singular values 1, 0.5",
        lambda r: (with_singular_values(r, 2, 6, [1.0, 0.5]), _generator(r)),
    ),
    Case("a 1x1 matrix [[-7]]", lambda r: (np.array([[-7.0]]), _generator(r))),
    Case("a 3x1 column: its length", lambda r: (r.normal(size=(3, 1)), _generator(r))),
    Case(
        "8x8 with singular values 1e6, 5e5, ... (large magnitudes)",
        lambda r: (
            with_singular_values(r, 8, 8, [1e6, 5e5, 3e5, 2e5, 1e5, 5e4, 1e4, 1e3]),
            _generator(r),
        ),
    ),
    Case(
        "rank one: u v^T has norm |u| |v|",
        lambda r: (np.outer(r.normal(size=4), r.normal(size=3)), _generator(r)),
    ),
]
spectral_norm = cases("extras.spectral-norm", SPECTRAL_NORM)

# -- extras.lipschitz-bound ---------------------------------------------------------------


def _bound_by_layers(m: ModuleType, weights: list[np.ndarray], _seed: int) -> Trace:
    """The bound of the first layer, of the first two, ..., of all of them (each run with
    a generator seeded alike, so every prefix starts its power iterations the same way)."""
    trace = Trace()
    if not weights:
        trace.record("no layers: the identity", m.lipschitz_bound([], np.random.default_rng(_seed)))
    for j in range(1, len(weights) + 1):
        bound = m.lipschitz_bound(weights[:j], np.random.default_rng(_seed))
        trace.record("layer 1" if j == 1 else f"layers 1 to {j}", bound)
    return trace


def _layers(*singular_values: tuple[int, int, list[float]]) -> MakeInputs:
    """Layers of shapes (out, in) with the given singular values, and a generator seed."""
    return lambda r: (
        [with_singular_values(r, out, n_in, s) for out, n_in, s in singular_values],
        int(r.integers(2**32)),
    )


LIPSCHITZ_BOUND = [
    Case("one layer diag(2, 0.5)", lambda r: ([np.diag([2.0, 0.5])], int(r.integers(2**32)))),
    Case(
        "two layers diag(2, 1) then diag(3, 1)",
        lambda r: ([np.diag([2.0, 1.0]), np.diag([3.0, 1.0])], int(r.integers(2**32))),
    ),
    Case("no layers: the identity", lambda r: ([], int(r.integers(2**32)))),
    Case(
        "3 -> 5 -> 4 -> 2, known singular values",
        _layers((5, 3, [2.0, 1.0, 0.5]), (4, 5, [1.5, 0.7, 0.3, 0.1]), (2, 4, [3.0, 1.0])),
    ),
    Case(
        "a layer of norm 1e-3 between two of norm 1e3",
        _layers(
            (4, 4, [1e3, 5e2, 1e2, 1.0]), (4, 4, [1e-3, 5e-4, 1e-4, 1e-5]), (3, 4, [1e3, 2e2, 1e2])
        ),
    ),
    Case(
        "shapes that do not chain: (3, 2) then (4, 4)",
        ([np.ones((3, 2)), np.ones((4, 4))], 0),
        raises=ValueError,
        why="when a layer's inputs do not match the previous layer's outputs",
    ),
]
lipschitz_bound = cases("extras.lipschitz-bound", LIPSCHITZ_BOUND, call=_bound_by_layers)

# -- extras.compose -----------------------------------------------------------------------

DOUBLE = Named("double", lambda x: 2 * x)
ADD_ONE = Named("add_one", lambda x: x + 1)
SQUARE = Named("square", lambda x: x * x)
REVERSE = Named("reverse", lambda x: x[::-1])
CUMSUM = Named("cumsum", np.cumsum)
IDENTITY = Named("identity", lambda x: x)
STR = Named("str", str)
LEN = Named("len", len)


def _apply(m: ModuleType, functions: tuple[Named, ...], x: Any) -> Any:
    return m.compose(*functions)(x)


def _associativity(m: ModuleType, functions: tuple[Named, Named, Named], x: Any) -> Any:
    f, g, h = functions
    return m.compose(m.compose(f, g), h)(x), m.compose(f, m.compose(g, h))(x)


COMPOSE = [
    Case("compose(double) on [1, 2]", ((DOUBLE,), np.array([1.0, 2.0]))),
    Case("compose(double, add_one)(x) = 2 (x + 1)", ((DOUBLE, ADD_ONE), np.array([1.0, 2.0, 3.0]))),
    Case("compose() is the identity", ((), np.array([4.0, 5.0]))),
    Case(
        "compose(square, add_one, reverse) on a random vector",
        lambda r: ((SQUARE, ADD_ONE, REVERSE), r.normal(size=5)),
    ),
    Case("compose(len, str)(123456): the functions change the type", ((LEN, STR), 123456)),
    Case(
        "associativity: (cumsum o square) o reverse == cumsum o (square o reverse)",
        lambda r: ((CUMSUM, SQUARE, REVERSE), r.normal(size=6)),
        call=_associativity,
    ),
    Case(
        "identity laws: compose(identity, double, identity) == double",
        lambda r: ((IDENTITY, DOUBLE, IDENTITY), r.normal(size=3)),
    ),
    Case("200 functions: compose(add_one, ..., add_one)(0) = 200", ((ADD_ONE,) * 200, 0)),
]
compose = cases("extras.compose", COMPOSE, call=_apply)

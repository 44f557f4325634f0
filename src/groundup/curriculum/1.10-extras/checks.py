"""Checks for section 1.10, Advanced extras.

Classical MDS recovers points only up to rotation, reflection and translation, so its
check compares the distances of the embedding, never its coordinates. Spectral norms
use matrices built with known singular values and a clear gap between the top two, so
that power iteration converges well inside its iteration budget.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

from groundup.testing import Mismatch, Trial, check, close
from groundup.testing.inputs import with_singular_values

# -- helpers ----------------------------------------------------------------------------


def _distances(X: np.ndarray) -> np.ndarray:
    diff = X[:, None, :] - X[None, :, :]  # (n, n, k)
    return np.sqrt(np.sum(diff * diff, axis=2))


def _generator(rng: np.random.Generator) -> np.random.Generator:
    # Learner and reference each get a copy: any start vector must converge anyway.
    return np.random.default_rng(int(rng.integers(2**32)))


# -- extras.classical-mds -----------------------------------------------------------------


def _mds_compare(t: Trial, scale: float) -> Any:
    def compare(got: Any, expected: Any) -> Mismatch | None:
        g = np.asarray(got, dtype=float)
        if g.shape != expected.shape:
            return Mismatch(
                f"your embedding has shape {g.shape}, expected {expected.shape}: "
                "one row per point, one column per component"
            )
        # Coordinates are unique only up to rotation and reflection: compare distances.
        return close(
            _distances(g),
            _distances(expected),
            t.rtol,
            t.atol * scale,
            where="the distance matrix of your embedded points ",
        )

    return compare


def _mds_case(t: Trial, label: str, points: np.ndarray, k: int) -> None:
    D = _distances(points)
    cmp = _mds_compare(t, max(1.0, float(np.max(D))))
    t.compare(label, D, k, compare=cmp, same=cmp)


@check("extras.classical-mds")
def classical_mds(t: Trial) -> None:
    rng = t.rng
    _mds_case(t, "two points 3 apart, k = 1", np.array([[0.0], [3.0]]), 1)
    rectangle = np.array([[0.0, 0.0], [3.0, 0.0], [3.0, 1.0], [0.0, 1.0]])
    _mds_case(t, "corners of a 3 x 1 rectangle, k = 2", rectangle, 2)
    _mds_case(t, "one point, k = 1", np.array([[2.0, -1.0]]), 1)
    scales = np.array([4.0, 2.0, 1.0])
    _mds_case(t, "10 random points in 3-D, k = 3", rng.normal(size=(10, 3)) * scales, 3)
    spread = np.array([5.0, 3.0, 0.5, 0.3, 0.1])
    _mds_case(
        t,
        "8 points in 5-D, flattened to k = 2 (the best 2-D fit)",
        rng.normal(size=(8, 5)) * spread,
        2,
    )
    _mds_case(
        t,
        "6 points in 2-D offset by 1e3, k = 2 (distances ignore the offset)",
        rng.normal(size=(6, 2)) * np.array([2.0, 1.0]) + 1e3,
        2,
    )
    t.raises(
        "a matrix that is not symmetric",
        ValueError,
        np.array([[0.0, 1.0], [2.0, 0.0]]),
        1,
        why="for a non-symmetric distance matrix",
    )


# -- extras.spectral-norm -----------------------------------------------------------------


@check("extras.spectral-norm")
def spectral_norm(t: Trial) -> None:
    rng = t.rng
    t.compare("diag(3, 1)", np.diag([3.0, 1.0]), rng=_generator(rng))
    t.compare(
        "[[2, 3], [0, 1]]: not symmetric, its largest eigenvalue 2 is not its norm",
        np.array([[2.0, 3.0], [0.0, 1.0]]),
        rng=_generator(rng),
    )
    t.compare(
        "a 5x3 matrix with singular values 4, 2, 1",
        with_singular_values(rng, 5, 3, [4.0, 2.0, 1.0]),
        rng=_generator(rng),
    )
    t.compare(
        "a 2x6 matrix with singular values 1, 0.5",
        with_singular_values(rng, 2, 6, [1.0, 0.5]),
        rng=_generator(rng),
    )
    t.compare("a 1x1 matrix [[-7]]", np.array([[-7.0]]), rng=_generator(rng))
    t.compare("a 3x1 column: its length", rng.normal(size=(3, 1)), rng=_generator(rng))
    t.compare(
        "8x8 with singular values 1e6, 5e5, ... (large magnitudes)",
        with_singular_values(rng, 8, 8, [1e6, 5e5, 3e5, 2e5, 1e5, 5e4, 1e4, 1e3]),
        rng=_generator(rng),
    )
    t.compare(
        "rank one: u v^T has norm |u| |v|",
        np.outer(rng.normal(size=4), rng.normal(size=3)),
        rng=_generator(rng),
    )


# -- extras.lipschitz-bound ---------------------------------------------------------------


def _bound(module: ModuleType, weights: list[np.ndarray], seed: int) -> Any:
    return module.lipschitz_bound(weights, rng=np.random.default_rng(seed))


@check("extras.lipschitz-bound")
def lipschitz_bound(t: Trial) -> None:
    rng = t.rng

    def case(label: str, weights: list[np.ndarray]) -> None:
        t.compare(label, weights, int(rng.integers(2**32)), call=_bound)

    case("one layer diag(2, 0.5)", [np.diag([2.0, 0.5])])
    case("two layers diag(2, 1) then diag(3, 1)", [np.diag([2.0, 1.0]), np.diag([3.0, 1.0])])
    case("no layers: the identity", [])
    case(
        "3 -> 5 -> 4 -> 2, known singular values",
        [
            with_singular_values(rng, 5, 3, [2.0, 1.0, 0.5]),
            with_singular_values(rng, 4, 5, [1.5, 0.7, 0.3, 0.1]),
            with_singular_values(rng, 2, 4, [3.0, 1.0]),
        ],
    )
    case(
        "a layer of norm 1e-3 between two of norm 1e3",
        [
            with_singular_values(rng, 4, 4, [1e3, 5e2, 1e2, 1.0]),
            with_singular_values(rng, 4, 4, [1e-3, 5e-4, 1e-4, 1e-5]),
            with_singular_values(rng, 3, 4, [1e3, 2e2, 1e2]),
        ],
    )
    t.raises(
        "shapes that do not chain: (3, 2) then (4, 4)",
        ValueError,
        [np.ones((3, 2)), np.ones((4, 4))],
        0,
        call=_bound,
        why="when a layer's inputs do not match the previous layer's outputs",
    )


# -- extras.compose -----------------------------------------------------------------------

_FUNCTIONS: dict[str, Any] = {
    "double": lambda x: 2 * x,
    "add_one": lambda x: x + 1,
    "square": lambda x: x * x,
    "reverse": lambda x: x[::-1],
    "cumsum": np.cumsum,
    "identity": lambda x: x,
    "str": str,
    "len": len,
}


def _apply(module: ModuleType, names: tuple[str, ...], x: Any) -> Any:
    return module.compose(*(_FUNCTIONS[n] for n in names))(x)


def _associativity(module: ModuleType, names: tuple[str, str, str], x: Any) -> Any:
    f, g, h = (_FUNCTIONS[n] for n in names)
    left = module.compose(module.compose(f, g), h)
    right = module.compose(f, module.compose(g, h))
    return left(x), right(x)


@check("extras.compose")
def compose(t: Trial) -> None:
    rng = t.rng
    t.compare("compose(double) on [1, 2]", ("double",), np.array([1.0, 2.0]), call=_apply)
    t.compare(
        "compose(double, add_one)(x) = 2 (x + 1)",
        ("double", "add_one"),
        np.array([1.0, 2.0, 3.0]),
        call=_apply,
    )
    t.compare("compose() is the identity", (), np.array([4.0, 5.0]), call=_apply)
    t.compare(
        "compose(square, add_one, reverse) on a random vector",
        ("square", "add_one", "reverse"),
        rng.normal(size=5),
        call=_apply,
    )
    t.compare(
        "compose(len, str)(123456): the functions change the type",
        ("len", "str"),
        123456,
        call=_apply,
    )
    t.compare(
        "associativity: (cumsum o square) o reverse == cumsum o (square o reverse)",
        ("cumsum", "square", "reverse"),
        rng.normal(size=6),
        call=_associativity,
    )
    t.compare(
        "identity laws: compose(identity, double, identity) == double",
        ("identity", "double", "identity"),
        rng.normal(size=3),
        call=_apply,
    )
    t.compare(
        "200 functions: compose(add_one, ..., add_one)(0) = 200",
        ("add_one",) * 200,
        0,
        call=_apply,
    )

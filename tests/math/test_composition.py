"""The section 1.10 composition reference: the laws of composition as property tests."""

from __future__ import annotations

import numpy as np
import pytest

from groundup.math.composition import compose, identity

FUNCTIONS = [
    lambda x: 2.0 * x,
    lambda x: x + 1.0,
    np.tanh,
    lambda x: x[::-1],
    np.cumsum,
    lambda x: x * x,
]


@pytest.mark.parametrize("seed", range(20))
def test_associativity_and_identity_on_random_triples(seed: int) -> None:
    rng = np.random.default_rng(seed)
    f, g, h = (FUNCTIONS[i] for i in rng.integers(len(FUNCTIONS), size=3))
    x = rng.normal(size=5)
    direct = f(g(h(x)))
    # The same operations in the same order: bit-for-bit equal.
    assert np.array_equal(compose(compose(f, g), h)(x), direct)
    assert np.array_equal(compose(f, compose(g, h))(x), direct)
    assert np.array_equal(compose(f, g, h)(x), direct)
    assert np.array_equal(compose(f, identity)(x), f(x))
    assert np.array_equal(compose(identity, f)(x), f(x))


def test_order_is_mathematical() -> None:
    assert compose(lambda x: 2 * x, lambda x: x + 1)(3) == 8  # 2 * (3 + 1), not 2 * 3 + 1
    assert compose(len, str)(123456) == 6


def test_empty_composition_is_identity_and_laziness() -> None:
    x = object()
    assert compose()(x) is x
    calls: list[int] = []
    composed = compose(lambda v: calls.append(v) or v)
    assert calls == []  # nothing runs until called
    composed(1)
    assert calls == [1]


def test_long_chains_do_not_recurse() -> None:
    assert compose(*([lambda x: x + 1] * 5000))(0) == 5000


def test_non_callables_are_rejected() -> None:
    with pytest.raises(TypeError, match="argument 1"):
        compose(abs, 3)  # type: ignore[arg-type]

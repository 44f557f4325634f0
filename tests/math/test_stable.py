"""groundup.math.stable against scipy.special (logsumexp, softmax, expit)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special

from groundup.math.stable import logsumexp, sigmoid, softmax


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(15)


@pytest.mark.parametrize("scale", [1.0, 100.0, 1e4])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_logsumexp_matches_scipy(rng: np.random.Generator, scale: float, axis: int) -> None:
    x = scale * rng.normal(size=(4, 7))
    # Both shift by the max and sum at most 7 terms: 1e-13 relative covers the rounding.
    np.testing.assert_allclose(logsumexp(x, axis), scipy.special.logsumexp(x, axis), rtol=1e-13)


def test_logsumexp_large_and_minus_inf() -> None:
    x = np.array([[1000.0, 1000.0], [-1000.0, -1000.0], [-np.inf, -np.inf], [0.0, -np.inf]])
    expected = scipy.special.logsumexp(x, axis=1)  # 1000 + log 2, -1000 + log 2, -inf, 0
    np.testing.assert_allclose(logsumexp(x), expected, rtol=1e-15)
    assert logsumexp(x)[2] == -np.inf


@pytest.mark.parametrize("scale", [1.0, 1e3, 1e6])
def test_softmax_matches_scipy(rng: np.random.Generator, scale: float) -> None:
    x = scale * rng.normal(size=(5, 6))
    # Same shifted exponentials: rounding of a few ulps, relative 1e-12; tiny entries
    # that underflow agree to atol 1e-300.
    np.testing.assert_allclose(softmax(x, 0), scipy.special.softmax(x, 0), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(softmax(x), scipy.special.softmax(x, -1), rtol=1e-12, atol=1e-300)


def test_softmax_sums_to_one_and_ties(rng: np.random.Generator) -> None:
    x = np.array([[800.0, 800.0, 800.0]])
    np.testing.assert_allclose(softmax(x), np.full((1, 3), 1 / 3), rtol=1e-15)


def test_sigmoid_matches_expit_without_overflow() -> None:
    x = np.array([-1e5, -1000.0, -745.0, -30.0, -1.0, 0.0, 1.0, 30.0, 1000.0, 1e5])
    with np.errstate(over="raise"):  # the stable form must never overflow
        got = sigmoid(x)
    # expit is the oracle; relative 1e-14 allows a few ulps; atol covers subnormals (5e-324).
    np.testing.assert_allclose(got, scipy.special.expit(x), rtol=1e-14, atol=1e-300)
    assert sigmoid(np.array(0.0)) == 0.5


def test_reductions_reject_bad_axes() -> None:
    with pytest.raises(ValueError, match="out of range"):
        logsumexp(np.ones(3), axis=1)
    with pytest.raises(ValueError, match="empty"):
        softmax(np.ones((2, 0)))

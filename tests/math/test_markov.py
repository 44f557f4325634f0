"""Section 1.3 Markov chains (groundup.math.markov) against NumPy/SciPy eigensolvers and
simulation. Tolerances are stated per assertion."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg

from groundup.math.markov import simulate_chain, stationary_eigen, stationary_power


def random_chain(rng: np.random.Generator, k: int) -> np.ndarray:
    P = rng.uniform(0.05, 1.0, size=(k, k))
    return P / P.sum(axis=1, keepdims=True)


def scipy_stationary(P: np.ndarray) -> np.ndarray:
    w, vl = scipy.linalg.eig(P, left=True, right=False)
    v = np.real(vl[:, np.argmin(np.abs(w - 1))])
    return v / v.sum()


def test_two_state_chain_exact() -> None:
    P = np.array([[0.9, 0.1], [0.5, 0.5]])
    exact = np.array([5 / 6, 1 / 6])  # balance: 0.1 pi_0 = 0.5 pi_1
    np.testing.assert_allclose(stationary_power(P), exact, atol=1e-12)
    np.testing.assert_allclose(stationary_eigen(P), exact, atol=1e-14)


@pytest.mark.parametrize("k", [1, 3, 10, 40])
def test_both_methods_match_scipy_left_eigenvector(k: int) -> None:
    P = random_chain(np.random.default_rng(k), k)
    expected = scipy_stationary(P)
    # eigen: same LAPACK problem, well-separated eigenvalue 1: agreement to ~1e-14
    np.testing.assert_allclose(stationary_eigen(P), expected, atol=1e-12)
    # power: stops at a change below 1e-13; |lambda_2| << 1 here, so error < 1e-12
    np.testing.assert_allclose(stationary_power(P), expected, atol=1e-11)
    pi = stationary_eigen(P)
    np.testing.assert_allclose(pi @ P, pi, atol=1e-13)  # pi P = pi


def test_slow_chain_and_transient_state() -> None:
    P = np.array([[0.99, 0.01, 0.0], [0.0, 0.99, 0.01], [0.02, 0.0, 0.98]])
    expected = scipy_stationary(P)
    # second eigenvalue modulus ~0.985: the stopping rule leaves an error of ~1e-11
    np.testing.assert_allclose(stationary_power(P), expected, atol=1e-9)
    T = np.array([[0.0, 0.5, 0.5], [0.0, 0.3, 0.7], [0.0, 0.6, 0.4]])
    pi = stationary_eigen(T)
    assert pi[0] == pytest.approx(0.0, abs=1e-14)  # state 0 is never revisited
    assert pi.sum() == pytest.approx(1.0, abs=1e-14)


def test_long_run_frequencies_match_stationary_distribution() -> None:
    P = np.array([[0.5, 0.4, 0.1], [0.2, 0.6, 0.2], [0.3, 0.3, 0.4]])
    states = simulate_chain(P, 0, 200_000, np.random.default_rng(7))
    freq = np.bincount(states, minlength=3) / states.size
    # ergodic averages converge like 1/sqrt(n) (times a mixing factor ~2): 0.01 is >5 se
    np.testing.assert_allclose(freq, stationary_eigen(P), atol=0.01)


def test_rejects_non_stochastic_and_handles_periodic() -> None:
    with pytest.raises(ValueError, match="distribution"):
        stationary_power(np.array([[0.5, 0.6], [0.5, 0.5]]))
    with pytest.raises(ValueError, match="square"):
        stationary_eigen(np.ones((2, 3)) / 3)
    # a periodic chain has a unique stationary distribution, though pi_t oscillates
    P = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    np.testing.assert_allclose(stationary_eigen(P), np.full(3, 1 / 3), atol=1e-14)

r"""Markov chains and their stationary distribution.

Section 1.3 Probability and statistics. A chain on k states has a transition matrix
P with :math:`P_{ij} = P(X_{t+1} = j \mid X_t = i)`: each row is a distribution. A
distribution over states is a row vector :math:`\pi` and one step maps it to
:math:`\pi P`. A stationary distribution satisfies :math:`\pi P = \pi`: it is a *left*
eigenvector of P with eigenvalue 1 (a right eigenvector of :math:`P^\top`).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._types import FloatArray


def as_transition_matrix(P: npt.ArrayLike) -> FloatArray:
    """Returns ``P`` as a row-stochastic float64 matrix, or raises ``ValueError``."""
    arr = np.asarray(P, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.size == 0:
        raise ValueError(f"expected a square transition matrix, got shape {arr.shape}")
    if np.any(arr < 0) or not np.allclose(arr.sum(axis=1), 1.0, rtol=0, atol=1e-9):
        raise ValueError(
            "each row of a transition matrix must be a distribution (non-negative, "
            f"summing to 1); row sums are {arr.sum(axis=1)}"
        )
    return arr


def simulate_chain(
    P: npt.ArrayLike, start: int, n_steps: int, rng: np.random.Generator
) -> npt.NDArray[np.int64]:
    """Runs the chain for ``n_steps`` steps from state ``start``.

    Returns:
        The visited states, shape (n_steps + 1,), starting with ``start``.
    """
    P = as_transition_matrix(P)
    cdf = np.cumsum(P, axis=1)  # (k, k): each row's CDF, for inverse-CDF sampling
    states = np.empty(n_steps + 1, dtype=np.int64)
    states[0] = start
    u = rng.random(n_steps)
    for t in range(n_steps):
        row = cdf[states[t]]
        states[t + 1] = min(int(np.searchsorted(row, u[t] * row[-1], side="right")), len(row) - 1)
    return states


def stationary_power(P: npt.ArrayLike, tol: float = 1e-13, max_iter: int = 100_000) -> FloatArray:
    r"""The stationary distribution by power iteration: repeat :math:`\pi \leftarrow \pi P`.

    Starting from the uniform distribution, each step is one step of the chain; for an
    irreducible, aperiodic chain :math:`\pi_t` converges to the unique stationary
    distribution, geometrically at the rate of the second-largest eigenvalue modulus.

    Args:
        P: the transition matrix, shape (k, k), rows summing to 1; the chain must be
            irreducible and aperiodic for the iteration to converge.
        tol: stop when the largest change of an entry is below this.
        max_iter: the most steps to take.

    Returns:
        :math:`\pi`, shape (k,), non-negative and summing to 1.

    Raises:
        ValueError: if P is not a transition matrix.
        RuntimeError: if the iteration does not converge in ``max_iter`` steps
            (a periodic chain oscillates forever).
    """
    P = as_transition_matrix(P)
    # exercise: prob.stationary-power
    k = P.shape[0]
    pi = np.full(k, 1.0 / k)  # (k,): start uniform
    for _ in range(max_iter):
        new = pi @ P  # a row vector times P: one step of the chain
        new /= new.sum()  # sums to 1 already; this stops rounding from drifting
        if np.max(np.abs(new - pi)) < tol:
            return new
        pi = new
    raise RuntimeError(f"power iteration did not converge in {max_iter} steps")
    # end exercise


def stationary_eigen(P: npt.ArrayLike) -> FloatArray:
    r"""The stationary distribution as the left eigenvector of P for eigenvalue 1.

    :math:`\pi P = \pi` is :math:`P^\top \pi^\top = \pi^\top`: take the eigenvector of
    :math:`P^\top` whose eigenvalue is closest to 1, drop the rounding-level imaginary
    part, and scale it to sum to 1 (which also fixes its sign).

    Args:
        P: the transition matrix, shape (k, k), of an irreducible chain (so that the
            eigenvalue 1 is simple).

    Returns:
        :math:`\pi`, shape (k,), non-negative and summing to 1.

    Raises:
        ValueError: if P is not a transition matrix.
    """
    P = as_transition_matrix(P)
    # exercise: prob.stationary-eigen
    eigenvalues, eigenvectors = np.linalg.eig(P.T)  # columns: right eigenvectors of P.T
    i = int(np.argmin(np.abs(eigenvalues - 1.0)))
    v = np.real(eigenvectors[:, i])  # (k,)
    pi = v / v.sum()  # sum to 1; dividing by a negative sum also flips the sign
    return np.clip(pi, 0.0, None)  # rounding can leave entries like -1e-17
    # end exercise

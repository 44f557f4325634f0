"""Random inputs with known structure, for checks whose tolerance depends on it.

A matrix built from chosen singular values or eigenvalues has a known condition number,
so the rounding error two correct implementations may differ by is known in advance.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np


def orthonormal(rng: np.random.Generator, d: int, k: int | None = None) -> np.ndarray:
    """A random (d, k) matrix with orthonormal columns (k = d: an orthogonal matrix).

    The Q of a Gaussian matrix's QR, with the sign fix that makes it uniformly
    (Haar) distributed.
    """
    Q, R = np.linalg.qr(rng.normal(size=(d, d if k is None else k)))
    return Q * np.sign(np.diag(R))


def symmetric(rng: np.random.Generator, eigenvalues: Sequence[float]) -> np.ndarray:
    """A random symmetric matrix with exactly these eigenvalues (in a random basis)."""
    Q = orthonormal(rng, len(eigenvalues))
    A = (Q * np.asarray(eigenvalues, dtype=np.float64)) @ Q.T
    return (A + A.T) / 2  # exactly symmetric despite rounding


def with_singular_values(
    rng: np.random.Generator, m: int, n: int, singular_values: Sequence[float]
) -> np.ndarray:
    """A random m x n matrix with these singular values (min(m, n) of them)."""
    s = np.asarray(singular_values, dtype=np.float64)
    r = min(m, n)
    if s.shape != (r,):
        raise ValueError(f"an {m}x{n} matrix has {r} singular values, got {s.shape[0]}")
    return (orthonormal(rng, m)[:, :r] * s) @ orthonormal(rng, n)[:r]  # (m, r) @ (r, n)


def hilbert(n: int) -> np.ndarray:
    """The n x n Hilbert matrix, entries 1 / (i + j + 1): famously ill-conditioned.

    Symmetric positive definite, with a condition number that grows like
    :math:`e^{3.5 n}` (about 1.6e4 for n = 4, 4.8e5 for n = 5, 1.5e10 for n = 8).
    """
    i = np.arange(n)
    return 1.0 / (i[:, None] + i[None, :] + 1.0)


def rosenbrock(x: np.ndarray) -> float:
    r"""Rosenbrock's function, :math:`\sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2`.

    Its minimum 0 at :math:`(1, \dots, 1)` lies at the bottom of a long, curved, nearly
    flat valley: a standard test for minimizers and for numerical derivatives.
    """
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))


def rosenbrock_grad(x: np.ndarray) -> np.ndarray:
    """The gradient of :func:`rosenbrock`, shape (n,)."""
    inner = x[1:] - x[:-1] ** 2
    g = np.zeros_like(x)
    g[:-1] += -400.0 * x[:-1] * inner - 2.0 * (1.0 - x[:-1])
    g[1:] += 200.0 * inner
    return g


def rosenbrock_hessian(x: np.ndarray) -> np.ndarray:
    """The Hessian of :func:`rosenbrock`, shape (n, n) (tridiagonal)."""
    n = x.shape[0]
    H = np.zeros((n, n))
    for i in range(n - 1):
        H[i, i] += 1200.0 * x[i] ** 2 - 400.0 * x[i + 1] + 2.0
        H[i, i + 1] += -400.0 * x[i]
        H[i + 1, i] += -400.0 * x[i]
        H[i + 1, i + 1] += 200.0
    return H


def normals(
    *shapes: int | tuple[int, ...],
) -> Callable[[np.random.Generator], tuple[np.ndarray, ...]]:
    """A case's inputs drawn from N(0, 1), one array per shape, in order.

    ``Case("random 7 with 3", normals(7, 3))`` draws ``r.normal(size=7)`` and then
    ``r.normal(size=3)`` from the trial's generator when the case runs.
    """
    return lambda rng: tuple(rng.normal(size=shape) for shape in shapes)

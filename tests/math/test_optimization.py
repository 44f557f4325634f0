"""The section 1.6 landscape tools against exact values, SciPy and PyTorch.

Oracles: for f(x) = ||x||^2 the convexity gap along [x, y] is exactly
-t (1 - t) ||x - y||^2; Hessians at known critical points come from torch autograd and
are classified by SciPy's eigenvalues; the Lipschitz constant of the gradient of a
quadratic is its largest eigenvalue; schedules are compared with torch's LinearLR and
CosineAnnealingLR.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg
import torch

from groundup.math.optimization import (
    classify_critical_point,
    convexity_gap,
    estimate_lipschitz,
    warmup_cosine_lr,
)

torch.set_num_threads(1)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20240606)


def test_convexity_gap_of_the_squared_norm_is_exact(rng: np.random.Generator) -> None:
    X, Y = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
    ts = np.linspace(0, 1, 11)
    got = convexity_gap(lambda x: float(x @ x), X, Y, ts)
    exact = max(
        -t * (1 - t) * float((x - y) @ (x - y)) for x, y in zip(X, Y, strict=True) for t in ts
    )
    # Sums of 3 squares of order 1: a few ulps; the maximum is 0 at t = 0 or 1.
    assert got == pytest.approx(exact, abs=1e-13)
    inner = np.linspace(0.1, 0.9, 9)
    exact_inner = max(
        -t * (1 - t) * float((x - y) @ (x - y)) for x, y in zip(X, Y, strict=True) for t in inner
    )
    assert convexity_gap(lambda x: float(x @ x), X, Y, inner) == pytest.approx(
        exact_inner, rel=1e-12
    )


def test_convexity_gap_separates_convex_from_nonconvex(rng: np.random.Generator) -> None:
    X, Y = rng.uniform(-3, 3, size=(50, 2)), rng.uniform(-3, 3, size=(50, 2))
    ts = np.linspace(0, 1, 21)
    logsumexp = convexity_gap(lambda x: float(scipy.special.logsumexp(x)), X, Y, ts)
    assert logsumexp <= 1e-12  # convex: rounding only
    rosenbrock = convexity_gap(lambda x: float(scipy.optimize.rosen(x)), X, Y, ts)
    assert rosenbrock > 1.0  # Rosenbrock's banana valley is far from convex


def hessian_at(fn, point: list[float]) -> np.ndarray:  # type: ignore[no-untyped-def]
    return torch.autograd.functional.hessian(fn, torch.tensor(point, dtype=torch.float64)).numpy()


@pytest.mark.parametrize(
    ("fn", "point", "kind"),
    [
        (lambda x: x[0] ** 2 + 3 * x[1] ** 2, [0.0, 0.0], "minimum"),
        (lambda x: -(x[0] ** 2) - x[1] ** 2 - x[2] ** 2 + x[0] * x[1], [0.0, 0.0, 0.0], "maximum"),
        (lambda x: x[0] ** 2 - x[1] ** 2, [0.0, 0.0], "saddle"),
        (lambda x: x[0] * x[1], [0.0, 0.0], "saddle"),  # zero diagonal, eigenvalues +-1
        (lambda x: x[0] ** 3 - 3 * x[0] * x[1] ** 2, [0.0, 0.0], "degenerate"),  # monkey saddle
        (lambda x: x[0] ** 4 + x[1] ** 2, [0.0, 0.0], "degenerate"),
        # Rosenbrock's minimum (1, 1): Hessian [[802, -400], [-400, 200]], positive definite.
        (lambda x: 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2, [1.0, 1.0], "minimum"),
    ],
)
def test_classify_known_critical_points(fn, point: list[float], kind: str) -> None:  # type: ignore[no-untyped-def]
    assert classify_critical_point(hessian_at(fn, point)) == kind


def test_classify_agrees_with_scipy_eigenvalues(rng: np.random.Generator) -> None:
    for _ in range(20):
        n = int(rng.integers(1, 6))
        M = rng.normal(size=(n, n))
        H = (M + M.T) / 2
        w = scipy.linalg.eigvalsh(H)
        expected = "saddle" if w[0] < 0 < w[-1] else ("minimum" if w[0] > 0 else "maximum")
        assert classify_critical_point(H) == expected
    with pytest.raises(ValueError, match="symmetric"):
        classify_critical_point(np.array([[1.0, 2.0], [0.0, 1.0]]))


def test_lipschitz_estimate_of_a_quadratic_gradient(rng: np.random.Generator) -> None:
    M = rng.normal(size=(4, 4))
    H = M @ M.T + np.eye(4)
    w, V = scipy.linalg.eigh(H)
    X = rng.normal(size=(200, 4))
    Y = rng.normal(size=(200, 4))
    estimate = estimate_lipschitz(lambda x: H @ x, X, Y)
    assert estimate <= w[-1] * (1 + 1e-12)  # never above the true L
    # A pair along the top eigenvector attains L exactly (to rounding).
    X_top = np.vstack([X, V[:, -1]])
    Y_top = np.vstack([Y, np.zeros(4)])
    assert estimate_lipschitz(lambda x: H @ x, X_top, Y_top) == pytest.approx(w[-1], rel=1e-12)


def test_step_one_over_l_decreases_f_monotonically(rng: np.random.Generator) -> None:
    from groundup.math.descent import gradient_descent

    M = rng.normal(size=(3, 3))
    H = M @ M.T + 0.1 * np.eye(3)
    L = float(scipy.linalg.eigvalsh(H)[-1])
    path = gradient_descent(lambda x: H @ x, rng.normal(size=3), 1.0 / L, 30)
    values = np.einsum("ti,ij,tj->t", path, H, path) / 2
    assert np.all(np.diff(values) <= 1e-15)


def torch_lrs(scheduler_factory, lr: float, n: int) -> np.ndarray:  # type: ignore[no-untyped-def]
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr)
    sched = scheduler_factory(opt)
    out = []
    for _ in range(n):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return np.array(out)


def test_cosine_part_matches_torch_cosine_annealing() -> None:
    T, lr_max, lr_min = 50, 3e-4, 3e-5
    expected = torch_lrs(
        lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=T, eta_min=lr_min),
        lr_max,
        T + 1,
    )
    got = warmup_cosine_lr(np.arange(T + 1), T, lr_max, lr_min, 0)
    # torch updates the rate recursively; it drifts from the closed form by ~1e-15 relative.
    np.testing.assert_allclose(got, expected, rtol=1e-9)


def test_warmup_part_matches_torch_linear_lr() -> None:
    W, lr_max = 8, 1e-3
    expected = torch_lrs(
        lambda o: torch.optim.lr_scheduler.LinearLR(
            o, start_factor=1 / W, end_factor=1.0, total_iters=W - 1
        ),
        lr_max,
        W,
    )
    got = warmup_cosine_lr(np.arange(W), 100, lr_max, 0.0, W)
    np.testing.assert_allclose(got, expected, rtol=1e-9)
    # After warm-up: lr_max at step W, lr_min at step T and beyond.
    tail = warmup_cosine_lr(np.array([W, 100, 150]), 100, lr_max, 1e-5, W)
    np.testing.assert_allclose(tail, [lr_max, 1e-5, 1e-5], rtol=1e-14)
    assert math.isclose(float(warmup_cosine_lr(np.array(54), 100, 1.0, 0.0, 8)), 0.5, rel_tol=1e-14)

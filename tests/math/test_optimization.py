"""The section 1.6 landscape tools against exact values, SciPy and PyTorch.

Oracles: for f(x) = ||x||^2 the convexity gap along [x, y] is exactly
-t (1 - t) ||x - y||^2; Hessians at known critical points come from torch autograd and
are classified by SciPy's eigenvalues; the Lipschitz constant of the gradient of a
quadratic is its largest eigenvalue; the cosine schedule with warm-up is compared value
for value with Hugging Face transformers' ``get_cosine_schedule_with_warmup`` (and its
``min_lr`` variant) and with section 4.4's ``cosine_warmup_lr``.

Schedule tolerances, measured on these cases and set a few times above the worst:

- ``HF_RTOL = 1e-15`` (atol 0) against transformers: the same closed form, with
  ``base * (s / W)`` where we write ``max_lr * s / W``, and the floor applied as
  ``base * (factor * (1 - min_lr / base) + min_lr / base)``; measured at most 3.7e-16
  relative, and both are exactly 0 at step 0 and at the end when ``min_lr`` is 0.
- ``SECTION_4_4_RTOL = 1e-15`` (atol 0) against section 4.4's scalar function: the same
  operations in the same order, measured bitwise equal; the slack is for a NumPy whose
  vectorized ``cos`` differs from ``math.cos`` by an ulp.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import scipy.linalg
import torch
from transformers import (
    get_cosine_schedule_with_warmup,
    get_cosine_with_min_lr_schedule_with_warmup,
)

from groundup.engine.optim import lr_scheduler
from groundup.math.optimization import (
    classify_critical_point,
    convexity_gap,
    cosine_warmup_lr,
    estimate_lipschitz,
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


# -- the cosine schedule with warm-up --------------------------------------------------------

HF_RTOL = 1e-15
SECTION_4_4_RTOL = 1e-15

# (num_warmup_steps, num_training_steps): no warm-up, warm-up only (W = T), the shortest
# schedules, and the shapes of real runs.
WARMUP_TOTAL = [(0, 1), (0, 10), (1, 1), (8, 8), (1, 2), (4, 20), (10, 30), (37, 1000), (100, 2000)]


def _transformers_rates(make: Callable[[Any], Any], max_lr: float, n: int) -> np.ndarray:
    """The rate a torch SGD driven by a transformers schedule trains with at steps 0 .. n - 1."""
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=max_lr)
    sched = make(opt)
    rates = []
    for _ in range(n):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return np.array(rates)


@pytest.mark.parametrize(("warmup", "total"), WARMUP_TOTAL)
@pytest.mark.parametrize("max_lr", [6e-4, 1.0])
def test_cosine_warmup_matches_transformers(warmup: int, total: int, max_lr: float) -> None:
    expected = _transformers_rates(
        lambda o: get_cosine_schedule_with_warmup(o, warmup, total), max_lr, total + 1
    )
    got = cosine_warmup_lr(np.arange(total + 1), max_lr, warmup, total)
    # atol 0: where transformers' rate is exactly 0 (step 0, the end), ours is too.
    np.testing.assert_allclose(got, expected, rtol=HF_RTOL, atol=0)


@pytest.mark.parametrize(
    ("warmup", "total", "min_lr"), [(0, 10, 6e-5), (4, 20, 1e-4), (8, 8, 6e-5), (100, 2000, 6e-5)]
)
def test_cosine_warmup_with_min_lr_matches_transformers(
    warmup: int, total: int, min_lr: float
) -> None:
    max_lr = 6e-4
    expected = _transformers_rates(
        lambda o: get_cosine_with_min_lr_schedule_with_warmup(o, warmup, total, min_lr=min_lr),
        max_lr,
        total + 1,
    )
    got = cosine_warmup_lr(np.arange(total + 1), max_lr, warmup, total, min_lr)
    np.testing.assert_allclose(got, expected, rtol=HF_RTOL, atol=0)


@pytest.mark.parametrize(("warmup", "total"), WARMUP_TOTAL)
@pytest.mark.parametrize("min_lr", [0.0, 6e-5])
def test_cosine_warmup_matches_section_4_4_step_by_step(
    warmup: int, total: int, min_lr: float
) -> None:
    """1.6's vectorized schedule and 4.4's scalar one agree on every step, past the end too."""
    max_lr = 6e-4
    steps = np.arange(total + 6)
    got = cosine_warmup_lr(steps, max_lr, warmup, total, min_lr)
    expected = [lr_scheduler.cosine_warmup_lr(int(t), max_lr, warmup, total, min_lr) for t in steps]
    np.testing.assert_allclose(got, expected, rtol=SECTION_4_4_RTOL, atol=0)


def test_cosine_warmup_shape_and_floor_after_the_end() -> None:
    lrs = cosine_warmup_lr(np.arange(25), 1.0, 4, 20, 0.1)
    assert lrs.dtype == np.float64
    assert list(lrs[:5]) == [0.0, 0.25, 0.5, 0.75, 1.0]  # from 0 to the peak at step W
    assert lrs[20] == pytest.approx(0.1, abs=1e-15)  # min_lr at num_training_steps
    assert np.all(np.diff(lrs[4:]) <= 0)  # then a monotone decay
    # NOTE: transformers' cosine climbs back up past the end; ours stays at min_lr.
    assert np.all(lrs[21:] == 0.1)
    # Any shape of steps, the result shaped like it; halfway through the decay, max_lr / 2.
    grid = cosine_warmup_lr(np.array([[0, 4], [12, 30]]), 1.0, 4, 20, 0.1)
    assert grid.shape == (2, 2)
    assert float(cosine_warmup_lr(np.array(54), 1.0, 8, 100)) == pytest.approx(0.5, rel=1e-14)


def test_cosine_warmup_edge_cases() -> None:
    # W = T: a warm-up to the peak at step T, then min_lr; W = 0: the cosine from step 0.
    np.testing.assert_array_equal(
        cosine_warmup_lr(np.arange(6), 1.0, 4, 4, 0.1), [0, 0.25, 0.5, 0.75, 1, 0.1]
    )
    np.testing.assert_array_equal(cosine_warmup_lr(np.arange(3), 2.0, 0, 1), [2.0, 0.0, 0.0])


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((np.array([0, -1]), 1.0, 2, 10), "steps"),
        ((np.arange(3), 1.0, 11, 10), "num_warmup_steps"),
        ((np.arange(3), 1.0, -1, 10), "num_warmup_steps"),
        ((np.arange(3), 1.0, 2, 10, -0.1), "min_lr"),
    ],
)
def test_cosine_warmup_rejects_bad_arguments(args: tuple[Any, ...], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        cosine_warmup_lr(*args)

"""Learning-rate schedulers against torch.optim.lr_scheduler and Hugging Face transformers.

Tolerances, measured on these cases and set a few times above the worst:

- ``RTOL = 1e-12`` for torch's schedulers (40 steps each): ours use closed forms
  (``base * gamma ** k``, the cosine formula) where torch multiplies recursively step
  after step; over 40 steps the recursive products accumulate at most ~40 ulps.
- ``HF_RTOL = 1e-15`` (atol 0) for the cosine with warm-up against transformers'
  ``get_cosine_schedule_with_warmup``: the same closed form, with ``base * (t / W)``
  where we write ``base * t / W``; measured at most 2.3e-16 relative (1 ulp), and both
  give exactly 0 at step 0 and at the end.
- Its warm-up against torch's ``LinearLR`` and its decay against ``CosineAnnealingLR``
  (both recursive, up to 2000 steps): ``rtol = 1e-13`` for the warm-up (measured
  2.1e-15), ``rtol = 1e-12`` plus ``atol = 1e-14 * max_lr`` for the decay (measured
  4.7e-15 * max_lr absolute, which is 2.5e-13 relative to a rate that is almost 0 near
  the end).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from transformers import (
    get_cosine_schedule_with_warmup,
    get_cosine_with_min_lr_schedule_with_warmup,
)

from groundup.engine import Tensor, optim
from groundup.engine.optim import lr_scheduler as ours_sched
from groundup.engine.optim.lr_scheduler import CosineWithWarmup, cosine_warmup_lr

torch.set_num_threads(1)

STEPS = 40
RTOL = 1e-12
HF_RTOL = 1e-15


def _pair(lrs: tuple[float, ...] = (0.1, 0.02)) -> tuple[optim.SGD, torch.optim.SGD]:
    ours = optim.SGD([{"params": [Tensor(np.ones(1), requires_grad=True)], "lr": lr} for lr in lrs])
    theirs = torch.optim.SGD(
        [{"params": [torch.ones(1, requires_grad=True)], "lr": lr} for lr in lrs]
    )
    return ours, theirs


def _sequence(sched: Any, opt: Any, steps: int = STEPS) -> list[list[float]]:
    """The rate of every group at each step (as the scheduler reports it, then as set)."""
    out = []
    for _ in range(steps):
        out.append(sched.get_last_lr() + [g["lr"] for g in opt.param_groups])
        opt.step()
        sched.step()
    return out


CASES: list[tuple[str, dict[str, Any]]] = [
    ("StepLR", {"step_size": 7, "gamma": 0.5}),
    ("StepLR", {"step_size": 1, "gamma": 0.9}),
    ("CosineAnnealingLR", {"T_max": 25, "eta_min": 0.001}),
    ("CosineAnnealingLR", {"T_max": 10}),  # past T_max the cosine rises again
    ("LinearLR", {"start_factor": 0.1, "total_iters": 12}),
    ("LinearLR", {"start_factor": 0.5, "end_factor": 0.2, "total_iters": 30}),
    ("LinearLR", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_scheduler_matches_torch(name: str, kwargs: dict[str, Any]) -> None:
    ours_opt, theirs_opt = _pair()
    ours = getattr(ours_sched, name)(ours_opt, **kwargs)
    theirs = getattr(torch.optim.lr_scheduler, name)(theirs_opt, **kwargs)
    np.testing.assert_allclose(_sequence(ours, ours_opt), _sequence(theirs, theirs_opt), rtol=RTOL)


@pytest.mark.parametrize(
    "lr_lambda",
    [lambda t: 0.95**t, [lambda t: 1.0 / (t + 1), lambda t: min(1.0, (t + 1) / 10)]],
)
def test_lambda_lr_matches_torch(lr_lambda: Any) -> None:
    ours_opt, theirs_opt = _pair()
    ours = ours_sched.LambdaLR(ours_opt, lr_lambda)
    theirs = torch.optim.lr_scheduler.LambdaLR(theirs_opt, lr_lambda)
    np.testing.assert_allclose(_sequence(ours, ours_opt), _sequence(theirs, theirs_opt), rtol=RTOL)


# -- the cosine schedule with warm-up ---------------------------------------------------------

# (num_warmup_steps, num_training_steps): no warm-up, warm-up only (W = T), the shortest
# schedules, and the shapes of real runs.
WARMUP_TOTAL = [(0, 1), (0, 10), (1, 1), (8, 8), (1, 2), (4, 20), (10, 30), (37, 1000), (100, 2000)]


def _torch_rates(make: Callable[[Any], Any], lrs: tuple[float, ...], steps: int) -> np.ndarray:
    """The rate each group of a torch SGD trains with at steps 0 .. steps - 1."""
    opt = torch.optim.SGD(
        [{"params": [torch.zeros(1, requires_grad=True)], "lr": lr} for lr in lrs], lr=lrs[0]
    )
    sched = make(opt)
    rates = []
    for _ in range(steps):
        rates.append([group["lr"] for group in opt.param_groups])
        opt.step()
        sched.step()
    return np.array(rates)


@pytest.mark.parametrize(("warmup", "total"), WARMUP_TOTAL)
def test_cosine_warmup_matches_transformers(warmup: int, total: int) -> None:
    lrs = (6e-4, 1.0)
    expected = _torch_rates(
        lambda o: get_cosine_schedule_with_warmup(o, warmup, total), lrs, total + 1
    )
    ours_opt, _ = _pair(lrs)
    sched = CosineWithWarmup(ours_opt, warmup, total)
    by_scheduler = np.array(_sequence(sched, ours_opt, total + 1))
    by_function = [[cosine_warmup_lr(t, lr, warmup, total) for lr in lrs] for t in range(total + 1)]
    # atol 0: where transformers' rate is exactly 0 (step 0, the end), ours is too.
    np.testing.assert_allclose(by_scheduler, np.hstack([expected, expected]), rtol=HF_RTOL, atol=0)
    np.testing.assert_allclose(by_function, expected, rtol=HF_RTOL, atol=0)


@pytest.mark.parametrize(
    ("warmup", "total", "min_lr"), [(0, 10, 6e-5), (4, 20, 1e-4), (8, 8, 6e-5), (100, 2000, 6e-5)]
)
def test_cosine_warmup_with_min_lr_matches_transformers(
    warmup: int, total: int, min_lr: float
) -> None:
    max_lr = 6e-4
    expected = _torch_rates(
        lambda o: get_cosine_with_min_lr_schedule_with_warmup(o, warmup, total, min_lr=min_lr),
        (max_lr,),
        total + 1,
    )[:, 0]
    got = [cosine_warmup_lr(t, max_lr, warmup, total, min_lr) for t in range(total + 1)]
    np.testing.assert_allclose(got, expected, rtol=HF_RTOL, atol=0)


@pytest.mark.parametrize("warmup", [2, 8, 100])
def test_warmup_is_torch_linear_lr_one_step_late(warmup: int) -> None:
    """Steps 1 .. W are torch's LinearLR from 1 / W to 1 over W - 1 steps, one step late.

    torch's LinearLR cannot start at 0 (start_factor must be > 0): step 0's rate of 0
    is checked against transformers above.
    """
    max_lr = 3e-4
    expected = _torch_rates(
        lambda o: torch.optim.lr_scheduler.LinearLR(o, 1.0 / warmup, 1.0, warmup - 1),
        (max_lr,),
        warmup,
    )[:, 0]
    got = [cosine_warmup_lr(t, max_lr, warmup, 2 * warmup) for t in range(1, warmup + 1)]
    np.testing.assert_allclose(got, expected, rtol=1e-13, atol=0)


@pytest.mark.parametrize(
    ("warmup", "total", "min_lr"), [(0, 10, 0.0), (4, 20, 0.0), (100, 2000, 0.0), (37, 1000, 6e-5)]
)
def test_decay_is_torch_cosine_annealing_after_the_warmup(
    warmup: int, total: int, min_lr: float
) -> None:
    max_lr = 6e-4
    expected = _torch_rates(
        lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, total - warmup, eta_min=min_lr),
        (max_lr,),
        total - warmup + 1,
    )[:, 0]
    got = [cosine_warmup_lr(t, max_lr, warmup, total, min_lr) for t in range(warmup, total + 1)]
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-14 * max_lr)


def test_cosine_warmup_shape_and_floor_after_the_end() -> None:
    lrs = [cosine_warmup_lr(t, 1.0, 4, 20, 0.1) for t in range(25)]
    assert lrs[:5] == [0.0, 0.25, 0.5, 0.75, 1.0]  # from 0 to the peak at step W
    assert lrs[20] == pytest.approx(0.1, abs=1e-15)  # min_lr at num_training_steps
    assert all(a >= b for a, b in itertools.pairwise(lrs[4:]))  # then a monotone decay
    # NOTE: transformers' and torch's cosines climb back up past the end; ours stays put.
    assert all(lr == 0.1 for lr in lrs[21:])


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((-1, 1.0, 2, 10), "step"),
        ((0, 1.0, 11, 10), "num_warmup_steps"),
        ((0, 1.0, -1, 10), "num_warmup_steps"),
        ((0, 1.0, 2, 10, -0.1), "min_lr"),
    ],
)
def test_cosine_warmup_rejects_bad_arguments(args: tuple[Any, ...], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        cosine_warmup_lr(*args)


def test_scheduler_sets_initial_lr_and_validates() -> None:
    opt, _ = _pair()
    ours_sched.StepLR(opt, step_size=3)
    assert [g["initial_lr"] for g in opt.param_groups] == [0.1, 0.02]
    with pytest.raises(ValueError, match="num_training_steps"):
        CosineWithWarmup(opt, 11, 10)
    with pytest.raises(ValueError, match="start_factor"):
        ours_sched.LinearLR(opt, start_factor=0.0)
    with pytest.raises(TypeError):
        ours_sched.StepLR(object(), step_size=3)  # type: ignore[arg-type]


def test_scheduler_state_dict_round_trip() -> None:
    opt, _ = _pair()
    sched = ours_sched.CosineAnnealingLR(opt, T_max=10)
    for _ in range(4):
        sched.step()
    state = sched.state_dict()
    opt2, _ = _pair()
    sched2 = ours_sched.CosineAnnealingLR(opt2, T_max=10)
    sched2.load_state_dict(state)
    sched.step()
    sched2.step()
    assert sched2.get_last_lr() == sched.get_last_lr()

"""Learning-rate schedulers against torch.optim.lr_scheduler, 40 steps each.

Tolerance ``rtol=1e-12``: our schedulers use closed forms (``base * gamma ** k``, the
cosine formula) where torch multiplies recursively step after step; over 40 steps
the recursive products accumulate at most ~40 ulps (~1e-14 relative).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

from groundup.engine import Tensor, optim
from groundup.engine.optim import lr_scheduler as ours_sched
from groundup.engine.optim.lr_scheduler import cosine_warmup_lr, cosine_with_warmup

torch.set_num_threads(1)

STEPS = 40
RTOL = 1e-12


def _pair(lrs: tuple[float, ...] = (0.1, 0.02)) -> tuple[optim.SGD, torch.optim.SGD]:
    ours = optim.SGD([{"params": [Tensor(np.ones(1), requires_grad=True)], "lr": lr} for lr in lrs])
    theirs = torch.optim.SGD(
        [{"params": [torch.ones(1, requires_grad=True)], "lr": lr} for lr in lrs]
    )
    return ours, theirs


def _sequence(sched: Any, opt: Any) -> list[list[float]]:
    out = []
    for _ in range(STEPS):
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


def _build_nanogpt_get_lr(
    max_lr: float, warmup_steps: int, max_steps: int, min_lr: float
) -> Callable[[int], float]:
    """Karpathy's build-nanogpt ``get_lr``, transcribed: the oracle for the schedule."""

    def get_lr(it: int) -> float:
        if it < warmup_steps:
            return max_lr * (it + 1) / warmup_steps
        if it > max_steps:
            return min_lr
        decay_ratio = (it - warmup_steps) / (max_steps - warmup_steps)
        assert 0 <= decay_ratio <= 1
        coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio))
        return min_lr + coeff * (max_lr - min_lr)

    return get_lr


@pytest.mark.parametrize(
    ("warmup", "total", "min_lr"), [(10, 30, 6e-5), (0, 35, 0.0), (1, 2, 1e-4), (5, 38, 6e-4)]
)
def test_cosine_with_warmup_matches_nanogpt_and_torch_lambda(
    warmup: int, total: int, min_lr: float
) -> None:
    max_lr = 6e-4
    oracle = _build_nanogpt_get_lr(max_lr, warmup, total, min_lr)
    ours_opt, theirs_opt = _pair((max_lr,))
    sched = cosine_with_warmup(ours_opt, warmup, total, min_lr)
    theirs = torch.optim.lr_scheduler.LambdaLR(theirs_opt, lambda t: oracle(t) / max_lr)
    got = _sequence(sched, ours_opt)
    np.testing.assert_allclose(got, _sequence(theirs, theirs_opt), rtol=RTOL)
    np.testing.assert_allclose(
        [row[0] for row in got], [oracle(t) for t in range(STEPS)], rtol=RTOL
    )


def test_cosine_warmup_endpoints() -> None:
    lrs = [cosine_warmup_lr(t, 1.0, 4, 20, 0.1) for t in range(25)]
    assert lrs[0] == 0.25  # the first step already learns
    assert lrs[3] == 1.0 and lrs[4] == 1.0  # the peak, held across the warm-up's end
    assert lrs[20] == pytest.approx(0.1, abs=1e-15)  # reaches min_lr exactly at total
    assert all(lr == 0.1 for lr in lrs[21:])
    assert all(a >= b for a, b in itertools.pairwise(lrs[4:]))  # monotone decay


def test_scheduler_sets_initial_lr_and_validates() -> None:
    opt, _ = _pair()
    ours_sched.StepLR(opt, step_size=3)
    assert [g["initial_lr"] for g in opt.param_groups] == [0.1, 0.02]
    with pytest.raises(ValueError, match="total_steps"):
        cosine_with_warmup(opt, 10, 10, 0.0)
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

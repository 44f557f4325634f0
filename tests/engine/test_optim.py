"""Optimizers against torch.optim (float64), zero_grad, validation, state dicts, and
gradient clipping against torch.nn.utils.

Every optimizer gets the same random gradients as its torch counterpart for 7 steps,
on three parameters of different shapes split over two parameter groups, and the
parameters (and the state that torch exposes) must agree to ``rtol=1e-10,
atol=1e-12``: the same float64 update equations, with operations possibly in another
order (torch's ``lerp``/``addcmul`` vs our ``*=``/``+=``), differ by a few ulps per step,
and 7 steps of updates of order lr cannot amplify that past 1e-12.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np
import pytest
import torch

from groundup.engine import Tensor, optim
from groundup.engine.nn.utils import clip_grad_norm_, clip_grad_value_

torch.set_num_threads(1)

RTOL, ATOL = 1e-10, 1e-12
SHAPES = [(3, 4), (5,), (2, 3, 2)]
STEPS = 7


def _run_both(ours_cls: Any, theirs_cls: Any, kwargs: dict[str, Any], seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    init = [rng.normal(size=s) for s in SHAPES]
    ps = [Tensor(a.copy(), requires_grad=True) for a in init]
    ts = [torch.tensor(a.copy(), requires_grad=True) for a in init]
    # two groups: the second overrides the learning rate
    ours = ours_cls([{"params": ps[:2]}, {"params": ps[2:], "lr": 0.03}], **kwargs)
    theirs = theirs_cls([{"params": ts[:2]}, {"params": ts[2:], "lr": 0.03}], **kwargs)
    handed: list[tuple[np.ndarray, np.ndarray]] = []
    for step in range(STEPS):
        for i, (p, t) in enumerate(zip(ps, ts, strict=True)):
            if step == 3 and i == 1:  # a parameter without a gradient is skipped
                p.grad, t.grad = None, None
                continue
            g = rng.normal(size=p.shape) * (1 + 10 * (step == 2))  # one large gradient
            p.grad = g.copy()
            t.grad = torch.tensor(g)
            handed.append((p.grad, g))
        ours.step()
        theirs.step()
        for p, t in zip(ps, ts, strict=True):
            np.testing.assert_allclose(p.data, t.detach().numpy(), rtol=RTOL, atol=ATOL)
    for given, original in handed:  # an optimizer reads gradients, never writes them
        np.testing.assert_array_equal(given, original)


SGD_OPTIONS = [
    {"lr": 0.1},
    {"lr": 0.1, "momentum": 0.9},
    {"lr": 0.1, "momentum": 0.9, "dampening": 0.3},
    {"lr": 0.1, "momentum": 0.9, "nesterov": True},
    {"lr": 0.05, "momentum": 0.8, "weight_decay": 0.1},
    {"lr": 0.05, "momentum": 0.8, "weight_decay": 0.1, "nesterov": True},
    {"lr": 0.05, "weight_decay": 0.2, "maximize": True},
]


@pytest.mark.parametrize("kwargs", SGD_OPTIONS)
def test_sgd_matches_torch(kwargs: dict[str, Any]) -> None:
    _run_both(optim.SGD, torch.optim.SGD, kwargs)


RMSPROP_OPTIONS = [
    {"lr": 0.01},
    {"lr": 0.01, "alpha": 0.9, "eps": 1e-3},
    {"lr": 0.01, "momentum": 0.9},
    {"lr": 0.01, "centered": True},
    {"lr": 0.01, "centered": True, "momentum": 0.5, "weight_decay": 0.1},
]


@pytest.mark.parametrize("kwargs", RMSPROP_OPTIONS)
def test_rmsprop_matches_torch(kwargs: dict[str, Any]) -> None:
    _run_both(optim.RMSprop, torch.optim.RMSprop, kwargs)


ADAM_OPTIONS = [
    {"lr": 0.01},
    {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-4},
    {"lr": 0.01, "weight_decay": 0.1},
    {"lr": 0.01, "amsgrad": True},
    {"lr": 0.01, "amsgrad": True, "weight_decay": 0.05, "maximize": True},
    {"lr": 0.01, "betas": (0.0, 0.0)},  # no averaging at all: sign-like steps
]


@pytest.mark.parametrize("kwargs", ADAM_OPTIONS)
def test_adam_matches_torch(kwargs: dict[str, Any]) -> None:
    _run_both(optim.Adam, torch.optim.Adam, kwargs)


@pytest.mark.parametrize("kwargs", [*ADAM_OPTIONS, {"lr": 0.1, "weight_decay": 0.5}, {}])
def test_adamw_matches_torch(kwargs: dict[str, Any]) -> None:
    _run_both(optim.AdamW, torch.optim.AdamW, kwargs)


def test_adamw_differs_from_adam_with_l2() -> None:
    """Decoupled decay is not L2: with the same weight_decay the paths differ."""
    p1 = Tensor(np.ones(3), requires_grad=True)
    p2 = Tensor(np.ones(3), requires_grad=True)
    a, w = optim.Adam([p1], lr=0.1, weight_decay=0.5), optim.AdamW([p2], lr=0.1, weight_decay=0.5)
    for _ in range(3):
        p1.grad = np.array([1.0, -2.0, 0.5])
        p2.grad = p1.grad.copy()
        a.step()
        w.step()
    assert np.abs(p1.data - p2.data).max() > 1e-3


def test_adam_state_matches_torch() -> None:
    rng = np.random.default_rng(1)
    p = Tensor(rng.normal(size=4), requires_grad=True)
    t = torch.tensor(p.data.copy(), requires_grad=True)
    ours, theirs = (
        optim.Adam([p], lr=0.01, amsgrad=True),
        torch.optim.Adam([t], lr=0.01, amsgrad=True),
    )
    for _ in range(4):
        g = rng.normal(size=4)
        p.grad, t.grad = g, torch.tensor(g)
        ours.step()
        theirs.step()
    mine, ref = ours.state[p], theirs.state[t]
    assert mine["step"] == int(ref["step"])
    for key in ("exp_avg", "exp_avg_sq", "max_exp_avg_sq"):
        np.testing.assert_allclose(mine[key], ref[key].numpy(), rtol=RTOL, atol=ATOL)


def test_float32_stays_float32() -> None:
    for cls in (optim.SGD, optim.RMSprop, optim.Adam, optim.AdamW):
        p = Tensor(np.ones(5, dtype=np.float32), requires_grad=True)
        opt = cls([p], lr=0.1, **({"momentum": 0.9} if cls is optim.SGD else {}))
        for _ in range(2):
            p.grad = np.full(5, 0.5, dtype=np.float32)
            opt.step()
        assert p.data.dtype == np.float32, cls


# -- zero_grad ---------------------------------------------------------------------------


def test_zero_grad_set_to_none_is_default() -> None:
    p = Tensor(np.ones(3), requires_grad=True)
    opt = optim.SGD([p], lr=0.1)
    p.grad = np.ones(3)
    opt.zero_grad()
    assert p.grad is None


def test_zero_grad_in_place_zeros() -> None:
    p = Tensor(np.ones(3), requires_grad=True)
    opt = optim.SGD([p], lr=0.1)
    g = np.ones(3)
    p.grad = g
    opt.zero_grad(set_to_none=False)
    assert p.grad is g and np.all(g == 0)  # torch zeroes the same tensor in place


def test_zero_grad_then_backward_accumulates_fresh() -> None:
    p = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    opt = optim.SGD([p], lr=0.1)
    for _ in range(2):
        opt.zero_grad()
        (p * p).sum().backward()
    np.testing.assert_array_equal(p.grad, [2.0, 4.0])  # not 2x: zero_grad cleared it


def test_parameter_without_grad_is_not_moved_and_has_no_state() -> None:
    p, q = Tensor(np.ones(2), requires_grad=True), Tensor(np.ones(2), requires_grad=True)
    opt = optim.Adam([p, q], lr=0.1)
    p.grad = np.ones(2)
    opt.step()
    np.testing.assert_array_equal(q.data, [1.0, 1.0])
    assert q not in opt.state and p in opt.state


# -- validation --------------------------------------------------------------------------

BAD = [
    (optim.SGD, {"lr": -0.1}, "-0.1"),
    (optim.SGD, {"momentum": -0.5}, "-0.5"),
    (optim.SGD, {"weight_decay": -1.0}, "-1.0"),
    (optim.SGD, {"nesterov": True}, "Nesterov"),
    (optim.SGD, {"nesterov": True, "momentum": 0.9, "dampening": 0.1}, "Nesterov"),
    (optim.Adam, {"lr": -1e-3}, "-0.001"),
    (optim.Adam, {"betas": (1.0, 0.999)}, "1.0"),
    (optim.Adam, {"betas": (0.9, -0.1)}, "-0.1"),
    (optim.AdamW, {"betas": (0.9, 1.5)}, "1.5"),
    (optim.Adam, {"eps": -1e-8}, "-1e-08"),
    (optim.RMSprop, {"alpha": -0.9}, "-0.9"),
    (optim.RMSprop, {"momentum": -0.1}, "-0.1"),
]


@pytest.mark.parametrize(("cls", "kwargs", "named"), BAD)
def test_bad_hyperparameters_rejected_naming_the_value(cls: Any, kwargs: Any, named: str) -> None:
    p = Tensor(np.ones(2), requires_grad=True)
    with pytest.raises(ValueError, match=named):
        cls([p], **kwargs)
    if not kwargs.get("nesterov"):  # torch agrees that these are invalid
        t = torch.ones(2, requires_grad=True)
        with pytest.raises(ValueError):
            getattr(torch.optim, cls.__name__)([t], **kwargs)


def test_bad_hyperparameter_in_a_group_rejected() -> None:
    p, q = Tensor(np.ones(2), requires_grad=True), Tensor(np.ones(2), requires_grad=True)
    with pytest.raises(ValueError, match="-2"):
        optim.SGD([{"params": [p]}, {"params": [q], "lr": -2}], lr=0.1)


def test_params_errors() -> None:
    p = Tensor(np.ones(2), requires_grad=True)
    with pytest.raises(TypeError):
        optim.SGD(p, lr=0.1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty"):
        optim.SGD([], lr=0.1)
    with pytest.raises(ValueError, match="more than one"):
        optim.SGD([{"params": [p]}, {"params": [p]}], lr=0.1)


# -- state dicts -------------------------------------------------------------------------


def test_state_dict_round_trip_continues_identically() -> None:
    rng = np.random.default_rng(3)
    init = rng.normal(size=(4,))
    grads = [rng.normal(size=4) for _ in range(6)]
    p = Tensor(init.copy(), requires_grad=True)
    opt = optim.Adam([p], lr=0.05, amsgrad=True)
    for g in grads[:3]:
        p.grad = g.copy()
        opt.step()
    saved_params, saved = p.data.copy(), copy.deepcopy(opt.state_dict())
    for g in grads[3:]:
        p.grad = g.copy()
        opt.step()
    q = Tensor(saved_params, requires_grad=True)
    opt2 = optim.Adam([q], lr=0.9)
    opt2.load_state_dict(saved)
    assert opt2.param_groups[0]["lr"] == 0.05
    for g in grads[3:]:
        q.grad = g.copy()
        opt2.step()
    np.testing.assert_array_equal(q.data, p.data)  # the very same operations


def test_state_dict_layout_like_torch() -> None:
    p, q = Tensor(np.ones(2), requires_grad=True), Tensor(np.ones(3), requires_grad=True)
    opt = optim.SGD([{"params": [p]}, {"params": [q], "lr": 0.5}], lr=0.1, momentum=0.9)
    p.grad, q.grad = np.ones(2), np.ones(3)
    opt.step()
    sd = opt.state_dict()
    assert [g["params"] for g in sd["param_groups"]] == [[0], [1]]
    assert set(sd["state"]) == {0, 1}
    np.testing.assert_array_equal(sd["state"][1]["momentum_buffer"], np.ones(3))
    with pytest.raises(ValueError):
        optim.SGD([p], lr=0.1).load_state_dict(sd)


def test_step_returns_closure_loss() -> None:
    p = Tensor(np.array([3.0]), requires_grad=True)
    opt = optim.SGD([p], lr=0.25)

    def closure() -> Tensor:
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    loss = opt.step(closure)
    assert loss.item() == 9.0
    np.testing.assert_allclose(p.data, [3.0 - 0.25 * 6.0])


# -- gradient clipping (nn.utils) --------------------------------------------------------


@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, math.inf])
@pytest.mark.parametrize("max_norm", [0.5, 1e3])  # clipped, and left alone
def test_clip_grad_norm_matches_torch(norm_type: float, max_norm: float) -> None:
    """Norm and clipped gradients to rtol 1e-12: the same sums of at most 12 powers."""
    rng = np.random.default_rng(4)
    grads = [rng.normal(size=s) for s in [(3, 4), (5,), (2, 1, 3)]]
    ps = [Tensor(np.zeros(g.shape), requires_grad=True) for g in grads]
    ts = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
    for p, t, g in zip(ps, ts, grads, strict=True):
        p.grad, t.grad = g.copy(), torch.tensor(g)
    ps.append(Tensor(np.ones(2), requires_grad=True))  # no gradient: skipped by both
    ts.append(torch.ones(2, dtype=torch.float64, requires_grad=True))
    ours = clip_grad_norm_(ps, max_norm, norm_type)
    theirs = torch.nn.utils.clip_grad_norm_(ts, max_norm, norm_type)
    assert ours.item() == pytest.approx(theirs.item(), rel=1e-12)
    for p, t in zip(ps[:3], ts[:3], strict=True):
        np.testing.assert_allclose(p.grad, t.grad.numpy(), rtol=1e-12, atol=0)
    assert ps[3].grad is None


def test_clip_grad_norm_edge_cases() -> None:
    p = Tensor(np.zeros(3), requires_grad=True)
    p.grad = np.zeros(3)
    assert clip_grad_norm_(p, 1.0).item() == 0.0  # a single Tensor; no 0/0
    np.testing.assert_array_equal(p.grad, np.zeros(3))
    assert clip_grad_norm_([Tensor(np.ones(2), requires_grad=True)], 1.0).item() == 0.0
    p.grad = np.array([np.inf, 1.0, 0.0])
    with pytest.raises(RuntimeError, match="inf"):
        clip_grad_norm_([p], 1.0, error_if_nonfinite=True)
    q = Tensor(np.zeros(2, dtype=np.float32), requires_grad=True)
    q.grad = np.array([30.0, 40.0], dtype=np.float32)
    total = clip_grad_norm_([q], 5.0)
    assert total.dtype == np.float32 and q.grad.dtype == np.float32
    np.testing.assert_allclose(q.grad, [3.0, 4.0], rtol=1e-6)


def test_clip_grad_value_matches_torch() -> None:
    g = np.random.default_rng(5).normal(size=(4, 5)) * 3
    p = Tensor(np.zeros(g.shape), requires_grad=True)
    t = torch.zeros(g.shape, dtype=torch.float64, requires_grad=True)
    p.grad, t.grad = g.copy(), torch.tensor(g)
    clip_grad_value_([p], 1.5)
    torch.nn.utils.clip_grad_value_([t], 1.5)
    np.testing.assert_array_equal(p.grad, t.grad.numpy())

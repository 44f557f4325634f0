"""Losses against torch.nn.functional (float64) and central differences.

Tolerances: oracle defaults (see oracle.py): same float64 formulas, different order.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as TF
from oracle import check_op

from groundup.engine import Tensor
from groundup.engine import functional as F

torch.set_num_threads(1)

RNG = np.random.default_rng(5)


def _t(a: np.ndarray) -> torch.Tensor:
    return torch.tensor(a)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("smoothing", [0.0, 0.1])
def test_cross_entropy_2d(reduction, smoothing) -> None:
    logits = RNG.normal(size=(6, 4)) * 3
    target = np.array([0, 3, -100, 1, 1, 2])
    check_op(
        lambda z: F.cross_entropy(z, target, reduction=reduction, label_smoothing=smoothing),
        lambda z: TF.cross_entropy(z, _t(target), reduction=reduction, label_smoothing=smoothing),
        logits,
    )


@pytest.mark.parametrize("reduction", ["mean", "none"])
def test_cross_entropy_spatial_and_custom_ignore(reduction) -> None:
    logits = RNG.normal(size=(2, 3, 4, 2))
    target = RNG.integers(0, 3, size=(2, 4, 2))
    target[0, 1, 1] = 7
    check_op(
        lambda z: F.cross_entropy(z, Tensor(target), ignore_index=7, reduction=reduction),
        lambda z: TF.cross_entropy(z, _t(target), ignore_index=7, reduction=reduction),
        logits,
    )


def test_cross_entropy_large_logits() -> None:
    logits = np.array([[1000.0, -1000.0, 0.0], [-5e4, -5e4 + 10, -5e4], [3e4, 3e4, 3e4]])
    target = np.array([1, 0, 2])  # the first is "impossibly" wrong: loss 2000
    with np.errstate(over="raise", invalid="raise"):
        check_op(
            lambda z: F.cross_entropy(z, target),
            lambda z: TF.cross_entropy(z, _t(target)),
            logits,
            numeric_tol=1e-4,  # |loss| ~ 1e4: rounding in differences ~1e-16 * 1e4 / 1e-6
        )
    out = F.cross_entropy(Tensor(logits.astype(np.float32), requires_grad=True), target)
    assert out.dtype == np.float32 and np.isfinite(out.item())


def test_cross_entropy_single_sample_and_all_ignored() -> None:
    check_op(
        lambda z: F.cross_entropy(z, np.array(2)),
        lambda z: TF.cross_entropy(z, torch.tensor(2)),
        RNG.normal(size=(4,)),
    )
    z = Tensor(RNG.normal(size=(2, 3)), requires_grad=True)
    loss = F.cross_entropy(z, np.array([-100, -100]))
    assert np.isnan(loss.item())  # torch: 0 / 0


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_nll_loss(reduction) -> None:
    target = np.array([2, -100, 0, 1])
    check_op(
        lambda z: F.nll_loss(F.log_softmax(z, 1), target, reduction=reduction),
        lambda z: TF.nll_loss(TF.log_softmax(z, 1), _t(target), reduction=reduction),
        RNG.normal(size=(4, 3)),
    )


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_mse_loss(reduction) -> None:
    check_op(
        lambda a, b: F.mse_loss(a, b, reduction=reduction),
        lambda a, b: TF.mse_loss(a, b, reduction=reduction),
        RNG.normal(size=(3, 4)),
        RNG.normal(size=(3, 4)),
    )


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_bce_with_logits(reduction) -> None:
    x = np.array([[-800.0, -3.0, 0.0], [0.5, 40.0, 800.0]])
    y = RNG.random(size=(2, 3))
    with np.errstate(over="raise"):
        check_op(
            lambda a, b: F.binary_cross_entropy_with_logits(a, b, reduction=reduction),
            lambda a, b: TF.binary_cross_entropy_with_logits(a, b, reduction=reduction),
            x,
            y,
            numeric_tol=1e-4,  # |loss| up to 800: rounding ~1e-16 * 800 / 1e-6
        )


def test_losses_reject_unknown_reduction() -> None:
    with pytest.raises(ValueError, match="reduction"):
        F.mse_loss(Tensor([1.0]), Tensor([2.0]), reduction="avg")


def test_float32_stays_float32() -> None:
    z = Tensor(RNG.normal(size=(4, 3)).astype(np.float32), requires_grad=True)
    y = Tensor(RNG.random(size=(4, 3)).astype(np.float32))
    target = np.array([0, 2, 1, -100])
    losses = [
        F.cross_entropy(z, target, label_smoothing=0.1),
        F.nll_loss(F.log_softmax(z, 1), target),
        F.mse_loss(z, y),
        F.binary_cross_entropy_with_logits(z, y),
    ]
    for loss in losses:
        assert loss.dtype == np.float32
        z.grad = None
        loss.backward()
        assert z.grad is not None and z.grad.dtype == np.float32

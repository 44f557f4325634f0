"""Activations against torch.nn.functional (float64) and central differences.

Tolerances: oracle defaults (see oracle.py), except GELU in float32, whose erf is a
rational approximation with absolute error below 1.5e-7 (Abramowitz and Stegun
7.1.26): compared at 1e-6.
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

RNG = np.random.default_rng(99)


@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu(approximate) -> None:
    x = RNG.normal(size=(3, 5)) * 3
    check_op(
        lambda a: F.gelu(a, approximate=approximate),
        lambda a: TF.gelu(a, approximate=approximate),
        x,
    )
    check_op(lambda a: F.gelu(a), lambda a: TF.gelu(a), np.zeros((0, 2)))


def test_gelu_float32_erf_approximation() -> None:
    x = np.linspace(-8, 8, 201)
    ours = F.gelu(Tensor(x.astype(np.float32), requires_grad=True))
    expected = TF.gelu(torch.tensor(x, dtype=torch.float64))
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours.data, expected.numpy(), rtol=1e-6, atol=1e-6)


def test_gelu_rejects_unknown_approximation() -> None:
    with pytest.raises(ValueError, match="approximate"):
        F.gelu(Tensor([1.0]), approximate="fast")


@pytest.mark.parametrize("fn", ["relu", "tanh", "sigmoid"])
def test_elementwise(fn) -> None:
    x = RNG.normal(size=(4, 3)) * 2
    check_op(getattr(F, fn), getattr(torch, fn), x)


@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_family(name, dim) -> None:
    ours, theirs = getattr(F, name), getattr(TF, name)
    x = RNG.normal(size=(3, 4, 5))
    check_op(lambda a: ours(a, dim), lambda a: theirs(a, dim=dim), x)
    check_op(lambda a: getattr(a, name)(dim), lambda a: getattr(a, name)(dim), x)
    check_op(lambda a: ours(a, 0), lambda a: theirs(a, dim=0), RNG.normal(size=(1, 3)))


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_large_magnitudes(name) -> None:
    ours, theirs = getattr(F, name), getattr(TF, name)
    x = np.array([[1000.0, 0.0, -1000.0], [1e4, 1e4, 1e4 - 1.0], [-1e4, -1e4 - 3.0, -1e4]])
    with np.errstate(over="raise", invalid="raise"):
        check_op(lambda a: ours(a, 1), lambda a: theirs(a, dim=1), x)
    x32 = Tensor(x.astype(np.float32), requires_grad=True)
    out = ours(x32, 1)
    assert out.dtype == np.float32 and np.isfinite(out.data).all()


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_with_masked_minus_inf(name) -> None:
    ours, theirs = getattr(F, name), getattr(TF, name)
    x = np.array([[0.5, -np.inf, 1.0], [-np.inf, 2.0, -np.inf]])
    check_op(lambda a: ours(a, 1), lambda a: theirs(a, dim=1), x, numeric=False)


@pytest.mark.parametrize(
    "fn",
    [
        F.relu,
        F.tanh,
        F.sigmoid,
        F.gelu,
        lambda a: F.gelu(a, approximate="tanh"),
        lambda a: F.softmax(a, 1),
        lambda a: F.log_softmax(a, 1),
        lambda a: F.logsumexp(a, 1),
    ],
)
def test_float32_stays_float32(fn) -> None:
    x = Tensor(RNG.normal(size=(3, 4)).astype(np.float32), requires_grad=True)
    out = fn(x)
    assert out.dtype == np.float32
    out.sum().backward()
    assert x.grad is not None and x.grad.dtype == np.float32

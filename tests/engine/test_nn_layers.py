"""Every layer and loss module against the torch module with copied weights (float64).

Tolerance rtol 1e-10, atol 1e-12 for values and gradients: both sides evaluate the
same float64 formulas, possibly summing in a different order (a few ulps); GELU's
erf comes from a different implementation, so it gets 1e-9. Initial values are checked
statistically (Kolmogorov-Smirnov against the stated distribution, with the false-
failure rate stated at each test).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from scipy import stats

from groundup.engine import nn
from groundup.engine.tensor import Tensor

torch.set_num_threads(1)

RTOL, ATOL = 1e-10, 1e-12


def copy_weights(ours: nn.Module, theirs: torch.nn.Module) -> None:
    """Makes the torch module use our (float64) weights."""
    theirs.double()
    theirs.load_state_dict({k: torch.tensor(v) for k, v in ours.state_dict().items()})


def compare(
    ours: nn.Module,
    theirs: torch.nn.Module,
    x: np.ndarray,
    *extra: Any,
    rtol: float = RTOL,
    atol: float = ATOL,
    x_grad: bool = True,
) -> None:
    """Forward and backward (random upstream gradient) of both, compared."""
    ours.double()
    copy_weights(ours, theirs)
    xo = Tensor(x, requires_grad=x_grad)
    xt = torch.tensor(x, requires_grad=x_grad)
    out = ours(xo, *extra)
    tout = theirs(xt, *[torch.tensor(e) for e in extra])
    np.testing.assert_allclose(out.data, tout.detach().numpy(), rtol=rtol, atol=atol)
    g = np.random.default_rng(1).normal(size=out.shape)
    out.backward(g)
    tout.backward(torch.tensor(g))
    if x_grad:
        assert xo.grad is not None and xt.grad is not None
        np.testing.assert_allclose(xo.grad, xt.grad.numpy(), rtol=rtol, atol=atol, err_msg="x")
    for (name, p), (_, tp) in zip(ours.named_parameters(), theirs.named_parameters(), strict=True):
        assert p.grad is not None and tp.grad is not None
        np.testing.assert_allclose(p.grad, tp.grad.numpy(), rtol=rtol, atol=atol, err_msg=name)


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("xshape", [(4, 3), (3,), (2, 5, 3), (1, 3), (0, 3)])
def test_linear(bias: bool, xshape: tuple[int, ...]) -> None:
    x = np.random.default_rng(0).normal(size=xshape)
    compare(nn.Linear(3, 2, bias=bias), torch.nn.Linear(3, 2, bias=bias), x)


def test_linear_shapes_and_dtype() -> None:
    layer = nn.Linear(5, 7)
    assert layer.weight.shape == (7, 5) and layer.bias is not None and layer.bias.shape == (7,)
    out = layer(Tensor(np.ones((2, 5), np.float32)))
    assert out.shape == (2, 7) and out.dtype == np.float32
    assert repr(layer) == repr(torch.nn.Linear(5, 7))


def test_linear_init_is_uniform_on_the_torch_bound() -> None:
    # KS test against U(-1/sqrt(fan_in), 1/sqrt(fan_in)); p > 1e-6 fails with
    # probability 1e-6 for a correct sampler (the weights are 8000 iid draws).
    layer = nn.Linear(40, 200, generator=np.random.default_rng(0))
    bound = 1 / np.sqrt(40)
    w = layer.weight.data.ravel()
    assert np.abs(w).max() <= bound
    assert stats.kstest(w, stats.uniform(-bound, 2 * bound).cdf).pvalue > 1e-6
    assert layer.bias is not None and np.abs(layer.bias.data).max() <= bound
    # the same bound as torch's own kaiming_uniform_(a=sqrt(5)): its max is close to it
    tw = torch.nn.Linear(40, 200).weight.detach().numpy()
    assert abs(np.abs(tw).max() - bound) < 0.01 * bound  # P(fail) ~ exp(-80)


def test_linear_generator_makes_init_reproducible() -> None:
    a = nn.Linear(3, 4, generator=np.random.default_rng(1))
    b = nn.Linear(3, 4, generator=np.random.default_rng(1))
    np.testing.assert_array_equal(a.weight.data, b.weight.data)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (nn.ReLU, torch.nn.ReLU),
        (nn.Tanh, torch.nn.Tanh),
        (nn.Sigmoid, torch.nn.Sigmoid),
        (lambda: nn.Softmax(dim=1), lambda: torch.nn.Softmax(dim=1)),
        (lambda: nn.Softmax(dim=-1), lambda: torch.nn.Softmax(dim=-1)),
        (lambda: nn.LogSoftmax(dim=1), lambda: torch.nn.LogSoftmax(dim=1)),
        (nn.Flatten, torch.nn.Flatten),
        (lambda: nn.Flatten(0, 1), lambda: torch.nn.Flatten(0, 1)),
        (nn.Identity, torch.nn.Identity),
    ],
)
def test_parameter_free_modules(
    ours: Callable[[], nn.Module], theirs: Callable[[], torch.nn.Module]
) -> None:
    x = np.random.default_rng(2).normal(size=(3, 4, 2)) * 3
    compare(ours(), theirs(), x)


@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu(approximate: str) -> None:
    x = np.random.default_rng(3).normal(size=(5, 4)) * 3
    compare(nn.GELU(approximate), torch.nn.GELU(approximate=approximate), x, rtol=1e-9)


@pytest.mark.parametrize(
    ("args", "xshape"),
    [
        ((3, 4, 3), (2, 3, 7, 6)),
        ((2, 5, 1), (1, 2, 4, 4)),
        ((2, 3, (3, 2)), (2, 2, 6, 5)),
        ((1, 2, 3, 2, 1), (2, 1, 7, 7)),
        ((3, 2, 2, (2, 1), (0, 1), 1, 1, False), (1, 3, 5, 6)),
    ],
)
def test_conv2d(args: tuple[Any, ...], xshape: tuple[int, ...]) -> None:
    x = np.random.default_rng(4).normal(size=xshape)
    compare(nn.Conv2d(*args), torch.nn.Conv2d(*args), x)


def test_conv2d_rejects_dilation_and_groups() -> None:
    with pytest.raises(ValueError, match="dilation=1"):
        nn.Conv2d(2, 2, 3, dilation=2)
    with pytest.raises(ValueError, match="groups=1"):
        nn.Conv2d(2, 2, 3, groups=2)


def test_conv2d_init_and_repr() -> None:
    # KS against U(-b, b), b = 1/sqrt(C*kh*kw); false-failure rate 1e-6
    conv = nn.Conv2d(4, 50, 3, generator=np.random.default_rng(0))
    bound = 1 / np.sqrt(4 * 9)
    w = conv.weight.data.ravel()
    assert w.shape == (50 * 4 * 9,) and np.abs(w).max() <= bound
    assert stats.kstest(w, stats.uniform(-bound, 2 * bound).cdf).pvalue > 1e-6
    for args in [(4, 50, 3), (1, 2, (3, 2), 2, 1), (3, 2, 2, (2, 1), (0, 1), 1, 1, False)]:
        assert repr(nn.Conv2d(*args)) == repr(torch.nn.Conv2d(*args))


@pytest.mark.parametrize(("kernel", "stride", "padding"), [(2, None, 0), (3, 2, 1), (3, 1, 0)])
def test_pools(kernel: int, stride: int | None, padding: int) -> None:
    rng = np.random.default_rng(5)
    x = rng.permutation(2 * 3 * 7 * 6).reshape(2, 3, 7, 6) / 7.0
    compare(nn.MaxPool2d(kernel, stride, padding), torch.nn.MaxPool2d(kernel, stride, padding), x)
    compare(nn.AvgPool2d(kernel, stride, padding), torch.nn.AvgPool2d(kernel, stride, padding), x)
    assert repr(nn.MaxPool2d(kernel, stride, padding)) == repr(
        torch.nn.MaxPool2d(kernel, stride, padding)
    )
    assert repr(nn.AvgPool2d(kernel, stride, padding)) == repr(
        torch.nn.AvgPool2d(kernel, stride, padding)
    )


def test_embedding() -> None:
    ours, theirs = nn.Embedding(6, 3).double(), torch.nn.Embedding(6, 3).double()
    copy_weights(ours, theirs)
    ids = np.array([[0, 5, 5], [2, 0, 1]])  # repeated ids accumulate
    out, tout = ours(ids), theirs(torch.tensor(ids))
    np.testing.assert_array_equal(out.data, tout.detach().numpy())  # a lookup: exact
    g = np.random.default_rng(6).normal(size=out.shape)
    out.backward(g)
    tout.backward(torch.tensor(g))
    assert theirs.weight.grad is not None
    np.testing.assert_allclose(ours.weight.grad, theirs.weight.grad.numpy(), rtol=RTOL, atol=ATOL)
    assert repr(ours) == repr(theirs)


def test_embedding_init_is_standard_normal() -> None:
    # KS against N(0, 1) on 20000 draws; false-failure rate 1e-6
    w = nn.Embedding(1000, 20, generator=np.random.default_rng(0)).weight.data.ravel()
    assert stats.kstest(w, stats.norm.cdf).pvalue > 1e-6


@pytest.mark.parametrize("ignore_index", [-100, 2])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_loss(ignore_index: int, reduction: str) -> None:
    rng = np.random.default_rng(7)
    logits = rng.normal(size=(6, 4)) * 5
    target = np.array([0, 2, 3, 2, 1, 0])
    compare(
        nn.CrossEntropyLoss(ignore_index=ignore_index, reduction=reduction),
        torch.nn.CrossEntropyLoss(ignore_index=ignore_index, reduction=reduction),
        logits,
        target,
    )


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_mse_loss(reduction: str) -> None:
    rng = np.random.default_rng(8)
    pred, target = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    compare(nn.MSELoss(reduction), torch.nn.MSELoss(reduction=reduction), pred, target)


def test_sequential_mlp_matches_torch() -> None:
    ours = nn.Sequential(nn.Linear(4, 8), nn.GELU(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 2))
    theirs = torch.nn.Sequential(
        torch.nn.Linear(4, 8),
        torch.nn.GELU(),
        torch.nn.Linear(8, 8),
        torch.nn.Tanh(),
        torch.nn.Linear(8, 2),
    )
    x = np.random.default_rng(9).normal(size=(5, 4))
    compare(ours, theirs, x, rtol=1e-9)
    assert repr(ours) == repr(theirs)


def test_small_cnn_matches_torch() -> None:
    ours = nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(36, 3)
    )
    theirs = torch.nn.Sequential(
        torch.nn.Conv2d(1, 4, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(36, 3),
    )
    x = np.random.default_rng(10).normal(size=(2, 1, 6, 6))
    compare(ours, theirs, x)


def test_loss_rejects_bad_reduction() -> None:
    with pytest.raises(ValueError, match="reduction"):
        nn.MSELoss("avg")

"""layer_norm and batch_norm (functional and modules) against torch, float64.

Forward and backward through ``check_op`` (rtol 1e-10, atol 1e-12 against torch: the
same means and variances summed in another order; central differences at 1e-6).
The ``large offset`` case adds 1e3 to every input: normalization must remove it, and
the subtraction x - mean loses ~1e3 * eps ~ 2e-13 absolute precision per element (two
correct orders of summation can differ by that), so it uses rtol = atol = 1e-9.
Running statistics are compared after each of 5 training steps to 1e-12.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as TF
from oracle import check_op

from groundup.engine import Tensor, nn
from groundup.engine import functional as F

torch.set_num_threads(1)

LN_CASES = [
    ((4, 6), (6,)),
    ((2, 3, 5), (5,)),
    ((2, 3, 4), (3, 4)),
    ((3, 1), (1,)),  # one element per group: x_hat is 0, gradient 0
    ((7,), (7,)),
]


@pytest.mark.parametrize(("shape", "norm"), LN_CASES)
@pytest.mark.parametrize("affine", [True, False])
def test_layer_norm_matches_torch(
    shape: tuple[int, ...], norm: tuple[int, ...], affine: bool
) -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=shape) * 2.0 + 0.5
    if affine:
        w, b = rng.normal(size=norm), rng.normal(size=norm)
        check_op(
            lambda x, w, b: F.layer_norm(x, norm, w, b, 1e-5),
            lambda x, w, b: TF.layer_norm(x, norm, w, b, 1e-5),
            x,
            w,
            b,
        )
    else:
        check_op(
            lambda x: F.layer_norm(x, norm, eps=1e-5),
            lambda x: TF.layer_norm(x, norm, eps=1e-5),
            x,
        )


def test_layer_norm_large_offset() -> None:
    x = np.random.default_rng(1).normal(size=(3, 8)) + 1e3
    check_op(
        lambda x: F.layer_norm(x, 8),
        lambda x: TF.layer_norm(x, (8,)),
        x,
        rtol=1e-9,
        atol=1e-9,
        numeric=False,
    )


def test_layer_norm_rejects_wrong_shape() -> None:
    with pytest.raises(ValueError, match="normalized_shape"):
        F.layer_norm(Tensor(np.ones((2, 3))), 4)


def test_layer_norm_float32_stays_float32() -> None:
    x = Tensor(np.ones((2, 4), dtype=np.float32), requires_grad=True)
    ln = nn.LayerNorm(4)
    y = ln(x)
    assert y.dtype == np.float32
    y.sum().backward()
    assert x.grad is not None and x.grad.dtype == np.float32


BN_SHAPES = [(8, 3), (4, 3, 5), (3, 2, 4, 5), (2, 1)]


@pytest.mark.parametrize("shape", BN_SHAPES)
@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_matches_torch(shape: tuple[int, ...], training: bool) -> None:
    rng = np.random.default_rng(2)
    C = shape[1]
    x = rng.normal(size=shape) * 3.0 - 1.0
    w, b = rng.normal(size=C), rng.normal(size=C)
    rm0, rv0 = rng.normal(size=C), rng.uniform(0.5, 2.0, size=C)
    ours_stats = [rm0.copy(), rv0.copy()]
    theirs_stats = [torch.tensor(rm0), torch.tensor(rv0)]
    check_op(
        lambda x, w, b: F.batch_norm(x, *ours_stats, w, b, training, 0.2, 1e-5),
        lambda x, w, b: TF.batch_norm(x, *theirs_stats, w, b, training, 0.2, 1e-5),
        x,
        w,
        b,
    )
    # check_op ran each forward twice or more (central differences re-run ours), so
    # compare one fresh training update of the running statistics.
    ours_stats = [rm0.copy(), rv0.copy()]
    theirs_stats = [torch.tensor(rm0), torch.tensor(rv0)]
    F.batch_norm(Tensor(x), *ours_stats, None, None, training, 0.2, 1e-5)
    TF.batch_norm(torch.tensor(x), *theirs_stats, None, None, training, 0.2, 1e-5)
    for mine, ref in zip(ours_stats, theirs_stats, strict=True):
        np.testing.assert_allclose(mine, ref.numpy(), rtol=1e-12, atol=1e-12)


def test_batch_norm_without_running_stats_or_affine() -> None:
    x = np.random.default_rng(3).normal(size=(6, 4))
    check_op(
        lambda x: F.batch_norm(x, None, None, training=True),
        lambda x: TF.batch_norm(x, None, None, training=True),
        x,
    )


def test_batch_norm_errors() -> None:
    with pytest.raises(ValueError, match="more than 1 value"):
        F.batch_norm(Tensor(np.ones((1, 3))), None, None, training=True)
    with pytest.raises(ValueError, match="running"):
        F.batch_norm(Tensor(np.ones((4, 3))), None, None, training=False)


@pytest.mark.parametrize(
    ("ours_cls", "theirs_cls", "shape"),
    [
        (nn.BatchNorm1d, torch.nn.BatchNorm1d, (16, 4)),
        (nn.BatchNorm1d, torch.nn.BatchNorm1d, (8, 4, 6)),
        (nn.BatchNorm2d, torch.nn.BatchNorm2d, (4, 4, 3, 5)),
    ],
)
@pytest.mark.parametrize("momentum", [0.1, None])
def test_batch_norm_modules_track_like_torch(
    ours_cls: type, theirs_cls: type, shape: tuple[int, ...], momentum: float | None
) -> None:
    rng = np.random.default_rng(4)
    ours = ours_cls(4, momentum=momentum).double()
    theirs = theirs_cls(4, momentum=momentum).double()
    for step in range(5):
        x = rng.normal(size=shape) * (step + 1) + step
        y = ours(Tensor(x, requires_grad=True))
        ty = theirs(torch.tensor(x))
        np.testing.assert_allclose(y.data, ty.detach().numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(ours.running_mean.data, theirs.running_mean, rtol=1e-12)
        np.testing.assert_allclose(ours.running_var.data, theirs.running_var, rtol=1e-12)
    assert int(ours.num_batches_tracked) == int(theirs.num_batches_tracked) == 5
    ours.eval()
    theirs.eval()
    x = rng.normal(size=shape)
    np.testing.assert_allclose(
        ours(Tensor(x)).data, theirs(torch.tensor(x)).detach().numpy(), rtol=1e-10, atol=1e-12
    )
    before = ours.running_mean.data.copy()
    ours(Tensor(x))
    np.testing.assert_array_equal(ours.running_mean.data, before)  # eval never updates
    sd = ours.state_dict()
    assert set(sd) == set(theirs.state_dict())
    for key, value in theirs.state_dict().items():
        np.testing.assert_allclose(sd[key], value.numpy(), rtol=1e-12)


def test_batch_norm_module_checks_dims() -> None:
    with pytest.raises(ValueError, match="dimensions"):
        nn.BatchNorm2d(3)(Tensor(np.ones((2, 3))))


def test_layer_norm_module_matches_torch() -> None:
    rng = np.random.default_rng(5)
    ours, theirs = nn.LayerNorm(6).double(), torch.nn.LayerNorm(6).double()
    w = rng.normal(size=6)
    ours.weight.data[...] = w
    with torch.no_grad():
        theirs.weight.copy_(torch.tensor(w))
    x = rng.normal(size=(2, 3, 6))
    xt = torch.tensor(x, requires_grad=True)
    xo = Tensor(x, requires_grad=True)
    y, ty = ours(xo), theirs(xt)
    g = rng.normal(size=y.shape)
    y.backward(g)
    ty.backward(torch.tensor(g))
    np.testing.assert_allclose(xo.grad, xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.weight.grad, theirs.weight.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(ours.bias.grad, theirs.bias.grad.numpy(), rtol=1e-10)
    assert set(ours.state_dict()) == set(theirs.state_dict())


def test_batch_norm_without_tracking_or_affine_matches_torch() -> None:
    """track_running_stats=False: batch statistics in evaluation too; no buffers saved."""
    rng = np.random.default_rng(6)
    ours = nn.BatchNorm1d(3, affine=False, track_running_stats=False).double()
    theirs = torch.nn.BatchNorm1d(3, affine=False, track_running_stats=False).double()
    assert list(ours.parameters()) == [] and ours.state_dict() == {}
    assert set(theirs.state_dict()) == set()
    for mode in (True, False):
        ours.train(mode)
        theirs.train(mode)
        x = rng.normal(size=(5, 3, 4))
        np.testing.assert_allclose(
            ours(Tensor(x)).data, theirs(torch.tensor(x)).numpy(), rtol=1e-10, atol=1e-12
        )


def test_layer_norm_without_bias_or_affine() -> None:
    assert set(nn.LayerNorm(4, bias=False).state_dict()) == {"weight"}
    assert set(torch.nn.LayerNorm(4, bias=False).state_dict()) == {"weight"}
    plain = nn.LayerNorm((2, 3), elementwise_affine=False)
    assert plain.state_dict() == {}
    x = np.random.default_rng(7).normal(size=(4, 2, 3)).astype(np.float32)
    np.testing.assert_allclose(
        plain(Tensor(x)).data,
        TF.layer_norm(torch.tensor(x), (2, 3)).numpy(),
        rtol=1e-5,  # float32 on both sides: ~10 ulps of differently ordered sums
        atol=1e-5,
    )

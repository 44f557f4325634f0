"""conv2d, max_pool2d, avg_pool2d and embedding against torch.nn.functional (float64).

Tolerances: ``check_op``'s defaults (rtol 1e-10, atol 1e-12 against torch): the same
float64 sums of at most C*kh*kw <= 100 products in a different order differ by a few
ulps. Central differences (1e-6) are run on the small cases: conv and avg-pool are
linear in each input (no truncation error); max-pool is piecewise linear and the
inputs are kept away from ties there (a tie is a kink).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as TF
from oracle import check_op

from groundup.engine import functional as F
from groundup.engine.conv import col2im, im2col
from groundup.engine.tensor import Tensor

torch.set_num_threads(1)

CONV_CASES = [
    # (N, C, H, W), (O, kh, kw), stride, padding
    ((2, 3, 7, 6), (4, 3, 3), 1, 0),
    ((1, 1, 5, 5), (1, 1, 1), 1, 0),  # kernel 1: a per-pixel linear map
    ((2, 2, 4, 5), (3, 4, 5), 1, 0),  # kernel = input size: one output pixel
    ((1, 3, 8, 7), (2, 3, 2), 2, 1),  # stride and padding
    ((2, 2, 9, 8), (2, 3, 2), (2, 3), (1, 0)),  # per-axis stride and padding
    ((3, 1, 6, 6), (2, 4, 4), 3, 2),  # stride < kernel < stride*2, big padding
]


@pytest.mark.parametrize(("xshape", "wshape", "stride", "padding"), CONV_CASES)
@pytest.mark.parametrize("bias", [True, False])
def test_conv2d_matches_torch(
    xshape: tuple[int, ...], wshape: tuple[int, ...], stride: object, padding: object, bias: bool
) -> None:
    rng = np.random.default_rng(len(xshape) + sum(xshape) + sum(wshape))
    x = rng.normal(size=xshape)
    w = rng.normal(size=(wshape[0], xshape[1], wshape[1], wshape[2]))
    arrays = [x, w] + ([rng.normal(size=wshape[0])] if bias else [])
    numeric = x.size <= 300

    def ours(*a: Tensor) -> Tensor:
        return F.conv2d(a[0], a[1], a[2] if bias else None, stride=stride, padding=padding)  # type: ignore[arg-type]

    def theirs(*a: torch.Tensor) -> torch.Tensor:
        return TF.conv2d(a[0], a[1], a[2] if bias else None, stride=stride, padding=padding)  # type: ignore[arg-type]

    check_op(ours, theirs, *arrays, numeric=numeric)


def test_conv2d_batch_one_and_large_random_shapes() -> None:
    rng = np.random.default_rng(7)
    for _ in range(5):
        n, c, o = rng.integers(1, 4, size=3)
        kh, kw = rng.integers(1, 5, size=2)
        s, p = int(rng.integers(1, 4)), int(rng.integers(0, 3))
        h, w = int(kh + rng.integers(0, 8)), int(kw + rng.integers(0, 8))
        x = rng.normal(size=(n, c, h, w))
        wt = rng.normal(size=(o, c, kh, kw))
        b = rng.normal(size=o)
        check_op(
            lambda a, k, bb, s=s, p=p: F.conv2d(a, k, bb, stride=s, padding=p),
            lambda a, k, bb, s=s, p=p: TF.conv2d(a, k, bb, stride=s, padding=p),
            x,
            wt,
            b,
            numeric=False,
        )


def test_conv2d_float32_stays_float32() -> None:
    x = Tensor(np.ones((1, 2, 4, 4), np.float32), requires_grad=True)
    w = Tensor(np.ones((3, 2, 3, 3), np.float32), requires_grad=True)
    out = F.conv2d(x, w, padding=1)
    out.sum().backward()
    assert out.dtype == np.float32 and x.grad is not None and x.grad.dtype == np.float32


def test_col2im_is_the_adjoint_of_im2col() -> None:
    # <im2col(x), y> == <x, col2im(y)> for every x, y: the defining property of the
    # backward of a linear map. Tolerance 1e-10 relative: float64 sums of ~500 terms.
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 3, 7, 8))
    cols = im2col(x, (3, 2), (2, 3))
    y = rng.normal(size=cols.shape)
    lhs = float((cols * y).sum())
    rhs = float((x * col2im(y, x.shape, (3, 2), (2, 3))).sum())
    assert lhs == pytest.approx(rhs, rel=1e-10)


def test_conv2d_errors() -> None:
    x = Tensor(np.zeros((1, 3, 4, 4)))
    with pytest.raises(ValueError, match="channels"):
        F.conv2d(x, Tensor(np.zeros((2, 2, 3, 3))))
    with pytest.raises(ValueError, match="does not fit"):
        F.conv2d(x, Tensor(np.zeros((2, 3, 5, 5))))
    with pytest.raises(ValueError, match="expects input"):
        F.conv2d(Tensor(np.zeros((3, 4, 4))), Tensor(np.zeros((2, 3, 3, 3))))


POOL_CASES = [
    ((2, 3, 6, 6), 2, None, 0),
    ((1, 2, 7, 5), 3, 2, 1),  # overlapping windows, padding
    ((2, 1, 5, 5), 5, None, 0),  # kernel = input size
    ((1, 1, 4, 4), 1, None, 0),  # kernel 1: identity
    ((3, 2, 8, 9), (3, 2), (1, 2), (1, 1)),  # per-axis, stride 1 (heavy overlap)
]


@pytest.mark.parametrize(("xshape", "kernel", "stride", "padding"), POOL_CASES)
def test_max_pool2d_matches_torch(
    xshape: tuple[int, ...], kernel: object, stride: object, padding: object
) -> None:
    # distinct values (a permutation) so that no window has a tie: a tie is a kink.
    rng = np.random.default_rng(sum(xshape))
    x = rng.permutation(int(np.prod(xshape))).reshape(xshape) / 10.0
    check_op(
        lambda a: F.max_pool2d(a, kernel, stride, padding),  # type: ignore[arg-type]
        lambda a: TF.max_pool2d(a, kernel, stride, padding),  # type: ignore[arg-type]
        x,
        numeric=x.size <= 200,
    )


@pytest.mark.parametrize(("xshape", "kernel", "stride", "padding"), POOL_CASES)
def test_max_pool2d_ties_follow_torch(
    xshape: tuple[int, ...], kernel: object, stride: object, padding: object
) -> None:
    # values in {0, 1, 2}: many ties; PyTorch sends the gradient to the first maximum
    # of each window (row-major scan), and so must we. No central differences: kinks.
    rng = np.random.default_rng(1 + sum(xshape))
    x = rng.integers(0, 3, size=xshape).astype(np.float64)
    check_op(
        lambda a: F.max_pool2d(a, kernel, stride, padding),  # type: ignore[arg-type]
        lambda a: TF.max_pool2d(a, kernel, stride, padding),  # type: ignore[arg-type]
        x,
        numeric=False,
    )
    # all-equal windows: the gradient goes to exactly one element per window
    xt = Tensor(np.zeros((1, 1, 4, 4)), requires_grad=True)
    F.max_pool2d(xt, 2).sum().backward()
    assert xt.grad is not None and xt.grad.sum() == 4.0 and xt.grad[0, 0, 0, 0] == 1.0


@pytest.mark.parametrize(("xshape", "kernel", "stride", "padding"), POOL_CASES)
def test_avg_pool2d_matches_torch(
    xshape: tuple[int, ...], kernel: object, stride: object, padding: object
) -> None:
    x = np.random.default_rng(2 + sum(xshape)).normal(size=xshape)
    check_op(
        lambda a: F.avg_pool2d(a, kernel, stride, padding),  # type: ignore[arg-type]
        lambda a: TF.avg_pool2d(a, kernel, stride, padding),  # type: ignore[arg-type]
        x,
        numeric=x.size <= 200,
    )


def test_pool_errors() -> None:
    x = Tensor(np.zeros((1, 1, 4, 4)))
    with pytest.raises(ValueError, match="half the kernel"):
        F.max_pool2d(x, 2, padding=2)
    with pytest.raises(ValueError, match="does not fit"):
        F.avg_pool2d(x, 5)


@pytest.mark.parametrize("ids_shape", [(5,), (2, 3), (1,), (0,), (2, 3, 4)])
def test_embedding_matches_torch(ids_shape: tuple[int, ...]) -> None:
    # repeated ids (vocabulary 4 < number of ids) must accumulate their gradients
    rng = np.random.default_rng(sum(ids_shape))
    ids = rng.integers(0, 4, size=ids_shape)
    weight = rng.normal(size=(4, 3))
    check_op(
        lambda w: F.embedding(ids, w),
        lambda w: TF.embedding(torch.tensor(ids), w),
        weight,
    )


def test_embedding_errors() -> None:
    w = Tensor(np.zeros((3, 2)))
    with pytest.raises(IndexError, match=r"\[0, 3\)"):
        F.embedding(np.array([0, 3]), w)
    with pytest.raises(TypeError, match="integers"):
        F.embedding(np.array([0.0, 1.0]), w)

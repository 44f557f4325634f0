"""Every Tensor op against PyTorch (float64) and central differences (see oracle.py).

Tolerances: oracle defaults (torch 1e-10 relative / 1e-12 absolute: same float64
formulas, different evaluation order; central differences 1e-6: step 1e-6 gives
errors near 1e-10 for values of order one). Where an op is evaluated at or next to a
kink (ties in max, clamp bounds) the central-difference check is skipped: the one-sided
derivatives differ there and only the torch convention is meaningful.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from oracle import check_op

import groundup.engine as ge
from groundup.engine import Tensor, no_grad

torch.set_num_threads(1)

RNG = np.random.default_rng(1234)

# (shape of a, shape of b): broadcasting in every way, size-1 and empty dims
BROADCAST_PAIRS = [
    ((3,), (3,)),
    ((2, 3), (3,)),
    ((2, 1, 4), (3, 1)),
    ((1,), (2, 3)),
    ((), (2, 2)),
    ((4, 1), (1, 5)),
    ((0, 3), (3,)),
    ((2, 0), (1, 0)),
]


def normal(*shape: int) -> np.ndarray:
    return RNG.normal(size=shape)


def away_from_zero(*shape: int) -> np.ndarray:
    """Values in ±[0.5, 2]: safe denominators and logs."""
    return RNG.uniform(0.5, 2.0, size=shape) * RNG.choice([-1.0, 1.0], size=shape)


@pytest.mark.parametrize(("sa", "sb"), BROADCAST_PAIRS)
@pytest.mark.parametrize(
    "op",
    [
        lambda a, b: a + b,
        lambda a, b: a - b,
        lambda a, b: a * b,
        lambda a, b: a / b,
        lambda a, b: b - a * a,
    ],
    ids=["add", "sub", "mul", "div", "mixed"],
)
def test_binary_ops_broadcast(sa, sb, op) -> None:
    check_op(op, op, normal(*sa), away_from_zero(*sb))


@pytest.mark.parametrize(
    "op",
    [
        lambda a: 2.0 + a,
        lambda a: a + 3,
        lambda a: 1.5 - a,
        lambda a: a - 1,
        lambda a: 3.0 * a,
        lambda a: a * -2,
        lambda a: 2.0 / a,
        lambda a: a / 4.0,
        lambda a: -a,
        lambda a: a**2,
        lambda a: a**3,
        lambda a: a.abs() ** 0.5,
        lambda a: a.abs() ** -1.5,
        lambda a: 2.0**a,
    ],
)
def test_ops_with_python_numbers(op) -> None:
    check_op(op, op, away_from_zero(3, 4))


def test_tensor_exponent() -> None:
    op = lambda a, b: a.abs() ** b  # noqa: E731
    check_op(op, op, away_from_zero(2, 3), normal(3))


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (lambda a: a.exp(), torch.exp),
        (lambda a: a.abs().log(), lambda a: a.abs().log()),
        (lambda a: a.abs().sqrt(), lambda a: a.abs().sqrt()),
        (lambda a: a.abs(), torch.abs),
        (lambda a: a.relu(), torch.relu),
        (lambda a: a.tanh(), torch.tanh),
        (lambda a: a.sigmoid(), torch.sigmoid),
    ],
    ids=["exp", "log", "sqrt", "abs", "relu", "tanh", "sigmoid"],
)
def test_unary(ours, theirs) -> None:
    check_op(ours, theirs, away_from_zero(2, 3, 4))
    check_op(ours, theirs, away_from_zero(0, 3))


def test_sigmoid_large_magnitudes() -> None:
    x = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    with np.errstate(over="raise"):
        check_op(lambda a: a.sigmoid(), torch.sigmoid, x, numeric=False)
        check_op(
            lambda a: a.float().sigmoid().double(),
            torch.sigmoid,
            x,
            rtol=1e-6,
            atol=1e-7,
            numeric=False,  # float32 inside: differences of 1e-6 are below its resolution
        )


def test_relu_and_abs_at_zero_follow_torch() -> None:
    x = np.array([-1.0, 0.0, 2.0])
    check_op(lambda a: a.relu(), torch.relu, x, numeric=False)
    check_op(lambda a: a.abs(), torch.abs, x, numeric=False)


def test_clamp() -> None:
    x = np.array([-2.0, -1.0, -0.3, 0.0, 0.7, 1.0, 3.0])  # includes both bounds exactly
    check_op(lambda a: a.clamp(-1.0, 1.0), lambda a: a.clamp(-1.0, 1.0), x, numeric=False)
    check_op(lambda a: a.clamp(min=0.0), lambda a: a.clamp(min=0.0), x, numeric=False)
    check_op(lambda a: a.clip(max=0.5), lambda a: a.clip(max=0.5), x, numeric=False)
    y = normal(3, 4) * 0.4
    check_op(lambda a: a.clamp(-1.0, 1.0), lambda a: a.clamp(-1.0, 1.0), y)


def test_maximum_minimum_with_ties_split_gradient() -> None:
    a = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 5.0]])
    b = np.array([1.0, 0.5, 3.0])  # ties at [0, 0] and [0, 2]
    check_op(lambda x, y: x.maximum(y), torch.maximum, a, b, numeric=False)
    check_op(lambda x, y: ge.minimum(x, y), torch.minimum, a, b, numeric=False)
    check_op(lambda x, y: x.maximum(y), torch.maximum, normal(2, 3), normal(3))


def test_comparisons_are_boolean_and_have_no_grad() -> None:
    a = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    for result, expected in [
        (a == 2.0, [False, True, False]),
        (a != 2.0, [True, False, True]),
        (a < 2.0, [True, False, False]),
        (a <= 2.0, [True, True, False]),
        (a > Tensor([0.0, 5.0, 3.0]), [True, False, False]),
        (a >= Tensor([0.0, 5.0, 3.0]), [True, False, True]),
    ]:
        assert result.dtype == np.bool_
        assert not result.requires_grad
        np.testing.assert_array_equal(result.data, expected)


def test_where_and_masked_fill() -> None:
    cond = RNG.random((3, 4)) > 0.5
    check_op(lambda c, a, b: ge.where(c, a, b), torch.where, cond, normal(3, 4), normal(4))
    check_op(lambda c, a: a.where(c, 0.0), lambda c, a: a.where(c, 0.0), cond, normal(3, 4))
    mask = np.triu(np.ones((4, 4), dtype=bool), k=1)
    check_op(
        lambda m, a: a.masked_fill(m, float("-inf")).softmax(-1),
        lambda m, a: a.masked_fill(m, float("-inf")).softmax(-1),
        mask,
        normal(2, 4, 4),
    )


DIMS = [None, 0, -1, (0, 2), (-1, -3), 1]


@pytest.mark.parametrize("dim", DIMS)
@pytest.mark.parametrize("keepdim", [False, True])
def test_sum_mean(dim, keepdim) -> None:
    x = normal(2, 3, 4)
    if dim is None:
        check_op(lambda a: a.sum(), lambda a: a.sum(), x)
        check_op(lambda a: a.mean(), lambda a: a.mean(), x)
        return
    check_op(lambda a: a.sum(dim, keepdim), lambda a: a.sum(dim, keepdim), x)
    check_op(lambda a: a.mean(dim, keepdim), lambda a: a.mean(dim, keepdim), x)


def test_sum_mean_empty_and_size_one() -> None:
    check_op(lambda a: a.sum(0), lambda a: a.sum(0), normal(0, 3))
    check_op(lambda a: a.sum(), lambda a: a.sum(), normal(0, 3))
    check_op(lambda a: a.mean(1), lambda a: a.mean(1), normal(0, 3))
    check_op(lambda a: a.mean(0, keepdim=True), lambda a: a.mean(0, keepdim=True), normal(1, 1))


@pytest.mark.parametrize("dim", [None, 0, 1, (0, 1), -1])
@pytest.mark.parametrize("keepdim", [False, True])
def test_amax_amin_split_ties_like_torch(dim, keepdim) -> None:
    x = np.array([[1.0, 3.0, 3.0, 0.0], [2.0, 2.0, 2.0, -1.0], [3.0, 0.0, 1.0, 3.0]])
    if dim is None:
        check_op(lambda a: a.max(), lambda a: a.max(), x, numeric=False)
        check_op(lambda a: a.min(), lambda a: a.min(), x, numeric=False)
        return
    check_op(lambda a: a.amax(dim, keepdim), lambda a: a.amax(dim, keepdim), x, numeric=False)
    check_op(lambda a: a.amin(dim, keepdim), lambda a: a.amin(dim, keepdim), x, numeric=False)
    y = normal(3, 4, 2)  # no ties: also against central differences
    check_op(lambda a: a.amax(dim, keepdim), lambda a: a.amax(dim, keepdim), y)


def test_max_with_dim_returns_values_and_indices() -> None:
    x = normal(3, 5)  # no ties: torch's index is then unambiguous
    check_op(lambda a: a.max(1).values, lambda a: a.max(1).values, x)
    check_op(lambda a: a.min(0, keepdim=True)[0], lambda a: a.min(0, keepdim=True)[0], x)
    _, indices = Tensor(x).max(dim=1)
    np.testing.assert_array_equal(indices.data, torch.tensor(x).max(dim=1).indices.numpy())
    np.testing.assert_array_equal(Tensor(x).argmax(-1).data, x.argmax(-1))
    assert Tensor(x).argmax().item() == x.argmax()


@pytest.mark.parametrize("dim", [None, 0, -1, (0, 2)])
@pytest.mark.parametrize("correction", [0, 1, 2])
@pytest.mark.parametrize("keepdim", [False, True])
def test_var_std(dim, correction, keepdim) -> None:
    x = normal(3, 4, 5)
    check_op(
        lambda a: a.var(dim, keepdim=keepdim, correction=correction),
        lambda a: a.var(dim, keepdim=keepdim, correction=correction),
        x,
    )
    check_op(
        lambda a: a.std(dim, keepdim=keepdim, correction=correction),
        lambda a: a.std(dim, keepdim=keepdim, correction=correction),
        x,
    )


def test_var_unbiased_flag() -> None:
    x = normal(4, 6)
    check_op(lambda a: a.var(1, unbiased=False), lambda a: a.var(1, unbiased=False), x)
    check_op(lambda a: a.var(1, unbiased=True), lambda a: a.var(1, unbiased=True), x)
    check_op(lambda a: a.var(), lambda a: a.var(), x)


def test_logsumexp_large_magnitudes() -> None:
    x = np.array([[1000.0, 999.0, -1000.0], [-1e4, -1e4 + 1, -1e4 + 2]])
    check_op(lambda a: a.logsumexp(1), lambda a: a.logsumexp(1), x)
    check_op(lambda a: ge.Tensor.logsumexp(a, (0, 1), True), lambda a: a.logsumexp((0, 1), True), x)
    inf_row = np.array([[-np.inf, -np.inf], [0.0, -np.inf]])
    check_op(lambda a: a.logsumexp(1), lambda a: a.logsumexp(1), inf_row, numeric=False)


@pytest.mark.parametrize(
    ("sa", "sb"),
    [
        ((3, 4), (4, 5)),
        ((4,), (4, 5)),
        ((3, 4), (4,)),
        ((4,), (4,)),
        ((2, 3, 4), (4, 5)),
        ((4,), (2, 4, 5)),
        ((2, 1, 3, 4), (5, 4, 2)),
        ((1, 1), (1, 1)),
        ((0, 4), (4, 3)),
        ((3, 0), (0, 2)),
    ],
)
def test_matmul(sa, sb) -> None:
    check_op(lambda a, b: a @ b, lambda a, b: a @ b, normal(*sa), normal(*sb))


def test_rmatmul_with_numpy() -> None:
    w = normal(3, 4)
    check_op(lambda a: w @ a, lambda a: torch.tensor(w) @ a, normal(4, 2))


def test_shape_ops() -> None:
    x = normal(2, 3, 4)
    cases = [
        (lambda a: a.reshape(6, 4), lambda a: a.reshape(6, 4)),
        (lambda a: a.view(-1), lambda a: a.view(-1)),
        (lambda a: a.reshape((4, -1)), lambda a: a.reshape((4, -1))),
        (lambda a: a.transpose(0, 2), lambda a: a.transpose(0, 2)),
        (lambda a: a.permute(2, 0, 1), lambda a: a.permute(2, 0, 1)),
        (lambda a: a.permute((1, 2, 0)) * 1.0, lambda a: a.permute((1, 2, 0)) * 1.0),
        (lambda a: a.unsqueeze(1).unsqueeze(-1), lambda a: a.unsqueeze(1).unsqueeze(-1)),
        (lambda a: a[:, :1].squeeze(1), lambda a: a[:, :1].squeeze(1)),
        (lambda a: a[:1, :1].squeeze(), lambda a: a[:1, :1].squeeze()),
        (lambda a: a.squeeze(0), lambda a: a.squeeze(0)),
        (lambda a: a.flatten(1), lambda a: a.flatten(1)),
        (lambda a: a[:, :1].expand(5, 2, 3, 4), lambda a: a[:, :1].expand(5, 2, 3, 4)),
        (lambda a: a[:, :1].expand(-1, 3, -1), lambda a: a[:, :1].expand(-1, 3, -1)),
        (lambda a: a[0].T, lambda a: a[0].T),
        (lambda a: a.mT, lambda a: a.mT),
        (lambda a: a[:, :1].broadcast_to((2, 3, 4)), lambda a: a[:, :1].broadcast_to((2, 3, 4))),
    ]
    for ours, theirs in cases:
        check_op(ours, theirs, x)


@pytest.mark.parametrize(
    "index",
    [
        1,
        -1,
        (slice(None), 2),
        (Ellipsis, slice(1, 3)),
        (slice(None, None, 2),),
        (None, 0),
        [0, 0, 1, 0],  # repeated rows: gradients must add
        (np.array([0, 1, 1]), np.array([2, 2, 2])),  # one element three times
        (slice(None), np.array([[0, 0], [2, 2]])),
        np.array([True, False]),
    ],
)
def test_getitem(index) -> None:
    def torch_index(i):
        if isinstance(i, tuple):
            return tuple(torch_index(j) for j in i)
        if isinstance(i, np.ndarray):
            return torch.tensor(i)
        return i

    check_op(lambda a: a[index], lambda a: a[torch_index(index)], normal(2, 3, 4))


def test_getitem_with_tensor_indices_and_masks() -> None:
    x = normal(4, 3)
    idx = np.array([3, 0, 3, 3])
    check_op(lambda a, i: a[i], lambda a, i: a[i], x, idx)
    mask = x > 0
    check_op(lambda a, m: a[m], lambda a, m: a[m], x, mask)


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_gather(dim) -> None:
    x = normal(3, 4)
    index = RNG.integers(0, x.shape[dim], size=(3, 4))
    index = index[:2, :3]  # smaller than the input in every dim: allowed by torch
    check_op(lambda a: a.gather(dim, index), lambda a: a.gather(dim, torch.tensor(index)), x)


@pytest.mark.parametrize("dim", [0, 1])
def test_scatter_add(dim) -> None:
    x = normal(3, 4)
    index = np.array([[0, 1, 2], [2, 2, 0]])  # repeated targets
    src = normal(2, 3)  # torch's backward needs src shaped like index
    check_op(
        lambda a, s: a.scatter_add(dim, index, s),
        lambda a, s: a.scatter_add(dim, torch.tensor(index), s),
        x,
        src,
    )


def test_cat_stack_split() -> None:
    a, b, c = normal(2, 3), normal(1, 3), normal(2, 3)
    check_op(lambda x, y: ge.cat([x, y], 0), lambda x, y: torch.cat([x, y], 0), a, b)
    check_op(
        lambda x, y: ge.cat([x, x, y.T], 1) * 1.0, lambda x, y: torch.cat([x, x, y.T], 1), a, c.T
    )
    check_op(lambda x, y: ge.stack([x, y], 1), lambda x, y: torch.stack([x, y], 1), a, c)
    check_op(lambda x, y: ge.stack([x, y], -1), lambda x, y: torch.stack([x, y], -1), a, c)
    for size in [1, 2, [1, 3, 1]]:
        pieces = lambda x, s=size: ge.cat([p * (i + 1) for i, p in enumerate(ge.split(x, s, 1))], 1)  # noqa: E731
        t_pieces = lambda x, s=size: torch.cat(  # noqa: E731
            [p * (i + 1) for i, p in enumerate(torch.split(x, s, 1))], 1
        )
        check_op(pieces, t_pieces, normal(2, 5))
    q, k, v = Tensor(normal(2, 6)).chunk(3, dim=1)
    assert q.shape == k.shape == v.shape == (2, 2)


def test_dtype_conversion_and_float32_default() -> None:
    x = Tensor([1.0, 2.0], requires_grad=True)
    assert x.dtype == np.float32
    y = x * 2.0 + 1 - x / 3 + x**2 + 2.0**x
    assert y.dtype == np.float32
    z = y.sum() + (x @ x) + x.exp().log().tanh().sigmoid().relu().mean()
    assert z.dtype == np.float32
    z.backward()
    assert x.grad is not None and x.grad.dtype == np.float32
    d = x.double()
    assert d.dtype == np.float64
    d.sum().backward()
    assert x.grad.dtype == np.float32
    assert ge.zeros(2, 3).dtype == np.float32 and ge.ones((2,)).dtype == np.float32
    assert ge.randn(2, generator=np.random.default_rng(0)).dtype == np.float32
    assert ge.rand(2, 2, dtype=ge.float64).dtype == np.float64
    assert ge.arange(5).dtype == np.int64 and ge.arange(0.0, 1.0, 0.25).dtype == np.float32
    assert ge.tensor([1.5]).dtype == np.float32 and ge.tensor([1, 2]).dtype == np.int64
    assert ge.zeros_like(d).dtype == np.float64 and ge.ones_like(x).shape == (2,)
    assert x.to(ge.float32) is x and x.float() is x
    # NumPy float64 scalars are not "weak" in NumPy 2: they must not upcast float32 either
    for v in [
        np.float64(3.0) - x,
        x * np.float64(2),
        x + np.float64(1),
        x / np.float64(2),
        x ** np.float64(2.0),
        x.clamp(np.float64(0.0), np.float64(1.5)),
    ]:
        assert v.dtype == np.float32


def test_to_double_backward_against_torch() -> None:
    check_op(
        lambda a: (a.float() * 3).double(),
        lambda a: (a.float() * 3).double(),
        normal(3),
        rtol=1e-6,
        atol=1e-6,
        numeric=False,
    )


def test_generators_reproduce() -> None:
    a = ge.randn(3, 4, generator=np.random.default_rng(7))
    b = ge.randn(3, 4, generator=np.random.default_rng(7))
    np.testing.assert_array_equal(a.data, b.data)
    ge.manual_seed(3)
    c = ge.rand(5)
    ge.manual_seed(3)
    np.testing.assert_array_equal(c.data, ge.rand(5).data)


def test_no_grad_records_nothing() -> None:
    x = Tensor([1.0, 2.0], requires_grad=True)
    with no_grad():
        y = (x * 3).sum()
    assert not y.requires_grad and y._backward is None
    assert ge.is_grad_enabled()
    with pytest.raises(RuntimeError, match="does not require grad"):
        y.backward()


def test_grad_accumulates_across_backward_calls() -> None:
    x = Tensor([1.0, -2.0, 3.0], requires_grad=True)
    (x * x).sum().backward()
    (x * 3.0).sum().backward()
    np.testing.assert_allclose(x.grad, 2 * x.data + 3.0)


def test_tensor_used_twice_and_diamond() -> None:
    check_op(lambda a: a * a + a, lambda a: a * a + a, normal(3))
    check_op(
        lambda a: (a.exp() * a.tanh() + a.exp() / (1 + a * a)).sum(),
        lambda a: (a.exp() * a.tanh() + a.exp() / (1 + a * a)).sum(),
        normal(2, 3),
    )


def test_deep_chain_no_recursion_error() -> None:
    x = Tensor(np.array([0.5]), requires_grad=True, dtype=np.float64)
    y = x
    for _ in range(10_000):
        y = y * 1.0001 + 0.0
    y.sum().backward()
    np.testing.assert_allclose(x.grad, [1.0001**10_000], rtol=1e-9)  # 1e4 roundings of 1e-16


def test_backward_errors_are_clear() -> None:
    x = Tensor(np.ones((2, 2)), requires_grad=True)
    with pytest.raises(RuntimeError, match="non-scalar"):
        (x * 2).backward()
    with pytest.raises(RuntimeError, match="does not require grad"):
        Tensor([1.0]).backward()
    with pytest.raises(TypeError, match="floating-point"):
        Tensor([1, 2], requires_grad=True)


def test_backward_with_explicit_gradient_and_freed_graph() -> None:
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * x
    y.backward(np.array([1.0, 10.0]))
    np.testing.assert_allclose(x.grad, [2.0, 40.0])
    assert y._parents == () and not y.is_leaf  # graph freed, as in PyTorch
    assert y.grad is None  # intermediate gradients are not kept
    with pytest.raises(RuntimeError, match="second time"):
        y.backward(np.ones(2))
    z = y.sum()  # built on a freed node: backward through it fails as in PyTorch
    with pytest.raises(RuntimeError, match="second time"):
        z.backward()
    w = y.detach() * x  # unless the carried value is detached
    w.sum().backward()
    np.testing.assert_allclose(x.grad, [2.0 + 1.0, 40.0 + 4.0])


def test_detach_item_numpy() -> None:
    x = Tensor([[3.0]], requires_grad=True)
    assert not x.detach().requires_grad
    assert x.item() == 3.0 and float(x) == 3.0
    assert x.numpy() is x.data
    with pytest.raises(ValueError, match="one-element"):
        Tensor([1.0, 2.0]).item()

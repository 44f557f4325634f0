"""The section 0.1 Tensor against NumPy and PyTorch operator semantics.

Every value here is one float64 operation per entry, so results are compared exactly
(PyTorch in float64 rounds the same IEEE operations the same way).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from groundup.pytools.tensor import Tensor

torch.set_num_threads(1)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(7)


def t64(a: np.ndarray) -> torch.Tensor:
    return torch.tensor(a, dtype=torch.float64)


def test_binary_operators_match_torch_with_broadcasting(rng: np.random.Generator) -> None:
    a, b = rng.normal(size=(3, 1)), rng.normal(size=(4,))
    A, B = Tensor(a), Tensor(b)
    pairs = [
        (A + B, t64(a) + t64(b)),
        (A - B, t64(a) - t64(b)),
        (A * B, t64(a) * t64(b)),
        (A / B, t64(a) / t64(b)),
        (-A, -t64(a)),
        (A**2, t64(a) ** 2),
    ]
    for ours, theirs in pairs:
        assert ours.shape == tuple(theirs.shape)
        np.testing.assert_array_equal(ours.data, theirs.numpy())


@pytest.mark.parametrize("left", [2, 2.5, np.float64(-1.25), np.array([[1.0], [2.0]])])
def test_reflected_operators_with_numbers_and_arrays(left: object) -> None:
    b = np.array([0.5, -3.0, 4.0])
    T = Tensor(b)
    for ours, expected in [
        (left + T, np.asarray(left) + b),
        (left - T, np.asarray(left) - b),
        (left * T, np.asarray(left) * b),
        (left / T, np.asarray(left) / b),
    ]:
        assert isinstance(ours, Tensor), f"{type(left).__name__} op Tensor must give a Tensor"
        np.testing.assert_array_equal(ours.data, expected)


def test_operators_return_new_tensors_and_leave_operands_alone() -> None:
    a = np.array([1.0, 2.0])
    T = Tensor(a)
    U = T + 1.0
    V = T * 3.0
    assert U is not T and V is not T
    np.testing.assert_array_equal(T.data, [1.0, 2.0])
    a[0] = 100.0  # the Tensor copied its input
    assert T.data[0] == 1.0


def test_matmul_matches_numpy_and_rejects_bad_shapes(rng: np.random.Generator) -> None:
    a, b = rng.normal(size=(3, 4)), rng.normal(size=(4, 2))
    np.testing.assert_allclose((Tensor(a) @ Tensor(b)).data, a @ b, rtol=0, atol=0)
    np.testing.assert_allclose((a @ Tensor(b)).data, a @ b, rtol=0, atol=0)
    v = rng.normal(size=4)
    np.testing.assert_allclose((Tensor(a) @ v).data, a @ v, rtol=0, atol=0)
    with pytest.raises(ValueError, match=r"\(3, 4\) and \(3, 4\)"):
        Tensor(a) @ Tensor(a)
    with pytest.raises(ValueError):
        Tensor(2.0) @ Tensor(a)


def test_container_protocol_and_repr() -> None:
    T = Tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    assert len(T) == 3
    assert isinstance(T[0], Tensor)
    np.testing.assert_array_equal(T[-1].data, [5.0, 6.0])
    np.testing.assert_array_equal(T[1:, 0].data, [3.0, 5.0])
    assert repr(Tensor([1.0, 2.0])) == "Tensor([1., 2.], shape=(2,))"
    with pytest.raises(TypeError):
        len(Tensor(1.0))
    with pytest.raises(IndexError):
        T[3]


def test_eq_is_elementwise_and_tensors_stay_hashable() -> None:
    T, U = Tensor([1.0, 2.0, 3.0]), Tensor([1.0, 0.0, 3.0])
    np.testing.assert_array_equal(T == U, torch.eq(t64(T.data), t64(U.data)).numpy())
    np.testing.assert_array_equal(T == 2.0, [False, True, False])
    assert len({T, U, T}) == 2  # hashed by identity, as torch.Tensor is


def test_add_rejects_shapes_that_do_not_broadcast() -> None:
    with pytest.raises(ValueError):
        Tensor(np.ones(3)) + Tensor(np.ones(4))

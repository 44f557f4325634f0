"""Dataset, TensorDataset and DataLoader: batching, shuffling, drop_last, determinism.

The oracle is exact: which indices each batch must hold (no tolerances; integers).
"""

from __future__ import annotations

import numpy as np
import pytest

from groundup.engine import random as engine_random
from groundup.engine.data import DataLoader, Dataset, TensorDataset, batch_indices
from groundup.engine.tensor import Tensor


def make(n: int = 10) -> TensorDataset:
    X = np.arange(n * 2, dtype=np.float32).reshape(n, 2)
    y = np.arange(n)
    return TensorDataset(X, y)


def test_tensor_dataset_indexing_and_length() -> None:
    ds = make(5)
    assert len(ds) == 5
    x, y = ds[3]
    np.testing.assert_array_equal(x, [6.0, 7.0])
    assert y == 3
    with pytest.raises(ValueError, match="same first dimension"):
        TensorDataset(np.zeros((3, 2)), np.zeros(4))
    with pytest.raises(ValueError, match="at least one"):
        TensorDataset()


def test_tensor_dataset_accepts_tensors() -> None:
    ds = TensorDataset(Tensor(np.ones((3, 2))), np.arange(3))
    assert len(ds) == 3 and ds[0][0].shape == (2,)


@pytest.mark.parametrize(
    ("n", "bs", "drop_last", "sizes"),
    [
        (10, 3, False, [3, 3, 3, 1]),
        (10, 3, True, [3, 3, 3]),
        (9, 3, True, [3, 3, 3]),
        (2, 5, False, [2]),
        (2, 5, True, []),
        (0, 4, False, []),
        (7, 1, False, [1] * 7),
    ],
)
def test_batch_sizes_and_len(n: int, bs: int, drop_last: bool, sizes: list[int]) -> None:
    loader = DataLoader(make(n), batch_size=bs, drop_last=drop_last)
    batches = list(loader)
    assert [len(xb) for xb, _ in batches] == sizes
    assert len(loader) == len(sizes)


def test_unshuffled_batches_are_in_order_and_are_tensors() -> None:
    batches = list(DataLoader(make(7), batch_size=3))
    xb, yb = batches[0]
    assert isinstance(xb, Tensor) and isinstance(yb, Tensor)
    assert xb.shape == (3, 2) and xb.dtype == np.float32
    np.testing.assert_array_equal(np.concatenate([yb.data for _, yb in batches]), np.arange(7))


def test_shuffle_is_a_permutation_new_every_epoch_and_reproducible() -> None:
    loader = DataLoader(make(50), batch_size=8, shuffle=True, seed=123)
    epochs = [np.concatenate([yb.data for _, yb in loader]) for _ in range(3)]
    for order in epochs:
        np.testing.assert_array_equal(np.sort(order), np.arange(50))  # each a permutation
    assert not np.array_equal(epochs[0], epochs[1])  # reshuffled (P(same) = 1/50!)
    assert not np.array_equal(epochs[1], epochs[2])
    again = DataLoader(make(50), batch_size=8, shuffle=True, seed=123)
    for order in epochs:  # the same seed replays the same sequence of epochs
        np.testing.assert_array_equal(np.concatenate([yb.data for _, yb in again]), order)


def test_explicit_generator_matches_its_permutations() -> None:
    loader = DataLoader(make(20), batch_size=6, shuffle=True, generator=np.random.default_rng(5))
    expected = np.random.default_rng(5)
    for _ in range(2):
        got = np.concatenate([yb.data for _, yb in loader])
        np.testing.assert_array_equal(got, expected.permutation(20))


def test_default_generator_follows_manual_seed() -> None:
    engine_random.manual_seed(9)
    a = [yb.data.tolist() for _, yb in DataLoader(make(12), batch_size=5, shuffle=True)]
    engine_random.manual_seed(9)
    b = [yb.data.tolist() for _, yb in DataLoader(make(12), batch_size=5, shuffle=True)]
    assert a == b


def test_shuffle_with_drop_last_drops_a_random_remainder() -> None:
    loader = DataLoader(make(10), batch_size=4, shuffle=True, drop_last=True, seed=0)
    seen = [np.concatenate([yb.data for _, yb in loader]) for _ in range(30)]
    assert all(len(s) == 8 and len(set(s.tolist())) == 8 for s in seen)
    # over 30 epochs every example is seen at least once (P(fail) < 10 * 0.2**30)
    assert set(np.concatenate(seen).tolist()) == set(range(10))


def test_batch_indices_directly() -> None:
    rng = np.random.default_rng(0)
    parts = batch_indices(5, 2, False, False, rng)
    assert [p.tolist() for p in parts] == [[0, 1], [2, 3], [4]]


class Squares(Dataset):
    def __len__(self) -> int:
        return 5

    def __getitem__(self, i: int) -> tuple[np.ndarray, int]:
        return np.array([i, i * i], dtype=np.float64), i


def test_generic_dataset_is_collated() -> None:
    xb, yb = next(iter(DataLoader(Squares(), batch_size=4)))
    np.testing.assert_array_equal(xb.data, [[0, 0], [1, 1], [2, 4], [3, 9]])
    np.testing.assert_array_equal(yb.data, [0, 1, 2, 3])


def test_bad_batch_size() -> None:
    with pytest.raises(ValueError, match="positive integer"):
        DataLoader(make(3), batch_size=0)

"""ArrayDataset against PyTorch's data utilities: a map-style dataset is anything with
``__len__`` and ``__getitem__``, so ``DataLoader`` must batch ours exactly as it batches
``TensorDataset`` over the same arrays (values are copied, so comparisons are exact)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from groundup.pytools.datasets import ArrayDataset, TokenWindows

torch.set_num_threads(1)


@pytest.fixture
def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    return rng.normal(size=(7, 3)), rng.integers(0, 4, size=7)


def test_indexing_matches_tensor_dataset(data: tuple[np.ndarray, np.ndarray]) -> None:
    X, y = data
    ours, theirs = ArrayDataset(X, y), TensorDataset(torch.tensor(X), torch.tensor(y))
    assert len(ours) == len(theirs) == 7
    for i in [0, 3, 6, -1, -7]:
        x_i, y_i = ours[i]
        np.testing.assert_array_equal(x_i, theirs[i][0].numpy())
        assert y_i == theirs[i][1].item()
    for i in [7, -8]:
        with pytest.raises(IndexError):
            ours[i]


def test_dataloader_batches_our_dataset_like_tensor_dataset(
    data: tuple[np.ndarray, np.ndarray],
) -> None:
    X, y = data
    ours = DataLoader(ArrayDataset(X, y), batch_size=3)
    theirs = DataLoader(TensorDataset(torch.tensor(X), torch.tensor(y)), batch_size=3)
    for (xb, yb), (xt, yt) in zip(ours, theirs, strict=True):
        torch.testing.assert_close(xb, xt, rtol=0, atol=0)
        torch.testing.assert_close(yb, yt, rtol=0, atol=0)


def test_transform_slices_and_iteration(data: tuple[np.ndarray, np.ndarray]) -> None:
    X, y = data
    ds = ArrayDataset(X, y, transform=lambda x: 2 * x + 1)
    np.testing.assert_array_equal(ds[2][0], 2 * X[2] + 1)
    assert ds[2][1] == y[2]  # the transform never touches the target
    sub = ds[1:6:2]
    assert isinstance(sub, ArrayDataset) and len(sub) == 3
    np.testing.assert_array_equal(sub[1][0], 2 * X[3] + 1)
    assert len(ds[7:]) == 0
    xs = [x for x, _ in ds]  # the sequence protocol stops at the first IndexError
    np.testing.assert_array_equal(np.stack(xs), 2 * X + 1)


def test_bad_inputs_are_rejected(data: tuple[np.ndarray, np.ndarray]) -> None:
    X, y = data
    with pytest.raises(ValueError, match=r"\(7, 3\) and \(6,\)"):
        ArrayDataset(X, y[:6])
    with pytest.raises(TypeError):
        ArrayDataset(X, y)[1.0]  # type: ignore[index]


def test_token_windows_match_nanogpt_batches() -> None:
    # nanoGPT's get_batch: x = data[i : i + T], y = data[i + 1 : i + 1 + T], for
    # i in [0, len(data) - T); every such i must be a valid index, and no other.
    data = np.random.default_rng(0).integers(0, 65, size=50)
    T = 8
    ds = TokenWindows(data, T)
    assert len(ds) == len(data) - T
    for i in range(len(data) - T):
        x, y = ds[i]
        np.testing.assert_array_equal(x, data[i : i + T])
        np.testing.assert_array_equal(y, data[i + 1 : i + 1 + T])
        np.testing.assert_array_equal(ds[i - len(ds)][0], x)
    with pytest.raises(IndexError):
        ds[len(ds)]
    with pytest.raises(IndexError):
        ds[-len(ds) - 1]
    assert sum(1 for _ in ds) == len(ds)
    assert len(TokenWindows(data[:T], T)) == 0
    with pytest.raises(ValueError):
        TokenWindows(data, 0)


def test_token_windows_batch_with_dataloader() -> None:
    data = np.arange(20)
    loader = DataLoader(TokenWindows(data, 4), batch_size=16)
    xb, yb = next(iter(loader))
    assert tuple(xb.shape) == (16, 4)
    torch.testing.assert_close(yb[:, :-1], xb[:, 1:], rtol=0, atol=0)

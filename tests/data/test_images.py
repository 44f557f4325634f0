"""The offline loaders: IDX parsing, Fashion-MNIST, the MNIST subset, and missing data."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from groundup.data import DataUnavailable, load_fashion_mnist, load_mnist_subset, make_xor
from groundup.data.images import FASHION_MNIST_DIR, FASHION_MNIST_ENV, read_idx

needs_fashion = pytest.mark.skipif(
    not FASHION_MNIST_DIR.is_dir(), reason="dataset-fashion-mnist is not installed"
)


def test_read_idx_parses_header_and_data(tmp_path: Path) -> None:
    data = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    raw = bytes([0, 0, 0x08, 3]) + b"".join(n.to_bytes(4, "big") for n in data.shape)
    (tmp_path / "a.gz").write_bytes(gzip.compress(raw + data.tobytes()))
    (tmp_path / "b").write_bytes(raw + data.tobytes())
    np.testing.assert_array_equal(read_idx(tmp_path / "a.gz"), data)
    np.testing.assert_array_equal(read_idx(tmp_path / "b"), data)
    (tmp_path / "c").write_bytes(raw + data.tobytes()[:-1])
    with pytest.raises(ValueError, match="truncated"):
        read_idx(tmp_path / "c")


@needs_fashion
def test_fashion_mnist_test_split() -> None:
    X, y = load_fashion_mnist("test")
    assert X.shape == (10000, 28, 28) and X.dtype == np.float32
    assert X.min() >= 0.0 and X.max() == 1.0
    # The published first test labels: ankle boot, pullover, trouser, trouser, shirt, ...
    np.testing.assert_array_equal(y[:10], [9, 2, 1, 1, 6, 1, 4, 6, 5, 7])
    np.testing.assert_array_equal(np.bincount(y), [1000] * 10)


def test_missing_fashion_mnist_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(FASHION_MNIST_ENV, str(tmp_path))
    with pytest.raises(DataUnavailable) as info:
        load_fashion_mnist("train")
    assert "apt-get install dataset-fashion-mnist" in info.value.fix
    with pytest.raises(ValueError, match="split"):
        load_fashion_mnist("validation")


def test_mnist_subset() -> None:
    X, y = load_mnist_subset()
    assert X.shape == (5000, 28, 28) and X.dtype == np.float32 and X.max() == 1.0
    np.testing.assert_array_equal(np.bincount(y), [500] * 10)


def test_xor_labels_follow_the_quadrant() -> None:
    X, y = make_xor(500, np.random.default_rng(0), noise=0.1)
    # noise 0.1 around corners at distance 1: a point crosses an axis with prob ~1e-23
    np.testing.assert_array_equal(y, ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(int))

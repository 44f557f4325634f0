"""The dropout layer: ``nn.Dropout`` (section 4.4 Training deep networks)."""

from __future__ import annotations

import numpy as np

from ..regularization import dropout
from ..tensor import Tensor
from .module import Module


class Dropout(Module):
    """Zeroes each element with probability ``p`` in training, scaling the rest by 1/(1-p).

    The identity after ``model.eval()``. See :func:`groundup.engine.regularization.dropout`.

    Args:
        p: the probability of zeroing an element, in [0, 1].
        generator: the random generator for the masks (default: the engine's).

    Raises:
        ValueError: if p is outside [0, 1].
    """

    def __init__(self, p: float = 0.5, generator: np.random.Generator | None = None) -> None:
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.generator = generator

    def forward(self, x: Tensor) -> Tensor:
        return dropout(x, self.p, self.training, self.generator)

    def extra_repr(self) -> str:
        return f"p={self.p}"

"""The fully connected layer: ``y = x W^T + b``, with PyTorch's default initialisation.

Section 4.3 Deep-learning frameworks. ``Linear(in_features, out_features)`` stores
``weight`` of shape ``(out_features, in_features)`` (one row per output unit, as in
PyTorch) and ``bias`` of shape ``(out_features,)``; a batch ``x`` of shape
``(..., in_features)`` maps to ``x @ weight.T + bias`` of shape ``(..., out_features)``.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from ..random import generator_or_default
from ..tensor import Tensor
from .module import Module, Parameter


class Linear(Module):
    """An affine map ``y = x W^T + b``, like ``torch.nn.Linear``.

    Both ``weight`` and ``bias`` start uniform on ``[-1/sqrt(in_features),
    1/sqrt(in_features)]``: PyTorch's ``kaiming_uniform_(a=sqrt(5))``, which keeps the
    output's scale close to the input's.

    Args:
        in_features: the size of each input vector.
        out_features: the size of each output vector.
        bias: whether to add a learned bias.
        dtype: the parameters' dtype (float32 by default).
        generator: the random generator for the initial values (default: the engine's).

    Attributes:
        weight: Parameter of shape (out_features, in_features).
        bias: Parameter of shape (out_features,), or None.
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        *,
        dtype: npt.DTypeLike = np.float32,
        generator: np.random.Generator | None = None,
    ) -> None:
        super().__init__()
        if in_features < 0 or out_features < 0:
            raise ValueError(
                f"Linear needs non-negative sizes, got in={in_features}, out={out_features}"
            )
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(np.empty((out_features, in_features), dtype=dtype))
        if bias:
            self.bias = Parameter(np.empty(out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters(generator)

    def reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        """Redraws ``weight`` and ``bias`` from ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))``.

        ``fan_in = in_features``. (PyTorch writes the weight's bound as
        ``gain * sqrt(3 / fan_in)`` with ``gain = sqrt(2 / (1 + a^2))`` and ``a = sqrt(5)``,
        which is the same ``1/sqrt(fan_in)``.)
        """
        rng = generator_or_default(generator)
        fan_in = self.in_features
        # exercise: frameworks.linear-init
        bound = 1.0 / math.sqrt(fan_in) if fan_in > 0 else 0.0
        w = self.weight.data
        w[...] = rng.uniform(-bound, bound, size=w.shape)
        if self.bias is not None:
            self.bias.data[...] = rng.uniform(-bound, bound, size=self.bias.data.shape)
        # end exercise

    def forward(self, x: Tensor) -> Tensor:
        """``x @ weight.T + bias``; ``x`` of shape (..., in_features) -> (..., out_features)."""
        # exercise: frameworks.linear-forward
        out = x @ self.weight.T  # (..., in) @ (in, out) -> (..., out)
        if self.bias is not None:
            out = out + self.bias  # broadcast over the leading axes
        return out
        # end exercise

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )


class Identity(Module):
    """Returns its input unchanged (a placeholder layer, like ``torch.nn.Identity``)."""

    def forward(self, x: Tensor) -> Tensor:
        return x

"""Activation functions as modules: ``ReLU``, ``GELU``, ``Tanh``, ``Sigmoid``, ``Softmax``.

Section 4.3 Deep-learning frameworks. They hold no parameters; each calls the function
of the same name in :mod:`groundup.engine.functional`, so that a model can be written as
a ``Sequential`` of layers.
"""

from __future__ import annotations

from ..activations import gelu, log_softmax, relu, sigmoid, softmax, tanh
from ..tensor import Tensor
from .module import Module


class ReLU(Module):
    """$\\max(x, 0)$ elementwise, like ``torch.nn.ReLU``."""

    def forward(self, x: Tensor) -> Tensor:
        return relu(x)


class GELU(Module):
    """$x \\Phi(x)$ elementwise, like ``torch.nn.GELU``.

    Args:
        approximate: ``"none"`` (exact, with erf) or ``"tanh"`` (GPT-2's approximation).
    """

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        if approximate not in ("none", "tanh"):
            raise ValueError(f"approximate must be 'none' or 'tanh', got {approximate!r}")
        self.approximate = approximate

    def forward(self, x: Tensor) -> Tensor:
        return gelu(x, approximate=self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class Tanh(Module):
    """$\\tanh x$ elementwise, like ``torch.nn.Tanh``."""

    def forward(self, x: Tensor) -> Tensor:
        return tanh(x)


class Sigmoid(Module):
    """$1 / (1 + e^{-x})$ elementwise, like ``torch.nn.Sigmoid``."""

    def forward(self, x: Tensor) -> Tensor:
        return sigmoid(x)


class Softmax(Module):
    """$e^{x_i} / \\sum_j e^{x_j}$ along ``dim``, like ``torch.nn.Softmax``.

    Args:
        dim: the axis that sums to one.
    """

    def __init__(self, dim: int = -1) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, x: Tensor) -> Tensor:
        return softmax(x, dim=self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Module):
    """$x_i - \\log \\sum_j e^{x_j}$ along ``dim``, like ``torch.nn.LogSoftmax``.

    Args:
        dim: the axis normalised.
    """

    def __init__(self, dim: int = -1) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, x: Tensor) -> Tensor:
        return log_softmax(x, dim=self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"

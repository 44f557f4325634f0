"""The 2-D convolution layer: ``Conv2d(in_channels, out_channels, kernel_size)``.

Section 4.3 Deep-learning frameworks. The computation is :func:`groundup.engine.conv.conv2d`
(im2col and one matrix product); this module holds the learned kernel and bias.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from ..conv import Pair, _pair, conv2d
from ..random import generator_or_default
from ..tensor import Tensor
from .module import Module, Parameter


class Conv2d(Module):
    """A 2-D cross-correlation with learned kernels, like ``torch.nn.Conv2d``.

    Initialisation (PyTorch's): weight and bias uniform on ``[-1/sqrt(fan_in),
    1/sqrt(fan_in)]`` with ``fan_in = in_channels * kh * kw``.

    Args:
        in_channels: ``C`` of the input (N, C, H, W).
        out_channels: ``O``, the number of kernels.
        kernel_size: an int or ``(kh, kw)``.
        stride: an int or ``(sh, sw)``.
        padding: zeros on each side, an int or ``(ph, pw)``.
        dilation: must be 1 (accepted so that PyTorch's positional order works).
        groups: must be 1 (likewise).
        bias: whether to add a learned bias per output channel.
        dtype: the parameters' dtype (float32 by default).
        generator: the random generator for the initial values.

    Attributes:
        weight: Parameter of shape (out_channels, in_channels, kh, kw).
        bias: Parameter of shape (out_channels,), or None.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Pair,
        stride: Pair = 1,
        padding: Pair = 0,
        dilation: Pair = 1,
        groups: int = 1,
        bias: bool = True,
        *,
        dtype: npt.DTypeLike = np.float32,
        generator: np.random.Generator | None = None,
    ) -> None:
        super().__init__()
        if _pair(dilation, "dilation") != (1, 1) or groups != 1:
            raise ValueError(
                f"only dilation=1 and groups=1 are supported, got {dilation!r} and {groups!r}"
            )
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = _pair(kernel_size, "kernel_size")
        self.stride = _pair(stride, "stride")
        self.padding = _pair(padding, "padding")
        rng = generator_or_default(generator)
        fan_in = in_channels * self.kernel_size[0] * self.kernel_size[1]
        bound = 1.0 / math.sqrt(fan_in) if fan_in > 0 else 0.0
        shape = (out_channels, in_channels, *self.kernel_size)
        self.weight = Parameter(rng.uniform(-bound, bound, size=shape).astype(dtype))
        if bias:
            self.bias = Parameter(rng.uniform(-bound, bound, size=out_channels).astype(dtype))
        else:
            self.register_parameter("bias", None)

    def forward(self, x: Tensor) -> Tensor:
        """(N, in_channels, H, W) -> (N, out_channels, Ho, Wo)."""
        return conv2d(x, self.weight, self.bias, self.stride, self.padding)

    def extra_repr(self) -> str:
        s = (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}"
        )
        if self.padding != (0, 0):
            s += f", padding={self.padding}"
        if self.bias is None:
            s += ", bias=False"
        return s

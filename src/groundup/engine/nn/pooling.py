"""Pooling layers: ``MaxPool2d`` and ``AvgPool2d`` (no parameters).

Section 4.3 Deep-learning frameworks. Each wraps :mod:`groundup.engine.conv`'s
function of the same name; the stride defaults to the kernel size (windows that tile
the image without overlap), as in PyTorch.
"""

from __future__ import annotations

from ..conv import Pair, avg_pool2d, max_pool2d
from ..tensor import Tensor
from .module import Module


class MaxPool2d(Module):
    """The maximum of each window, like ``torch.nn.MaxPool2d``.

    Args:
        kernel_size: the window, an int or ``(kh, kw)``.
        stride: step between windows; default ``kernel_size``.
        padding: ``-inf`` border, at most half the kernel.
        dilation: must be 1 (accepted so that PyTorch's positional order works).
        ceil_mode: must be False (likewise).
    """

    def __init__(
        self,
        kernel_size: Pair,
        stride: Pair | None = None,
        padding: Pair = 0,
        dilation: Pair = 1,
        ceil_mode: bool = False,
    ) -> None:
        super().__init__()
        if dilation not in (1, (1, 1)) or ceil_mode:
            raise ValueError(
                "only dilation=1 and ceil_mode=False are supported, "
                f"got {dilation!r} and {ceil_mode!r}"
            )
        self.kernel_size = kernel_size
        self.stride = kernel_size if stride is None else stride
        self.padding = padding
        self.dilation = dilation
        self.ceil_mode = ceil_mode

    def forward(self, x: Tensor) -> Tensor:
        """(N, C, H, W) -> (N, C, Ho, Wo)."""
        return max_pool2d(x, self.kernel_size, self.stride, self.padding)

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
            f"dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class AvgPool2d(Module):
    """The mean of each window, like ``torch.nn.AvgPool2d`` (padding counts as zeros).

    Args:
        kernel_size: the window, an int or ``(kh, kw)``.
        stride: step between windows; default ``kernel_size``.
        padding: zero border, at most half the kernel.
    """

    def __init__(self, kernel_size: Pair, stride: Pair | None = None, padding: Pair = 0) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = kernel_size if stride is None else stride
        self.padding = padding

    def forward(self, x: Tensor) -> Tensor:
        """(N, C, H, W) -> (N, C, Ho, Wo)."""
        return avg_pool2d(x, self.kernel_size, self.stride, self.padding)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"

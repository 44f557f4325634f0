"""Normalization layers: ``nn.LayerNorm``, ``nn.BatchNorm1d``, ``nn.BatchNorm2d``.

Section 4.4 Training deep networks. The computations are the fused ops of
:mod:`groundup.engine.normalization`; these modules hold the learned scale
(``weight``, ones at first) and shift (``bias``, zeros), and, for batch norm, the
running statistics as buffers (saved in ``state_dict``, never trained).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ..normalization import batch_norm, layer_norm
from ..tensor import Tensor
from .module import Module, Parameter


class LayerNorm(Module):
    """Layer normalization over the trailing ``normalized_shape`` (``nn.LayerNorm``).

    Args:
        normalized_shape: the trailing shape to normalize over, e.g. ``n_embd``.
        eps: added to the variance inside the square root.
        elementwise_affine: learn ``weight`` (gamma) and ``bias`` (beta).
        bias: learn ``bias`` too (GPT-2 has one; some models drop it).
        dtype: the parameters' dtype.
    """

    def __init__(
        self,
        normalized_shape: int | Sequence[int],
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        bias: bool = True,
        dtype: npt.DTypeLike = np.float32,
    ) -> None:
        super().__init__()
        shape = (
            (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        )
        self.normalized_shape = shape
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        if elementwise_affine:
            self.weight = Parameter(np.ones(shape, dtype=dtype))
            if bias:
                self.bias = Parameter(np.zeros(shape, dtype=dtype))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def forward(self, x: Tensor) -> Tensor:
        return layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (
            f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"
        )


class _BatchNorm(Module):
    """Batch normalization over every dimension but the channel (dimension 1).

    Args:
        num_features: C, the number of channels.
        eps: added to the variance inside the square root.
        momentum: weight of each new batch in the running statistics; None for a
            cumulative average over all batches (``1 / num_batches_tracked``).
        affine: learn ``weight`` and ``bias``.
        track_running_stats: keep running statistics (else batch statistics are
            used in evaluation too).
        dtype: the parameters' and statistics' dtype.

    Attributes:
        running_mean: buffer, (C,), zeros at first.
        running_var: buffer, (C,), ones at first.
        num_batches_tracked: buffer, a 0-d int64 array.
    """

    _expected_ndims: tuple[int, ...] = ()

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        dtype: npt.DTypeLike = np.float32,
    ) -> None:
        super().__init__()
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        if affine:
            self.weight = Parameter(np.ones(num_features, dtype=dtype))
            self.bias = Parameter(np.zeros(num_features, dtype=dtype))
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", Tensor(np.zeros(num_features, dtype=dtype)))
            self.register_buffer("running_var", Tensor(np.ones(num_features, dtype=dtype)))
            self.register_buffer("num_batches_tracked", np.zeros((), dtype=np.int64))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def forward(self, x: Tensor) -> Tensor:
        if x.ndim not in self._expected_ndims:
            ndims = " or ".join(map(str, self._expected_ndims))
            raise ValueError(
                f"{type(self).__name__} expects an input of {ndims} dimensions, got shape {x.shape}"
            )
        momentum = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            count = np.asarray(self._buffers["num_batches_tracked"]) + 1
            self._buffers["num_batches_tracked"] = count
            if self.momentum is None:  # a cumulative moving average
                momentum = 1.0 / float(count)
        # Batch statistics in training, and in evaluation when none are tracked.
        use_batch_stats = self.training or self.running_mean is None
        return batch_norm(
            x,
            self.running_mean,
            self.running_var,
            self.weight,
            self.bias,
            use_batch_stats,
            momentum,
            self.eps,
        )

    def extra_repr(self) -> str:
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
            f"affine={self.affine}, track_running_stats={self.track_running_stats}"
        )


class BatchNorm1d(_BatchNorm):
    """Batch normalization of (N, C) or (N, C, L) inputs (``nn.BatchNorm1d``)."""

    _expected_ndims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalization of (N, C, H, W) inputs (``nn.BatchNorm2d``)."""

    _expected_ndims = (4,)

"""Loss functions as modules: ``CrossEntropyLoss`` and ``MSELoss``.

Section 4.3 Deep-learning frameworks. ``criterion = CrossEntropyLoss()`` then
``loss = criterion(logits, targets)``: the module stores the options, the computation is
:func:`groundup.engine.losses.cross_entropy` / ``mse_loss``.
"""

from __future__ import annotations

from typing import Any

from ..losses import cross_entropy, mse_loss
from ..tensor import Tensor
from .module import Module


class CrossEntropyLoss(Module):
    """Softmax cross-entropy of logits against integer classes, like ``torch.nn.CrossEntropyLoss``.

    Args:
        ignore_index: a target value that contributes neither loss nor gradient
            (padding); the mean is over the other targets.
        reduction: ``"mean"``, ``"sum"`` or ``"none"``.
        label_smoothing: the weight $\\varepsilon$ spread uniformly over the classes.
    """

    def __init__(
        self, ignore_index: int = -100, reduction: str = "mean", label_smoothing: float = 0.0
    ) -> None:
        super().__init__()
        if reduction not in ("mean", "sum", "none"):
            raise ValueError(f"reduction must be 'mean', 'sum' or 'none', got {reduction!r}")
        self.ignore_index = ignore_index
        self.reduction = reduction
        self.label_smoothing = label_smoothing

    def forward(self, input: Tensor, target: Any) -> Tensor:
        """Logits (N, C) or (N, C, d...) and classes (N,) or (N, d...) -> the loss."""
        return cross_entropy(
            input,
            target,
            ignore_index=self.ignore_index,
            reduction=self.reduction,
            label_smoothing=self.label_smoothing,
        )


class MSELoss(Module):
    """Mean squared error, like ``torch.nn.MSELoss``.

    Args:
        reduction: ``"mean"``, ``"sum"`` or ``"none"``.
    """

    def __init__(self, reduction: str = "mean") -> None:
        super().__init__()
        if reduction not in ("mean", "sum", "none"):
            raise ValueError(f"reduction must be 'mean', 'sum' or 'none', got {reduction!r}")
        self.reduction = reduction

    def forward(self, input: Tensor, target: Any) -> Tensor:
        """Predictions and targets of the same shape -> the loss."""
        return mse_loss(input, target, reduction=self.reduction)

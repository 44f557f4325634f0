r"""Learning-rate schedules: change each group's ``lr`` as training goes on.

Section 4.4 Training deep networks. As in ``torch.optim.lr_scheduler``: a scheduler
wraps an optimizer, remembers each group's starting rate (``base_lrs``), and sets
``group["lr"]`` for step :math:`t` = ``last_epoch``. Creating it applies step 0;
each ``scheduler.step()`` (after ``optimizer.step()``) moves to the next step.
:func:`cosine_warmup_lr` is the schedule transformers are trained with, in Hugging Face's
convention (``get_cosine_schedule_with_warmup``): a linear warm-up from 0, then a half
cosine down to ``min_lr``; :class:`CosineWithWarmup` applies it to every group.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from .optimizer import Optimizer


class LRScheduler:
    """The base class: subclasses define :meth:`lr_at`, the rate of one group at step t.

    Args:
        optimizer: the optimizer whose groups' ``lr`` is scheduled.
        last_epoch: the index of the last step taken; -1 starts fresh.

    Attributes:
        base_lrs: each group's initial learning rate.
        last_epoch: the current step t (0 right after construction).
    """

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")
        self.optimizer = optimizer
        for group in optimizer.param_groups:
            if last_epoch == -1:
                group.setdefault("initial_lr", group["lr"])
            elif "initial_lr" not in group:
                raise KeyError("param 'initial_lr' is not specified in param_groups when resuming")
        self.base_lrs: list[float] = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self._last_lr: list[float] = []
        self.step()

    def lr_at(self, base_lr: float, t: int) -> float:
        """The learning rate of a group with initial rate ``base_lr`` at step ``t``."""
        raise NotImplementedError(f"{type(self).__name__} does not define lr_at()")

    def get_lr(self) -> list[float]:
        """Every group's learning rate at the current step."""
        return [self.lr_at(base, self.last_epoch) for base in self.base_lrs]

    def step(self) -> None:
        """Moves to the next step and writes its learning rate into every group."""
        self.last_epoch += 1
        lrs = self.get_lr()
        for group, lr in zip(self.optimizer.param_groups, lrs, strict=True):
            group["lr"] = lr
        self._last_lr = lrs

    def get_last_lr(self) -> list[float]:
        """The learning rates the last :meth:`step` set, one per group."""
        return list(self._last_lr)

    def state_dict(self) -> dict[str, Any]:
        """The scheduler's state (everything but the optimizer and functions)."""
        return {k: v for k, v in self.__dict__.items() if k != "optimizer" and not callable(v)}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restores state saved by :meth:`state_dict`."""
        self.__dict__.update(state_dict)


class LambdaLR(LRScheduler):
    """``lr = base_lr * lr_lambda(t)``, with one function or one per group."""

    def __init__(
        self,
        optimizer: Optimizer,
        lr_lambda: Callable[[int], float] | Sequence[Callable[[int], float]],
        last_epoch: int = -1,
    ) -> None:
        n = len(optimizer.param_groups)
        if callable(lr_lambda):
            self.lr_lambdas = [lr_lambda] * n
        else:
            if len(lr_lambda) != n:
                raise ValueError(f"expected {n} lr_lambdas, got {len(lr_lambda)}")
            self.lr_lambdas = list(lr_lambda)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        return [
            base * fn(self.last_epoch)
            for base, fn in zip(self.base_lrs, self.lr_lambdas, strict=True)
        ]

    def state_dict(self) -> dict[str, Any]:
        return {k: v for k, v in super().state_dict().items() if k != "lr_lambdas"}


class StepLR(LRScheduler):
    r"""``lr = base_lr * gamma ** (t // step_size)``: decay by ``gamma`` every ``step_size``."""

    def __init__(
        self, optimizer: Optimizer, step_size: int, gamma: float = 0.1, last_epoch: int = -1
    ) -> None:
        if not (isinstance(step_size, int) and step_size > 0):
            raise ValueError(f"step_size must be a positive integer, got {step_size!r}")
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def lr_at(self, base_lr: float, t: int) -> float:
        return base_lr * self.gamma ** (t // self.step_size)


class LinearLR(LRScheduler):
    r"""Multiplies ``base_lr`` by a factor going linearly from ``start_factor`` to
    ``end_factor`` over ``total_iters`` steps, then constant: a linear warm-up."""

    def __init__(
        self,
        optimizer: Optimizer,
        start_factor: float = 1.0 / 3,
        end_factor: float = 1.0,
        total_iters: int = 5,
        last_epoch: int = -1,
    ) -> None:
        if not 0.0 < start_factor <= 1.0:
            raise ValueError(f"start_factor must lie in (0, 1], got {start_factor}")
        if not 0.0 <= end_factor <= 1.0:
            raise ValueError(f"end_factor must lie in [0, 1], got {end_factor}")
        if total_iters < 0:
            raise ValueError(f"total_iters must be >= 0, got {total_iters}")
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def lr_at(self, base_lr: float, t: int) -> float:
        if self.total_iters == 0:
            return base_lr * self.end_factor
        frac = min(t, self.total_iters) / self.total_iters
        return base_lr * (self.start_factor + (self.end_factor - self.start_factor) * frac)


class CosineAnnealingLR(LRScheduler):
    r""":math:`\eta_t = \eta_{min} + \tfrac12(\eta_{base} - \eta_{min})(1 + \cos(\pi t / T_{max}))`.

    Without restarts; past ``T_max`` the cosine continues (rises again), as in PyTorch.
    """

    def __init__(
        self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0, last_epoch: int = -1
    ) -> None:
        if T_max <= 0:
            raise ValueError(f"T_max must be positive, got {T_max}")
        self.T_max = T_max
        self.eta_min = eta_min
        super().__init__(optimizer, last_epoch)

    def lr_at(self, base_lr: float, t: int) -> float:
        cosine = 1.0 + math.cos(math.pi * t / self.T_max)
        return self.eta_min + (base_lr - self.eta_min) * cosine / 2.0


def cosine_warmup_lr(
    step: int,
    max_lr: float,
    num_warmup_steps: int,
    num_training_steps: int,
    min_lr: float = 0.0,
) -> float:
    r"""The learning rate at ``step`` (0-based) of a linear warm-up then a half-cosine decay.

    Hugging Face's ``get_cosine_schedule_with_warmup`` (``num_cycles=0.5``), with a floor
    ``min_lr`` as in its ``get_cosine_with_min_lr_schedule_with_warmup``. With
    :math:`W` = ``num_warmup_steps`` and :math:`T` = ``num_training_steps``:

    .. math::

        \eta_t = \begin{cases}
            \eta_{max}\, t / W & t < W \\
            \eta_{min} + \tfrac12 (\eta_{max} - \eta_{min})(1 + \cos(\pi r)),\;
                r = \frac{t - W}{\max(1, T - W)} & W \le t \le T \\
            \eta_{min} & t > T
        \end{cases}

    Step 0 has rate 0; the warm-up reaches ``max_lr`` at :math:`t = W`, where the cosine
    starts, and the cosine reaches exactly ``min_lr`` at :math:`t = T`. With :math:`W = T`
    there is no decay (the rate peaks at :math:`t = T`); with :math:`W = 0`, no warm-up.
    Past :math:`T` the rate stays at ``min_lr``, where Hugging Face's and PyTorch's
    cosines would climb back up.

    Args:
        step: the step index t, >= 0.
        max_lr: the peak rate.
        num_warmup_steps: W >= 0, the steps of warm-up.
        num_training_steps: T >= W, the step at which the rate reaches ``min_lr``.
        min_lr: the final rate, >= 0 (0 in Hugging Face's default schedule).

    Raises:
        ValueError: for a negative step or ``min_lr``, or unless 0 <= W <= T.
    """
    if step < 0:
        raise ValueError(f"step must be >= 0, got {step}")
    if not 0 <= num_warmup_steps <= num_training_steps:
        raise ValueError(
            "need 0 <= num_warmup_steps <= num_training_steps, "
            f"got {num_warmup_steps} and {num_training_steps}"
        )
    if min_lr < 0:
        raise ValueError(f"min_lr must be >= 0, got {min_lr}")
    # exercise: training.cosine-warmup
    if step < num_warmup_steps:
        return max_lr * step / num_warmup_steps
    if step > num_training_steps:
        return min_lr
    # NOTE: max(1, ...): with W = T the decay has no length, and step T is its start.
    progress = (step - num_warmup_steps) / max(1, num_training_steps - num_warmup_steps)
    coeff = 0.5 * (1.0 + math.cos(math.pi * progress))
    return min_lr + coeff * (max_lr - min_lr)
    # end exercise


class CosineWithWarmup(LRScheduler):
    """Each group follows :func:`cosine_warmup_lr` with ``max_lr`` = its initial rate.

    Hugging Face's ``get_cosine_schedule_with_warmup(optimizer, num_warmup_steps,
    num_training_steps)`` for the engine's optimizers: call ``scheduler.step()`` once
    after every ``optimizer.step()``; training step t then runs at
    ``cosine_warmup_lr(t, initial_lr, num_warmup_steps, num_training_steps, min_lr)``.

    Raises:
        ValueError: unless 0 <= num_warmup_steps <= num_training_steps and min_lr >= 0.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        num_warmup_steps: int,
        num_training_steps: int,
        min_lr: float = 0.0,
        last_epoch: int = -1,
    ) -> None:
        self.num_warmup_steps = num_warmup_steps
        self.num_training_steps = num_training_steps
        self.min_lr = min_lr
        super().__init__(optimizer, last_epoch)  # computes step 0: validates the arguments

    def lr_at(self, base_lr: float, t: int) -> float:
        return cosine_warmup_lr(
            t, base_lr, self.num_warmup_steps, self.num_training_steps, self.min_lr
        )

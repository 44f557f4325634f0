r"""RMSProp: divide each step by a running root-mean-square of the gradient.

Section 4.4 Training deep networks. PyTorch's update, for a gradient :math:`g_t`:

.. math::

    v_t &= \alpha v_{t-1} + (1 - \alpha) g_t^2,\qquad v_0 = 0 \\
    \bar g_t &= \alpha \bar g_{t-1} + (1 - \alpha) g_t  &&\text{(centered only)} \\
    d_t &= \sqrt{v_t - \bar g_t^2} + \epsilon \text{ (centered) or } \sqrt{v_t} + \epsilon \\
    b_t &= \mu b_{t-1} + g_t / d_t,\qquad b_0 = 0 &&\text{(momentum only)} \\
    \theta_t &= \theta_{t-1} - \eta\, b_t \text{ (momentum) or } \theta_{t-1} - \eta\, g_t / d_t

:math:`\epsilon` is added *outside* the square root, as in ``torch.optim.RMSprop``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from ..tensor import Array
from .optimizer import Optimizer, check_nonnegative


def rmsprop_step(
    param: Array,
    grad: Array,
    state: dict[str, Any],
    lr: float,
    alpha: float = 0.99,
    eps: float = 1e-8,
    weight_decay: float = 0.0,
    momentum: float = 0.0,
    centered: bool = False,
) -> None:
    """One RMSProp update of one parameter, in place.

    Args:
        param: the parameter's values, updated in place.
        grad: its gradient (not modified).
        state: ``"step"`` (int) and ``"square_avg"``, plus ``"momentum_buffer"`` when
            momentum > 0 and ``"grad_avg"`` when centered, all starting at zero;
            updated in place.
        lr: learning rate.
        alpha: smoothing constant of the running averages.
        eps: added to the denominator (outside the square root).
        weight_decay: L2 penalty added to the gradient.
        momentum: momentum factor (0 for none).
        centered: divide by the running standard deviation of the gradient rather
            than its root mean square.
    """
    # exercise: training.rmsprop
    state["step"] += 1
    if weight_decay != 0.0:
        grad = grad + weight_decay * param
    square_avg = state["square_avg"]
    square_avg *= alpha
    square_avg += (1.0 - alpha) * grad * grad
    if centered:
        grad_avg = state["grad_avg"]
        grad_avg *= alpha
        grad_avg += (1.0 - alpha) * grad
        avg = np.sqrt(square_avg - grad_avg * grad_avg)
    else:
        avg = np.sqrt(square_avg)
    avg += eps  # NOTE: outside the square root
    if momentum > 0.0:
        buf = state["momentum_buffer"]
        buf *= momentum
        buf += grad / avg
        param -= lr * buf
    else:
        param -= lr * (grad / avg)
    # end exercise


def init_rmsprop_state(param: Array, momentum: float, centered: bool) -> dict[str, Any]:
    """The zero state of :func:`rmsprop_step` for ``param``."""
    state: dict[str, Any] = {"step": 0, "square_avg": np.zeros_like(param)}
    if momentum > 0.0:
        state["momentum_buffer"] = np.zeros_like(param)
    if centered:
        state["grad_avg"] = np.zeros_like(param)
    return state


class RMSprop(Optimizer):
    """RMSProp (Hinton's lecture 6e), with PyTorch's options.

    Args:
        params: parameters or parameter groups.
        lr: learning rate (default 1e-2, PyTorch's).
        alpha: smoothing constant, >= 0.
        eps: term added to the denominator, >= 0.
        weight_decay: L2 penalty, >= 0.
        momentum: momentum factor, >= 0.
        centered: normalize by the estimated variance of the gradient.

    Raises:
        ValueError: naming any negative hyperparameter.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "alpha": alpha,
            "eps": eps,
            "weight_decay": weight_decay,
            "momentum": momentum,
            "centered": centered,
        }
        super().__init__(params, defaults)

    def _validate(self, group: dict[str, Any]) -> None:
        super()._validate(group)
        check_nonnegative(group, "eps", "momentum", "weight_decay", "alpha")

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Updates every parameter with a gradient; returns ``closure()`` if given."""
        loss = closure() if closure is not None else None
        for group in self.param_groups:
            for p in self._params_with_grad(group):
                state = self.state[p]
                if not state:
                    state.update(init_rmsprop_state(p.data, group["momentum"], group["centered"]))
                rmsprop_step(
                    p.data,
                    p.grad,
                    state,
                    group["lr"],
                    group["alpha"],
                    group["eps"],
                    group["weight_decay"],
                    group["momentum"],
                    group["centered"],
                )
        return loss

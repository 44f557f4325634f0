r"""Adam and AdamW: momentum and RMSProp together, with bias correction.

Section 4.4 Training deep networks. Adam (Kingma & Ba 2015) as in ``torch.optim.Adam``,
for a gradient :math:`g_t` at step :math:`t = 1, 2, \dots`:

.. math::

    g_t &\leftarrow g_t + \lambda \theta_{t-1} &&\text{(Adam's L2 weight decay)} \\
    m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t,\qquad
    v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2,\qquad m_0 = v_0 = 0 \\
    \hat m_t &= m_t / (1 - \beta_1^t),\qquad \hat v_t = v_t / (1 - \beta_2^t) \\
    \theta_t &= \theta_{t-1} - \eta\, \hat m_t / (\sqrt{\hat v_t} + \epsilon)

AmsGrad divides by the running maximum of :math:`v_t` instead. AdamW (Loshchilov &
Hutter 2019) *decouples* weight decay: :math:`\theta \leftarrow \theta (1 - \eta\lambda)`
before an Adam step that has no L2 term, so the decay is not rescaled by
:math:`1/\sqrt{\hat v_t}`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from ..tensor import Array
from .optimizer import Optimizer, check_betas, check_nonnegative


def adam_step(
    param: Array,
    grad: Array,
    state: dict[str, Any],
    lr: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    weight_decay: float = 0.0,
    amsgrad: bool = False,
) -> None:
    """One Adam update of one parameter, in place (PyTorch's equations).

    Args:
        param: the parameter's values, updated in place.
        grad: its gradient (not modified).
        state: ``"step"`` (int, steps taken so far), ``"exp_avg"`` and
            ``"exp_avg_sq"`` (zeros at first), and ``"max_exp_avg_sq"`` when
            ``amsgrad``; updated in place.
        lr: learning rate.
        beta1: decay rate of the first-moment estimate.
        beta2: decay rate of the second-moment estimate.
        eps: added to the denominator after the square root.
        weight_decay: L2 penalty added to the gradient (Adam's, not AdamW's).
        amsgrad: divide by the running maximum of the second moment.
    """
    # exercise: training.adam
    state["step"] += 1
    t = state["step"]
    if weight_decay != 0.0:
        grad = grad + weight_decay * param
    exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
    exp_avg *= beta1
    exp_avg += (1.0 - beta1) * grad
    exp_avg_sq *= beta2
    exp_avg_sq += (1.0 - beta2) * grad * grad
    if amsgrad:
        np.maximum(state["max_exp_avg_sq"], exp_avg_sq, out=state["max_exp_avg_sq"])
        second = state["max_exp_avg_sq"]
    else:
        second = exp_avg_sq
    # NOTE: m and v start at zero, so early on they are biased toward zero; divide by
    # (1 - beta^t) to undo it.
    bias_correction1 = 1.0 - beta1**t
    bias_correction2 = 1.0 - beta2**t
    denom = np.sqrt(second)
    denom /= math.sqrt(bias_correction2)
    denom += eps
    update = exp_avg / denom
    update *= lr / bias_correction1
    param -= update
    # end exercise


def adamw_step(
    param: Array,
    grad: Array,
    state: dict[str, Any],
    lr: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    weight_decay: float = 1e-2,
    amsgrad: bool = False,
) -> None:
    r"""One AdamW update, in place: decay the weights, then an Adam step without L2.

    :math:`\theta \leftarrow \theta (1 - \eta \lambda)` uses the parameter before this
    step's Adam update, as ``torch.optim.AdamW`` does. Arguments as in
    :func:`adam_step`; ``weight_decay`` is the decoupled decay :math:`\lambda`.
    """
    # exercise: training.adamw
    param *= 1.0 - lr * weight_decay
    adam_step(param, grad, state, lr, beta1, beta2, eps, 0.0, amsgrad)
    # end exercise


def init_adam_state(param: Array, amsgrad: bool) -> dict[str, Any]:
    """The zero state of :func:`adam_step` for ``param``."""
    state: dict[str, Any] = {
        "step": 0,
        "exp_avg": np.zeros_like(param),
        "exp_avg_sq": np.zeros_like(param),
    }
    if amsgrad:
        state["max_exp_avg_sq"] = np.zeros_like(param)
    return state


class Adam(Optimizer):
    """Adam, with L2 weight decay added to the gradient (``torch.optim.Adam``).

    Args:
        params: parameters or parameter groups.
        lr: learning rate (default 1e-3).
        betas: ``(beta1, beta2)``, each in [0, 1).
        eps: added to the denominator, >= 0.
        weight_decay: L2 penalty, >= 0.
        amsgrad: use the AMSGrad variant.
        maximize: ascend instead of descend.

    Raises:
        ValueError: naming a negative lr, eps or weight decay, or a beta outside [0, 1).
    """

    _decoupled = False

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
        maximize: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "betas": tuple(betas),
            "eps": eps,
            "weight_decay": weight_decay,
            "amsgrad": amsgrad,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _validate(self, group: dict[str, Any]) -> None:
        super()._validate(group)
        check_nonnegative(group, "eps", "weight_decay")
        check_betas(group["betas"])

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Updates every parameter with a gradient; returns ``closure()`` if given."""
        loss = closure() if closure is not None else None
        update = adamw_step if self._decoupled else adam_step
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in self._params_with_grad(group):
                state = self.state[p]
                if not state:
                    state.update(init_adam_state(p.data, group["amsgrad"]))
                grad = -p.grad if group["maximize"] else p.grad
                update(
                    p.data,
                    grad,
                    state,
                    group["lr"],
                    beta1,
                    beta2,
                    group["eps"],
                    group["weight_decay"],
                    group["amsgrad"],
                )
        return loss


class AdamW(Adam):
    """Adam with decoupled weight decay (``torch.optim.AdamW``); default decay 1e-2.

    Arguments as in :class:`Adam`; ``weight_decay`` multiplies the parameters by
    ``1 - lr * weight_decay`` each step instead of entering the gradient.
    """

    _decoupled = True

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        maximize: bool = False,
    ) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize)

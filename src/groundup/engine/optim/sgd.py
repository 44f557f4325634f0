r"""Stochastic gradient descent with momentum and Nesterov momentum.

Section 4.4 Training deep networks. PyTorch's update, for a gradient :math:`g_t`:

.. math::

    g_t &\leftarrow g_t + \lambda \theta_{t-1}  &&\text{(weight decay, L2)} \\
    b_t &= \mu b_{t-1} + (1 - \tau) g_t,\quad b_1 = g_1  &&\text{(momentum buffer)} \\
    d_t &= g_t + \mu b_t \text{ (Nesterov) or } b_t \\
    \theta_t &= \theta_{t-1} - \eta d_t

with learning rate :math:`\eta`, momentum :math:`\mu`, dampening :math:`\tau` and
weight decay :math:`\lambda`. The buffer starts as a copy of the first gradient (not
at zero, and without dampening), as in ``torch.optim.SGD``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..tensor import Array
from .optimizer import Optimizer, check_nonnegative


def nesterov_direction(grad: Array, buf: Array, momentum: float) -> Array:
    r"""The Nesterov step direction :math:`g_t + \mu b_t`, after the buffer is updated.

    Plain momentum steps along :math:`b_t`. Nesterov looks ahead: the step about to be
    taken is :math:`\mu b_t` plus the current gradient, so the gradient is added once
    more on top of the freshly updated buffer (PyTorch's reformulation of Sutskever
    et al. 2013, which evaluates the gradient at the current parameters).

    Args:
        grad: the (weight-decayed) gradient, any shape.
        buf: the momentum buffer already updated with ``grad``, same shape.
        momentum: :math:`\mu`.

    Returns:
        A new array, the direction to subtract (times the learning rate).
    """
    # exercise: training.nesterov
    return grad + momentum * buf
    # end exercise


def sgd_step(
    param: Array,
    grad: Array,
    buf: Array | None,
    lr: float,
    momentum: float = 0.0,
    dampening: float = 0.0,
    weight_decay: float = 0.0,
    nesterov: bool = False,
) -> Array | None:
    """One SGD update of one parameter, in place: PyTorch's equations.

    Args:
        param: the parameter's values, updated in place.
        grad: its gradient, same shape (not modified).
        buf: the momentum buffer from the previous step, or None at the first step
            (then the buffer starts as a copy of the gradient).
        lr: the learning rate.
        momentum: the momentum factor (0 for plain SGD).
        dampening: scales the gradient's share of the buffer by ``1 - dampening``.
        weight_decay: L2 penalty coefficient, added to the gradient as
            ``weight_decay * param``.
        nesterov: use the Nesterov direction (see :func:`nesterov_direction`).

    Returns:
        The new momentum buffer (None when ``momentum == 0``).
    """
    # exercise: training.sgd-momentum
    if weight_decay != 0.0:
        grad = grad + weight_decay * param
    if momentum != 0.0:
        if buf is None:
            buf = grad.copy()  # NOTE: the first buffer is the gradient itself, undampened
        else:
            buf *= momentum
            buf += (1.0 - dampening) * grad
        grad = nesterov_direction(grad, buf, momentum) if nesterov else buf
    param -= lr * grad
    return buf
    # end exercise


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with (Nesterov) momentum.

    Args:
        params: parameters or parameter groups (see :class:`Optimizer`).
        lr: learning rate (default 1e-3, PyTorch's).
        momentum: momentum factor, >= 0.
        dampening: dampening for momentum.
        weight_decay: L2 penalty, >= 0.
        nesterov: Nesterov momentum (needs momentum > 0 and dampening 0).
        maximize: ascend instead of descend.

    Raises:
        ValueError: for a negative lr, momentum or weight decay, or Nesterov
            without momentum or with dampening.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        maximize: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "dampening": dampening,
            "weight_decay": weight_decay,
            "nesterov": nesterov,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _validate(self, group: dict[str, Any]) -> None:
        super()._validate(group)
        check_nonnegative(group, "momentum", "weight_decay")
        if group.get("nesterov") and (group["momentum"] <= 0 or group["dampening"] != 0):
            raise ValueError(
                "Nesterov momentum requires a momentum and zero dampening, got "
                f"momentum={group['momentum']}, dampening={group['dampening']}"
            )

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Updates every parameter with a gradient; returns ``closure()`` if given."""
        loss = closure() if closure is not None else None
        for group in self.param_groups:
            for p in self._params_with_grad(group):
                grad = -p.grad if group["maximize"] else p.grad
                state = self.state[p]
                buf = sgd_step(
                    p.data,
                    grad,
                    state.get("momentum_buffer"),
                    group["lr"],
                    group["momentum"],
                    group["dampening"],
                    group["weight_decay"],
                    group["nesterov"],
                )
                if buf is not None:
                    state["momentum_buffer"] = buf
        return loss

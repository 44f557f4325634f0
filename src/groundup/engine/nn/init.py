r"""Weight initialization: ``torch.nn.init``'s schemes and formulas.

Section 4.4 Training deep networks. A layer :math:`y = Wx` with :math:`n_{in}`
inputs multiplies the variance of its input by :math:`n_{in} \mathrm{Var}(W)`. To
keep activations (forward) and gradients (backward) from shrinking or exploding
through many layers, choose

.. math::

    \mathrm{Var}(W) = \frac{2}{n_{in} + n_{out}} \text{ (Xavier/Glorot, tanh)},\qquad
    \mathrm{Var}(W) = \frac{g^2}{n_{\text{fan}}} \text{ (Kaiming/He, } g = \sqrt 2
    \text{ for ReLU)}.

Fans follow PyTorch: for a weight of shape ``(out, in, *kernel)``,
``fan_in = in * prod(kernel)`` and ``fan_out = out * prod(kernel)`` (a ``Linear``
weight is ``(out_features, in_features)``). Every function fills ``tensor.data`` in
place, keeps its dtype, and returns the tensor; random ones take ``generator=``.
"""

from __future__ import annotations

import math

import numpy as np

from ..random import generator_or_default
from ..tensor import Array, Tensor

_LINEAR_GAIN = ("linear", "conv1d", "conv2d", "conv3d", "sigmoid", "identity")


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    r"""The recommended gain :math:`g` for a nonlinearity (PyTorch's table).

    linear, conv and sigmoid: 1; tanh: 5/3; relu: :math:`\sqrt 2`; leaky_relu with
    negative slope :math:`a` (default 0.01): :math:`\sqrt{2 / (1 + a^2)}`; selu: 3/4.

    Raises:
        ValueError: for an unknown nonlinearity or a non-numeric slope.
    """
    if nonlinearity in _LINEAR_GAIN:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, int | float) and not isinstance(param, bool):
            slope = float(param)
        else:
            raise ValueError(f"negative_slope {param!r} is not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity!r}")


def calculate_fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    """``(fan_in, fan_out)`` of a weight shaped ``(out, in, *kernel)``.

    Raises:
        ValueError: for a tensor with fewer than 2 dimensions.
    """
    shape = tensor.data.shape
    if len(shape) < 2:
        raise ValueError(
            "Fan in and fan out can not be computed for tensor with fewer than 2 "
            f"dimensions, got shape {shape}"
        )
    receptive_field = math.prod(shape[2:])
    return shape[1] * receptive_field, shape[0] * receptive_field


def _fan(tensor: Tensor, mode: str) -> int:
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode {mode!r} not supported, please use one of fan_in, fan_out")
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def _fill(tensor: Tensor, values: Array) -> Tensor:
    """Writes ``values`` into ``tensor.data`` in place, keeping its dtype."""
    tensor.data[...] = values
    return tensor


def uniform_(
    tensor: Tensor, a: float = 0.0, b: float = 1.0, generator: np.random.Generator | None = None
) -> Tensor:
    """Fills ``tensor`` with draws from U(a, b)."""
    rng = generator_or_default(generator)
    return _fill(tensor, rng.uniform(a, b, size=tensor.data.shape))


def normal_(
    tensor: Tensor,
    mean: float = 0.0,
    std: float = 1.0,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Fills ``tensor`` with draws from N(mean, std^2)."""
    rng = generator_or_default(generator)
    return _fill(tensor, rng.normal(mean, std, size=tensor.data.shape))


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Fills ``tensor`` with ``val``."""
    tensor.data.fill(val)
    return tensor


def zeros_(tensor: Tensor) -> Tensor:
    """Fills ``tensor`` with zeros (biases usually start here)."""
    return constant_(tensor, 0.0)


def ones_(tensor: Tensor) -> Tensor:
    """Fills ``tensor`` with ones (normalization scales start here)."""
    return constant_(tensor, 1.0)


def xavier_uniform_(
    tensor: Tensor, gain: float = 1.0, generator: np.random.Generator | None = None
) -> Tensor:
    r"""Glorot uniform: U(-a, a) with :math:`a = g\sqrt{6 / (n_{in} + n_{out})}`."""
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    bound = math.sqrt(3.0) * std  # U(-a, a) has standard deviation a / sqrt(3)
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(
    tensor: Tensor, gain: float = 1.0, generator: np.random.Generator | None = None
) -> Tensor:
    r"""Glorot normal: N(0, :math:`\sigma^2`) with :math:`\sigma = g\sqrt{2/(n_{in}+n_{out})}`."""
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator)


def kaiming_uniform_(
    tensor: Tensor,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: np.random.Generator | None = None,
) -> Tensor:
    r"""He uniform: U(-b, b) with :math:`b = g \sqrt{3 / n_{\text{fan}}}`.

    Args:
        tensor: a weight of at least 2 dimensions.
        a: the negative slope of the leaky ReLU that follows (0 for ReLU).
        mode: "fan_in" keeps the forward activations' variance, "fan_out" the
            backward gradients'.
        nonlinearity: the activation that follows, for :func:`calculate_gain`.
        generator: the random generator.
    """
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(
    tensor: Tensor,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: np.random.Generator | None = None,
) -> Tensor:
    r"""He normal: N(0, :math:`\sigma^2`) with :math:`\sigma = g / \sqrt{n_{\text{fan}}}`.

    With ReLU, half of each layer's pre-activations are zeroed, halving the second
    moment; the gain :math:`g = \sqrt 2` makes up for it so that
    :math:`\mathrm{Var}` stays constant from layer to layer.

    Args:
        tensor: a weight of at least 2 dimensions, filled in place.
        a: the negative slope of the leaky ReLU that follows (0 for ReLU).
        mode: "fan_in" (default) or "fan_out".
        nonlinearity: "relu" or "leaky_relu" (or any name :func:`calculate_gain` knows).
        generator: the random generator (default: the engine's).

    Returns:
        ``tensor``.
    """
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode {mode!r} not supported, please use one of fan_in, fan_out")
    if tensor.data.ndim < 2:
        raise ValueError(f"kaiming init needs a tensor of 2 or more dimensions, got {tensor.shape}")
    # exercise: training.kaiming-init
    shape = tensor.data.shape  # (out, in, *kernel)
    receptive_field = math.prod(shape[2:])
    fan_in = shape[1] * receptive_field
    fan_out = shape[0] * receptive_field
    fan = fan_in if mode == "fan_in" else fan_out
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    rng = generator_or_default(generator)
    tensor.data[...] = rng.normal(0.0, std, size=shape)
    return tensor
    # end exercise

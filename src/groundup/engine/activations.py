"""Activation functions with their gradients: ReLU, GELU, tanh, sigmoid, softmax.

Section 4.2 Backpropagation. Each is one engine op (a fused forward and backward), so
that the softmax family stays numerically stable: it shifts by the maximum before
exponentiating, and its backward uses the saved output instead of re-deriving it.
"""

from __future__ import annotations

import math
from typing import Any, TypeVar

import numpy as np

from .autograd import Array, TensorCore

T = TypeVar("T", bound=TensorCore)

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_GELU_CUBIC = 0.044715


def relu(x: Any) -> Any:
    """$\\max(x, 0)$ elementwise (``F.relu``)."""
    return x.relu()


def tanh(x: Any) -> Any:
    """$\\tanh x$ elementwise (``F.tanh``)."""
    return x.tanh()


def sigmoid(x: Any) -> Any:
    """$1 / (1 + e^{-x})$ elementwise, stable for large $|x|$ (``F.sigmoid``)."""
    return x.sigmoid()


def _erf(x: Array) -> Array:
    """The error function elementwise (NumPy has none).

    float64: exact, through ``math.erf``. float32: Abramowitz and Stegun 7.1.26,
    absolute error below 1.5e-7, under float32's resolution near 1, and vectorized.
    """
    if x.dtype == np.float64:
        return np.asarray(np.frompyfunc(math.erf, 1, 1)(x), dtype=np.float64)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    y = 1.0 - poly * np.exp(-a * a)
    return np.sign(x) * y


def gelu(x: T, approximate: str = "none") -> T:
    """Gaussian error linear unit $x \\Phi(x)$ (``F.gelu``).

    ``approximate="none"``: $\\Phi(x) = \\tfrac12 (1 + \\mathrm{erf}(x/\\sqrt2))$, with
    derivative $\\Phi(x) + x \\varphi(x)$. ``approximate="tanh"`` (GPT-2's):
    $\\tfrac12 x (1 + \\tanh u)$, $u = \\sqrt{2/\\pi}(x + 0.044715 x^3)$, with derivative
    $\\tfrac12 (1 + \\tanh u) + \\tfrac12 x (1 - \\tanh^2 u) u'$,
    $u' = \\sqrt{2/\\pi}(1 + 3 \\cdot 0.044715 x^2)$.

    Raises:
        ValueError: for another ``approximate``.
    """
    v = x.data
    if approximate == "tanh":
        v2 = v * v
        t = np.tanh(_SQRT_2_OVER_PI * (v + _GELU_CUBIC * v2 * v))
        out = 0.5 * v * (1.0 + t)

        def backward(grad: Array) -> None:
            du = _SQRT_2_OVER_PI * (1.0 + 3.0 * _GELU_CUBIC * v2)
            x._accumulate(grad * (0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * du))

    elif approximate == "none":
        cdf = 0.5 * (1.0 + _erf(v * (1.0 / math.sqrt(2.0))))
        out = v * cdf

        def backward(grad: Array) -> None:
            pdf = np.exp(-0.5 * v * v) * (1.0 / math.sqrt(2.0 * math.pi))
            x._accumulate(grad * (cdf + v * pdf))

    else:
        raise ValueError(f"approximate must be 'none' or 'tanh', got {approximate!r}")
    return x._make(out.astype(v.dtype, copy=False), (x,), backward)


def softmax(x: T, dim: int = -1) -> T:
    """$\\mathrm{softmax}(x)_i = e^{x_i} / \\sum_j e^{x_j}$ along ``dim`` (``F.softmax``).

    Backward: with $s$ the output and $g$ the upstream gradient,
    $\\partial L / \\partial x = s \\odot (g - \\sum_j g_j s_j)$ (the Jacobian
    $\\mathrm{diag}(s) - s s^\\top$ applied without building it).
    """
    # exercise: engine.softmax
    v = x.data
    # NOTE: e^x overflows for x > 88 in float32; softmax(x) = softmax(x - max x).
    m = v.max(axis=dim, keepdims=True)
    m = np.where(np.isfinite(m), m, 0)  # a row of all -inf (fully masked) must not make -inf - -inf
    e = np.exp(v - m)
    out = e / e.sum(axis=dim, keepdims=True)

    def backward(grad: Array) -> None:
        x._accumulate(out * (grad - (grad * out).sum(axis=dim, keepdims=True)))

    return x._make(out, (x,), backward)
    # end exercise


def log_softmax(x: T, dim: int = -1) -> T:
    """$\\log \\mathrm{softmax}(x) = x - \\log \\sum_j e^{x_j}$ along ``dim``, stable.

    Backward: $\\partial L / \\partial x = g - \\mathrm{softmax}(x) \\sum_j g_j$.
    """
    v = x.data
    m = v.max(axis=dim, keepdims=True)
    m = np.where(np.isfinite(m), m, 0)
    shifted = v - m
    lse = np.log(np.exp(shifted).sum(axis=dim, keepdims=True))
    out = shifted - lse

    def backward(grad: Array) -> None:
        # exercise: engine.log-softmax-backward
        x._accumulate(grad - np.exp(out) * grad.sum(axis=dim, keepdims=True))
        # end exercise

    return x._make(out, (x,), backward)


def logsumexp(x: Any, dim: int | tuple[int, ...], keepdim: bool = False) -> Any:
    """$\\log \\sum e^{x}$ along ``dim``, stable (``torch.logsumexp``)."""
    return x.logsumexp(dim, keepdim)

"""Creating tensors: ``tensor``, ``as_tensor``, ``zeros``, ``ones``, ``randn``, ``arange``...

Section 4.2. The factories of ``torch.*``, with PyTorch's defaults: float32 unless a
dtype is given, int64 for integer ranges, random draws from a ``generator`` or the
default one (:func:`groundup.engine.manual_seed`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from .autograd import DEFAULT_DTYPE, _raw
from .random import generator_or_default
from .tensor import Tensor


def as_tensor(value: Any, dtype: npt.DTypeLike | None = None) -> Tensor:
    """``value`` if it is a Tensor, else a constant Tensor of ``dtype`` holding it.

    A Python number next to a float32 tensor stays float32 (PyTorch's rule), rather
    than NumPy's promotion to float64.
    """
    if isinstance(value, Tensor):
        return value
    if dtype is not None and not isinstance(value, np.ndarray):
        return Tensor(np.asarray(value, dtype=dtype))
    return Tensor(value)


def tensor(data: Any, dtype: npt.DTypeLike | None = None, requires_grad: bool = False) -> Tensor:
    """A new tensor holding a copy of ``data`` (``torch.tensor``)."""
    arr = np.array(_raw(data), dtype=dtype, copy=True)
    if dtype is None and arr.dtype == np.float64:
        arr = arr.astype(DEFAULT_DTYPE)  # like torch.tensor: float32 unless asked
    return Tensor(arr, requires_grad=requires_grad)


def _size(size: tuple[Any, ...]) -> tuple[int, ...]:
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        return tuple(size[0])
    return tuple(size)


def zeros(*size: Any, dtype: npt.DTypeLike | None = None, requires_grad: bool = False) -> Tensor:
    """A tensor of zeros (float32 unless ``dtype``)."""
    return Tensor(np.zeros(_size(size), dtype=dtype or DEFAULT_DTYPE), requires_grad)


def ones(*size: Any, dtype: npt.DTypeLike | None = None, requires_grad: bool = False) -> Tensor:
    """A tensor of ones (float32 unless ``dtype``)."""
    return Tensor(np.ones(_size(size), dtype=dtype or DEFAULT_DTYPE), requires_grad)


def full(
    size: Any, fill_value: float, dtype: npt.DTypeLike | None = None, requires_grad: bool = False
) -> Tensor:
    """A tensor filled with ``fill_value``."""
    return Tensor(np.full(_size((size,)), fill_value, dtype=dtype or DEFAULT_DTYPE), requires_grad)


def zeros_like(
    x: Tensor, dtype: npt.DTypeLike | None = None, requires_grad: bool = False
) -> Tensor:
    """Zeros of ``x``'s shape and dtype."""
    return Tensor(np.zeros(x.shape, dtype=dtype or x.dtype), requires_grad)


def ones_like(x: Tensor, dtype: npt.DTypeLike | None = None, requires_grad: bool = False) -> Tensor:
    """Ones of ``x``'s shape and dtype."""
    return Tensor(np.ones(x.shape, dtype=dtype or x.dtype), requires_grad)


def randn(
    *size: Any,
    generator: np.random.Generator | None = None,
    dtype: npt.DTypeLike | None = None,
    requires_grad: bool = False,
) -> Tensor:
    """Standard normal samples (``torch.randn``), from ``generator`` or the default one."""
    rng = generator_or_default(generator)
    kind: Any = np.dtype(dtype or DEFAULT_DTYPE).type
    data = rng.standard_normal(_size(size), dtype=kind)
    return Tensor(data, requires_grad)


def rand(
    *size: Any,
    generator: np.random.Generator | None = None,
    dtype: npt.DTypeLike | None = None,
    requires_grad: bool = False,
) -> Tensor:
    """Uniform samples on [0, 1) (``torch.rand``)."""
    rng = generator_or_default(generator)
    kind: Any = np.dtype(dtype or DEFAULT_DTYPE).type
    data = rng.random(_size(size), dtype=kind)
    return Tensor(data, requires_grad)


def randn_like(x: Tensor, generator: np.random.Generator | None = None) -> Tensor:
    """Standard normal samples of ``x``'s shape and dtype."""
    return randn(x.shape, generator=generator, dtype=x.dtype)


def arange(
    start: float, end: float | None = None, step: float = 1, dtype: npt.DTypeLike | None = None
) -> Tensor:
    """``[start, end)`` in steps (``torch.arange``): int64 for integer arguments, else
    float32."""
    if end is None:
        start, end = 0, start
    if dtype is None:
        ints = all(isinstance(v, int) for v in (start, end, step))
        dtype = np.int64 if ints else DEFAULT_DTYPE
    return Tensor(np.arange(start, end, step, dtype=dtype))

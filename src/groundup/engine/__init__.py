"""Part 4, your own PyTorch: a NumPy autodiff engine, layers, optimizers and data.

``from groundup.engine import Tensor, no_grad`` and then ``functional as F``, ``nn``,
``optim`` and ``data``, with PyTorch's names and semantics.
"""

import numpy as np

from .allocator import keep_freed_memory
from .random import manual_seed
from .tensor import (
    Tensor,
    arange,
    as_tensor,
    cat,
    concatenate,
    full,
    is_grad_enabled,
    maximum,
    minimum,
    no_grad,
    ones,
    ones_like,
    rand,
    randn,
    randn_like,
    split,
    stack,
    tensor,
    where,
    zeros,
    zeros_like,
)

keep_freed_memory()

float32 = np.float32
float64 = np.float64
int64 = np.int64
int32 = np.int32
long = np.int64

__all__ = [
    "Tensor",
    "arange",
    "as_tensor",
    "cat",
    "concatenate",
    "float32",
    "float64",
    "full",
    "int32",
    "int64",
    "is_grad_enabled",
    "long",
    "manual_seed",
    "maximum",
    "minimum",
    "no_grad",
    "ones",
    "ones_like",
    "rand",
    "randn",
    "randn_like",
    "split",
    "stack",
    "tensor",
    "where",
    "zeros",
    "zeros_like",
]

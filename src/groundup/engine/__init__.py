"""Part 4, your own PyTorch: a NumPy autodiff engine, layers, optimizers and data.

``import groundup.engine as ge`` and then ``ge.Tensor``, ``ge.no_grad()``,
``ge.functional`` (``F``), ``ge.nn.Linear``, ``ge.optim.AdamW``, ``ge.data.DataLoader``,
with PyTorch's names and semantics, as ``import torch`` gives ``torch.nn.Linear``.
"""

import numpy as np

from . import data, functional, nn, optim
from .allocator import keep_freed_memory
from .autograd import is_grad_enabled, no_grad
from .creation import (
    arange,
    as_tensor,
    full,
    ones,
    ones_like,
    rand,
    randn,
    randn_like,
    tensor,
    zeros,
    zeros_like,
)
from .elementwise import maximum, minimum, where
from .joining import cat, concatenate, split, stack
from .random import manual_seed
from .tensor import Tensor

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
    "data",
    "float32",
    "float64",
    "full",
    "functional",
    "int32",
    "int64",
    "is_grad_enabled",
    "long",
    "manual_seed",
    "maximum",
    "minimum",
    "nn",
    "no_grad",
    "ones",
    "ones_like",
    "optim",
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

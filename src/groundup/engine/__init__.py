"""Part 4, your own PyTorch: a NumPy autodiff engine, layers, optimizers and data.

``from groundup.engine import Tensor, no_grad`` and then ``functional as F``, ``nn``,
``optim`` and ``data``, with PyTorch's names and semantics.
"""

from .tensor import Tensor, no_grad

__all__ = ["Tensor", "no_grad"]

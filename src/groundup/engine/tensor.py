"""``Tensor``: the graph core with every op mixed in, as ``torch.Tensor`` has them.

Section 4.2 Backpropagation. The core (recording ops, ``backward()``) is in
``autograd.py``; the ops are in files by concept, in the order the lesson teaches them:

| file | ops |
| --- | --- |
| ``elementwise.py`` | ``+ - * / **``, exp, log, relu, tanh, sigmoid, comparisons |
| ``reductions.py`` | sum, mean, max/min, var/std, logsumexp |
| ``shapes.py`` | reshape, permute, transpose, squeeze, expand, split |
| ``indexing.py`` | ``x[i]``, gather, scatter_add |
| ``linalg.py`` | ``@`` (matmul) |

Functions of ``torch.*`` are in ``creation.py`` (``tensor``, ``zeros``, ``randn``, ...)
and ``joining.py`` (``cat``, ``stack``, ``split``), and ``where``, ``maximum``,
``minimum`` in ``elementwise.py``.
"""

from __future__ import annotations

from .autograd import Array, TensorCore, is_grad_enabled, no_grad, unbroadcast
from .elementwise import Elementwise
from .indexing import Indexing
from .linalg import LinearAlgebra
from .reductions import Reductions
from .shapes import Shapes

__all__ = ["Array", "Tensor", "TensorCore", "is_grad_enabled", "no_grad", "unbroadcast"]


class Tensor(Elementwise, Reductions, Shapes, Indexing, LinearAlgebra):
    """An n-dimensional array with reverse-mode automatic differentiation, as
    ``torch.Tensor``: :class:`~groundup.engine.autograd.TensorCore` (the constructor's
    arguments, ``data``, ``grad``, ``backward()``) with every op of this section.
    """

    __slots__ = ()

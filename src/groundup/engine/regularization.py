r"""Dropout: randomly silence units during training (``F.dropout``).

Section 4.4 Training deep networks. In training, each element is kept with
probability :math:`1 - p` and zeroed otherwise; kept elements are scaled by
:math:`1/(1-p)` ("inverted" dropout) so that the expected output equals the input:

.. math::

    y_i = \frac{m_i}{1 - p} x_i,\quad m_i \sim \mathrm{Bernoulli}(1 - p),\qquad
    \mathbb{E}[y_i] = x_i.

In evaluation the layer is the identity: nothing to rescale at test time. The
backward multiplies the upstream gradient by the same mask and scale.
"""

from __future__ import annotations

import numpy as np

from .creation import as_tensor
from .random import generator_or_default
from .tensor import Array, Tensor


def dropout(
    input: Tensor,
    p: float = 0.5,
    training: bool = True,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Inverted dropout, like ``torch.nn.functional.dropout``.

    Args:
        input: any shape.
        p: the probability of zeroing an element, in [0, 1].
        training: apply dropout (True) or return the input unchanged (False).
        generator: the random generator (default: the engine's).

    Returns:
        A tensor shaped like ``input``; the input itself when not training or p == 0.

    Raises:
        ValueError: if p is outside [0, 1].
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    x = as_tensor(input)
    # exercise: training.dropout
    if not training or p == 0.0:
        return x
    rng = generator_or_default(generator)
    if p == 1.0:
        mask: Array = np.zeros_like(x.data)  # NOTE: 1 / (1 - p) would divide by zero
    else:
        # Kept with probability 1 - p. float32 draws are twice as fast as float64 and
        # their 2^-24 granularity biases P(keep) by less than 1e-7.
        keep = rng.random(x.data.shape, dtype=np.float32) >= p
        mask = keep.astype(x.data.dtype) * x.data.dtype.type(1.0 / (1.0 - p))
    out = x.data * mask

    def backward(grad: Array) -> None:
        x._accumulate(grad * mask)

    return Tensor._make(out, (x,), backward)
    # end exercise

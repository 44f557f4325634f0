"""``groundup.engine.functional``, imported as ``F``, like ``torch.nn.functional``.

Section 4.2 (activations and losses); sections 4.3 and 4.4 add their own functions in
the marked section below.
"""

from __future__ import annotations

from .activations import gelu, log_softmax, logsumexp, relu, sigmoid, softmax, tanh
from .losses import binary_cross_entropy_with_logits, cross_entropy, mse_loss, nll_loss

__all__ = [
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "gelu",
    "log_softmax",
    "logsumexp",
    "mse_loss",
    "nll_loss",
    "relu",
    "sigmoid",
    "softmax",
    "tanh",
]

# -- sections 4.3 (E2) and 4.4 (E3): add your imports below, one line each, e.g. ----------
# from .conv import conv2d, max_pool2d
from .conv import avg_pool2d, conv2d, max_pool2d  # noqa: F401  (4.3)
from .embedding import embedding  # noqa: F401  (4.3)
from .normalization import batch_norm, layer_norm  # noqa: F401  (4.4)
from .regularization import dropout  # noqa: F401  (4.4)
# -- end of the section for 4.3 and 4.4 ------------------------------------------------------

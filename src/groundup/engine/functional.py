"""``groundup.engine.functional``, imported as ``F``, like ``torch.nn.functional``.

Every function here is implemented once, in the file of the section that teaches it:
activations and losses (4.2), convolution, pooling and embedding (4.3), normalization
and dropout (4.4).
"""

from __future__ import annotations

from .activations import gelu, log_softmax, logsumexp, relu, sigmoid, softmax, tanh
from .conv import avg_pool2d, conv2d, max_pool2d
from .embedding import embedding
from .losses import binary_cross_entropy_with_logits, cross_entropy, mse_loss, nll_loss
from .normalization import batch_norm, layer_norm
from .regularization import dropout

__all__ = [
    "avg_pool2d",
    "batch_norm",
    "binary_cross_entropy_with_logits",
    "conv2d",
    "cross_entropy",
    "dropout",
    "embedding",
    "gelu",
    "layer_norm",
    "log_softmax",
    "logsumexp",
    "max_pool2d",
    "mse_loss",
    "nll_loss",
    "relu",
    "sigmoid",
    "softmax",
    "tanh",
]

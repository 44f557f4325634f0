"""Optimizers and learning-rate schedules: ``groundup.engine.optim`` (section 4.4).

``torch.optim``'s names: :class:`SGD`, :class:`RMSprop`, :class:`Adam`, :class:`AdamW`,
and ``optim.lr_scheduler`` with ``StepLR``, ``CosineAnnealingLR``, ``LinearLR``,
``LambdaLR`` and ``CosineWithWarmup`` (Hugging Face's cosine schedule with warm-up).
"""

from . import lr_scheduler
from .adam import Adam, AdamW
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["SGD", "Adam", "AdamW", "Optimizer", "RMSprop", "lr_scheduler"]

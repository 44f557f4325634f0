"""Dataclass configs: a typed, immutable, validated record of a training run.

Section 0.1 Python and the scientific stack. ``@dataclass(frozen=True)`` writes
``__init__``, ``__repr__`` and ``__eq__`` from the annotated fields and forbids
assignment afterwards, so a config cannot drift in the middle of a run.
``__post_init__`` runs right after the generated ``__init__``: the place to reject bad
values with an error that names the field. nanoGPT's ``GPTConfig`` and Hugging Face's
``TrainingArguments`` are dataclasses of this kind.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TrainConfig:
    """Hyperparameters of a training run.

    Attributes:
        lr: peak learning rate, > 0.
        batch_size: samples per step, >= 1.
        max_steps: optimizer steps, >= 1.
        warmup_steps: steps of linear warm-up, between 0 and ``max_steps``.
        weight_decay: decoupled weight decay, >= 0.
        betas: Adam's two decay rates, each in [0, 1); stored as a tuple of floats (a
            list, as JSON gives, is converted).
        seed: the random seed of the run.

    Raises:
        ValueError: naming the first invalid field and its value.

    Example:
        >>> TrainConfig(lr=1e-3).replace(batch_size=64).batch_size
        64
    """

    # NOTE: defaults must be immutable. A list default is refused by dataclasses, and a
    # shared mutable object would be shared by every config: hence a tuple for betas.
    lr: float = 3e-4
    batch_size: int = 32
    max_steps: int = 1000
    warmup_steps: int = 0
    weight_decay: float = 0.0
    betas: tuple[float, float] = (0.9, 0.999)
    seed: int = 0

    def __post_init__(self) -> None:
        """Normalizes ``betas`` to a tuple of floats and validates every field."""
        # exercise: python.config
        # NOTE: `self.betas = ...` raises FrozenInstanceError in a frozen dataclass;
        # object.__setattr__ is the documented way to set a field in __post_init__.
        object.__setattr__(self, "betas", tuple(float(b) for b in self.betas))
        if not self.lr > 0:  # written this way round so that NaN is rejected too
            raise ValueError(f"lr must be > 0, got {self.lr!r}")
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {self.batch_size!r}")
        if self.max_steps < 1:
            raise ValueError(f"max_steps must be >= 1, got {self.max_steps!r}")
        if not 0 <= self.warmup_steps <= self.max_steps:
            raise ValueError(
                f"warmup_steps must be between 0 and max_steps={self.max_steps}, "
                f"got {self.warmup_steps!r}"
            )
        if not self.weight_decay >= 0:
            raise ValueError(f"weight_decay must be >= 0, got {self.weight_decay!r}")
        if len(self.betas) != 2 or not all(0 <= b < 1 for b in self.betas):
            raise ValueError(f"betas must be two numbers in [0, 1), got {self.betas!r}")
        # end exercise

    def replace(self, **changes: Any) -> TrainConfig:
        """A copy with some fields changed, validated again (``dataclasses.replace``)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The fields as a JSON-ready dict (``betas`` as a list)."""
        data = dataclasses.asdict(self)
        data["betas"] = list(self.betas)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TrainConfig:
        """The config from a dict such as :meth:`to_dict` returns; missing keys default.

        Raises:
            ValueError: for a key that is not a field (a typo such as ``learning_rate``
                would otherwise be silently ignored), or an invalid value.
        """
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown config keys {unknown}; the fields are {sorted(known)}")
        return cls(**data)

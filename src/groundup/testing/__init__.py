"""What checks are made of: tolerance-aware comparison with learner-facing messages,
the :class:`Trial` that runs learner and reference code side by side, and numerical
gradient checks."""

from groundup.testing.compare import Mismatch, close, close_up_to_sign, show
from groundup.testing.trial import CheckFailed, Failure, Trial, check

__all__ = [
    "CheckFailed",
    "Failure",
    "Mismatch",
    "Trial",
    "check",
    "close",
    "close_up_to_sign",
    "show",
]

"""Random numbers for the engine: one default generator, seeded like PyTorch's.

Section 4.3. Every random function in the engine takes an optional ``generator`` (a
``numpy.random.Generator``); without one it draws from the default generator, which
:func:`manual_seed` resets, as ``torch.manual_seed`` does.
"""

from __future__ import annotations

import numpy as np

_default = [np.random.default_rng(0)]


def manual_seed(seed: int) -> np.random.Generator:
    """Reseeds the default generator (like ``torch.manual_seed``) and returns it."""
    _default[0] = np.random.default_rng(seed)
    return _default[0]


def default_generator() -> np.random.Generator:
    """The generator used when a random function is given none."""
    return _default[0]


def generator_or_default(generator: np.random.Generator | None) -> np.random.Generator:
    """``generator`` if given, else the default one."""
    return _default[0] if generator is None else generator

"""Typed NumPy aliases shared by the Python refresher (section 0.1)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
"""An array of float64 numbers."""

IntArray = npt.NDArray[np.int64]
"""An array of integers, such as class labels."""

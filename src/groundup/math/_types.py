"""Typed NumPy aliases shared by the math library (Part 1)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
"""An array of float64 numbers: a vector, a matrix or a stack of them."""

BoolArray = npt.NDArray[np.bool_]
"""An array of booleans, such as a mask of observed entries."""

"""Checks for section 1.8, Fourier analysis and signals: one table of cases per exercise.

Cases go from length 1 (every transform is the identity there) through the smallest
lengths that expose a wrong sign or a missing twiddle factor (n = 3 or 4) to random
signals and images, including values near 1e6 and kernels of even size (where the
centre of a 'same' window is a matter of convention).
"""

from __future__ import annotations

import numpy as np

from groundup.testing import Case, normals
from groundup.testing.table import MakeInputs, cases


def _complex(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.normal(size=n) + 1j * rng.normal(size=n)


def _image(rng: np.random.Generator, H: int, W: int) -> np.ndarray:
    """A smooth blob plus noise: a stand-in for a small grayscale image."""
    yy, xx = np.mgrid[0:H, 0:W]
    blob = np.exp(-((yy - H / 2) ** 2 + (xx - W / 3) ** 2) / (H * W / 8))
    return 10 * blob + rng.normal(size=(H, W))


def _image_and_kernel(H: int, W: int, kh: int, kw: int) -> MakeInputs:
    return lambda r: (_image(r, H, W), r.normal(size=(kh, kw)))


SAME = {"mode": "same"}
VALID = {"mode": "valid"}

DFT_MATRIX = [
    Case("n = 1: [[1]]", (1,)),
    Case("n = 2: [[1, 1], [1, -1]]", (2,)),
    Case("n = 3", (3,)),
    Case("n = 4: entries 1, -i, -1, i", (4,)),
    Case("n = 64", (64,)),
    Case("n = 0", (0,), raises=ValueError, why="for an empty transform"),
]
dft_matrix = cases("fourier.dft-matrix", DFT_MATRIX)

FFT = [
    Case("length 1: [3]", (np.array([3.0 + 0j]),)),
    Case("length 2: [1, 2]", (np.array([1.0, 2.0]),)),
    Case("length 4: [1, 2, 3, 4]", (np.array([1.0, 2.0, 3.0, 4.0]),)),
    Case("an impulse of length 8 (flat spectrum)", (np.eye(8)[1],)),
    Case("random complex, length 16", lambda r: (_complex(r, 16),)),
    Case("random real, length 256, values near 1e6", lambda r: (1e6 * r.normal(size=256),)),
    Case(
        "length 6", (np.ones(6),), raises=ValueError, why="for a length that is not a power of two"
    ),
]
fft = cases("fourier.fft", FFT)

IFFT = [
    Case("length 1: [5]", (np.array([5.0 + 0j]),)),
    Case("length 2: [3, -1]", (np.array([3.0, -1.0]),)),
    Case("length 4: a spectrum with a single bin, [0, 4, 0, 0]", (np.array([0, 4.0, 0, 0]),)),
    Case("random complex, length 32", lambda r: (_complex(r, 32),)),
    Case("random complex, length 128, values near 1e6", lambda r: (1e6 * _complex(r, 128),)),
]
ifft = cases("fourier.ifft", IFFT)

CIRCULAR = [
    Case("length 1: [2] and [3]", (np.array([2.0]), np.array([3.0]))),
    Case(
        "[1, 2, 3] with the shift [0, 1, 0]", (np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0, 0.0]))
    ),
    Case(
        "[1, 2, 3, 4] with [1, 2, 0, 0]",
        (np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 2.0, 0.0, 0.0])),
    ),
    Case("random, length 7", normals(7, 7)),
    Case(
        "random, length 16, values near 1e6", lambda r: (1e6 * r.normal(size=16), r.normal(size=16))
    ),
    Case(
        "lengths 3 and 4", (np.ones(3), np.ones(4)), raises=ValueError, why="for different lengths"
    ),
]
circular_convolution = cases("fourier.circular-convolution", CIRCULAR)
convolution_theorem = cases("fourier.convolution-theorem", CIRCULAR)

CONVOLVE = [
    Case("length 1: [2] and [3]", (np.array([2.0]), np.array([3.0]))),
    Case(
        "[1, 2, 3] with [0, 1, 0.5], full", (np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0, 0.5]))
    ),
    Case("random 8 with 3, full", normals(8, 3)),
    Case("random 7 with 3, same", normals(7, 3), SAME),
    Case("random 6 with 4 (an even kernel), same", normals(6, 4), SAME),
    Case("random 3 with 7 (the kernel is longer), same", normals(3, 7), SAME),
    Case("random 9 with 4, valid", normals(9, 4), VALID),
    Case("random 4 with 6 (the kernel is longer), valid", normals(4, 6), VALID),
    Case("values near 1e6: 20 with 5, full", lambda r: (1e6 * r.normal(size=20), r.normal(size=5))),
]
convolve = cases("fourier.convolve", CONVOLVE)

SOBEL = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])

CONVOLVE2D = [
    Case("1x1 image [[2]], 1x1 kernel [[3]]", (np.array([[2.0]]), np.array([[3.0]]))),
    Case(
        "3x3 image with the kernel [[1, 2], [3, 4]], full",
        (np.arange(9.0).reshape(3, 3), np.array([[1.0, 2.0], [3.0, 4.0]])),
    ),
    Case("6x7 image with a random 3x3 kernel, valid", _image_and_kernel(6, 7, 3, 3), VALID),
    Case("6x7 image with a random 3x3 kernel, same", _image_and_kernel(6, 7, 3, 3), SAME),
    Case(
        "8x8 image with a random 2x4 kernel (even sizes), same", _image_and_kernel(8, 8, 2, 4), SAME
    ),
    Case("3x4 image with a larger 5x6 kernel, same", normals((3, 4), (5, 6)), SAME),
    Case("8x8 image with a Sobel edge kernel, full", lambda r: (_image(r, 8, 8), SOBEL)),
]
convolve2d = cases("fourier.convolve2d", CONVOLVE2D)

_T8 = np.arange(8) / 8.0  # 1 second at 8 Hz
_T200 = np.arange(200) / 100.0  # 2 seconds at 100 Hz

LOWPASS = [
    Case("a single sample [4]", (np.array([4.0]), 0.0)),
    Case(
        "cos(2 pi t) + cos(2 pi 3 t), 8 samples at 8 Hz, cutoff 2 Hz",
        (np.cos(2 * np.pi * _T8) + np.cos(2 * np.pi * 3 * _T8), 2.0, 8.0),
    ),
    Case("random, 9 samples (odd) at 9 Hz, cutoff 2 Hz", lambda r: (r.normal(size=9), 2.0, 9.0)),
    Case(
        "3 Hz + 30 Hz tones, 200 samples at 100 Hz, cutoff 10 Hz",
        (np.sin(2 * np.pi * 3 * _T200) + 0.5 * np.sin(2 * np.pi * 30 * _T200), 10.0, 100.0),
    ),
    Case("random, 101 samples at 1 Hz, cutoff 0.1 Hz", lambda r: (r.normal(size=101), 0.1)),
]
lowpass = cases("fourier.lowpass", LOWPASS)

LOWPASS_IMAGE = [
    Case("a constant 4x4 image, cutoff 0 (only the mean survives)", (np.full((4, 4), 3.0), 0.0)),
    Case("a random 8x8 image, cutoff 0.3", lambda r: (r.normal(size=(8, 8)), 0.3)),
    Case("a 16x12 blob plus noise, cutoff 0.15", lambda r: (_image(r, 16, 12), 0.15)),
    Case("a random 5x7 image (odd sizes), cutoff 0.25", lambda r: (r.normal(size=(5, 7)), 0.25)),
]
lowpass_image = cases("fourier.lowpass-image", LOWPASS_IMAGE)

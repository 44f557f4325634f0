"""Checks for section 1.8, Fourier analysis and signals.

Cases go from length 1 (every transform is the identity there) through the smallest
lengths that expose a wrong sign or a missing twiddle factor (n = 3 or 4) to random
signals and images, including values near 1e6 and kernels of even size (where the
centre of a 'same' window is a matter of convention).
"""

from __future__ import annotations

import numpy as np

from groundup.testing import Trial, check


def _complex(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.normal(size=n) + 1j * rng.normal(size=n)


@check("fourier.dft-matrix")
def dft_matrix(t: Trial) -> None:
    t.compare("n = 1: [[1]]", 1)
    t.compare("n = 2: [[1, 1], [1, -1]]", 2)
    t.compare("n = 3", 3)
    t.compare("n = 4: entries 1, -i, -1, i", 4)
    t.compare("n = 64", 64)
    t.raises("n = 0", ValueError, 0, why="for an empty transform")


@check("fourier.fft")
def fft(t: Trial) -> None:
    rng = t.rng
    t.compare("length 1: [3]", np.array([3.0 + 0j]))
    t.compare("length 2: [1, 2]", np.array([1.0, 2.0]))
    t.compare("length 4: [1, 2, 3, 4]", np.array([1.0, 2.0, 3.0, 4.0]))
    t.compare("an impulse of length 8 (flat spectrum)", np.eye(8)[1])
    t.compare("random complex, length 16", _complex(rng, 16))
    t.compare("random real, length 256, values near 1e6", 1e6 * rng.normal(size=256))
    t.raises("length 6", ValueError, np.ones(6), why="for a length that is not a power of two")


@check("fourier.ifft")
def ifft(t: Trial) -> None:
    rng = t.rng
    t.compare("length 1: [5]", np.array([5.0 + 0j]))
    t.compare("length 2: [3, -1]", np.array([3.0, -1.0]))
    t.compare("length 4: a spectrum with a single bin, [0, 4, 0, 0]", np.array([0, 4.0, 0, 0]))
    t.compare("random complex, length 32", _complex(rng, 32))
    t.compare("random complex, length 128, values near 1e6", 1e6 * _complex(rng, 128))


def _circular_cases(t: Trial) -> None:
    rng = t.rng
    t.compare("length 1: [2] and [3]", np.array([2.0]), np.array([3.0]))
    t.compare(
        "[1, 2, 3] with the shift [0, 1, 0]", np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0, 0.0])
    )
    t.compare(
        "[1, 2, 3, 4] with [1, 2, 0, 0]",
        np.array([1.0, 2.0, 3.0, 4.0]),
        np.array([1.0, 2.0, 0.0, 0.0]),
    )
    t.compare("random, length 7", rng.normal(size=7), rng.normal(size=7))
    t.compare("random, length 16, values near 1e6", 1e6 * rng.normal(size=16), rng.normal(size=16))
    t.raises("lengths 3 and 4", ValueError, np.ones(3), np.ones(4), why="for different lengths")


@check("fourier.circular-convolution")
def circular_convolution(t: Trial) -> None:
    _circular_cases(t)


@check("fourier.convolution-theorem")
def convolution_theorem(t: Trial) -> None:
    _circular_cases(t)


@check("fourier.convolve")
def convolve(t: Trial) -> None:
    rng = t.rng
    t.compare("length 1: [2] and [3]", np.array([2.0]), np.array([3.0]))
    t.compare(
        "[1, 2, 3] with [0, 1, 0.5], full", np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0, 0.5])
    )
    t.compare("random 8 with 3, full", rng.normal(size=8), rng.normal(size=3))
    t.compare("random 7 with 3, same", rng.normal(size=7), rng.normal(size=3), mode="same")
    t.compare(
        "random 6 with 4 (an even kernel), same",
        rng.normal(size=6),
        rng.normal(size=4),
        mode="same",
    )
    t.compare(
        "random 3 with 7 (the kernel is longer), same",
        rng.normal(size=3),
        rng.normal(size=7),
        mode="same",
    )
    t.compare("random 9 with 4, valid", rng.normal(size=9), rng.normal(size=4), mode="valid")
    t.compare(
        "random 4 with 6 (the kernel is longer), valid",
        rng.normal(size=4),
        rng.normal(size=6),
        mode="valid",
    )
    t.compare("values near 1e6: 20 with 5, full", 1e6 * rng.normal(size=20), rng.normal(size=5))


def _image(rng: np.random.Generator, H: int, W: int) -> np.ndarray:
    """A smooth blob plus noise: a stand-in for a small grayscale image."""
    yy, xx = np.mgrid[0:H, 0:W]
    blob = np.exp(-((yy - H / 2) ** 2 + (xx - W / 3) ** 2) / (H * W / 8))
    return 10 * blob + rng.normal(size=(H, W))


@check("fourier.convolve2d")
def convolve2d(t: Trial) -> None:
    rng = t.rng
    t.compare("1x1 image [[2]], 1x1 kernel [[3]]", np.array([[2.0]]), np.array([[3.0]]))
    t.compare(
        "3x3 image with the kernel [[1, 2], [3, 4]], full",
        np.arange(9.0).reshape(3, 3),
        np.array([[1.0, 2.0], [3.0, 4.0]]),
    )
    t.compare(
        "6x7 image with a random 3x3 kernel, valid",
        _image(rng, 6, 7),
        rng.normal(size=(3, 3)),
        mode="valid",
    )
    t.compare(
        "6x7 image with a random 3x3 kernel, same",
        _image(rng, 6, 7),
        rng.normal(size=(3, 3)),
        mode="same",
    )
    t.compare(
        "8x8 image with a random 2x4 kernel (even sizes), same",
        _image(rng, 8, 8),
        rng.normal(size=(2, 4)),
        mode="same",
    )
    t.compare(
        "3x4 image with a larger 5x6 kernel, same",
        rng.normal(size=(3, 4)),
        rng.normal(size=(5, 6)),
        mode="same",
    )
    t.compare(
        "8x8 image with a Sobel edge kernel, full",
        _image(rng, 8, 8),
        np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]),
    )


@check("fourier.lowpass")
def lowpass(t: Trial) -> None:
    rng = t.rng
    t.compare("a single sample [4]", np.array([4.0]), 0.0)
    tt = np.arange(8) / 8.0
    t.compare(
        "cos(2 pi t) + cos(2 pi 3 t), 8 samples at 8 Hz, cutoff 2 Hz",
        np.cos(2 * np.pi * tt) + np.cos(2 * np.pi * 3 * tt),
        2.0,
        8.0,
    )
    t.compare("random, 9 samples (odd) at 9 Hz, cutoff 2 Hz", rng.normal(size=9), 2.0, 9.0)
    t2 = np.arange(200) / 100.0
    t.compare(
        "3 Hz + 30 Hz tones, 200 samples at 100 Hz, cutoff 10 Hz",
        np.sin(2 * np.pi * 3 * t2) + 0.5 * np.sin(2 * np.pi * 30 * t2),
        10.0,
        100.0,
    )
    t.compare("random, 101 samples at 1 Hz, cutoff 0.1 Hz", rng.normal(size=101), 0.1)


@check("fourier.lowpass-image")
def lowpass_image(t: Trial) -> None:
    rng = t.rng
    t.compare("a constant 4x4 image, cutoff 0 (only the mean survives)", np.full((4, 4), 3.0), 0.0)
    t.compare("a random 8x8 image, cutoff 0.3", rng.normal(size=(8, 8)), 0.3)
    t.compare("a 16x12 blob plus noise, cutoff 0.15", _image(rng, 16, 12), 0.15)
    t.compare("a random 5x7 image (odd sizes), cutoff 0.25", rng.normal(size=(5, 7)), 0.25)

"""groundup.math.signals against numpy.convolve, scipy.signal and exact spectra."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal

from groundup.math.signals import convolve, convolve2d, correlate2d_valid, lowpass, lowpass_image


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(88)


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize(("M", "N"), [(1, 1), (5, 3), (6, 4), (3, 7), (4, 4), (10, 1)])
def test_convolve_matches_numpy(rng: np.random.Generator, mode: str, M: int, N: int) -> None:
    x, h = rng.normal(size=M), rng.normal(size=N)
    # the same products summed in another order: 1e-12 absolute for entries of size ~3
    np.testing.assert_allclose(convolve(x, h, mode), np.convolve(x, h, mode), atol=1e-12)


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize(
    ("image", "kernel"), [((6, 7), (3, 3)), ((5, 5), (2, 4)), ((4, 3), (1, 1))]
)
def test_convolve2d_matches_scipy(
    rng: np.random.Generator, mode: str, image: tuple[int, int], kernel: tuple[int, int]
) -> None:
    a, k = rng.normal(size=image), rng.normal(size=kernel)
    np.testing.assert_allclose(
        convolve2d(a, k, mode), scipy.signal.convolve2d(a, k, mode), atol=1e-12
    )
    if mode == "valid":
        np.testing.assert_allclose(
            correlate2d_valid(a, k), scipy.signal.correlate2d(a, k, "valid"), atol=1e-12
        )


def test_convolve2d_same_with_a_larger_kernel(rng: np.random.Generator) -> None:
    a, k = rng.normal(size=(3, 4)), rng.normal(size=(5, 6))
    for mode in ("full", "same"):
        np.testing.assert_allclose(
            convolve2d(a, k, mode), scipy.signal.convolve2d(a, k, mode), atol=1e-12
        )


def test_lowpass_removes_exactly_the_high_tone() -> None:
    t = np.arange(200) / 100.0  # 2 s at 100 Hz: whole periods of both tones
    slow, fast = np.sin(2 * np.pi * 3 * t), 0.5 * np.sin(2 * np.pi * 30 * t)
    # an exact bin split: only rounding remains (1e-12)
    np.testing.assert_allclose(lowpass(slow + fast, 10.0, 100.0), slow, atol=1e-12)
    for n in (1, 7, 8):  # odd and even lengths, cutoff above Nyquist keeps everything
        x = np.random.default_rng(n).normal(size=n)
        np.testing.assert_allclose(lowpass(x, 1e9), x, atol=1e-12)


def test_lowpass_matches_scipy_fft_mask(rng: np.random.Generator) -> None:
    x = rng.normal(size=101)
    X = np.fft.fft(x)
    X[np.abs(np.fft.fftfreq(101)) > 0.1] = 0.0  # the same ideal filter on the full spectrum
    np.testing.assert_allclose(lowpass(x, 0.1), np.fft.ifft(X).real, atol=1e-12)


def test_lowpass_image_keeps_constants_and_smooths(rng: np.random.Generator) -> None:
    img = np.full((8, 8), 3.0)
    np.testing.assert_allclose(lowpass_image(img, 0.0), img, atol=1e-12)  # only DC, exact
    noisy = rng.normal(size=(16, 16))
    # a full-pass cutoff (radius above sqrt(0.5)) returns the image
    np.testing.assert_allclose(lowpass_image(noisy, 1.0), noisy, atol=1e-12)
    blurred = lowpass_image(noisy, 0.2)
    assert np.var(np.diff(blurred, axis=1)) < np.var(np.diff(noisy, axis=1))


def test_errors() -> None:
    with pytest.raises(ValueError, match="mode"):
        convolve(np.ones(3), np.ones(2), "circular")
    with pytest.raises(ValueError, match="non-empty"):
        convolve(np.ones(3), np.ones(0))
    with pytest.raises(ValueError, match="larger"):
        convolve2d(np.ones((2, 2)), np.ones((3, 3)), "valid")

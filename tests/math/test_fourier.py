"""groundup.math.fourier against numpy.fft."""

from __future__ import annotations

import numpy as np
import pytest

from groundup.math.fourier import (
    circular_convolve,
    circular_convolve_direct,
    dft,
    dft_matrix,
    fft,
    ifft,
)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(18)


@pytest.mark.parametrize("n", [1, 2, 5, 16, 33])
def test_dft_matches_numpy(rng: np.random.Generator, n: int) -> None:
    x = rng.normal(size=n) + 1j * rng.normal(size=n)
    # an O(n^2) sum of terms of size ~1: error ~ n * eps * sqrt(n); atol 1e-11
    np.testing.assert_allclose(dft(x), np.fft.fft(x), atol=1e-11)
    F = dft_matrix(n)
    np.testing.assert_allclose(F.conj().T @ F, n * np.eye(n), atol=1e-10)  # F*F = nI


@pytest.mark.parametrize("n", [1, 2, 4, 64, 1024])
def test_fft_and_ifft_match_numpy(rng: np.random.Generator, n: int) -> None:
    x = rng.normal(size=n) + 1j * rng.normal(size=n)
    # radix-2 FFT error grows like log2(n) * eps * ||x||: 1e-12 absolute at n = 1024
    np.testing.assert_allclose(fft(x), np.fft.fft(x), atol=1e-11)
    np.testing.assert_allclose(ifft(x), np.fft.ifft(x), atol=1e-13)
    np.testing.assert_allclose(ifft(fft(x)), x, atol=1e-13)


@pytest.mark.parametrize("n", [0, 3, 6, 100])
def test_fft_rejects_other_lengths(n: int) -> None:
    with pytest.raises(ValueError, match="power of two"):
        fft(np.ones(n))


@pytest.mark.parametrize("n", [1, 5, 8, 31])
def test_convolution_theorem(rng: np.random.Generator, n: int) -> None:
    x, h = rng.normal(size=n), rng.normal(size=n)
    # oracle: the circulant matrix of h times x, built with np.roll
    C = np.stack([np.roll(h[::-1], j + 1) for j in range(n)])
    expected = C @ x
    np.testing.assert_allclose(circular_convolve_direct(x, h), expected, atol=1e-12)
    np.testing.assert_allclose(circular_convolve(x, h), expected, atol=1e-12)

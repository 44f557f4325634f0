r"""The discrete Fourier transform: as a matrix, by the FFT, and its inverse.

Section 1.8 Fourier analysis and signals. The DFT writes a signal of length ``n`` in
the basis of sampled complex exponentials:

.. math:: X_k = \sum_{j=0}^{n-1} x_j\, e^{-2\pi i jk/n}, \qquad
          x_j = \frac{1}{n} \sum_{k=0}^{n-1} X_k\, e^{+2\pi i jk/n}.

``X_k`` measures how much of the frequency "k cycles per n samples" the signal holds.
As a matrix product it costs :math:`O(n^2)`; the fast Fourier transform splits even
and odd samples and reuses half-size transforms for :math:`O(n \log n)`. The
convolution theorem (convolution in time is multiplication of spectra) is what makes
the FFT the workhorse of signal processing.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

ComplexArray = npt.NDArray[np.complex128]
"""An array of complex128 numbers: a spectrum."""


def _as_signal(x: npt.ArrayLike, name: str = "x") -> ComplexArray:
    """Returns ``x`` as a complex128 vector, or raises ``ValueError``."""
    arr = np.asarray(x, dtype=np.complex128)
    if arr.ndim != 1:
        raise ValueError(f"expected `{name}` to be a 1-D signal, got shape {arr.shape}")
    return arr


def dft_matrix(n: int) -> ComplexArray:
    r"""The n x n DFT matrix :math:`F_{jk} = \omega^{jk}` with :math:`\omega = e^{-2\pi i/n}`.

    Row ``k`` of ``F`` is the complex exponential of frequency ``k`` sampled at
    ``j = 0, ..., n - 1`` (conjugated), so ``F @ x`` takes its inner product with
    every frequency at once. NumPy's ``np.fft.fft(x)`` equals ``F @ x``.

    Args:
        n: the signal length, at least 1.

    Returns:
        ``F``, complex128, shape (n, n), symmetric.

    Raises:
        ValueError: if ``n < 1``.
    """
    if n < 1:
        raise ValueError(f"expected n >= 1, got {n}")
    # exercise: fourier.dft-matrix
    j = np.arange(n)
    # NOTE: reduce j * k mod n before scaling: the angle stays small and accurate for large n
    jk = np.outer(j, j) % n  # (n, n)
    return np.exp(-2j * np.pi * jk / n)
    # end exercise


def dft(x: npt.ArrayLike) -> ComplexArray:
    """The DFT of a signal by its definition, ``dft_matrix(n) @ x`` (:math:`O(n^2)`).

    Args:
        x: a signal of shape (n,), n >= 1.

    Returns:
        The spectrum, complex128, shape (n,).
    """
    x = _as_signal(x)
    return dft_matrix(x.shape[0]) @ x


def _as_radix2_signal(x: npt.ArrayLike, name: str) -> ComplexArray:
    """Returns ``x`` as a complex128 vector whose length is a power of two, or raises."""
    arr = _as_signal(x, name)
    n = arr.shape[0]
    if n < 1 or n & (n - 1) != 0:
        raise ValueError(
            f"this radix-2 FFT needs a length that is a power of two (1, 2, 4, 8, ...), "
            f"got {n}; pad the signal with zeros or use np.fft.fft"
        )
    return arr


def fft(x: npt.ArrayLike) -> ComplexArray:
    r"""The DFT by the recursive radix-2 Cooley-Tukey FFT.

    Split :math:`X_k` into the even- and odd-indexed samples: with ``E`` and ``O`` the
    DFTs (length ``n/2``) of :math:`x_0, x_2, \dots` and :math:`x_1, x_3, \dots`,

    .. math:: X_k = E_k + \omega^k O_k, \qquad X_{k + n/2} = E_k - \omega^k O_k,
              \qquad \omega = e^{-2\pi i/n},\ k < n/2.

    The **twiddle factor** :math:`\omega^k` accounts for the odd samples sitting one
    step later than the even ones. A length-1 signal is its own DFT.

    Args:
        x: a signal of shape (n,), n a power of two.

    Returns:
        The spectrum, complex128, shape (n,), equal to ``np.fft.fft(x)``.

    Raises:
        ValueError: if ``x`` is not 1-D or ``n`` is not a power of two.
    """
    x = _as_radix2_signal(x, "x")
    # exercise: fourier.fft
    n = x.shape[0]
    if n == 1:
        return x.copy()
    even = fft(x[0::2])  # (n/2,)
    odd = fft(x[1::2])  # (n/2,)
    twiddle = np.exp(-2j * np.pi * np.arange(n // 2) / n) * odd
    return np.concatenate([even + twiddle, even - twiddle])
    # end exercise


def ifft(X: npt.ArrayLike) -> ComplexArray:
    r"""The inverse DFT by the FFT: :math:`x = \frac{1}{n}\,\overline{\mathrm{FFT}(\overline{X})}`.

    Conjugating flips the sign of the exponent, so the forward FFT computes the
    inverse's sum; the inverse also divides by ``n`` (because
    :math:`F^{*} F = n I`).

    Args:
        X: a spectrum of shape (n,), n a power of two.

    Returns:
        The signal, complex128, shape (n,), equal to ``np.fft.ifft(X)``.

    Raises:
        ValueError: if ``X`` is not 1-D or ``n`` is not a power of two.
    """
    X = _as_radix2_signal(X, "X")
    # exercise: fourier.ifft
    n = X.shape[0]
    return np.conj(fft(np.conj(X))) / n
    # end exercise


def circular_convolve_direct(x: npt.ArrayLike, h: npt.ArrayLike) -> npt.NDArray[np.float64]:
    r"""Circular convolution by its definition: :math:`y_j = \sum_k x_k\, h_{(j - k) \bmod n}`.

    The signal is treated as periodic: indices that run off the end wrap around.
    :math:`O(n^2)`.

    Args:
        x: a real signal of shape (n,), n >= 1.
        h: a real filter of the same shape.

    Returns:
        ``y``, float64, shape (n,).

    Raises:
        ValueError: if the shapes differ or are not 1-D and non-empty.
    """
    x_arr, h_arr = _as_real_pair(x, h)
    # exercise: fourier.circular-convolution
    n = x_arr.shape[0]
    y = np.zeros(n)
    for j in range(n):
        for k in range(n):
            y[j] += x_arr[k] * h_arr[(j - k) % n]  # NOTE: j - k, not j + k: h is flipped
    return y
    # end exercise


def _as_real_pair(
    x: npt.ArrayLike, h: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    x_arr = np.asarray(x, dtype=np.float64)
    h_arr = np.asarray(h, dtype=np.float64)
    if x_arr.ndim != 1 or x_arr.shape != h_arr.shape or x_arr.size == 0:
        raise ValueError(
            f"expected two non-empty 1-D signals of the same length, got shapes "
            f"{x_arr.shape} and {h_arr.shape}"
        )
    return x_arr, h_arr


def circular_convolve(x: npt.ArrayLike, h: npt.ArrayLike) -> npt.NDArray[np.float64]:
    r"""Circular convolution by the convolution theorem: :math:`y = \mathcal{F}^{-1}(X H)`.

    Substituting the inverse DFT into the definition shows that the DFT of a circular
    convolution is the elementwise product of the DFTs. With the FFT that is
    :math:`O(n \log n)` instead of :math:`O(n^2)`. NumPy's FFT (any length) does the
    transforms here.

    Args:
        x: a real signal of shape (n,), n >= 1.
        h: a real filter of the same shape.

    Returns:
        ``y``, float64, shape (n,): the real part (the imaginary part is rounding).

    Raises:
        ValueError: if the shapes differ or are not 1-D and non-empty.
    """
    x_arr, h_arr = _as_real_pair(x, h)
    # exercise: fourier.convolution-theorem
    spectrum = np.fft.fft(x_arr) * np.fft.fft(h_arr)  # multiply, do not convolve
    return np.fft.ifft(spectrum).real
    # end exercise

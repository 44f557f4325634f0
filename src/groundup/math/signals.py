r"""Convolution in 1-D and 2-D, and filtering in the frequency domain.

Section 1.8 Fourier analysis and signals. The (linear) convolution of a signal with a
kernel slides the *flipped* kernel along the signal:
:math:`(x * h)_j = \sum_k x_k\, h_{j - k}`. Sliding the kernel without flipping it is
**cross-correlation**, which is what deep-learning "convolution" layers compute (the
kernel is learned, so the flip does not matter there). A low-pass filter keeps the
slow frequencies of a signal or image and zeroes the fast ones.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._types import FloatArray

MODES = ("full", "same", "valid")


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")


def convolve(x: npt.ArrayLike, h: npt.ArrayLike, mode: str = "full") -> FloatArray:
    r"""1-D linear convolution, like ``np.convolve(x, h, mode)``.

    ``full`` has every overlap, length :math:`M + N - 1`:
    :math:`y_j = \sum_k x_k h_{j-k}` over the ``k`` where both indices are in range.
    ``same`` is the centre ``max(M, N)`` entries of ``full``, starting at index
    ``(min(M, N) - 1) // 2``; ``valid`` keeps only complete overlaps,
    ``max(M, N) - min(M, N) + 1`` entries starting at ``min(M, N) - 1``. Convolution is
    commutative, so which argument is longer does not matter.

    Args:
        x: a signal of shape (M,), M >= 1.
        h: a kernel of shape (N,), N >= 1.
        mode: ``"full"``, ``"same"`` or ``"valid"``.

    Returns:
        The convolution, float64, of the length that ``mode`` gives.

    Raises:
        ValueError: if an input is empty or not 1-D, or ``mode`` is unknown.
    """
    _check_mode(mode)
    x = np.asarray(x, dtype=np.float64)
    h = np.asarray(h, dtype=np.float64)
    if x.ndim != 1 or h.ndim != 1 or x.size == 0 or h.size == 0:
        raise ValueError(f"expected two non-empty 1-D arrays, got shapes {x.shape} and {h.shape}")
    # exercise: fourier.convolve
    M, N = x.shape[0], h.shape[0]
    full = np.zeros(M + N - 1)
    for k in range(M):
        full[k : k + N] += x[k] * h  # x_k contributes x_k * h_{j - k} at j = k .. k + N - 1
    short, long = min(M, N), max(M, N)
    if mode == "full":
        return full
    if mode == "same":
        start = (short - 1) // 2
        return full[start : start + long]
    return full[short - 1 : long]  # valid: long - short + 1 complete overlaps
    # end exercise


def _as_image(a: npt.ArrayLike, name: str) -> FloatArray:
    arr = np.asarray(a, dtype=np.float64)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"expected `{name}` to be a non-empty 2-D array, got shape {arr.shape}")
    return arr


def correlate2d_valid(image: npt.ArrayLike, kernel: npt.ArrayLike) -> FloatArray:
    r"""2-D cross-correlation over complete overlaps only ("valid").

    :math:`y_{ij} = \sum_{p, q} \text{image}_{i+p,\, j+q}\, \text{kernel}_{pq}`: the
    kernel slides over the image *unflipped*, which is what a CNN layer computes.

    Args:
        image: shape (H, W).
        kernel: shape (kh, kw), with kh <= H and kw <= W.

    Returns:
        Shape (H - kh + 1, W - kw + 1).

    Raises:
        ValueError: if an input is not a non-empty 2-D array or the kernel is larger
            than the image along an axis.
    """
    img = _as_image(image, "image")
    ker = _as_image(kernel, "kernel")
    if ker.shape[0] > img.shape[0] or ker.shape[1] > img.shape[1]:
        raise ValueError(
            f"the kernel {ker.shape} is larger than the image {img.shape}: "
            "no complete overlap exists"
        )
    kh, kw = ker.shape
    H, W = img.shape
    out = np.zeros((H - kh + 1, W - kw + 1))
    for p in range(kh):  # loop over the (small) kernel, vectorize over the image
        for q in range(kw):
            out += ker[p, q] * img[p : p + H - kh + 1, q : q + W - kw + 1]
    return out


def convolve2d(image: npt.ArrayLike, kernel: npt.ArrayLike, mode: str = "full") -> FloatArray:
    r"""2-D convolution, like ``scipy.signal.convolve2d(image, kernel, mode)``.

    Convolution is cross-correlation with the kernel flipped along *both* axes,
    :math:`y_{ij} = \sum_{p,q} \text{image}_{i-p,\, j-q}\, \text{kernel}_{pq}`. Pad the
    image with ``kh - 1`` rows and ``kw - 1`` columns of zeros on every side and
    correlate with the flipped kernel to get ``full``, shape (H + kh - 1, W + kw - 1).
    ``same`` is the (H, W) window of ``full`` starting at ``((kh - 1) // 2, (kw - 1) //
    2)``; ``valid`` is :func:`correlate2d_valid` with the flipped kernel.

    Args:
        image: shape (H, W).
        kernel: shape (kh, kw); for ``"valid"`` no larger than the image.
        mode: ``"full"``, ``"same"`` or ``"valid"``.

    Returns:
        The convolution, float64, of the shape that ``mode`` gives.

    Raises:
        ValueError: as :func:`correlate2d_valid`, or for an unknown ``mode``.
    """
    _check_mode(mode)
    img = _as_image(image, "image")
    ker = _as_image(kernel, "kernel")
    # exercise: fourier.convolve2d
    flipped = ker[::-1, ::-1]  # NOTE: both axes; without the flip this is correlation
    if mode == "valid":
        return correlate2d_valid(img, flipped)
    kh, kw = ker.shape
    padded = np.pad(img, ((kh - 1, kh - 1), (kw - 1, kw - 1)))  # zeros all round
    full = correlate2d_valid(padded, flipped)  # (H + kh - 1, W + kw - 1)
    if mode == "full":
        return full
    top, left = (kh - 1) // 2, (kw - 1) // 2
    return full[top : top + img.shape[0], left : left + img.shape[1]]
    # end exercise


def lowpass(x: npt.ArrayLike, cutoff: float, sample_rate: float = 1.0) -> FloatArray:
    r"""Removes every frequency above ``cutoff`` from a real signal (an ideal low-pass).

    Take the real FFT (the spectrum of a real signal is conjugate-symmetric, so
    ``np.fft.rfft`` keeps only frequencies :math:`0, f_s/n, \dots` up to
    :math:`f_s/2`), zero the bins whose frequency (``np.fft.rfftfreq(n, 1/f_s)``)
    is above ``cutoff``, and transform back with ``np.fft.irfft(..., n)`` (the length
    must be passed: an odd ``n`` cannot be recovered from the half spectrum).

    Args:
        x: a real signal of shape (n,), n >= 1.
        cutoff: the highest frequency kept, in the units of ``sample_rate`` (Hz for
            samples per second), nonnegative.
        sample_rate: samples per unit time, positive.

    Returns:
        The filtered signal, float64, shape (n,).

    Raises:
        ValueError: if ``x`` is not a non-empty 1-D array, ``cutoff < 0`` or
            ``sample_rate <= 0``.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"expected a non-empty 1-D signal, got shape {x.shape}")
    if cutoff < 0 or not sample_rate > 0:
        raise ValueError(
            f"expected cutoff >= 0 and sample_rate > 0, got {cutoff} and {sample_rate}"
        )
    # exercise: fourier.lowpass
    n = x.shape[0]
    spectrum = np.fft.rfft(x)  # (n // 2 + 1,)
    freqs = np.fft.rfftfreq(n, d=1.0 / sample_rate)  # (n // 2 + 1,), in units of sample_rate
    spectrum[freqs > cutoff] = 0.0
    return np.fft.irfft(spectrum, n=n)
    # end exercise


def lowpass_image(image: npt.ArrayLike, cutoff: float) -> FloatArray:
    r"""Keeps only the spatial frequencies of an image with radius at most ``cutoff``.

    ``np.fft.fft2`` gives the 2-D spectrum; frequency ``(u, v)`` (in cycles per pixel,
    from ``np.fft.fftfreq`` along each axis, so in [-1/2, 1/2)) is kept when
    :math:`\sqrt{u^2 + v^2} \le \text{cutoff}`. The mask is built in the same
    (unshifted) order as ``fft2``'s output; the real part of ``ifft2`` is the result.
    A mask that is symmetric under :math:`(u, v) \to (-u, -v)` keeps the result real.

    Args:
        image: a real image of shape (H, W).
        cutoff: the largest radius kept, in cycles per pixel, nonnegative.

    Returns:
        The blurred image, float64, shape (H, W).

    Raises:
        ValueError: if ``image`` is not a non-empty 2-D array or ``cutoff < 0``.
    """
    img = _as_image(image, "image")
    if cutoff < 0:
        raise ValueError(f"expected cutoff >= 0, got {cutoff}")
    # exercise: fourier.lowpass-image
    H, W = img.shape
    u = np.fft.fftfreq(H)[:, None]  # (H, 1), same order as fft2's rows
    v = np.fft.fftfreq(W)[None, :]  # (1, W)
    keep = np.sqrt(u**2 + v**2) <= cutoff  # (H, W)
    return np.fft.ifft2(np.fft.fft2(img) * keep).real
    # end exercise

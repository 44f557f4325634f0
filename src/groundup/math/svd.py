r"""The singular value decomposition and the best low-rank approximation.

Section 1.1 Linear algebra. Every matrix is a sum of rank-one pieces,
:math:`A = \sum_i s_i u_i v_i^\top`, ordered by the singular values
:math:`s_1 \ge s_2 \ge \dots \ge 0`. Keeping the first ``k`` pieces gives the closest
rank-``k`` matrix (the Eckart-Young theorem); that is how an image can be stored in a
fraction of its numbers.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._types import FloatArray
from .matrices import as_matrix


def low_rank_approx(A: npt.ArrayLike, k: int) -> FloatArray:
    r"""The best rank-``k`` approximation of ``A``, from its SVD.

    With :math:`A = U \operatorname{diag}(s) V^\top` (singular values in decreasing
    order), :math:`A_k = \sum_{i<k} s_i u_i v_i^\top = U_{:, :k} \operatorname{diag}(s_{:k})
    V^\top_{:k, :}`. No matrix of rank at most ``k`` is closer to ``A`` in the
    Frobenius or spectral norm; :math:`\|A - A_k\|_F^2 = \sum_{i \ge k} s_i^2`.

    Args:
        A: a matrix of shape (m, n).
        k: the rank to keep, ``0 <= k <= min(m, n)``.

    Returns:
        :math:`A_k`, shape (m, n) (all zeros for ``k = 0``; ``A`` itself for
        ``k = min(m, n)``, up to rounding).

    Raises:
        ValueError: if ``A`` is not 2-D or ``k`` is out of range.
    """
    A = as_matrix(A, "A")
    if not 0 <= k <= min(A.shape):
        raise ValueError(
            f"`k` must be between 0 and min(m, n) = {min(A.shape)} for a matrix of shape "
            f"{A.shape}, got {k}"
        )
    # exercise: linalg.low-rank
    U, S, Vt = np.linalg.svd(A, full_matrices=False)  # (m, r), (r,), (r, n); r = min(m, n)
    return (U[:, :k] * S[:k]) @ Vt[:k]  # scale column i of U by s_i, then (m, k) @ (k, n)
    # end exercise


def _as_float_image(img: npt.ArrayLike) -> FloatArray:
    """An image as floats in [0, 1]: uint8 images are divided by 255."""
    arr = np.asarray(img)
    if arr.ndim not in (2, 3):
        raise ValueError(f"expected an image of shape (H, W) or (H, W, C), got {arr.shape}")
    if arr.dtype == np.uint8:
        return arr.astype(np.float64) / 255.0
    return arr.astype(np.float64)


def compress_image(img: npt.ArrayLike, k: int) -> FloatArray:
    """Keeps the first ``k`` singular values of each color channel of an image.

    Args:
        img: an image of shape (H, W) (gray) or (H, W, C) (C channels), either uint8
            in [0, 255] or floats in [0, 1].
        k: the rank to keep per channel, ``0 <= k <= min(H, W)``.

    Returns:
        The rank-``k`` image as floats clipped to [0, 1], with the shape of ``img``.

    Raises:
        ValueError: if ``img`` is not 2-D or 3-D or ``k`` is out of range.
    """
    pixels = _as_float_image(img)
    if pixels.ndim == 2:
        return np.clip(low_rank_approx(pixels, k), 0.0, 1.0)
    channels = [low_rank_approx(pixels[:, :, c], k) for c in range(pixels.shape[2])]
    # NOTE: a low-rank approximation can leave [0, 1] slightly (ringing near edges).
    return np.clip(np.stack(channels, axis=2), 0.0, 1.0)  # (H, W, C)


def compression_ratio(height: int, width: int, k: int) -> float:
    """How many times fewer numbers a rank-``k`` image stores than the full one.

    A rank-``k`` channel stores ``k`` columns of ``U`` (``height`` numbers each), ``k``
    rows of ``V^T`` (``width`` each) and ``k`` singular values.

    Args:
        height: image height H.
        width: image width W.
        k: the rank kept, at least 1.

    Returns:
        ``H * W / (k * (H + W + 1))``, the same for every channel.

    Raises:
        ValueError: if ``k < 1``.
    """
    if k < 1:
        raise ValueError(f"`k` must be at least 1, got {k}")
    return height * width / (k * (height + width + 1))

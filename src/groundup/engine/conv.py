"""Convolution and pooling on images, via im2col: ``F.conv2d``, ``F.max_pool2d``, ``F.avg_pool2d``.

Section 4.3 Deep-learning frameworks. A 2-D convolution slides a ``(C, kh, kw)``
kernel over an image; at output position ``(i, j)`` it takes the dot product of the
kernel with the patch ``x[:, i*s : i*s + kh, j*s : j*s + kw]``:

.. math:: y_{n,o,i,j} = b_o + \\sum_{c,p,q} W_{o,c,p,q}\\, x_{n,c,\\,i s + p,\\,j s + q}

(a cross-correlation: the kernel is not flipped, as in PyTorch). **im2col** lays every
patch out as one row of a matrix ``cols`` of shape ``(N*Ho*Wo, C*kh*kw)``, so the whole
convolution is one matrix product ``cols @ W.reshape(O, C*kh*kw).T``. NumPy's stride
tricks build the patches as a view without copying the image ``kh*kw`` times.

The backward pass (**col2im**) undoes the layout: every patch gradient is added back
at the pixels it was read from, one vectorised ``+=`` per kernel offset ``(p, q)``
(``kh*kw`` slices, not a Python loop over pixels). Overlapping patches (stride < kernel)
add up. Shapes: input ``(N, C, H, W)``, weight ``(O, C, kh, kw)``, output
``(N, O, Ho, Wo)`` with ``Ho = (H + 2*padding - kh) // stride + 1``.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .tensor import Array, Tensor

Pair = int | tuple[int, int]
"""A size given once for both axes (``3``) or per axis (``(3, 2)``), as in PyTorch."""


def _pair(value: Pair, name: str) -> tuple[int, int]:
    pair = (value, value) if isinstance(value, int | np.integer) else tuple(value)
    if len(pair) != 2 or any(not isinstance(v, int | np.integer) for v in pair):
        raise ValueError(f"{name} must be an int or a pair of ints, got {value!r}")
    return int(pair[0]), int(pair[1])


def _output_size(size: int, kernel: int, stride: int, padding: int, what: str) -> int:
    out = (size + 2 * padding - kernel) // stride + 1
    if out < 1:
        raise ValueError(
            f"{what}: a kernel of {kernel} does not fit in an input of size {size} "
            f"with padding {padding}"
        )
    return out


def _pad(x: Array, padding: tuple[int, int], value: float = 0.0) -> Array:
    """``x`` (N, C, H, W) with ``padding`` rows and columns of ``value`` on each side."""
    ph, pw = padding
    if ph == 0 and pw == 0:
        return x
    return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=value)


def windows(x: Array, kernel: tuple[int, int], stride: tuple[int, int]) -> Array:
    """Every ``kh x kw`` patch of ``x`` as a read-only strided view, no copy.

    Args:
        x: images, shape (N, C, H, W) (already padded).
        kernel: ``(kh, kw)``.
        stride: ``(sh, sw)``.

    Returns:
        A view of shape (N, C, Ho, Wo, kh, kw): ``[n, c, i, j, p, q] = x[n, c, i*sh + p,
        j*sw + q]``.
    """
    n, c, h, w = x.shape
    (kh, kw), (sh, sw) = kernel, stride
    ho, wo = (h - kh) // sh + 1, (w - kw) // sw + 1
    s0, s1, s2, s3 = x.strides
    return as_strided(
        x, (n, c, ho, wo, kh, kw), (s0, s1, s2 * sh, s3 * sw, s2, s3), writeable=False
    )


def im2col(x: Array, kernel: tuple[int, int], stride: tuple[int, int]) -> Array:
    """The patches of ``x`` as the rows of a matrix, for convolution as a matmul.

    Row ``(n*Ho + i)*Wo + j`` is the patch under output position ``(n, i, j)``,
    flattened in the order ``(c, p, q)`` (channel, kernel row, kernel column): the
    same order as ``weight.reshape(O, C*kh*kw)``.

    Args:
        x: images, shape (N, C, H, W), already padded.
        kernel: ``(kh, kw)``.
        stride: ``(sh, sw)``.

    Returns:
        ``cols`` of shape (N*Ho*Wo, C*kh*kw), with ``Ho = (H - kh) // sh + 1`` and
        ``Wo = (W - kw) // sw + 1``.
    """
    n, c = x.shape[:2]
    kh, kw = kernel
    # exercise: frameworks.conv2d-im2col
    (sh, sw), (h, w) = stride, x.shape[2:]
    ho, wo = (h - kh) // sh + 1, (w - kw) // sw + 1
    cols = np.empty((n, ho, wo, c, kh, kw), dtype=x.dtype)
    x_nhwc = x.transpose(0, 2, 3, 1)  # (N, H, W, C), a view
    # NOTE: one copy per kernel offset (p, q): the image shifted by (p, q) is column
    # block (:, p, q) of every row. Three times faster than reshaping the 6-D
    # `windows` view, whose innermost copy loop runs over just kw elements.
    for p in range(kh):
        for q in range(kw):
            cols[..., p, q] = x_nhwc[:, p : p + sh * ho : sh, q : q + sw * wo : sw, :]
    return cols.reshape(n * ho * wo, c * kh * kw)
    # end exercise


def col2im(
    dcols: Array, shape: tuple[int, ...], kernel: tuple[int, int], stride: tuple[int, int]
) -> Array:
    """The adjoint of :func:`im2col`: adds every patch gradient back where it was read.

    Args:
        dcols: gradients of the patches, shape (N*Ho*Wo, C*kh*kw).
        shape: the padded input's shape (N, C, H, W).
        kernel: ``(kh, kw)``.
        stride: ``(sh, sw)``.

    Returns:
        The gradient with respect to the padded input, shape ``shape``.
    """
    n, c, h, w = shape
    (kh, kw), (sh, sw) = kernel, stride
    ho, wo = (h - kh) // sh + 1, (w - kw) // sw + 1
    # (N*Ho*Wo, C*kh*kw) -> (N, C, kh, kw, Ho, Wo), copied once so that each slice
    # d[:, :, p, q] read below is contiguous (about twice as fast as strided reads)
    d = np.ascontiguousarray(dcols.reshape(n, ho, wo, c, kh, kw).transpose(0, 3, 4, 5, 1, 2))
    dx = np.zeros(shape, dtype=dcols.dtype)
    for p in range(kh):
        for q in range(kw):
            # NOTE: `+=` on a strided slice: overlapping patches add, never overwrite.
            dx[:, :, p : p + sh * ho : sh, q : q + sw * wo : sw] += d[:, :, p, q]
    return dx


def conv2d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Pair = 1,
    padding: Pair = 0,
) -> Tensor:
    """2-D cross-correlation of a batch of images, like ``torch.nn.functional.conv2d``.

    Args:
        input: shape (N, C, H, W).
        weight: shape (O, C, kh, kw).
        bias: shape (O,), or None.
        stride: step between patches, an int or ``(sh, sw)``.
        padding: zeros added on each side, an int or ``(ph, pw)``.

    Returns:
        Shape (N, O, Ho, Wo), ``Ho = (H + 2*ph - kh) // sh + 1`` (likewise ``Wo``).

    Raises:
        ValueError: on a rank or channel mismatch, or a kernel larger than the
            padded input.
    """
    x, w = input.data, weight.data
    if x.ndim != 4 or w.ndim != 4:
        raise ValueError(
            f"conv2d expects input (N, C, H, W) and weight (O, C, kh, kw), "
            f"got shapes {x.shape} and {w.shape}"
        )
    if x.shape[1] != w.shape[1]:
        raise ValueError(f"input has {x.shape[1]} channels but the weight expects {w.shape[1]}")
    st, pad = _pair(stride, "stride"), _pair(padding, "padding")
    n, o, (kh, kw) = x.shape[0], w.shape[0], w.shape[2:]
    ho = _output_size(x.shape[2], kh, st[0], pad[0], "conv2d")
    wo = _output_size(x.shape[3], kw, st[1], pad[1], "conv2d")
    xp = _pad(x, pad)
    cols = im2col(xp, (kh, kw), st)  # (N*Ho*Wo, C*kh*kw)
    w2 = w.reshape(o, -1)  # (O, C*kh*kw)
    out = cols @ w2.T  # (N*Ho*Wo, O)
    if bias is not None:
        out += bias.data
    out = out.reshape(n, ho, wo, o).transpose(0, 3, 1, 2)  # (N, O, Ho, Wo)
    parents = (input, weight) if bias is None else (input, weight, bias)

    def backward(grad: Array) -> None:
        g = grad.transpose(0, 2, 3, 1).reshape(-1, o)  # (N*Ho*Wo, O)
        if weight.requires_grad:
            weight._accumulate((g.T @ cols).reshape(w.shape))
        if bias is not None and bias.requires_grad:
            bias._accumulate(g.sum(axis=0))
        if input.requires_grad:
            dxp = col2im(g @ w2, xp.shape, (kh, kw), st)
            ph, pw = pad
            input._accumulate(dxp[:, :, ph : ph + x.shape[2], pw : pw + x.shape[3]])

    return Tensor._make(np.ascontiguousarray(out), parents, backward)


def _pool_setup(
    x: Array, kernel_size: Pair, stride: Pair | None, padding: Pair, name: str
) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    if x.ndim != 4:
        raise ValueError(f"{name} expects input (N, C, H, W), got shape {x.shape}")
    kernel = _pair(kernel_size, "kernel_size")
    st = kernel if stride is None else _pair(stride, "stride")
    pad = _pair(padding, "padding")
    if pad[0] * 2 > kernel[0] or pad[1] * 2 > kernel[1]:
        raise ValueError(f"{name}: padding {pad} must be at most half the kernel {kernel}")
    for axis in (0, 1):
        _output_size(x.shape[2 + axis], kernel[axis], st[axis], pad[axis], name)
    return kernel, st, pad


def max_pool2d(
    input: Tensor, kernel_size: Pair, stride: Pair | None = None, padding: Pair = 0
) -> Tensor:
    """The maximum over each ``kh x kw`` window, like ``torch.nn.functional.max_pool2d``.

    The gradient of a window's output flows to the one element that was the maximum
    (the first one, scanning rows then columns, when several tie, as PyTorch does);
    an element that is the maximum of several overlapping windows collects all of
    their gradients.

    Args:
        input: shape (N, C, H, W).
        kernel_size: the window, an int or ``(kh, kw)``.
        stride: step between windows; default ``kernel_size``.
        padding: implicit ``-inf`` border, at most half the kernel.

    Returns:
        Shape (N, C, Ho, Wo).
    """
    x = input.data
    kernel, st, pad = _pool_setup(x, kernel_size, stride, padding, "max_pool2d")
    xp = _pad(x, pad, value=-np.inf)
    patches = windows(xp, kernel, st)  # (N, C, Ho, Wo, kh, kw)
    ho, wo, kh, kw = patches.shape[2:]
    # NOTE: one comparison per kernel offset over whole (N, C, Ho, Wo) slices, rather
    # than argmax along a tiny last axis (which NumPy runs row by row: 5x slower here).
    out = patches[..., 0, 0].copy()  # (N, C, Ho, Wo)
    argmax = np.zeros(out.shape, dtype=np.intp)  # offset p * kw + q of each maximum
    for k in range(1, kh * kw):
        candidate = patches[..., k // kw, k % kw]
        better = candidate > out  # strict: the first maximum wins ties, as in PyTorch
        np.copyto(out, candidate, where=better)
        argmax[better] = k

    def backward(grad: Array) -> None:
        # exercise: frameworks.maxpool-backward
        dxp = np.zeros(xp.shape, dtype=grad.dtype)
        for p in range(kh):
            for q in range(kw):
                # the windows whose maximum sat at offset (p, q) send their gradient there
                hit = argmax == p * kw + q
                dxp[:, :, p : p + st[0] * ho : st[0], q : q + st[1] * wo : st[1]] += grad * hit
        ph, pw = pad
        input._accumulate(dxp[:, :, ph : ph + x.shape[2], pw : pw + x.shape[3]])
        # end exercise

    return Tensor._make(out, (input,), backward)


def avg_pool2d(
    input: Tensor, kernel_size: Pair, stride: Pair | None = None, padding: Pair = 0
) -> Tensor:
    """The mean over each ``kh x kw`` window, like ``torch.nn.functional.avg_pool2d``.

    Padding counts as zeros in the mean (PyTorch's default ``count_include_pad=True``).
    Every element of a window receives ``1 / (kh*kw)`` of that window's gradient.

    Args:
        input: shape (N, C, H, W).
        kernel_size: the window, an int or ``(kh, kw)``.
        stride: step between windows; default ``kernel_size``.
        padding: zeros added on each side, at most half the kernel.

    Returns:
        Shape (N, C, Ho, Wo).
    """
    x = input.data
    kernel, st, pad = _pool_setup(x, kernel_size, stride, padding, "avg_pool2d")
    xp = _pad(x, pad)
    patches = windows(xp, kernel, st)  # (N, C, Ho, Wo, kh, kw)
    ho, wo, kh, kw = patches.shape[2:]
    out = patches.mean(axis=(-2, -1), dtype=x.dtype)

    def backward(grad: Array) -> None:
        share = grad / (kh * kw)
        dxp = np.zeros(xp.shape, dtype=grad.dtype)
        for p in range(kh):
            for q in range(kw):
                dxp[:, :, p : p + st[0] * ho : st[0], q : q + st[1] * wo : st[1]] += share
        ph, pw = pad
        input._accumulate(dxp[:, :, ph : ph + x.shape[2], pw : pw + x.shape[3]])

    return Tensor._make(out, (input,), backward)

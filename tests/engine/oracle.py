"""The engine's oracles: PyTorch in float64, and central differences.

``check_op(ours, theirs, *arrays)`` builds float64 tensors from ``arrays`` in both
libraries (floating arrays require grad; integer and boolean arrays are passed as
constants), runs ``ours`` and ``theirs``, compares the outputs, back-propagates the
same random upstream gradient through both and compares every input's gradient, then
checks our gradients against central differences of $\\sum g \\odot f(x)$.

Use from any test in tests/engine/ (pytest puts this folder on ``sys.path``)::

    from oracle import check_op
    check_op(lambda a, b: a * b, lambda a, b: a * b, x, y)

Tolerances (defaults): against torch ``rtol=1e-10, atol=1e-12``: the same float64
formulas evaluated in a possibly different order differ by a few ulps, amplified at
most by the few ops in one test; against central differences ``1e-6``: with step
1e-6 the truncation error is ~1e-12 * f''' and rounding ~1e-16 * |f| / 1e-6 = 1e-10
relative for values of order one, so 1e-6 leaves margin for curvature up to ~1e4.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from groundup.engine import Tensor

torch.set_num_threads(1)


def _ours(a: np.ndarray) -> Tensor:
    if a.dtype.kind == "f":
        return Tensor(a.astype(np.float64), requires_grad=True)
    return Tensor(a)


def _theirs(a: np.ndarray) -> torch.Tensor:
    if a.dtype.kind == "f":
        return torch.tensor(a, dtype=torch.float64, requires_grad=True)
    return torch.tensor(a)


def upstream(shape: tuple[int, ...], seed: int = 0) -> np.ndarray:
    """A fixed random upstream gradient (random, so that no coordinate is special)."""
    return np.random.default_rng(seed).normal(size=shape)


def numerical_grads(
    fn: Callable[..., Tensor], arrays: list[np.ndarray], g: np.ndarray, eps: float = 1e-6
) -> list[np.ndarray | None]:
    """Central-difference gradients of ``sum(g * fn(*arrays))`` for each float array."""
    grads: list[np.ndarray | None] = []

    def value(args: list[np.ndarray]) -> float:
        return float((g * fn(*[Tensor(a) for a in args]).data).sum())

    for k, a in enumerate(arrays):
        if a.dtype.kind != "f":
            grads.append(None)
            continue
        grad = np.zeros(a.shape)
        for i in np.ndindex(a.shape):
            args = [b.astype(np.float64) if b.dtype.kind == "f" else b for b in arrays]
            plus = args[k].copy()
            plus[i] += eps
            minus = args[k].copy()
            minus[i] -= eps
            args[k] = plus
            f_plus = value(args)
            args[k] = minus
            grad[i] = (f_plus - value(args)) / (2 * eps)
        grads.append(grad)
    return grads


def check_op(
    ours: Callable[..., Tensor],
    theirs: Callable[..., torch.Tensor],
    *arrays: Any,
    rtol: float = 1e-10,
    atol: float = 1e-12,
    numeric: bool = True,
    numeric_tol: float = 1e-6,
    seed: int = 0,
) -> None:
    """Asserts that ``ours`` matches ``theirs`` (values and gradients) and that our
    gradients match central differences (``numeric=False`` skips that: at a kink, or
    for big inputs where it would be slow).

    Args:
        ours: builds the result from :class:`Tensor` arguments.
        theirs: the same computation from ``torch.Tensor`` arguments.
        arrays: NumPy arrays (or array-likes); floating ones are differentiated.
        rtol, atol: tolerances against torch.
        numeric: whether to run the central-difference check.
        numeric_tol: rtol and atol against central differences.
        seed: the seed of the upstream gradient.
    """
    arrs = [np.asarray(a) for a in arrays]
    xs = [_ours(a) for a in arrs]
    ts = [_theirs(a) for a in arrs]
    out = ours(*xs)
    expected = theirs(*ts)
    assert out.shape == tuple(expected.shape), (out.shape, tuple(expected.shape))
    np.testing.assert_allclose(
        out.data, expected.detach().numpy(), rtol=rtol, atol=atol, err_msg="forward"
    )
    if not out.requires_grad:
        return
    g = upstream(out.shape, seed)
    out.backward(g)
    expected.backward(torch.tensor(g, dtype=expected.dtype))
    for k, (x, t) in enumerate(zip(xs, ts, strict=True)):
        if not x.requires_grad:
            continue
        want = np.zeros(x.shape) if t.grad is None else t.grad.numpy()
        got = np.zeros(x.shape) if x.grad is None else x.grad
        assert got.shape == x.shape, f"grad of input {k} has shape {got.shape}, not {x.shape}"
        np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=f"grad of input {k}")
    if numeric:
        for k, (x, num) in enumerate(zip(xs, numerical_grads(ours, arrs, g), strict=True)):
            if num is None:
                continue
            got = np.zeros(x.shape) if x.grad is None else x.grad
            np.testing.assert_allclose(
                got, num, rtol=numeric_tol, atol=numeric_tol, err_msg=f"numeric grad {k}"
            )

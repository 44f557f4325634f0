"""Tolerance-aware comparison with messages written for a learner.

``close(got, expected, rtol, atol)`` returns ``None`` when two results agree and a
:class:`Mismatch` saying how they differ otherwise: a shape or dtype that is wrong, a
NaN where a number belongs, or the largest error and where it sits. Numbers are never
compared as printed strings.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from groundup.testing.trace import Trace
from groundup.testing.words import plural

Comparator = Callable[[Any, Any], "Mismatch | None"]


@dataclass
class Mismatch:
    """How a result differs from what was expected.

    Attributes:
        message: one learner-facing sentence.
        details: further facts (shapes, dtypes, largest error and where).
        step: the first diverging intermediate of a multi-step computation, if any.
        got: the learner's value at that step, printable.
        expected: the reference's value at that step, printable.
        mistake: the id of a known mistake the comparison recognised by itself (a
            property of the learner's result or of how it was computed), named without
            replaying the catalogue.
    """

    message: str
    details: list[str] = field(default_factory=list)
    step: str | None = None
    got: str | None = None
    expected: str | None = None
    mistake: str | None = None


def show(value: Any, max_elements: int = 36) -> str:
    """A short, printable form of a value: small arrays in full, large ones summarized.

    Written for a learner: a NumPy number prints as the number (``0.5``, not
    ``np.float64(0.5)``; a float32 one says so), a one-item tuple as ``(3,)``, long
    lists are cut after eight items.
    """
    if isinstance(value, np.random.Generator):
        return "a NumPy random generator (seeded by the check: `--seed` repeats the run)"
    if isinstance(value, np.ndarray):
        if value.size <= max_elements:
            body = np.array2string(value, precision=6, suppress_small=False, separator=", ")
            body = " ".join(body.split())  # one line: rows stay readable inside a panel
            return f"array({body}, shape={value.shape}, dtype={value.dtype})"
        flat = np.array2string(value.ravel()[:6], precision=4, separator=", ")
        return f"array(shape={value.shape}, dtype={value.dtype}, first values {flat[:-1]}, ...])"
    if isinstance(value, np.generic):
        if value.dtype.kind not in "fciub":
            return repr(value.item())
        plain = value.dtype in (np.float64, np.int64, np.bool_, np.complex128)
        return str(value) if plain else f"{value!s} ({value.dtype})"
    if isinstance(value, type):
        module = value.__module__.split(".")[0]
        return f"np.{value.__name__}" if module == "numpy" else value.__name__
    if isinstance(value, tuple | list):
        parts = [show(v, max_elements) for v in value[:8]]
        if len(value) > 8:
            parts.append(f"... ({len(value)} items)")
        if isinstance(value, tuple):
            return f"({parts[0]},)" if len(value) == 1 else f"({', '.join(parts)})"
        return f"[{', '.join(parts)}]"
    if isinstance(value, dict) and len(value) <= 8:
        return "{" + ", ".join(f"{k!r}: {show(v, max_elements)}" for k, v in value.items()) + "}"
    text = repr(value)
    return text if len(text) <= 300 else text[:297] + "..."


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape}, dtype {value.dtype}"
    return type(value).__name__


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.number) and not isinstance(value, bool)


def _low_precision(got: Any, expected: Any) -> list[str]:
    """A note when the learner's numbers are float32 (or float16) and float64 was expected."""
    g, e = np.asarray(got), np.asarray(expected)
    if g.dtype in (np.float32, np.float16) and e.dtype.kind == "f" and e.dtype.itemsize > 4:
        digits = 7 if g.dtype == np.float32 else 3
        return [
            f"your numbers are {g.dtype}, which keeps about {digits} significant digits; the "
            "checks expect float64 (about 16): compute in float64"
        ]
    return []


def _close_arrays(
    got: np.ndarray, expected: np.ndarray, rtol: float, atol: float, where: str
) -> Mismatch | None:
    if got.shape != expected.shape:
        return Mismatch(
            f"{where}has shape {got.shape}, expected {expected.shape}",
            [f"got {_describe(got)}", f"expected {_describe(expected)}"],
        )
    if expected.dtype.kind in "fc" and got.dtype.kind not in "fciu":
        return Mismatch(f"{where}has dtype {got.dtype}, expected numbers like {expected.dtype}")
    if expected.dtype.kind in "iub" and got.dtype.kind in "fc":
        return Mismatch(f"{where}has dtype {got.dtype}, expected integers ({expected.dtype})")
    if got.size == 0:
        return None
    g = got.astype(np.complex128 if got.dtype.kind == "c" else np.float64)
    e = expected.astype(np.complex128 if expected.dtype.kind == "c" else np.float64)
    nan_g, nan_e = np.isnan(g), np.isnan(e)
    if (nan_g != nan_e).any():
        idx = tuple(int(i) for i in np.argwhere(nan_g != nan_e)[0])
        what = "NaN" if nan_g[idx] else f"{g[idx]:.6g}"
        return Mismatch(
            f"{where}has {what} at index {idx} where {e[idx]:.6g} was expected",
            ["NaN usually comes from 0/0, inf - inf, or the log/sqrt of a negative number"],
        )
    ok = np.isclose(g, e, rtol=rtol, atol=atol, equal_nan=True)
    if ok.all():
        return None
    err = np.where(nan_g, 0.0, np.abs(g - e))
    idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(err)), err.shape))
    n_bad = int((~ok).sum())
    how = "value" if ok.size == 1 else f"values in {n_bad} of {ok.size} elements"
    return Mismatch(
        f"{where}differs from the expected {how}",
        [
            *_low_precision(got, expected),
            f"largest error {err[idx]:.3g} at index {idx}: got {g[idx]:.12g}, "
            f"expected {e[idx]:.12g}",
            f"tolerance: |got - expected| <= {atol:g} + {rtol:g} * |expected|",
        ],
    )


def close(
    got: Any, expected: Any, rtol: float = 1e-7, atol: float = 1e-9, where: str = ""
) -> Mismatch | None:
    """Compares two results elementwise with tolerance, recursing into tuples and lists.

    Args:
        got: the learner's result.
        expected: the reference result.
        rtol: relative tolerance.
        atol: absolute tolerance.
        where: a prefix naming the part being compared ("your result[1] ", "a.grad ").

    Returns:
        ``None`` when they agree, otherwise a :class:`Mismatch`.
    """
    label = where or "your result "
    if isinstance(expected, Trace):
        return first_divergence(got, expected, rtol, atol)
    if isinstance(expected, np.ndarray) or (
        isinstance(got, np.ndarray) and (_is_number(expected) or isinstance(expected, list))
    ):
        if not isinstance(got, np.ndarray | list | tuple | int | float | np.number):
            return Mismatch(f"{label}is a {type(got).__name__}, expected {_describe(expected)}")
        try:
            got_arr = np.asarray(got)
        except (ValueError, TypeError):
            return Mismatch(f"{label}could not be turned into an array")
        if got_arr.dtype == object:
            return Mismatch(f"{label}is a ragged or non-numeric array")
        return _close_arrays(got_arr, np.asarray(expected), rtol, atol, label)
    if _is_number(expected):
        if not _is_number(got) and not (isinstance(got, np.ndarray) and got.shape == ()):
            return Mismatch(f"{label}is {_describe(got)}, expected a number")
        g, e = float(np.real(got)), float(np.real(expected))
        if math.isnan(e) and math.isnan(g):
            return None
        if math.isclose(g, e, rel_tol=rtol, abs_tol=atol):
            return None
        return Mismatch(
            f"{label}is {g:.12g}, expected {e:.12g}",
            [
                *_low_precision(got, expected),
                f"error {abs(g - e):.3g}; tolerance {atol:g} + {rtol:g} * |expected|",
            ],
        )
    if isinstance(expected, tuple | list):
        if not isinstance(got, tuple | list):
            return Mismatch(
                f"{label}is {_describe(got)}, expected a {type(expected).__name__} "
                f"of {plural(len(expected), 'item')}"
            )
        if len(got) != len(expected):
            return Mismatch(f"{label}has {plural(len(got), 'item')}, expected {len(expected)}")
        for i, (g_item, e_item) in enumerate(zip(got, expected, strict=True)):
            mismatch = close(g_item, e_item, rtol, atol, f"{label.strip()}[{i}] ")
            if mismatch:
                return mismatch
        return None
    if got == expected:
        return None
    return Mismatch(f"{label}is {show(got)}, expected {show(expected)}")


def first_divergence(
    got: Any, expected: Trace, rtol: float = 1e-7, atol: float = 1e-9
) -> Mismatch | None:
    """Compares two traces step by step; the first step that differs is the mismatch.

    Returns:
        ``None`` when every step agrees, otherwise a :class:`Mismatch` whose ``step``
        names the first diverging intermediate and whose ``got``/``expected`` are the
        values there.
    """
    if not isinstance(got, Trace):
        return Mismatch(f"your result is {_describe(got)}, expected a trace of the steps")
    for (name, g), (expected_name, e) in zip(got, expected, strict=False):
        if name != expected_name:
            return Mismatch(
                f"your computation did {name!r} where {expected_name!r} was expected next",
                step=expected_name,
            )
        mismatch = close(g, e, rtol, atol, where="the value ")
        if mismatch is not None:
            return Mismatch(
                f"first divergence at {name}; {mismatch.message}",
                mismatch.details,
                step=name,
                got=show(g),
                expected=show(e),
            )
    if len(got) != len(expected):
        missing = [name for name, _ in expected][len(got) :]
        extra = [name for name, _ in got][len(expected) :]
        what = f"stopped before {missing[0]!r}" if missing else f"went on to {extra[0]!r}"
        return Mismatch(
            f"your computation {what}: {plural(len(got), 'step')}, expected {len(expected)}",
            step=missing[0] if missing else extra[0],
        )
    return None


def named_items(
    names: Sequence[str], rtol: float, atol: float, hints: Mapping[str, str] | None = None
) -> Comparator:
    """A comparator for results whose items have names (a tuple of fields, a record).

    The first item that differs is reported by its name ("the result's grad differs
    ..."), followed by its hint if ``hints`` has one for that name.

    Args:
        names: one name per item, in order.
        rtol: relative tolerance.
        atol: absolute tolerance.
        hints: name -> a sentence that says what that item should be.
    """
    hints = hints or {}

    def compare(got: Any, expected: Any) -> Mismatch | None:
        if not isinstance(got, tuple | list) or len(got) != len(names):
            return close(got, expected, rtol, atol)
        for name, g, e in zip(names, got, expected, strict=True):
            mismatch = close(g, e, rtol, atol, where=f"{name} ")
            if mismatch is not None:
                if name in hints:
                    mismatch.details.insert(0, hints[name])
                return mismatch
        return None

    return compare


def close_up_to_sign(
    got: Any, expected: Any, rtol: float, atol: float, axis: int = -1
) -> Mismatch | None:
    """Like :func:`close` for vectors that are only defined up to sign.

    Eigenvectors and principal axes are valid with either sign: each slice along
    ``axis`` of ``got`` may match ``expected`` or ``-expected``.
    """
    g, e = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    if g.shape != e.shape:
        return close(g, e, rtol, atol)
    if g.ndim == 1:
        flipped = -g if float(np.dot(g, e)) < 0 else g
        return close(flipped, e, rtol, atol)
    dots = np.sum(np.moveaxis(g, axis, -1) * np.moveaxis(e, axis, -1), axis=-1)
    signs = np.where(dots < 0, -1.0, 1.0)
    flipped = np.moveaxis(np.moveaxis(g, axis, -1) * signs[..., None], -1, axis)
    return close(flipped, e, rtol, atol)


class Named:
    """A function that prints as its formula, so a failing case shows which one it was.

    ``Named("sin(x)", np.sin)`` calls ``np.sin`` and shows as ``sin(x)`` in the inputs
    of a failure (rather than ``<function <lambda> at 0x...>``).
    """

    def __init__(self, label: str, fn: Callable[..., Any]) -> None:
        self.label = label
        self.fn = fn

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.fn(*args, **kwargs)

    def __repr__(self) -> str:
        return self.label

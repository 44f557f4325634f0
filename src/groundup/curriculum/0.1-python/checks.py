"""Checks for section 0.1, Python and the scientific stack.

Most exercises here are about Python's protocols (operators, decorators, context
managers, indexing, dataclasses), so the checks exercise the learner's object the way
Python itself would (``2 - t``, ``@decorator``, ``with``, ``ds[-1]``) inside a small
``call`` function, and compare plain results (numbers, arrays, names, flags) with the
reference's. Clocks are fake, so timings are exact. The broadcasting exercises receive
arrays that refuse to be walked row by row, so a Python loop is caught by what it does,
not by how it is spelled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import numpy as np

from groundup.testing import Mismatch, Trial, check, close

# -- helpers ------------------------------------------------------------------------------


def _named(t: Trial, names: Sequence[str], hints: dict[str, str] | None = None) -> Any:
    """A comparator for tuples whose items have names: the message says which differs."""
    hints = hints or {}

    def compare(got: Any, expected: Any) -> Mismatch | None:
        for name, g, e in zip(names, got, expected, strict=True):
            mismatch = close(g, e, t.rtol, t.atol, where=f"{name} ")
            if mismatch is not None:
                if name in hints:
                    mismatch.details.insert(0, hints[name])
                return mismatch
        return None

    return compare


class PythonLoop(Exception):
    """Raised when the learner's code walks an array one row or element at a time."""


class _NoLoops(np.ndarray):
    """An array that refuses per-element access: iteration, integer indexing, tolist."""

    def __iter__(self) -> Any:
        raise PythonLoop(
            "your code loops over the rows of an array in Python (`for row in X`); "
            "this exercise asks for broadcasting: whole-array expressions, no loop"
        )

    def __getitem__(self, index: Any) -> Any:
        parts = index if isinstance(index, tuple) else (index,)
        if any(isinstance(p, int | np.integer) for p in parts):
            raise PythonLoop(
                f"your code reads one row or element at a time (X[{index!r}]); this "
                "exercise asks for broadcasting: whole-array expressions, no loop"
            )
        return super().__getitem__(index)

    def tolist(self) -> Any:  # type: ignore[override]
        raise PythonLoop("your code turns the array into a Python list; keep it in NumPy")


def _no_loops(a: np.ndarray) -> np.ndarray:
    return np.asarray(a).view(_NoLoops)


def _plain(x: Any) -> Any:
    """The learner's result as a plain ndarray (a view of our subclass would not compare)."""
    return np.array(x) if isinstance(x, np.ndarray) else x


# -- python.tensor-add --------------------------------------------------------------------

TENSOR_FIELDS = (
    "the type of the result",
    "the result's data",
    "the left operand's data",
    "`out is t`",
)


def _outcome(out: Any, left: Any) -> tuple[Any, ...]:
    is_tensor = type(out).__name__ == "Tensor"
    values = np.array(out.data) if is_tensor else np.asarray(out, dtype=float)
    return (type(out).__name__, values, np.array(left.data), out is left)


def _add(module: ModuleType, a: Any, b: Any, b_is_tensor: bool) -> tuple[Any, ...]:
    t = module.Tensor(a)
    other = module.Tensor(b) if b_is_tensor else b
    return _outcome(t + other, t)


@check("python.tensor-add")
def tensor_add(t: Trial) -> None:
    rng = t.rng
    cmp = _named(
        t,
        TENSOR_FIELDS,
        {
            "the left operand's data": "`t + u` must leave t unchanged and return a new Tensor",
            "`out is t`": "`t + u` must return a new Tensor, not t itself",
        },
    )
    t.compare(
        "Tensor([1, 2, 3]) + Tensor([10, 20, 30])",
        np.array([1.0, 2.0, 3.0]),
        np.array([10.0, 20.0, 30.0]),
        True,
        call=_add,
        compare=cmp,
    )
    t.compare(
        "Tensor of shape (2, 3) + 2.5 (a plain number)",
        rng.normal(size=(2, 3)),
        2.5,
        False,
        call=_add,
        compare=cmp,
    )
    t.compare(
        "Tensor of shape (4,) + 3 (an int)", rng.normal(size=4), 3, False, call=_add, compare=cmp
    )
    t.compare(
        "Tensor (3,) + a NumPy array (3,)",
        rng.normal(size=3),
        rng.normal(size=3),
        False,
        call=_add,
        compare=cmp,
    )
    t.compare(
        "broadcasting: Tensor (3, 1) + Tensor (4,) gives (3, 4)",
        rng.normal(size=(3, 1)),
        rng.normal(size=4),
        True,
        call=_add,
        compare=cmp,
    )
    t.compare(
        "0-d tensors: Tensor(2.0) + Tensor(-0.5)",
        np.array(2.0),
        np.array(-0.5),
        True,
        call=_add,
        compare=cmp,
    )
    t.compare("empty tensors of shape (0,)", np.zeros(0), np.zeros(0), True, call=_add, compare=cmp)
    t.compare(
        "large magnitudes (entries near 1e150)",
        1e150 * rng.normal(size=(2, 2)),
        1e150 * rng.normal(size=(2, 2)),
        True,
        call=_add,
        compare=cmp,
    )
    t.raises(
        "Tensor (3,) + Tensor (4,): shapes that do not broadcast",
        ValueError,
        np.ones(3),
        np.ones(4),
        True,
        call=_add,
        why="when the shapes cannot be broadcast together",
    )


# -- python.tensor-rsub -------------------------------------------------------------------


def _rsub(module: ModuleType, left: Any, b: Any) -> tuple[Any, ...]:
    t = module.Tensor(b)
    return _outcome(left - t, t)


@check("python.tensor-rsub")
def tensor_rsub(t: Trial) -> None:
    rng = t.rng
    fields = (
        "the type of the result",
        "the result's data",
        "the right operand's data",
        "`out is t`",
    )
    cmp = _named(t, fields, {"the result's data": "2 - t is 2 minus each entry of t"})
    t.compare("2.0 - Tensor([1, 2, 3])", 2.0, np.array([1.0, 2.0, 3.0]), call=_rsub, compare=cmp)
    t.compare(
        "10 (an int) - Tensor of shape (2, 2)", 10, rng.normal(size=(2, 2)), call=_rsub, compare=cmp
    )
    t.compare(
        "np.float64(0.5) - Tensor (3,)",
        np.float64(0.5),
        rng.normal(size=3),
        call=_rsub,
        compare=cmp,
    )
    t.compare(
        "a NumPy array (2, 1) - Tensor (3,): broadcasts to (2, 3)",
        rng.normal(size=(2, 1)),
        rng.normal(size=3),
        call=_rsub,
        compare=cmp,
    )
    t.compare("1.0 - Tensor(0.25), a 0-d tensor", 1.0, np.array(0.25), call=_rsub, compare=cmp)
    t.compare(
        "1e300 - Tensor([1e300, -1e300 / 2])",
        1e300,
        np.array([1e300, -5e299]),
        call=_rsub,
        compare=cmp,
    )


# -- python.timed -------------------------------------------------------------------------

TIMED_FIELDS = (
    "the list of results",
    "the list of recorded timings",
    "the wrapper's __name__",
    "the wrapper's __doc__",
    "`wrapper.__wrapped__ is f`",
)


def _fake_clock(ticks: Sequence[float]) -> Callable[[], float]:
    it = iter(ticks)

    def clock() -> float:
        try:
            return float(next(it))
        except StopIteration:
            raise AssertionError("the clock was read more than twice per call") from None

    return clock


def _timed(
    module: ModuleType, ticks: list[float], calls: list[tuple[float, float]], fail_at: int = -1
) -> tuple[Any, ...]:
    timings: dict[str, list[float]] = {}

    def scaled_sum(x: float, y: float = 1.0) -> float:
        """Returns x * y + 1; raises ValueError for x < 0."""
        if x < 0:
            raise ValueError("x must be >= 0")
        return x * y + 1.0

    wrapped = module.timed(timings, clock=_fake_clock(ticks))(scaled_sum)
    results: list[Any] = []
    for i, (x, y) in enumerate(calls):
        if i == fail_at:
            try:
                wrapped(-x, y=y)
                results.append("returned")
            except ValueError:
                results.append("raised ValueError")
        else:
            results.append(wrapped(x, y=y))
    recorded = {k: list(v) for k, v in timings.items()}
    return (
        results,
        recorded.get("scaled_sum", "nothing under 'scaled_sum'"),
        getattr(wrapped, "__name__", None),
        getattr(wrapped, "__doc__", None),
        getattr(wrapped, "__wrapped__", None) is scaled_sum,
    )


def _ticks(rng: np.random.Generator, n: int) -> list[float]:
    """Increasing clock readings with random gaps of 0.5 to 3 seconds."""
    return list(100.0 + np.cumsum(rng.uniform(0.5, 3.0, size=n)))


@check("python.timed")
def timed(t: Trial) -> None:
    rng = t.rng
    cmp = _named(
        t,
        TIMED_FIELDS,
        {
            "the list of recorded timings": "each call appends clock() after minus clock() "
            "before to timings[f.__name__]",
            "the wrapper's __name__": "decorate the wrapper with @functools.wraps(fn)",
            "the wrapper's __doc__": "decorate the wrapper with @functools.wraps(fn)",
        },
    )
    t.compare(
        "one call, clock reads 0.0 then 1.5", [0.0, 1.5], [(2.0, 3.0)], call=_timed, compare=cmp
    )
    t.compare(
        "three calls with random clock readings",
        _ticks(rng, 6),
        [(float(x), float(y)) for x, y in rng.uniform(0, 5, size=(3, 2))],
        call=_timed,
        compare=cmp,
    )
    t.compare(
        "the second of three calls raises ValueError: it is timed too, and the error propagates",
        _ticks(rng, 6),
        [(1.0, 2.0), (3.0, 1.0), (0.5, 4.0)],
        1,
        call=_timed,
        compare=cmp,
    )


# -- python.memoize -----------------------------------------------------------------------

MEMO_FIELDS = (
    "the list of results",
    "the run count per argument ([x, p, runs])",
    "the wrapper's __name__",
)


def _memoize(module: ModuleType, calls: list[tuple[float, int | None]]) -> tuple[Any, ...]:
    runs: dict[tuple[float, int], int] = {}

    def power(x: float, p: int = 2) -> float:
        """x to the power p."""
        runs[(x, p)] = runs.get((x, p), 0) + 1
        return x**p

    cached = module.memoize(power)
    results = [cached(x) if p is None else cached(x, p=p) for x, p in calls]
    counts = [[x, p, n] for (x, p), n in sorted(runs.items())]
    return (results, counts, getattr(cached, "__name__", None))


@check("python.memoize")
def memoize(t: Trial) -> None:
    cmp = _named(
        t,
        MEMO_FIELDS,
        {
            "the run count per argument ([x, p, runs])": "each distinct call must run "
            "the function once; repeats come from the cache",
        },
    )
    t.compare("power(3) twice", [(3.0, None), (3.0, None)], call=_memoize, compare=cmp)
    x = float(t.rng.integers(2, 9))
    t.compare(
        f"power({x}), power({x}, p=3) twice, power(5, p=3): keyword arguments are part of the key",
        [(x, None), (x, 3), (x, 3), (5.0, 3)],
        call=_memoize,
        compare=cmp,
    )
    t.compare(
        "power(0) twice and power(3) twice: a cached 0 is still a cached result",
        [(0.0, None), (0.0, None), (3.0, None), (3.0, None)],
        call=_memoize,
        compare=cmp,
    )
    t.compare(
        "twenty calls over five distinct arguments",
        [(float(v), None) for v in t.rng.integers(-2, 3, size=20)],
        call=_memoize,
        compare=cmp,
    )


# -- python.print-options -----------------------------------------------------------------


class _Boom(Exception):
    """Raised inside the with block by the check."""


def _print_options(
    module: ModuleType, before: int, inside: int, raise_inside: bool
) -> tuple[Any, ...]:
    saved = np.get_printoptions()
    try:
        np.set_printoptions(precision=before, suppress=True)
        seen: Any = None
        outcome = "the block ended normally"
        try:
            with module.print_options(precision=inside):
                options = np.get_printoptions()
                seen = (options["precision"], options["suppress"])
                if raise_inside:
                    raise _Boom("raised inside the with block")
        except _Boom:
            outcome = "the exception propagated"
        else:
            if raise_inside:
                outcome = "the exception was swallowed"
        after = np.get_printoptions()
        return (seen, outcome, (after["precision"], after["suppress"]))
    finally:
        np.set_printoptions(**saved)


@check("python.print-options")
def print_options(t: Trial) -> None:
    fields = (
        "(precision, suppress) inside the block",
        "what happened to the exception",
        "(precision, suppress) after the block",
    )
    cmp = _named(
        t,
        fields,
        {
            "what happened to the exception": "an exception raised in the block must reach "
            "the caller after the options are restored",
            "(precision, suppress) after the block": "afterwards the options must be exactly "
            "what they were before the block",
        },
    )
    t.compare("precision 4 before, 2 inside", 4, 2, False, call=_print_options, compare=cmp)
    before, inside = (int(v) for v in t.rng.choice(np.arange(1, 12), size=2, replace=False))
    t.compare(
        f"precision {before} before, {inside} inside",
        before,
        inside,
        False,
        call=_print_options,
        compare=cmp,
    )
    t.compare(
        f"precision {before} before, {inside} inside, and the block raises",
        before,
        inside,
        True,
        call=_print_options,
        compare=cmp,
    )


# -- python.dataset -----------------------------------------------------------------------


def _transform(scale: float | None) -> Callable[[Any], Any] | None:
    return None if scale is None else (lambda x: x * scale + 1.0)


def _sample(module: ModuleType, X: Any, y: Any, index: int, scale: float | None) -> Any:
    x_i, y_i = module.ArrayDataset(X, y, _transform(scale))[index]
    return (np.asarray(x_i, dtype=float), np.asarray(y_i))


def _sliced(
    module: ModuleType,
    X: Any,
    y: Any,
    start: int | None,
    stop: int | None,
    step: int | None,
    scale: float | None,
) -> Any:
    ds = module.ArrayDataset(X, y, _transform(scale))
    sub = ds[start:stop:step]
    items = [tuple(np.asarray(v, dtype=float) for v in sub[i]) for i in range(len(sub))]
    first = tuple(np.asarray(v, dtype=float) for v in ds[0])
    return (type(sub).__name__, len(sub), items, first)


def _iterated(module: ModuleType, X: Any, y: Any) -> Any:
    # `for x, y in ds` uses __getitem__ with 0, 1, 2, ... until IndexError
    return [np.asarray(x_i, dtype=float) for x_i, _ in module.ArrayDataset(X, y)]


@check("python.dataset")
def dataset(t: Trial) -> None:
    rng = t.rng
    X, y = rng.normal(size=(5, 3)), rng.integers(0, 3, size=5)
    sample = _named(
        t,
        ("the input x", "the target y"),
        {"the input x": "x is transform(X[i]) when there is a transform"},
    )
    t.compare("ds[0], no transform", X, y, 0, None, call=_sample, compare=sample)
    t.compare("ds[-1] is the last sample", X, y, -1, None, call=_sample, compare=sample)
    t.compare("ds[-5] is the first of 5 samples", X, y, -5, None, call=_sample, compare=sample)
    t.compare("ds[2] with transform x -> 2x + 1", X, y, 2, 2.0, call=_sample, compare=sample)
    t.compare(
        "images: ds[1] of X with shape (4, 2, 2), transform x -> 0.5x + 1",
        rng.normal(size=(4, 2, 2)),
        np.arange(4),
        1,
        0.5,
        call=_sample,
        compare=sample,
    )
    sliced = _named(
        t,
        ("the type of ds[1:4]", "len(ds[1:4])", "the list of samples of the slice", "ds[0]"),
        {
            "the list of samples of the slice": "a slice is a dataset over those samples with the "
            "same transform"
        },
    )
    t.compare(
        "ds[1:4] with transform x -> 3x + 1", X, y, 1, 4, None, 3.0, call=_sliced, compare=sliced
    )
    t.compare(
        "ds[::-2], reversed with a step", X, y, None, None, -2, 3.0, call=_sliced, compare=sliced
    )
    t.compare("ds[5:] is empty", X, y, 5, None, None, None, call=_sliced, compare=sliced)
    for index in (5, -6):
        t.raises(
            f"ds[{index}] on 5 samples",
            IndexError,
            X,
            y,
            index,
            None,
            call=_sample,
            why="for an index outside [-len, len)",
        )
    t.compare("`for x, y in ds` visits every sample once", X, y, call=_iterated)


# -- python.windows -----------------------------------------------------------------------


def _window(module: ModuleType, tokens: Any, block_size: int, index: int) -> Any:
    x, y = module.TokenWindows(tokens, block_size)[index]
    return (np.asarray(x), np.asarray(y))


def _all_windows(module: ModuleType, tokens: Any, block_size: int) -> Any:
    # `for x, y in ds` calls ds[0], ds[1], ... until IndexError
    return [(np.asarray(x), np.asarray(y)) for x, y in module.TokenWindows(tokens, block_size)]


@check("python.windows")
def windows(t: Trial) -> None:
    rng = t.rng
    pair = _named(
        t,
        ("the input window x", "the target window y"),
        {"the target window y": "y is x shifted by one token: tokens[i + 1 : i + T + 1]"},
    )
    tokens = rng.integers(0, 50, size=10)
    t.compare("ds[0] of 10 tokens, block_size 4", tokens, 4, 0, call=_window, compare=pair)
    t.compare("ds[3] of 10 tokens, block_size 4", tokens, 4, 3, call=_window, compare=pair)
    t.compare(
        "ds[5], the last of 6 windows (it ends at the last token)",
        tokens,
        4,
        5,
        call=_window,
        compare=pair,
    )
    t.compare("ds[-1] is the last window", tokens, 4, -1, call=_window, compare=pair)
    t.compare("ds[-6] is the first of 6 windows", tokens, 4, -6, call=_window, compare=pair)
    t.compare("block_size 1: single tokens", tokens, 1, 8, call=_window, compare=pair)
    for index in (6, -7):
        t.raises(
            f"ds[{index}] with 6 windows",
            IndexError,
            tokens,
            4,
            index,
            call=_window,
            why="for an index outside [-len, len)",
        )
    t.raises(
        "ds[0] when the text is no longer than block_size (no complete window)",
        IndexError,
        tokens[:4],
        4,
        0,
        call=_window,
        why="when there are no windows",
    )
    t.compare(
        "`for x, y in ds` over 40 tokens with block_size 8",
        rng.integers(0, 100, size=40),
        8,
        call=_all_windows,
    )


# -- python.config ------------------------------------------------------------------------

CONFIG_FIELDS = ("lr", "batch_size", "max_steps", "warmup_steps", "weight_decay", "betas", "seed")


def _config(module: ModuleType, changes: dict[str, Any]) -> tuple[Any, ...]:
    cfg = module.TrainConfig(**changes)
    values = tuple(getattr(cfg, f) for f in CONFIG_FIELDS)
    return (*values, type(cfg.betas).__name__)


def _message(module: ModuleType, changes: dict[str, Any]) -> str:
    try:
        module.TrainConfig(**changes)
    except ValueError as exc:
        return str(exc)
    return ""


INVALID = [
    ({"lr": -0.1}, "lr", "a negative learning rate"),
    ({"lr": 0.0}, "lr", "a learning rate of 0"),
    ({"lr": float("nan")}, "lr", "a learning rate of NaN"),
    ({"batch_size": 0}, "batch_size", "batch_size 0"),
    ({"max_steps": 0}, "max_steps", "max_steps 0"),
    ({"warmup_steps": -1}, "warmup_steps", "warmup_steps -1"),
    ({"max_steps": 100, "warmup_steps": 101}, "warmup_steps", "more warm-up steps than steps"),
    ({"weight_decay": -1e-4}, "weight_decay", "a negative weight_decay"),
    ({"betas": (0.9, 1.0)}, "betas", "beta2 = 1.0"),
    ({"betas": (-0.1, 0.99)}, "betas", "a negative beta1"),
]


@check("python.config")
def config(t: Trial) -> None:
    cmp = _named(
        t,
        (*CONFIG_FIELDS, "the type of betas"),
        {"the type of betas": "betas must be stored as a tuple of floats"},
    )
    t.compare("TrainConfig() with the defaults", {}, call=_config, compare=cmp)
    t.compare(
        "lr=1e-3, batch_size=64, warmup_steps=1000 = max_steps (allowed)",
        {"lr": 1e-3, "batch_size": 64, "warmup_steps": 1000},
        call=_config,
        compare=cmp,
    )
    t.compare(
        "betas=[0.8, 0.99] as a list (as JSON gives it)",
        {"betas": [0.8, 0.99]},
        call=_config,
        compare=cmp,
    )
    t.compare(
        "weight_decay=0.0 and lr=1e-8 are valid",
        {"weight_decay": 0.0, "lr": 1e-8},
        call=_config,
        compare=cmp,
    )
    for changes, field, label in INVALID:
        t.raises(label, ValueError, changes, call=_config, why=f"for an invalid {field}")
    for changes, field, label in INVALID:
        message = t.call(f"the error message for {label}", changes, call=_message)
        t.require(
            field in message,
            f"the error message for {label}",
            f"your ValueError says {message!r}: name the field ({field}) and its value, so "
            "the user knows what to fix",
        )


# -- python.pairwise-sq-dists -------------------------------------------------------------


def _pairwise(module: ModuleType, X: Any, Y: Any) -> Any:
    return _plain(module.pairwise_sq_dists(_no_loops(X), _no_loops(Y)))


@check("python.pairwise-sq-dists")
def pairwise_sq_dists(t: Trial) -> None:
    rng = t.rng
    t.compare(
        "X = [[3]], Y = [[1]]: one point each", np.array([[3.0]]), np.array([[1.0]]), call=_pairwise
    )
    t.compare(
        "3 points and 3 points in 2-D",
        rng.normal(size=(3, 2)),
        rng.normal(size=(3, 2)),
        call=_pairwise,
    )
    t.compare(
        "4 points against 2 points in 3-D",
        rng.normal(size=(4, 3)),
        rng.normal(size=(2, 3)),
        call=_pairwise,
    )
    X = rng.normal(size=(5, 4))
    t.compare("X against itself: the diagonal is 0", X, X, call=_pairwise)
    t.compare(
        "1-D points (d = 1)", rng.normal(size=(6, 1)), rng.normal(size=(3, 1)), call=_pairwise
    )
    t.compare(
        "no points in X: shape (0, 2)", np.zeros((0, 3)), rng.normal(size=(2, 3)), call=_pairwise
    )
    t.compare(
        "large coordinates (scale 1e3) in 8-D",
        1e3 * rng.normal(size=(7, 8)),
        1e3 * rng.normal(size=(5, 8)),
        call=_pairwise,
    )
    t.compare(
        "30 points against 20 points in 5-D",
        rng.normal(size=(30, 5)),
        rng.normal(size=(20, 5)),
        call=_pairwise,
    )


# -- python.standardize -------------------------------------------------------------------


def _standardize(module: ModuleType, X: Any) -> Any:
    return _plain(module.standardize(_no_loops(X)))


@check("python.standardize")
def standardize(t: Trial) -> None:
    rng = t.rng
    t.compare(
        "4 samples of 2 features: [[1, 10], [2, 20], [3, 30], [4, 40]]",
        np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0], [4.0, 40.0]]),
        call=_standardize,
    )
    t.compare(
        "6 samples of 3 features with different scales",
        rng.normal(size=(6, 3)) * [1.0, 10.0, 0.1] + [0.0, 5.0, -2.0],
        call=_standardize,
    )
    t.compare("a single feature (shape (5, 1))", rng.normal(size=(5, 1)), call=_standardize)
    X = rng.normal(size=(5, 3))
    X[:, 1] = 3.0
    t.compare("a constant column (all 3.0): centered, divided by 1", X, call=_standardize)
    t.compare(
        "a single sample: every column is constant", rng.normal(size=(1, 4)), call=_standardize
    )
    t.compare(
        "features offset by 1e6 with spread 1 (a one-pass variance loses everything here)",
        1e6 + rng.normal(size=(50, 2)),
        call=_standardize,
    )
    t.compare(
        "200 samples of 8 features",
        rng.normal(size=(200, 8)) * rng.uniform(0.1, 10, size=8),
        call=_standardize,
    )


# -- python.one-hot -----------------------------------------------------------------------


def _one_hot(module: ModuleType, labels: Any, n_classes: int) -> Any:
    return _plain(module.one_hot(_no_loops(labels), n_classes))


@check("python.one-hot")
def one_hot(t: Trial) -> None:
    rng = t.rng
    t.compare("labels [2, 0, 1], 3 classes", np.array([2, 0, 1]), 3, call=_one_hot)
    t.compare("labels [0], 1 class", np.array([0]), 1, call=_one_hot)
    t.compare(
        "labels [2, 0], 4 classes: class 3 never occurs but keeps its column",
        np.array([2, 0]),
        4,
        call=_one_hot,
    )
    t.compare("labels [1, 1, 1], 2 classes: ties", np.array([1, 1, 1]), 2, call=_one_hot)
    t.compare("30 random labels, 5 classes", rng.integers(0, 5, size=30), 5, call=_one_hot)
    t.compare("no labels: shape (0, 3)", np.zeros(0, dtype=np.int64), 3, call=_one_hot)
    t.raises(
        "label 3 with 3 classes",
        ValueError,
        np.array([0, 3]),
        3,
        call=_one_hot,
        why="for a label outside [0, n_classes)",
    )


# -- python.dashboard ---------------------------------------------------------------------


def _history(rng: np.random.Generator, n: int, every: int) -> dict[str, list[float]]:
    steps = np.arange(1, n + 1) * every
    train = 2.5 * np.exp(-steps / (n * every / 3)) + 0.1 * rng.random(n)
    return {
        "step": steps.astype(float).tolist(),
        "train_loss": train.tolist(),
        "val_loss": (train + 0.2 + 0.1 * rng.random(n)).tolist(),
        "val_acc": np.clip(1 - train / 3 + 0.05 * rng.normal(size=n), 0, 1).tolist(),
        "lr": (3e-4 * np.minimum(1.0, steps / (every * 3))).tolist(),
        "grad_norm": np.abs(rng.normal(1.0, 0.5, size=n)).tolist(),
    }


def _summary(fig: Any) -> tuple[Any, ...]:
    """What a reader sees in the figure: panels, titles, curves, histogram totals."""
    panels = []
    for i, ax in enumerate(fig.axes):
        lines = []
        for line in ax.get_lines():
            label = line.get_label() if i == 0 else ""
            x = np.asarray(line.get_xdata(), dtype=float)
            y = np.asarray(line.get_ydata(), dtype=float)
            lines.append((label, x, y))
        bars = [p for p in ax.patches if hasattr(p, "get_height")]
        if bars:
            hist = (
                float(sum(p.get_height() for p in bars)),
                float(min(p.get_x() for p in bars)),
                float(max(p.get_x() + p.get_width() for p in bars)),
            )
        else:
            hist = (0.0, 0.0, 0.0)
        panels.append((ax.get_title(), bool(ax.get_xlabel()), lines, hist))
    return (len(fig.axes), panels)


def _dashboard(module: ModuleType, history: dict[str, list[float]]) -> tuple[Any, ...]:
    return _summary(module.metrics_dashboard(history))


def _dashboard_compare(t: Trial) -> Any:
    def compare(got: Any, expected: Any) -> Mismatch | None:
        if got[0] != expected[0]:
            return Mismatch(
                f"your figure has {got[0]} axes, expected {expected[0]}: a 2x2 grid, "
                "fig.subplots(2, 2)"
            )
        for k, (g_panel, e_panel) in enumerate(zip(got[1], expected[1], strict=True)):
            title, (g_title, g_xlabel, g_lines, g_hist) = e_panel[0], g_panel
            if g_title != title:
                return Mismatch(
                    f"panel {k} (fig.axes[{k}]) has title {g_title!r}, expected {title!r}",
                    ["panels in reading order: loss, accuracy, learning rate, gradient norm"],
                )
            if not g_xlabel:
                return Mismatch(f"panel {title!r} has no x-axis label: ax.set_xlabel(...)")
            if len(g_lines) != len(e_panel[2]):
                return Mismatch(
                    f"panel {title!r} has {len(g_lines)} lines, expected {len(e_panel[2])}"
                )
            for j, (g_line, e_line) in enumerate(zip(g_lines, e_panel[2], strict=True)):
                for part, g, e in zip(("label", "x data", "y data"), g_line, e_line, strict=True):
                    where = f"panel {title!r}, line {j}: the {part} "
                    mismatch = close(g, e, t.rtol, t.atol, where=where)
                    if mismatch is not None:
                        return mismatch
            where = f"panel {title!r}: the histogram's (total count, left edge, right edge) "
            mismatch = close(g_hist, e_panel[3], t.rtol, t.atol, where=where)
            if mismatch is not None:
                return mismatch
        return None

    return compare


@check("python.dashboard")
def dashboard(t: Trial) -> None:
    cmp = _dashboard_compare(t)
    t.compare(
        "5 logged steps, every 10 steps", _history(t.rng, 5, 10), call=_dashboard, compare=cmp
    )
    t.compare("a single logged step", _history(t.rng, 1, 100), call=_dashboard, compare=cmp)
    t.compare(
        "200 logged steps, every 25 steps", _history(t.rng, 200, 25), call=_dashboard, compare=cmp
    )


# -- python.preprocess --------------------------------------------------------------------


def _table(rng: np.random.Generator, n: int) -> Any:
    import pandas as pd

    age = rng.normal(40, 12, size=n).round()
    income = rng.lognormal(10, 0.5, size=n)
    age[rng.random(n) < 0.2] = np.nan
    income[rng.random(n) < 0.2] = np.nan
    colour = rng.choice(np.array(["red", "green", "blue"], dtype=object), size=n)
    colour[rng.random(n) < 0.1] = None
    return pd.DataFrame(
        {"id": np.arange(n), "age": age, "colour": colour, "income": income},
        index=[f"r{i}" for i in range(n)],
    )


def _rare_categories(rng: np.random.Generator, n: int, seed: int) -> Any:
    """A table where one colour occurs only in training rows and one only in test rows."""
    df = _table(rng, n)
    perm = np.random.default_rng(seed).permutation(n)
    n_test = int(np.ceil(0.25 * n))
    df.iloc[perm[n_test], df.columns.get_loc("colour")] = "violet"  # a training row
    df.iloc[perm[0], df.columns.get_loc("colour")] = "orange"  # a test row
    return df


def _preprocess(
    module: ModuleType,
    df: Any,
    numeric: list[str],
    categorical: list[str],
    test_size: float,
    seed: int,
) -> tuple[Any, ...]:
    train, test = module.preprocess(df, numeric, categorical, test_size=test_size, seed=seed)
    return (
        [str(c) for c in train.columns],
        [str(c) for c in test.columns],
        [str(i) for i in train.index],
        [str(i) for i in test.index],
        train.to_numpy(dtype=float),
        test.to_numpy(dtype=float),
    )


PREPROCESS_FIELDS = (
    "the list of training columns",
    "the list of test columns",
    "the list of training rows (index labels)",
    "the list of test rows (index labels)",
    "the training table",
    "the test table",
)


@check("python.preprocess")
def preprocess(t: Trial) -> None:
    rng = t.rng
    cmp = _named(
        t,
        PREPROCESS_FIELDS,
        {
            "the training table": "statistics (median, mean, population std) come from the "
            "training rows only",
            "the test table": "the test rows are transformed with the training statistics",
            "the list of test columns": "test columns are the training categories, even if a "
            "category is absent from test",
        },
    )
    df = _table(rng, 12)
    first = t.call(
        "the same seed twice gives the same split", df, ["age"], [], 0.25, 3, call=_preprocess
    )
    second = t.call(
        "the same seed twice gives the same split", df, ["age"], [], 0.25, 3, call=_preprocess
    )
    t.require(
        first[2] == second[2],
        "the same seed twice gives the same split",
        "two calls with seed=3 split the rows differently: seed the permutation "
        "(np.random.default_rng(seed)) so that a run can be repeated",
        mistake="unseeded-split",
    )
    t.compare(
        "12 rows, numeric column 'age' only",
        df,
        ["age"],
        [],
        0.25,
        3,
        call=_preprocess,
        compare=cmp,
    )
    t.compare(
        "20 rows, 'age' and 'income' with missing values, 'colour'",
        _table(rng, 20),
        ["age", "income"],
        ["colour"],
        0.25,
        0,
        call=_preprocess,
        compare=cmp,
    )
    t.compare(
        "a colour seen only in training ('violet') and one seen only in test ('orange')",
        _rare_categories(rng, 16, 5),
        ["income"],
        ["colour"],
        0.25,
        5,
        call=_preprocess,
        compare=cmp,
    )
    t.compare(
        "60 rows, test_size 0.3",
        _table(rng, 60),
        ["income", "age"],
        ["colour"],
        0.3,
        11,
        call=_preprocess,
        compare=cmp,
    )

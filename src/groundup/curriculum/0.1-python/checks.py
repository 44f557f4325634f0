"""Checks for section 0.1, Python and the scientific stack.

Each exercise is a table of cases, simple to hard, and one loop over it. A small
``call`` function uses the learner's object the way Python would (``2 - t``,
``@decorator``, ``with``, ``ds[-1]``) and returns plain results (numbers, arrays, names,
flags), compared item by item with the reference's. The decorators and the dashboard
return a :class:`~groundup.testing.Trace`, call by call and panel by panel, so a failure
names the first call or panel that differs. Clocks are fake, so timings are exact. The
broadcasting exercises receive arrays that refuse to be walked row by row, so a Python
loop is caught by what it does, not by how it is spelled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any, NamedTuple

import numpy as np

from groundup.testing import Case, Trace, Trial, check, named_items, run_cases
from groundup.testing.table import cases

# -- helpers ------------------------------------------------------------------------------


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

    def tolist(self) -> Any:
        raise PythonLoop("your code turns the array into a Python list; keep it in NumPy")


def _no_loops(a: np.ndarray) -> np.ndarray:
    return np.asarray(a).view(_NoLoops)


def _plain(x: Any) -> Any:
    """The learner's result as a plain ndarray (a view of our subclass would not compare)."""
    return np.array(x) if isinstance(x, np.ndarray) else x


# -- python.tensor-add and python.tensor-rsub ---------------------------------------------


TENSOR_FIELDS = ("the type of the result", "the result's data", "t's data afterwards", "`out is t`")


def _outcome(out: Any, t: Any) -> tuple[Any, ...]:
    """What `out = t + u` (or `u - t`) leaves behind, item by item as TENSOR_FIELDS names."""
    is_tensor = type(out).__name__ == "Tensor"
    values = np.array(out.data) if is_tensor else np.asarray(out, dtype=float)
    return (type(out).__name__, values, np.array(t.data), out is t)


def _add(module: ModuleType, a: Any, b: Any, _b_as_tensor: bool) -> tuple[Any, ...]:
    t = module.Tensor(a)
    other = module.Tensor(b) if _b_as_tensor else b
    return _outcome(t + other, t)


def _rsub(module: ModuleType, left: Any, b: Any) -> tuple[Any, ...]:
    t = module.Tensor(b)
    return _outcome(left - t, t)


TENSOR_ADD = [
    Case(
        "Tensor([1, 2, 3]) + Tensor([10, 20, 30])",
        (np.array([1.0, 2.0, 3.0]), np.array([10.0, 20.0, 30.0]), True),
    ),
    Case(
        "Tensor of shape (2, 3) + 2.5 (a plain number)",
        lambda r: (r.normal(size=(2, 3)), 2.5, False),
    ),
    Case("Tensor of shape (4,) + 3 (an int)", lambda r: (r.normal(size=4), 3, False)),
    Case("Tensor (3,) + a NumPy array (3,)", lambda r: (r.normal(size=3), r.normal(size=3), False)),
    Case(
        "broadcasting: Tensor (3, 1) + Tensor (4,) gives (3, 4)",
        lambda r: (r.normal(size=(3, 1)), r.normal(size=4), True),
    ),
    Case("0-d tensors: Tensor(2.0) + Tensor(-0.5)", (np.array(2.0), np.array(-0.5), True)),
    Case("empty tensors of shape (0,)", (np.zeros(0), np.zeros(0), True)),
    Case(
        "large magnitudes (entries near 1e150)",
        lambda r: (1e150 * r.normal(size=(2, 2)), 1e150 * r.normal(size=(2, 2)), True),
    ),
    Case(
        "Tensor (3,) + Tensor (4,): shapes that do not broadcast",
        (np.ones(3), np.ones(4), True),
        raises=ValueError,
        why="when the shapes cannot be broadcast together",
    ),
]


@check("python.tensor-add")
def tensor_add(t: Trial) -> None:
    hints = {
        "t's data afterwards": "`t + u` must leave t unchanged and return a new Tensor",
        "`out is t`": "`t + u` must return a new Tensor, not t itself",
    }
    compare = named_items(TENSOR_FIELDS, t.rtol, t.atol, hints)
    run_cases(t, TENSOR_ADD, call=_add, compare=compare)


TENSOR_RSUB = [
    Case("2.0 - Tensor([1, 2, 3])", (2.0, np.array([1.0, 2.0, 3.0]))),
    Case("10 (an int) - Tensor of shape (2, 2)", lambda r: (10, r.normal(size=(2, 2)))),
    Case("np.float64(0.5) - Tensor (3,)", lambda r: (np.float64(0.5), r.normal(size=3))),
    Case(
        "a NumPy array (2, 1) - Tensor (3,): broadcasts to (2, 3)",
        lambda r: (r.normal(size=(2, 1)), r.normal(size=3)),
    ),
    Case("1.0 - Tensor(0.25), a 0-d tensor", (1.0, np.array(0.25))),
    Case("1e300 - Tensor([1e300, -1e300 / 2])", (1e300, np.array([1e300, -5e299]))),
]


@check("python.tensor-rsub")
def tensor_rsub(t: Trial) -> None:
    hints = {"the result's data": "2 - t is 2 minus each entry of t"}
    compare = named_items(TENSOR_FIELDS, t.rtol, t.atol, hints)
    run_cases(t, TENSOR_RSUB, call=_rsub, compare=compare)


# -- python.timed -------------------------------------------------------------------------


def _fake_clock(ticks: Sequence[float]) -> Callable[[], float]:
    it = iter(ticks)

    def clock() -> float:
        try:
            return float(next(it))
        except StopIteration:
            raise AssertionError("the clock was read more than twice per call") from None

    return clock


def _timed(
    module: ModuleType, ticks: list[float], calls: list[tuple[float, float]], fail_at: int = 0
) -> Trace:
    """Times a function with the learner's ``timed``; call number ``fail_at`` (from 1) raises."""
    timings: dict[str, list[float]] = {}

    def scaled_sum(x: float, y: float = 1.0) -> float:
        """Returns x * y + 1; raises ValueError for x < 0."""
        if x < 0:
            raise ValueError("x must be >= 0")
        return x * y + 1.0

    wrapped = module.timed(timings, clock=_fake_clock(ticks))(scaled_sum)
    trace = Trace()
    for k, (x, y) in enumerate(calls, start=1):
        if k == fail_at:
            try:
                wrapped(-x, y=y)
                result: Any = "returned"
            except ValueError:
                result = "raised ValueError"
        else:
            result = wrapped(x, y=y)
        trace.record(f"call {k}: the result", result)
        trace.record(
            f"call {k}: timings['scaled_sum'] afterwards",
            timings.get("scaled_sum", "nothing under 'scaled_sum'"),
        )
    for attribute in ("__name__", "__doc__"):  # functools.wraps copies them from f
        trace.record(f"wrapper.{attribute} (functools.wraps)", getattr(wrapped, attribute, None))
    trace.record("`wrapper.__wrapped__ is f`", getattr(wrapped, "__wrapped__", None) is scaled_sum)
    return trace


def _ticks(rng: np.random.Generator, n: int) -> list[float]:
    """Increasing clock readings with random gaps of 0.5 to 3 seconds."""
    return list(100.0 + np.cumsum(rng.uniform(0.5, 3.0, size=n)))


TIMED = [
    Case("one call, clock reads 0.0 then 1.5", ([0.0, 1.5], [(2.0, 3.0)])),
    Case(
        "three calls with random clock readings",
        lambda r: (_ticks(r, 6), [(float(x), float(y)) for x, y in r.uniform(0, 5, size=(3, 2))]),
    ),
    Case(
        "the second of three calls raises ValueError: it is timed too, and the error propagates",
        lambda r: (_ticks(r, 6), [(1.0, 2.0), (3.0, 1.0), (0.5, 4.0)], 2),
    ),
]
timed = cases("python.timed", TIMED, call=_timed)


# -- python.memoize -----------------------------------------------------------------------


def _memoize(module: ModuleType, calls: list[tuple[float, int | None]]) -> Trace:
    """Calls the learner's memoized ``power`` in turn; records each result and whether it ran."""
    runs = [0]

    def power(x: float, p: int = 2) -> float:
        """x to the power p."""
        runs[0] += 1
        return x**p

    cached = module.memoize(power)
    trace = Trace()
    for k, (x, p) in enumerate(calls, start=1):
        before = runs[0]
        result = cached(x) if p is None else cached(x, p=p)
        shown = f"power({x})" if p is None else f"power({x}, p={p})"
        trace.record(f"call {k}, {shown}: the result", result)
        trace.record(f"call {k}, {shown}: ran power (not the cache)", runs[0] > before)
    trace.record("the wrapper's __name__", getattr(cached, "__name__", None))
    return trace


def _keyword_calls(rng: np.random.Generator) -> tuple[list[tuple[float, int | None]]]:
    """power(x), power(x, p=3) twice and power(5, p=3), for a random x from 2 to 8."""
    x = float(rng.integers(2, 9))
    return ([(x, None), (x, 3), (x, 3), (5.0, 3)],)


MEMOIZE = [
    Case("power(3) twice", ([(3.0, None), (3.0, None)],)),
    Case(
        "power(x), power(x, p=3) twice, power(5, p=3): keyword arguments are part of the key",
        _keyword_calls,
    ),
    Case(
        "power(0) twice and power(3) twice: a cached 0 is still a cached result",
        ([(0.0, None), (0.0, None), (3.0, None), (3.0, None)],),
    ),
    Case(
        "twenty calls over five distinct arguments",
        lambda r: ([(float(v), None) for v in r.integers(-2, 3, size=20)],),
    ),
]
memoize = cases("python.memoize", MEMOIZE, call=_memoize)


# -- python.print-options -----------------------------------------------------------------


class _Boom(Exception):
    """Raised inside the with block by the check."""


def _print_options(
    module: ModuleType, before: int, inside: int, raise_inside: bool
) -> tuple[Any, ...]:
    saved = np.get_printoptions()
    try:
        np.set_printoptions(precision=before, suppress=True)
        seen: Any = (None, None)  # (precision, suppress) inside the block
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
        return (*seen, outcome, after["precision"], after["suppress"])
    finally:
        np.set_printoptions(**saved)


def _two_precisions(rng: np.random.Generator) -> list[int]:
    """Two different precisions between 1 and 11."""
    return [int(v) for v in rng.choice(np.arange(1, 12), size=2, replace=False)]


PRINT_OPTIONS = [
    Case("precision 4 before, 2 inside", (4, 2, False)),
    Case("random precisions before and inside", lambda r: (*_two_precisions(r), False)),
    Case(
        "random precisions before and inside, and the block raises",
        lambda r: (*_two_precisions(r), True),
    ),
]


@check("python.print-options")
def print_options(t: Trial) -> None:
    after = "afterwards the options must be exactly what they were before the block"
    names = (
        "precision inside the block",
        "suppress inside the block",
        "what happened to the exception",
        "precision after the block",
        "suppress after the block",
    )
    hints = {
        "what happened to the exception": "an exception raised in the block must reach "
        "the caller after the options are restored",
        "precision after the block": after,
        "suppress after the block": after,
    }
    compare = named_items(names, t.rtol, t.atol, hints)
    run_cases(t, PRINT_OPTIONS, call=_print_options, compare=compare)


# -- python.dataset -----------------------------------------------------------------------


def _transform(scale: float | None) -> Callable[[Any], Any] | None:
    return None if scale is None else (lambda x: x * scale + 1.0)


def _sample(module: ModuleType, X: Any, y: Any, index: int, scale: float | None) -> Any:
    x_i, y_i = module.ArrayDataset(X, y, _transform(scale))[index]
    return (np.asarray(x_i, dtype=float), np.asarray(y_i))


def _sliced(module: ModuleType, X: Any, y: Any, index: slice, scale: float | None) -> Any:
    ds = module.ArrayDataset(X, y, _transform(scale))
    sub = ds[index]
    items = [tuple(np.asarray(v, dtype=float) for v in sub[i]) for i in range(len(sub))]
    first = tuple(np.asarray(v, dtype=float) for v in ds[0])
    return (type(sub).__name__, len(sub), items, first)


def _iterated(module: ModuleType, X: Any, y: Any) -> Any:
    # `for x, y in ds` uses __getitem__ with 0, 1, 2, ... until IndexError
    return [np.asarray(x_i, dtype=float) for x_i, _ in module.ArrayDataset(X, y)]


def _five(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """X of shape (5, 3) and integer targets y of shape (5,)."""
    return rng.normal(size=(5, 3)), rng.integers(0, 3, size=5)


DATASET_SAMPLES = [
    Case("ds[0], no transform", lambda r: (*_five(r), 0, None)),
    Case("ds[-1] is the last sample", lambda r: (*_five(r), -1, None)),
    Case("ds[-5] is the first of 5 samples", lambda r: (*_five(r), -5, None)),
    Case("ds[2] with transform x -> 2x + 1", lambda r: (*_five(r), 2, 2.0)),
    Case(
        "images: ds[1] of X with shape (4, 2, 2), transform x -> 0.5x + 1",
        lambda r: (r.normal(size=(4, 2, 2)), np.arange(4), 1, 0.5),
    ),
    Case(
        "ds[5] on 5 samples",
        lambda r: (*_five(r), 5, None),
        raises=IndexError,
        why="for an index outside [-len, len)",
    ),
    Case(
        "ds[-6] on 5 samples",
        lambda r: (*_five(r), -6, None),
        raises=IndexError,
        why="for an index outside [-len, len)",
    ),
    Case(
        "ds[2**63] on 5 samples: too large for NumPy's own index check",
        lambda r: (*_five(r), 2**63, None),
        raises=IndexError,
        why="for an index outside [-len, len)",
    ),
]
DATASET_SLICES = [
    Case("ds[1:4] with transform x -> 3x + 1", lambda r: (*_five(r), slice(1, 4), 3.0)),
    Case("ds[::-2], reversed with a step", lambda r: (*_five(r), slice(None, None, -2), 3.0)),
    Case("ds[5:] is empty", lambda r: (*_five(r), slice(5, None), None)),
]
DATASET_ITERATION = [Case("`for x, y in ds` visits every sample once", _five)]


@check("python.dataset")
def dataset(t: Trial) -> None:
    sample = named_items(
        ("the input x", "the target y"),
        t.rtol,
        t.atol,
        {"the input x": "x is transform(X[i]) when there is a transform"},
    )
    sliced = named_items(
        ("type(ds[index])", "len(ds[index])", "list(ds[index])", "ds[0]"),
        t.rtol,
        t.atol,
        {"list(ds[index])": "a slice is a dataset over those samples, same transform"},
    )
    run_cases(t, DATASET_SAMPLES, call=_sample, compare=sample)
    run_cases(t, DATASET_SLICES, call=_sliced, compare=sliced)
    run_cases(t, DATASET_ITERATION, call=_iterated)


# -- python.windows -----------------------------------------------------------------------


def _window(module: ModuleType, tokens: Any, block_size: int, index: int) -> Any:
    x, y = module.TokenWindows(tokens, block_size)[index]
    return (np.asarray(x), np.asarray(y))


def _all_windows(module: ModuleType, tokens: Any, block_size: int) -> Any:
    # `for x, y in ds` calls ds[0], ds[1], ... until IndexError
    return [(np.asarray(x), np.asarray(y)) for x, y in module.TokenWindows(tokens, block_size)]


def _tokens(rng: np.random.Generator) -> np.ndarray:
    """10 tokens: 6 windows of block_size 4."""
    return rng.integers(0, 50, size=10)


WINDOWS = [
    Case("ds[0] of 10 tokens, block_size 4", lambda r: (_tokens(r), 4, 0)),
    Case("ds[3] of 10 tokens, block_size 4", lambda r: (_tokens(r), 4, 3)),
    Case("ds[5], the last of 6 windows: it ends at the last token", lambda r: (_tokens(r), 4, 5)),
    Case("ds[-1] is the last window", lambda r: (_tokens(r), 4, -1)),
    Case("ds[-6] is the first of 6 windows", lambda r: (_tokens(r), 4, -6)),
    Case("block_size 1: single tokens", lambda r: (_tokens(r), 1, 8)),
    Case(
        "ds[6] with 6 windows",
        lambda r: (_tokens(r), 4, 6),
        raises=IndexError,
        why="for an index outside [-len, len)",
    ),
    Case(
        "ds[-7] with 6 windows",
        lambda r: (_tokens(r), 4, -7),
        raises=IndexError,
        why="for an index outside [-len, len)",
    ),
    Case(
        "ds[0] when the text is no longer than block_size (no complete window)",
        lambda r: (_tokens(r)[:4], 4, 0),
        raises=IndexError,
        why="when there are no windows",
    ),
]
WINDOWS_ITERATION = [
    Case(
        "`for x, y in ds` over 40 tokens with block_size 8",
        lambda r: (r.integers(0, 100, size=40), 8),
    )
]


@check("python.windows")
def windows(t: Trial) -> None:
    pair = named_items(
        ("the input window x", "the target window y"),
        t.rtol,
        t.atol,
        {"the target window y": "y is x shifted by one token: tokens[i + 1 : i + T + 1]"},
    )
    run_cases(t, WINDOWS, call=_window, compare=pair)
    run_cases(t, WINDOWS_ITERATION, call=_all_windows)


# -- python.config ------------------------------------------------------------------------

CONFIG_FIELDS = ("lr", "batch_size", "max_steps", "warmup_steps", "weight_decay", "betas", "seed")


def _config(module: ModuleType, **changes: Any) -> tuple[Any, ...]:
    cfg = module.TrainConfig(**changes)
    values = tuple(getattr(cfg, f) for f in CONFIG_FIELDS)
    return (*values, type(cfg.betas).__name__)


def _message(module: ModuleType, **changes: Any) -> str:
    try:
        module.TrainConfig(**changes)
    except ValueError as exc:
        return str(exc)
    return ""


class Invalid(NamedTuple):
    """A config that must be rejected, and the field its error message must name."""

    label: str
    field: str
    changes: dict[str, Any]


INVALID = [
    Invalid("a negative learning rate", "lr", {"lr": -0.1}),
    Invalid("a learning rate of 0", "lr", {"lr": 0.0}),
    Invalid("a learning rate of NaN", "lr", {"lr": float("nan")}),
    Invalid("batch_size 0", "batch_size", {"batch_size": 0}),
    Invalid("max_steps 0", "max_steps", {"max_steps": 0}),
    Invalid("warmup_steps -1", "warmup_steps", {"warmup_steps": -1}),
    Invalid(
        "more warm-up steps than steps", "warmup_steps", {"max_steps": 100, "warmup_steps": 101}
    ),
    Invalid("a negative weight_decay", "weight_decay", {"weight_decay": -1e-4}),
    Invalid("beta2 = 1.0", "betas", {"betas": (0.9, 1.0)}),
    Invalid("a negative beta1", "betas", {"betas": (-0.1, 0.99)}),
]
CONFIG = [
    Case("TrainConfig() with the defaults"),
    Case(
        "lr=1e-3, batch_size=64, warmup_steps=1000 = max_steps (allowed)",
        kwargs={"lr": 1e-3, "batch_size": 64, "warmup_steps": 1000},
    ),
    Case("betas=[0.8, 0.99] as a list (as JSON gives it)", kwargs={"betas": [0.8, 0.99]}),
    Case("weight_decay=0.0 and lr=1e-8 are valid", kwargs={"weight_decay": 0.0, "lr": 1e-8}),
    Case(
        "batch_size=1 and max_steps=1, the smallest valid values",
        kwargs={"batch_size": 1, "max_steps": 1},
    ),
    *(
        Case(v.label, kwargs=v.changes, raises=ValueError, why=f"for an invalid {v.field}")
        for v in INVALID
    ),
]


@check("python.config")
def config(t: Trial) -> None:
    compare = named_items(
        (*CONFIG_FIELDS, "the type of betas"),
        t.rtol,
        t.atol,
        {"the type of betas": "betas must be stored as a tuple of floats"},
    )
    run_cases(t, CONFIG, call=_config, compare=compare)
    for v in INVALID:
        label = f"the error message for {v.label}"
        message = t.call(label, call=_message, **v.changes)
        t.require(
            v.field in message,
            label,
            f"your ValueError says {message!r}: name the field ({v.field}) and its value, so "
            "the user knows what to fix",
        )


# -- python.pairwise-sq-dists, python.standardize, python.one-hot -------------------------


def _pairwise(module: ModuleType, X: Any, Y: Any) -> Any:
    return _plain(module.pairwise_sq_dists(_no_loops(X), _no_loops(Y)))


def _standardize(module: ModuleType, X: Any) -> Any:
    return _plain(module.standardize(_no_loops(X)))


def _one_hot(module: ModuleType, labels: Any, n_classes: int) -> Any:
    return _plain(module.one_hot(_no_loops(labels), n_classes))


def _with_itself(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    X = rng.normal(size=(5, 4))
    return X, X


def _constant_column(rng: np.random.Generator) -> tuple[np.ndarray]:
    X = rng.normal(size=(5, 3))
    X[:, 1] = 3.0
    return (X,)


PAIRWISE_SQ_DISTS = [
    Case("X = [[3]], Y = [[1]]: one point each", (np.array([[3.0]]), np.array([[1.0]]))),
    Case("3 points and 3 points in 2-D", lambda r: (r.normal(size=(3, 2)), r.normal(size=(3, 2)))),
    Case(
        "4 points against 2 points in 3-D",
        lambda r: (r.normal(size=(4, 3)), r.normal(size=(2, 3))),
    ),
    Case("X against itself: the diagonal is 0", _with_itself),
    Case("1-D points (d = 1)", lambda r: (r.normal(size=(6, 1)), r.normal(size=(3, 1)))),
    Case("no points in X: shape (0, 3)", lambda r: (np.zeros((0, 3)), r.normal(size=(2, 3)))),
    Case(
        "large coordinates (scale 1e3) in 8-D",
        lambda r: (1e3 * r.normal(size=(7, 8)), 1e3 * r.normal(size=(5, 8))),
    ),
    Case(
        "30 points against 20 points in 5-D",
        lambda r: (r.normal(size=(30, 5)), r.normal(size=(20, 5))),
    ),
]
pairwise_sq_dists = cases("python.pairwise-sq-dists", PAIRWISE_SQ_DISTS, call=_pairwise)

STANDARDIZE = [
    Case(
        "4 samples of 2 features: [[1, 10], [2, 20], [3, 30], [4, 40]]",
        (np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0], [4.0, 40.0]]),),
    ),
    Case(
        "6 samples of 3 features with different scales",
        lambda r: (r.normal(size=(6, 3)) * [1.0, 10.0, 0.1] + [0.0, 5.0, -2.0],),
    ),
    Case("a single feature (shape (5, 1))", lambda r: (r.normal(size=(5, 1)),)),
    Case("a constant column (all 3.0): centered, divided by 1", _constant_column),
    Case("a single sample: every column is constant", lambda r: (r.normal(size=(1, 4)),)),
    Case(
        "features offset by 1e6 with spread 1 (a one-pass variance loses everything here)",
        lambda r: (1e6 + r.normal(size=(50, 2)),),
    ),
    Case(
        "200 samples of 8 features",
        lambda r: (r.normal(size=(200, 8)) * r.uniform(0.1, 10, size=8),),
    ),
]
standardize = cases("python.standardize", STANDARDIZE, call=_standardize)

ONE_HOT = [
    Case("labels [2, 0, 1], 3 classes", (np.array([2, 0, 1]), 3)),
    Case("labels [0], 1 class", (np.array([0]), 1)),
    Case(
        "labels [2, 0], 4 classes: class 3 never occurs but keeps its column",
        (np.array([2, 0]), 4),
    ),
    Case("labels [1, 1, 1], 2 classes: ties", (np.array([1, 1, 1]), 2)),
    Case("30 random labels, 5 classes", lambda r: (r.integers(0, 5, size=30), 5)),
    Case("no labels: shape (0, 3)", (np.zeros(0, dtype=np.int64), 3)),
    Case(
        "label 3 with 3 classes",
        (np.array([0, 3]), 3),
        raises=ValueError,
        why="for a label outside [0, n_classes)",
    ),
]
one_hot = cases("python.one-hot", ONE_HOT, call=_one_hot)


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


def _histogram(ax: Any) -> tuple[float, float, float]:
    """A histogram's total count and its left and right edges; zeros when there is none."""
    bars = [p for p in ax.patches if hasattr(p, "get_height")]
    if not bars:
        return (0.0, 0.0, 0.0)
    return (
        float(sum(p.get_height() for p in bars)),
        float(min(p.get_x() for p in bars)),
        float(max(p.get_x() + p.get_width() for p in bars)),
    )


def _dashboard(module: ModuleType, history: dict[str, list[float]]) -> Trace:
    """What a reader sees in the figure, panel by panel: titles, curves, histogram totals."""
    fig = module.metrics_dashboard(history)
    trace = Trace()
    trace.record("the number of panels (a 2x2 grid: fig.subplots(2, 2))", len(fig.axes))
    for k, ax in enumerate(fig.axes):
        panel = f"fig.axes[{k}]"
        trace.record(f"{panel}'s title", ax.get_title())
        trace.record(f"{panel} has an x-axis label (ax.set_xlabel)", bool(ax.get_xlabel()))
        lines = ax.get_lines()
        trace.record(f"{panel}'s number of lines", len(lines))
        if k == 0:  # the labels of the two loss curves show only in a legend
            trace.record(f"{panel} has a legend (ax.legend())", ax.get_legend() is not None)
        for j, line in enumerate(lines):
            if k == 0:  # the loss panel's legend names its two curves
                trace.record(f"{panel}, line {j}: the label", line.get_label())
            for axis, data in (("x", line.get_xdata()), ("y", line.get_ydata())):
                trace.record(f"{panel}, line {j}: the {axis} data", np.asarray(data, dtype=float))
        trace.record(f"{panel}'s histogram (total count, left edge, right edge)", _histogram(ax))
    return trace


DASHBOARD = [
    Case("5 logged steps, every 10 steps", lambda r: (_history(r, 5, 10),)),
    Case("a single logged step", lambda r: (_history(r, 1, 100),)),
    Case("200 logged steps, every 25 steps", lambda r: (_history(r, 200, 25),)),
]
dashboard = cases("python.dashboard", DASHBOARD, call=_dashboard)


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


def _flat_and_narrow(rng: np.random.Generator, n: int) -> Any:
    """The table with a constant column 'flag' (std 0) and a narrow one 'height' (std 0.1)."""
    df = _table(rng, n)
    df["flag"] = 1.0
    df["height"] = rng.normal(1.7, 0.1, size=n)
    return df


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


PREPROCESS = [
    Case("12 rows, numeric column 'age' only", lambda r: (_table(r, 12), ["age"], [], 0.25, 3)),
    Case(
        "20 rows, 'age' and 'income' with missing values, 'colour'",
        lambda r: (_table(r, 20), ["age", "income"], ["colour"], 0.25, 0),
    ),
    Case(
        "a colour seen only in training ('violet') and one seen only in test ('orange')",
        lambda r: (_rare_categories(r, 16, 5), ["income"], ["colour"], 0.25, 5),
    ),
    Case(
        "60 rows, test_size 0.3",
        lambda r: (_table(r, 60), ["income", "age"], ["colour"], 0.3, 11),
    ),
    Case(
        "a constant column 'flag' (std 0: centered only) and 'height' with std about 0.1",
        lambda r: (_flat_and_narrow(r, 20), ["height", "flag"], ["colour"], 0.25, 2),
    ),
]


@check("python.preprocess")
def preprocess(t: Trial) -> None:
    label = "the same seed twice gives the same split"
    df = _table(t.rng, 12)
    first, second = (t.call(label, df, ["age"], [], 0.25, 3, call=_preprocess) for _ in range(2))
    t.require(
        first[2] == second[2],
        label,
        "two calls with seed=3 split the rows differently: seed the permutation "
        "(np.random.default_rng(seed)) so that a run can be repeated",
        mistake="unseeded-split",
    )
    names = (
        "the list of training columns",
        "the list of test columns",
        "the list of training rows (index labels)",
        "the list of test rows (index labels)",
        "the training table",
        "the test table",
    )
    hints = {
        "the training table": "statistics (median, mean, population std) come from the "
        "training rows only",
        "the test table": "the test rows are transformed with the training statistics",
        "the list of test columns": "test columns are the training categories, even if a "
        "category is absent from test",
    }
    run_cases(t, PREPROCESS, call=_preprocess, compare=named_items(names, t.rtol, t.atol, hints))

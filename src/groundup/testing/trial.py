"""What a check is made of: a :class:`Trial` runs the learner's code and the reference
on the same inputs and fails with a learner-facing :class:`Failure`.

A check is a plain function registered with :func:`check`::

    @check("linalg.matmul-loops")
    def matmul_loops(t: Trial) -> None:
        A, B = t.rng.normal(size=(3, 4)), t.rng.normal(size=(4, 2))
        t.compare("3x4 @ 4x2", A, B)

``t.compare`` calls ``call(module, *args)`` once with the learner's module and once with
the reference module (by default ``call`` calls the exercise's target symbol), on fresh
copies of the inputs, and compares the results. When they differ it raises
:class:`CheckFailed` carrying a :class:`Replay`, so that the checker can run each known
mistake on the same inputs and tell the learner which one their code behaves like.
"""

from __future__ import annotations

import copy
import inspect
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

from groundup.testing.compare import Comparator, Mismatch, close, show
from groundup.testing.failure import unwritten_exercise
from groundup.testing.result import Failure, Verdict

CheckFn = Callable[["Trial"], None]
Call = Callable[..., Any]


def check(exercise_id: str) -> Callable[[CheckFn], CheckFn]:
    """Registers a function as (one of) the checks of ``exercise_id``."""

    def register(fn: CheckFn) -> CheckFn:
        fn.__groundup_exercise__ = exercise_id  # type: ignore[attr-defined]
        return fn

    return register


@dataclass
class Replay:
    """What is needed to run a known mistake on the failing input and compare.

    Attributes:
        call: how the case called the code, ``call(module, *args, **kwargs)``.
        args: the case's positional inputs, as they were before the learner's call.
        kwargs: its keyword inputs.
        got: the learner's result.
        raised: the type of the exception the learner's code raised, if it did.
        same: ``same(got, mistake's result) -> Mismatch | None``.
        changed: when the failure is that the learner's code changed an input in
            place, that input's position: a mistake matches if it changes it too.
    """

    call: Call
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    got: Any
    raised: type[BaseException] | None
    same: Comparator
    changed: int | None = None


class CheckFailed(Exception):
    """Raised inside a check when the learner's code fails a case."""

    def __init__(self, failure: Failure, replay: Replay | None = None) -> None:
        super().__init__(failure.message)
        self.failure = failure
        self.replay = replay


class LearnerRaised(Exception):
    """The learner's code raised; carries the original exception."""

    def __init__(self, exc: BaseException) -> None:
        super().__init__(repr(exc))
        self.exc = exc


def resolve(module: ModuleType, qualname: str) -> Any:
    """Looks up a dotted name (``"PCA.fit"``) inside a module."""
    obj: Any = module
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def learner_traceback(exc: BaseException, learner_root: str) -> str:
    """The frames of a traceback that are in the learner's files, most recent last."""
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(learner_root)
    ]
    lines = traceback.format_list(frames) if frames else []
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines).rstrip()


def runs_unwritten(other: str) -> str:
    """The sentence for a check that ran the learner's stub of another exercise.

    The checker adds how to use the reference instead, naming what made the check use
    the learner's own code (the --mine-only flag or the groundup.toml setting).
    """
    return (
        f"this exercise runs your {other}, which is not written yet: write it first "
        f"(`groundup show {other}`)"
    )


def explain_exception(exc: BaseException, exercise_id: str) -> str:
    """One sentence for an exception raised by learner code."""
    other = unwritten_exercise(exc)
    if other is not None and other != exercise_id:
        return runs_unwritten(other)
    if isinstance(exc, NotImplementedError):
        return f"{exercise_id} is not written yet: replace the `raise NotImplementedError` line"
    if isinstance(exc, SystemExit):
        return f"your code called sys.exit({exc.code!r}); return a value instead"
    if isinstance(exc, MemoryError):
        return "your code ran out of memory: look for an array or list that grows without bound"
    if isinstance(exc, RecursionError):
        return (
            "your code recursed too deeply (Python stops at about 1000 nested calls): "
            "a recursion that never reaches its base case, or a graph deeper than that"
        )
    return f"your code raised {type(exc).__name__}: {exc}"


def same_array(before: np.ndarray, after: Any) -> bool:
    """Whether an input array is unchanged (NaN equals NaN; any dtype, strings too)."""
    numeric = before.dtype.kind in "fc"
    return bool(np.array_equal(before, after, equal_nan=numeric))


class Trial:
    """One run of an exercise's checks against one implementation.

    Attributes:
        exercise_id: the exercise being checked.
        mine: the learner's module (or a known mistake's, in the content gate).
        ref: the reference module.
        target: the qualified name of the exercise's symbol in those modules.
        rtol: relative tolerance from the manifest.
        atol: absolute tolerance from the manifest.
        rng: a generator seeded for this run (the seed is reported with the result).
        cases: how many cases have passed so far.
        learner_running: True while the learner's code runs (the checker's tripwire on
            the reference target reads it, to notice learner code calling the solution).
    """

    def __init__(
        self,
        exercise_id: str,
        mine: ModuleType,
        ref: ModuleType,
        target: str,
        rtol: float,
        atol: float,
        seed: int,
        learner_root: str = "",
    ) -> None:
        self.exercise_id = exercise_id
        self.mine = mine
        self.ref = ref
        self.target = target
        self.rtol = rtol
        self.atol = atol
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.cases = 0
        self.learner_running = False
        self._learner_root = learner_root
        self.on_case: Callable[[str], None] | None = None  # told each case label, for timeouts

    # -- running code -------------------------------------------------------------------

    def _target_call(self, module: ModuleType, *args: Any, **kwargs: Any) -> Any:
        return resolve(module, self.target)(*args, **kwargs)

    def _names(self, call: Call | None, n_args: int) -> list[str]:
        try:
            if call is None:
                params = list(inspect.signature(resolve(self.ref, self.target)).parameters)
            else:
                params = list(inspect.signature(call).parameters)[1:]
        except (TypeError, ValueError):
            params = []
        params = [p for p in params if p not in ("self", "args", "kwargs")]
        return [params[i] if i < len(params) else f"arg{i}" for i in range(n_args)]

    def _inputs(
        self, call: Call | None, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> dict[str, str]:
        """The inputs a learner reads: argument name -> printable value.

        A ``call``'s parameter whose name starts with ``_`` is the check's own set-up
        (how the case is built, which its label already says): it is not shown.
        """
        shown = {name: show(a) for name, a in zip(self._names(call, len(args)), args, strict=True)}
        shown.update({k: show(v) for k, v in kwargs.items()})
        return {name: value for name, value in shown.items() if not name.startswith("_")}

    def _run(
        self, module: ModuleType, call: Call | None, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        fn = call or self._target_call
        return fn(module, *copy.deepcopy(args), **copy.deepcopy(kwargs))

    def run_learner(
        self,
        label: str,
        call: Call | None,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        step: str | None = None,
    ) -> Any:
        """Calls the learner's code; turns an exception into a :class:`CheckFailed`."""
        pristine = copy.deepcopy(args)
        if self.on_case:
            self.on_case(label)
        try:
            got = self._run_in_place(self.mine, call, args, kwargs)
        except LearnerRaised as raised:
            exc = raised.exc
            replay = None
            if not isinstance(exc, NotImplementedError):
                replay = Replay(
                    call or self._target_call, args, kwargs, None, type(exc), self._default_same
                )
            raise CheckFailed(
                Failure(
                    label,
                    explain_exception(exc, self.exercise_id),
                    inputs=self._inputs(call, args, kwargs),
                    traceback=learner_traceback(exc, self._learner_root),
                    step=step,
                    kind=Verdict.ERROR,
                ),
                replay,
            ) from None
        names = self._names(call, len(args))
        for i, (name, before, after) in enumerate(zip(names, pristine, args, strict=True)):
            if isinstance(before, np.ndarray) and not same_array(before, after):
                raise CheckFailed(
                    Failure(
                        label,
                        f"your code changed its input `{name}` in place; work on a copy "
                        f"(for example `{name} = {name}.copy()`) so the caller's data stays intact",
                        inputs=self._inputs(call, pristine, kwargs),
                        step=step,
                    ),
                    Replay(
                        call or self._target_call,
                        pristine,
                        kwargs,
                        got,
                        None,
                        self._default_same,
                        changed=i,
                    ),
                )
        return got

    def _run_in_place(
        self, module: ModuleType, call: Call | None, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        # Learner code sees the real argument objects so that in-place changes show up.
        fn = call or self._target_call
        self.learner_running = True
        try:
            return fn(module, *args, **kwargs)
        except (Exception, SystemExit) as exc:
            raise LearnerRaised(exc) from exc
        finally:
            self.learner_running = False

    def _default_same(self, got: Any, expected: Any) -> Mismatch | None:
        return close(got, expected, self.rtol, self.atol)

    # -- what checks call ---------------------------------------------------------------

    def compare(
        self,
        label: str,
        *args: Any,
        call: Call | None = None,
        compare: Comparator | None = None,
        same: Comparator | None = None,
        step: str | None = None,
        **kwargs: Any,
    ) -> Any:
        """Runs learner and reference on copies of the inputs and compares the results.

        Args:
            label: names the case for the learner ("singular 3x3 matrix").
            *args: positional inputs; each implementation gets a deep copy.
            call: ``call(module, *args, **kwargs)``; defaults to calling the target.
            compare: ``compare(got, expected) -> Mismatch | None``; defaults to
                :func:`close` with the manifest's tolerances.
            same: how to tell that the learner behaves like a known mistake, given the
                learner's result and a mistake's; defaults to :func:`close` with the
                manifest's tolerance (not to ``compare``, which may check properties of
                ``got`` and ignore the second argument).
            step: the sub-step this case checks, for multi-step exercises.
            **kwargs: keyword inputs.

        Returns:
            The learner's result.
        """
        expected = self._run(self.ref, call, args, kwargs)
        work_args = copy.deepcopy(args)
        got = self.run_learner(label, call, work_args, copy.deepcopy(kwargs), step)
        comparator = compare or self._default_same
        mismatch = comparator(got, expected)
        if mismatch is not None:
            raise CheckFailed(
                Failure(
                    label,
                    mismatch.message,
                    inputs=self._inputs(call, args, kwargs),
                    expected=mismatch.expected or show(expected),
                    got=mismatch.got or show(got),
                    details=mismatch.details,
                    step=mismatch.step or step,
                    mistake=mismatch.mistake,
                ),
                Replay(
                    call or self._target_call, args, kwargs, got, None, same or self._default_same
                ),
            )
        self.cases += 1
        return got

    def raises(
        self,
        label: str,
        exception: type[BaseException] | tuple[type[BaseException], ...],
        *args: Any,
        call: Call | None = None,
        why: str = "",
        **kwargs: Any,
    ) -> None:
        """Requires the learner's code to raise ``exception`` on these inputs."""
        names = (exception,) if isinstance(exception, type) else exception
        wanted = " or ".join(e.__name__ for e in names)
        fn = call or self._target_call
        if self.on_case:
            self.on_case(label)
        try:
            got = self._run_in_place(self.mine, fn, copy.deepcopy(args), copy.deepcopy(kwargs))
        except LearnerRaised as raised:
            exc = raised.exc
            if isinstance(exc, names):
                self.cases += 1
                return
            if isinstance(exc, NotImplementedError):
                raise CheckFailed(
                    Failure(label, explain_exception(exc, self.exercise_id), kind=Verdict.ERROR)
                ) from None
            raise CheckFailed(
                Failure(
                    label,
                    f"expected {wanted}{' ' + why if why else ''}, but your code "
                    f"raised {type(exc).__name__}: {exc}",
                    inputs=self._inputs(call, args, kwargs),
                    traceback=learner_traceback(exc, self._learner_root),
                ),
                Replay(fn, args, kwargs, None, type(exc), self._default_same),
            ) from None
        raise CheckFailed(
            Failure(
                label,
                f"expected {wanted}{' ' + why if why else ''}, but your code returned a result",
                inputs=self._inputs(call, args, kwargs),
                got=show(got),
            ),
            Replay(fn, args, kwargs, got, None, self._default_same),
        )

    def call(self, label: str, *args: Any, call: Call | None = None, **kwargs: Any) -> Any:
        """Runs only the learner's code (for checks of properties rather than values)."""
        got = self.run_learner(label, call, copy.deepcopy(args), copy.deepcopy(kwargs))
        return got

    def require(
        self,
        ok: bool,
        label: str,
        message: str,
        *,
        got: Any = None,
        expected: Any = None,
        mistake: str | None = None,
        details: list[str] | None = None,
    ) -> None:
        """Fails with ``message`` unless ``ok``; ``mistake`` names a known mistake outright."""
        if ok:
            self.cases += 1
            return
        raise CheckFailed(
            Failure(
                label,
                message,
                got=None if got is None else show(got),
                expected=None if expected is None else show(expected),
                details=details or [],
                mistake=mistake,
            )
        )

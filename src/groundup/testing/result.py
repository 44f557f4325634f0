"""The verdict on one check run, as one typed protocol: :class:`Verdict`, :class:`Failure`
and :class:`Result`.

The checker's child process builds a :class:`Result` and writes ``result.to_json()``; the
checker reads it back with :meth:`Result.from_json`; rendering, the content gate and the
progress store read the same types. Verdicts are string-valued, so JSON output and the
progress database hold the same words they always did ("passed", "failed", ...).

Kept free of NumPy so that the command line can read results without importing it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any


class Verdict(StrEnum):
    """How a check run ended.

    A failure's own ``kind`` is ``FAILED`` (a wrong answer) or ``ERROR`` (the code raised
    or could not load); the checker adds ``TIMEOUT`` and ``CRASHED`` for runs that never
    produced a result.
    """

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    TIMEOUT = "timeout"
    CRASHED = "crashed"


@dataclass
class Failure:
    """A learner-facing account of the first thing that went wrong.

    Attributes:
        label: the case that failed ("singular 3x3 matrix").
        message: one sentence saying what is wrong.
        inputs: argument name -> printable value.
        expected: printable expected value, if there is one.
        got: printable learner value, if there is one.
        details: shapes, dtypes, the largest error and where.
        traceback: the learner's own frames, when their code raised.
        step: the first diverging sub-step of a multi-step exercise.
        mistake: id of the known mistake the code behaves like.
        mistake_message: what to fix for that mistake.
        kind: ``Verdict.FAILED`` (a wrong answer) or ``Verdict.ERROR`` (the code raised
            or could not load).
    """

    label: str
    message: str
    inputs: dict[str, str] = field(default_factory=dict)
    expected: str | None = None
    got: str | None = None
    details: list[str] = field(default_factory=list)
    traceback: str | None = None
    step: str | None = None
    mistake: str | None = None
    mistake_message: str | None = None
    kind: Verdict = Verdict.FAILED

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready data (the verdict as its string)."""
        data = asdict(self)
        data["kind"] = Verdict(self.kind).value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Failure:
        """The failure :meth:`to_json` wrote.

        Raises:
            ValueError: for an unknown kind or field.
        """
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"a failure has no field(s) {sorted(unknown)}")
        return cls(**{**data, "kind": Verdict(data.get("kind", Verdict.FAILED))})


@dataclass
class Result:
    """The verdict on one exercise and everything the learner needs to act on it.

    Attributes:
        exercise: the exercise id.
        verdict: how the run ended.
        cases: how many check cases passed before the verdict.
        seed: the random seed of this run (``groundup check ID --seed N`` repeats it).
        failure: the first failure, if any.
        reference_for: prerequisites whose reference code stood in for the learner's
            (every unpassed prerequisite the check could reach).
        reference_used: those of ``reference_for`` whose reference code the check
            actually called; the only ones a learner is told about.
        flagged: set when the learner's code used the reference solution.
        duration_ms: wall time of the whole check, child process included.
        output: the last lines the learner's code printed.
    """

    exercise: str
    verdict: Verdict
    cases: int = 0
    seed: int = 0
    failure: Failure | None = None
    reference_for: list[str] = field(default_factory=list)
    reference_used: list[str] = field(default_factory=list)
    flagged: str | None = None
    duration_ms: int = 0
    output: str = ""

    @property
    def passed(self) -> bool:
        return self.verdict == Verdict.PASSED

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready data; :meth:`from_json` reads it back unchanged."""
        data = asdict(self)
        data["verdict"] = Verdict(self.verdict).value
        data["failure"] = None if self.failure is None else self.failure.to_json()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Result:
        """The result :meth:`to_json` wrote.

        Raises:
            KeyError: when the exercise or the verdict is missing.
            ValueError: for an unknown verdict or field.
        """
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"a result has no field(s) {sorted(unknown)}")
        failure = data.get("failure")
        return cls(
            **{
                **data,
                "verdict": Verdict(data["verdict"]),
                "failure": None if failure is None else Failure.from_json(failure),
                "reference_for": list(data.get("reference_for", [])),
                "reference_used": list(data.get("reference_used", [])),
            }
        )

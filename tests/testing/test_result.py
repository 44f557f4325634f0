"""The check-run protocol: every verdict and a full failure survive JSON unchanged."""

import json
import subprocess
import sys

import pytest

from groundup.testing.result import Failure, Result, Verdict


def full_failure() -> Failure:
    return Failure(
        "a singular 3x3 matrix",
        "your result differs from the expected one",
        inputs={"A": "[[1, 2], [3, 4]]", "b": "[1, 2]"},
        expected="[1.0, 0.0]",
        got="[0.0, 1.0]",
        details=["shape (2,) as expected", "largest error 1.0 at [0]"],
        traceback='  File "mine/math/matrices.py", line 3\nZeroDivisionError: division by zero',
        step="forward",
        mistake="transposed-b",
        mistake_message="You used B[j, p] instead of B[p, j].",
        kind=Verdict.ERROR,
    )


@pytest.mark.parametrize("verdict", list(Verdict))
def test_every_verdict_round_trips_through_json(verdict: Verdict) -> None:
    result = Result(
        "linalg.solve",
        verdict,
        cases=3,
        seed=123,
        failure=None if verdict is Verdict.PASSED else full_failure(),
        reference_for=["linalg.lu"],
        flagged="your code calls groundup's own solve",
        duration_ms=321,
        output="printed\nlines",
    )
    text = json.dumps(result.to_json())
    back = Result.from_json(json.loads(text))
    assert back == result
    assert type(back.verdict) is Verdict and back.passed == (verdict is Verdict.PASSED)
    assert json.loads(text)["verdict"] == verdict.value  # the same words as before


def test_a_full_failure_round_trips_with_its_kind_typed() -> None:
    failure = full_failure()
    back = Failure.from_json(json.loads(json.dumps(failure.to_json())))
    assert back == failure and type(back.kind) is Verdict


def test_verdicts_keep_the_strings_the_progress_store_holds() -> None:
    assert [v.value for v in Verdict] == ["passed", "failed", "error", "timeout", "crashed"]
    assert Verdict("timeout") is Verdict.TIMEOUT and f"{Verdict.CRASHED}" == "crashed"


def test_unknown_verdicts_and_fields_are_refused() -> None:
    with pytest.raises(ValueError):
        Result.from_json({"exercise": "a.x", "verdict": "maybe"})
    with pytest.raises(ValueError):
        Result.from_json({"exercise": "a.x", "verdict": "passed", "score": 1})


def test_reading_results_does_not_import_numpy() -> None:
    code = "import sys, groundup.testing.result; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

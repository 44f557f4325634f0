"""The checker's isolation and verdicts, on the real exercise linalg.matmul-loops."""

from pathlib import Path

import pytest

from conftest import MATMUL_LOOPS_CORRECT, write_region
from groundup.course.catalog import Catalog
from groundup.course.checker import check_exercise
from groundup.course.progress import Progress
from groundup.course.workspace import Workspace, reference_region
from groundup.testing.result import Result, Verdict

EX = "linalg.matmul-loops"


def run(
    ws: Workspace, catalog: Catalog, body: str | None, exercise: str = EX, **kwargs: object
) -> Result:
    if body is not None:
        write_region(ws, catalog, exercise, body)
    with Progress(ws.db_path) as progress:
        return check_exercise(ws, catalog, catalog.exercises[exercise], progress, **kwargs)  # type: ignore[arg-type]


def set_limits(ws: Workspace, timeout_s: float = 10, memory_mb: int = 2048) -> None:
    (ws.root / "groundup.toml").write_text(
        f"[checker]\ntimeout_s = {timeout_s}\nmemory_mb = {memory_mb}\n"
    )


def test_the_stub_fails_saying_it_is_not_written(ws: Workspace, catalog: Catalog) -> None:
    res = run(ws, catalog, None)
    assert res.verdict is Verdict.ERROR and res.failure is not None
    assert "not written yet" in res.failure.message


def test_a_correct_answer_passes_and_is_recorded(ws: Workspace, catalog: Catalog) -> None:
    res = run(ws, catalog, MATMUL_LOOPS_CORRECT)
    assert res.passed and res.cases > 0 and res.failure is None
    with Progress(ws.db_path) as p:
        assert p.passed_ids() == {EX}


def test_returning_nothing_is_not_a_pass(ws: Workspace, catalog: Catalog) -> None:
    res = run(ws, catalog, "return None")
    assert res.verdict is Verdict.FAILED and "NoneType" in res.failure.message  # type: ignore[union-attr]


def test_a_known_mistake_is_named(ws: Workspace, catalog: Catalog) -> None:
    mistake = catalog.exercises[EX].mistakes[0]
    res = run(ws, catalog, mistake.body)
    assert res.verdict is Verdict.FAILED and res.failure is not None
    assert res.failure.mistake == mistake.id
    assert res.failure.mistake_message == mistake.message
    assert res.failure.inputs and res.failure.expected and res.failure.got


def test_an_infinite_loop_times_out_and_names_the_case(ws: Workspace, catalog: Catalog) -> None:
    set_limits(ws, timeout_s=3)
    res = run(ws, catalog, "while True:\n    pass")
    assert res.verdict is Verdict.TIMEOUT and res.failure is not None
    assert "did not finish within 3 s" in res.failure.message
    assert res.failure.label != "loading your code"  # the case it was stuck on
    assert res.duration_ms < 8000


def test_printing_forever_is_stopped_and_its_tail_shown(ws: Workspace, catalog: Catalog) -> None:
    set_limits(ws, timeout_s=2)
    res = run(ws, catalog, "while True:\n    print('still going')")
    # the time limit or the 256 MB output cap
    assert res.verdict in (Verdict.TIMEOUT, Verdict.CRASHED)
    assert "still going" in res.output and len(res.output) < 20_000


@pytest.mark.parametrize(
    "body",
    [
        "big = np.ones((200000, 200000))\nreturn big",
        "hoard = []\nwhile True:\n    hoard.append(np.ones(10**7))",
    ],
)
def test_too_much_memory_is_a_clear_verdict(ws: Workspace, catalog: Catalog, body: str) -> None:
    set_limits(ws, memory_mb=1024)
    res = run(ws, catalog, body)
    assert res.verdict is Verdict.ERROR and res.failure is not None
    assert "ran out of memory" in res.failure.message


def test_a_hard_crash_is_reported(ws: Workspace, catalog: Catalog) -> None:
    res = run(ws, catalog, "import ctypes\nctypes.string_at(0)")
    assert res.verdict is Verdict.CRASHED and "SIGSEGV" in res.failure.message  # type: ignore[union-attr]


def test_sys_exit_in_learner_code_is_a_failure_not_an_exit(ws: Workspace, catalog: Catalog) -> None:
    res = run(ws, catalog, "import sys\nsys.exit(3)")
    assert res.verdict is Verdict.ERROR and "sys.exit(3)" in res.failure.message  # type: ignore[union-attr]


def test_os_exit_is_reported(ws: Workspace, catalog: Catalog) -> None:
    res = run(ws, catalog, "import os\nos._exit(7)")
    assert res.verdict is Verdict.CRASHED and "code 7" in res.failure.message  # type: ignore[union-attr]


def test_a_syntax_error_names_the_line(ws: Workspace, catalog: Catalog) -> None:
    res = run(ws, catalog, "return (")
    assert res.verdict is Verdict.ERROR and "syntax error" in res.failure.message  # type: ignore[union-attr]
    assert "line" in res.failure.message  # type: ignore[union-attr]


def test_an_exception_shows_the_learners_own_frame(ws: Workspace, catalog: Catalog) -> None:
    res = run(ws, catalog, "x = A[0, 0]\nreturn x / 0 + B.nope")
    assert res.verdict is Verdict.ERROR and res.failure is not None
    assert "raised" in res.failure.message
    assert "matrices.py" in (res.failure.traceback or "")


def test_importing_the_reference_solution_is_flagged(ws: Workspace, catalog: Catalog) -> None:
    res = run(
        ws,
        catalog,
        "from groundup.math.matrices import matmul_loops as theirs\nreturn theirs(A, B)",
    )
    assert not res.passed and res.flagged and "groundup's own" in res.flagged


def test_calling_the_reference_solution_at_run_time_is_flagged(
    ws: Workspace, catalog: Catalog
) -> None:
    body = "from groundup.math import matrices\nreturn matrices.matmul_loops(A, B)"
    res = run(ws, catalog, body)
    assert not res.passed and res.flagged and "calls groundup's own" in res.flagged


def test_forbidden_shortcuts_are_refused(ws: Workspace, catalog: Catalog) -> None:
    res = run(ws, catalog, "return A @ B")
    assert not res.passed and "without the @ operator" in res.failure.message  # type: ignore[union-attr]


def test_changing_an_input_in_place_is_caught(ws: Workspace, catalog: Catalog) -> None:
    body = "A[...] = 0.0\n" + MATMUL_LOOPS_CORRECT.replace("A[i, p]", "1.0")
    res = run(ws, catalog, body)
    assert not res.passed and "changed its input `A`" in res.failure.message  # type: ignore[union-attr]


def test_printed_output_is_shown(ws: Workspace, catalog: Catalog) -> None:
    res = run(ws, catalog, "print('debugging here')\nreturn None")
    assert "debugging here" in res.output


def test_unpassed_prerequisites_come_from_the_reference(ws: Workspace, catalog: Catalog) -> None:
    dependent = next(e for e in catalog.ordered() if EX in e.prerequisites)
    res = run(ws, catalog, None, exercise=dependent.id)
    assert EX in res.reference_for
    assert run(ws, catalog, None, exercise=dependent.id, mine_only=True).reference_for == []
    run(ws, catalog, MATMUL_LOOPS_CORRECT)  # pass the prerequisite: now the learner's is used
    assert EX not in run(ws, catalog, None, exercise=dependent.id).reference_for


def test_same_seed_same_inputs(ws: Workspace, catalog: Catalog, tmp_path: Path) -> None:
    mistake = catalog.exercises[EX].mistakes[0]
    a = run(ws, catalog, mistake.body, seed=123)
    b = run(ws, catalog, None, seed=123)
    assert a.seed == b.seed == 123
    assert a.failure is not None and b.failure is not None
    assert a.failure.inputs == b.failure.inputs


def test_mine_only_names_the_unwritten_prerequisite(ws: Workspace, catalog: Catalog) -> None:
    # perceptron-fit calls update(): with --mine-only the learner's stub of update runs.
    fit = catalog.exercises["neural.perceptron-fit"]
    stub = run(ws, catalog, None, exercise=fit.id)
    assert stub.failure is not None
    assert stub.failure.message.startswith("neural.perceptron-fit is not written yet")
    res = run(ws, catalog, reference_region(fit), exercise=fit.id, mine_only=True)
    assert not res.passed and res.failure is not None
    assert "runs your neural.perceptron-update, which is not written yet" in res.failure.message

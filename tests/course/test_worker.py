"""The warm worker of watch mode: each check is still a fresh child under its limits."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest

from conftest import MATMUL_LOOPS_CORRECT, write_region
from groundup.course.catalog import Catalog
from groundup.course.checker import check_exercise, warm_worker
from groundup.course.progress import Progress
from groundup.course.worker import WarmWorker
from groundup.course.workspace import Workspace
from groundup.testing.result import Result, Verdict

EX = "linalg.matmul-loops"


@pytest.fixture(scope="module")
def worker() -> Iterator[WarmWorker]:
    with warm_worker() as w:
        yield w


def run(ws: Workspace, catalog: Catalog, body: str, worker: WarmWorker | None) -> Result:
    write_region(ws, catalog, EX, body)
    with Progress(ws.db_path) as progress:
        return check_exercise(ws, catalog, catalog.exercises[EX], progress, worker=worker)


def set_limits(ws: Workspace, timeout_s: float = 10, memory_mb: int = 2048) -> None:
    (ws.root / "groundup.toml").write_text(
        f"[checker]\ntimeout_s = {timeout_s}\nmemory_mb = {memory_mb}\n"
    )


def test_two_checks_in_a_row_see_the_changed_file(
    ws: Workspace, catalog: Catalog, worker: WarmWorker
) -> None:
    first = run(ws, catalog, "return None", worker)
    assert first.verdict is Verdict.FAILED
    second = run(ws, catalog, MATMUL_LOOPS_CORRECT, worker)
    assert second.passed and second.cases > 0
    third = run(ws, catalog, "return None", worker)
    assert third.verdict is Verdict.FAILED and not worker.dead


def test_a_one_character_save_within_the_same_second_is_seen(
    ws: Workspace, catalog: Catalog, worker: WarmWorker
) -> None:
    assert run(ws, catalog, MATMUL_LOOPS_CORRECT, worker).passed
    path = ws.file_of(catalog.exercises[EX])
    stamp = path.stat()
    text = path.read_text()
    path.write_text(text.replace("+=", "-=", 1))  # same size
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # same modification time
    with Progress(ws.db_path) as progress:
        res = check_exercise(ws, catalog, catalog.exercises[EX], progress, worker=worker)
    assert res.verdict is Verdict.FAILED


def test_an_infinite_loop_is_stopped_by_the_time_limit(
    ws: Workspace, catalog: Catalog, worker: WarmWorker
) -> None:
    set_limits(ws, timeout_s=2)
    res = run(ws, catalog, "while True:\n    pass", worker)
    assert res.verdict is Verdict.TIMEOUT and res.failure is not None
    assert "did not finish within 2 s" in res.failure.message
    assert res.failure.label != "loading your code"  # the case it was stuck on
    assert res.duration_ms < 6000
    assert run(ws, catalog, MATMUL_LOOPS_CORRECT, worker).passed  # the worker carries on


def test_a_huge_allocation_is_a_memory_error(
    ws: Workspace, catalog: Catalog, worker: WarmWorker
) -> None:
    set_limits(ws, memory_mb=1024)
    res = run(ws, catalog, "big = np.ones((200000, 200000))\nreturn big", worker)
    assert res.verdict is Verdict.ERROR and res.failure is not None
    assert "ran out of memory" in res.failure.message


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("import os\nos._exit(7)", "code 7"),
        ("import ctypes\nctypes.string_at(0)", "SIGSEGV"),
        ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "SIGKILL"),
    ],
    ids=["os-exit", "segfault", "sigkill"],
)
def test_a_crash_is_a_clear_verdict(
    ws: Workspace, catalog: Catalog, worker: WarmWorker, body: str, says: str
) -> None:
    res = run(ws, catalog, body, worker)
    assert res.verdict is Verdict.CRASHED and res.failure is not None
    assert says in res.failure.message
    assert not worker.dead


def test_printed_output_comes_back(ws: Workspace, catalog: Catalog, worker: WarmWorker) -> None:
    res = run(ws, catalog, "print('debugging here')\nreturn None", worker)
    assert "debugging here" in res.output


@pytest.mark.parametrize("warm", [True, False], ids=["warm-worker", "new-process"])
def test_the_child_has_a_processor_time_backstop(
    ws: Workspace, catalog: Catalog, worker: WarmWorker, warm: bool
) -> None:
    """Should the parent that enforces the time limit be gone, the kernel ends the child."""
    set_limits(ws, timeout_s=3)
    body = "import resource\nprint('cpu', resource.getrlimit(resource.RLIMIT_CPU))\nreturn None"
    res = run(ws, catalog, body, worker if warm else None)
    assert "cpu (8, 9)" in res.output  # 3 s and a margin of 5 s


def test_a_dead_worker_falls_back_to_a_new_process(ws: Workspace, catalog: Catalog) -> None:
    with warm_worker() as w:
        assert run(ws, catalog, MATMUL_LOOPS_CORRECT, w).passed
        assert w._proc is not None
        os.killpg(w._proc.pid, signal.SIGKILL)
        w._proc.wait()
        res = run(ws, catalog, "return None", w)
        assert res.verdict is Verdict.FAILED and res.failure is not None  # a real verdict
        assert w.dead
        assert run(ws, catalog, MATMUL_LOOPS_CORRECT, w).passed

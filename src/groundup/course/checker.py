"""Checks an exercise: the learner's code runs in a child process under limits.

:func:`check_exercise` decides where each prerequisite comes from (the learner's code if
they passed it, the reference otherwise), starts :mod:`groundup.course.sandbox` with a
time and a memory limit (a new Python process, or a child forked by a warm worker in
watch mode), and turns whatever happens (a result, a timeout, a crash, an early exit)
into a :class:`Result`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from groundup.course.catalog import Catalog, Exercise, exercise_to_json
from groundup.course.limits import child_env
from groundup.course.progress import UNKNOWN_CODE, Progress
from groundup.course.roadmap import passing
from groundup.course.worker import ChildExit, WarmWorker
from groundup.course.workspace import Workspace
from groundup.testing.result import Failure, Result, Verdict


def _tail(text: str, lines: int = 12) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _read_tail(path: Path, max_bytes: int = 16_384) -> str:
    """The end of a file that may be huge, decoded leniently."""
    with path.open("rb") as f:
        f.seek(0, os.SEEK_END)
        f.seek(max(0, f.tell() - max_bytes))
        return f.read().decode("utf-8", errors="replace")


@contextlib.contextmanager
def warm_worker() -> Iterator[WarmWorker]:
    """A warm worker for a series of checks (watch mode), stopped when the block ends."""
    worker = WarmWorker(child_env())
    worker.start()
    try:
        yield worker
    finally:
        worker.close()


def run_subprocess(request: dict[str, Any], cwd: Path, timeout_s: float) -> ChildExit:
    """Runs a request in a new ``python -I -m groundup.course.sandbox`` process."""
    # NOTE: the learner's prints go to a file, not a pipe: a loop that prints without
    # end must not fill the parent's memory before the time limit stops it.
    with open(request["output_path"], "w", encoding="utf-8") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-I", "-m", "groundup.course.sandbox"],
            cwd=cwd,
            env=child_env(),
            stdin=subprocess.PIPE,
            stdout=sink,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            proc.communicate(json.dumps(request), timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return ChildExit(proc.returncode, timed_out=True)
    return ChildExit(proc.returncode, timed_out=False)


def run_child(
    request: dict[str, Any], cwd: Path, timeout_s: float, worker: WarmWorker | None
) -> ChildExit:
    """Runs a request in a fresh child: forked by the warm worker when there is one
    that still works, else in a new process."""
    if worker is not None:
        ended = worker.run(request, timeout_s)
        if ended is not None:
            return ended
        for leftover in ("result_path", "case_file"):  # from a child the worker lost
            Path(request[leftover]).unlink(missing_ok=True)
    return run_subprocess(request, cwd, timeout_s)


def _timed_out(exercise: Exercise, case_file: Path, timeout_s: float) -> Failure:
    label = case_file.read_text(encoding="utf-8") if case_file.exists() else "loading your code"
    return Failure(
        label,
        f"your code did not finish within {timeout_s:g} s, so it was "
        "stopped: look for a loop whose condition never becomes false",
        kind=Verdict.ERROR,
    )


def _crashed(returncode: int) -> Failure:
    if returncode < 0:
        name = signal.Signals(-returncode).name
        message = f"the checker process crashed with {name} while running your code" + {
            "SIGKILL": "; it was probably killed for using too much memory",
            "SIGXFSZ": ": it printed or wrote more than 256 MB",
            "SIGXCPU": ": it used more processor time than the time limit allows",
        }.get(name, "")
    else:
        message = (
            f"the checker process exited with code {returncode} before it "
            "finished: does your code call os._exit() or kill its own process?"
        )
    return Failure("running your code", message, kind=Verdict.ERROR)


def _verdict(
    exercise: Exercise, request: dict[str, Any], ended: ChildExit, timeout_s: float
) -> Result:
    """The result the child wrote, or the verdict on a child that never wrote one."""
    result_path = Path(request["result_path"])
    if ended.timed_out:
        failure = _timed_out(exercise, Path(request["case_file"]), timeout_s)
        verdict = Verdict.TIMEOUT
    elif result_path.exists():
        return Result.from_json(json.loads(result_path.read_text(encoding="utf-8")))
    else:
        failure, verdict = _crashed(ended.returncode), Verdict.CRASHED
    reference_for = list(request["reference_for"])
    return Result(
        exercise.id, verdict, seed=request["seed"], reference_for=reference_for, failure=failure
    )


def run_sandbox(
    workspace: Path,
    catalog: Catalog,
    exercise: Exercise,
    *,
    reference_for: list[str],
    timeout_s: float,
    memory_mb: int,
    seed: int | None = None,
    package: str = "mine",
    worker: WarmWorker | None = None,
) -> Result:
    """Runs one exercise's checks in a child process and returns the verdict.

    Args:
        workspace: the folder holding the learner's package.
        catalog: where the exercise's section and the prerequisites are looked up.
        exercise: the exercise to check (sent whole: the gate checks variants of it).
        reference_for: prerequisites to take from the reference code.
        timeout_s: the time limit, unless the exercise sets its own.
        memory_mb: the address-space limit of the child process.
        seed: the random seed of the checks (random when ``None``).
        package: the learner's package name.
        worker: a warm worker to fork the child from (watch mode), if any.
    """
    timeout = exercise.timeout_s or timeout_s
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="groundup-check-") as tmp:
        request: dict[str, Any] = {
            "exercise": exercise_to_json(exercise),
            "checks_path": str(catalog.sections[exercise.section].checks_path),
            "workspace": str(workspace),
            "package": package,
            "seed": secrets.randbelow(2**31) if seed is None else seed,
            "reference_for": {i: catalog.exercises[i].target for i in reference_for},
            "memory_mb": memory_mb,
            "timeout_s": timeout,
            "result_path": str(Path(tmp) / "result.json"),
            "case_file": str(Path(tmp) / "case.txt"),
            "output_path": str(Path(tmp) / "output.txt"),
        }
        ended = run_child(request, workspace, timeout, worker)
        result = _verdict(exercise, request, ended, timeout)
        output = _tail(_read_tail(Path(request["output_path"])))
    elapsed = round((time.perf_counter() - started) * 1000)
    return dataclasses.replace(result, duration_ms=elapsed, output=output)


MINE_ONLY_FIX = {
    "flag": "; or check without --mine-only to use the reference",
    "setting": "; or set mine_only = false in groundup.toml to use the reference",
}


def reference_prerequisites(
    catalog: Catalog, exercise: Exercise, passed: set[str], mine_only: bool
) -> list[str]:
    """The prerequisites of ``exercise`` that come from the reference code in a check."""
    if mine_only:
        return []
    return [pre for pre in catalog.prerequisites_closure(exercise.id) if pre not in passed]


def check_exercise(
    ws: Workspace,
    catalog: Catalog,
    exercise: Exercise,
    progress: Progress,
    *,
    mine_only: bool | None = None,
    seed: int | None = None,
    worker: WarmWorker | None = None,
) -> Result:
    """Checks one exercise in the learner's workspace and records the attempt.

    ``worker``: a warm worker to run the check from (watch mode), if any.
    """
    settings = ws.settings()
    # NOTE: what made the check mine-only decides the fix a failure names.
    from_setting = mine_only is None and settings.mine_only
    why_mine = "flag" if mine_only else "setting" if from_setting else ""
    prerequisites = catalog.prerequisites_closure(exercise.id)
    passed = passing(ws, catalog, progress, prerequisites)  # their code as it is now
    reference_for = reference_prerequisites(catalog, exercise, passed, bool(why_mine))
    code = ws.codes([exercise])[exercise.id]
    result = run_sandbox(
        ws.root,
        catalog,
        exercise,
        reference_for=reference_for,
        timeout_s=settings.timeout_s,
        memory_mb=settings.memory_mb,
        seed=seed,
        worker=worker,
    )
    failure = result.failure
    if why_mine and failure is not None:
        from groundup.testing.trial import runs_unwritten  # NumPy: only on this path

        if any(failure.message == runs_unwritten(p) for p in prerequisites):
            failure.message += MINE_ONLY_FIX[why_mine]
    progress.record_attempt(
        exercise.id,
        result.verdict,
        failing_check=failure.label if failure else None,
        mistake=failure.mistake if failure else None,
        duration_ms=result.duration_ms,
        seed=result.seed,
        reference_for=result.reference_for,
        flagged=bool(result.flagged),
        region_digest=code.digest if code is not None else UNKNOWN_CODE,
    )
    return result

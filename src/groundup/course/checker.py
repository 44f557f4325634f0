"""Checks an exercise: the learner's code runs in a child process under limits.

:func:`check_exercise` decides where each prerequisite comes from (the learner's code if
they passed it, the reference otherwise), starts :mod:`groundup.course.sandbox` with a
time and a memory limit, and turns whatever happens (a result, a timeout, a crash, an
early exit) into a :class:`Result`.
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from groundup.course.catalog import Catalog, Exercise, exercise_to_json
from groundup.course.progress import Progress
from groundup.course.workspace import Workspace
from groundup.testing.result import Failure, Result, Verdict

SINGLE_THREAD = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "MPLBACKEND": "Agg",
}


def _tail(text: str, lines: int = 12) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _read_tail(path: Path, max_bytes: int = 16_384) -> str:
    """The end of a file that may be huge, decoded leniently."""
    with path.open("rb") as f:
        f.seek(0, os.SEEK_END)
        f.seek(max(0, f.tell() - max_bytes))
        return f.read().decode("utf-8", errors="replace")


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
    """
    seed = secrets.randbelow(2**31) if seed is None else seed
    timeout = exercise.timeout_s or timeout_s
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="groundup-check-") as tmp:
        result_path = Path(tmp) / "result.json"
        case_file = Path(tmp) / "case.txt"
        request = {
            "exercise": exercise_to_json(exercise),
            "checks_path": str(catalog.sections[exercise.section].checks_path),
            "workspace": str(workspace),
            "package": package,
            "seed": seed,
            "reference_for": {i: catalog.exercises[i].target for i in reference_for},
            "memory_mb": memory_mb,
            "result_path": str(result_path),
            "case_file": str(case_file),
        }
        env = {**os.environ, **SINGLE_THREAD, "PYTHONDONTWRITEBYTECODE": "1"}
        # NOTE: the learner's prints go to a file, not a pipe: a loop that prints without
        # end must not fill the parent's memory before the time limit stops it.
        printed = Path(tmp) / "output.txt"
        with printed.open("w", encoding="utf-8") as sink:
            proc = subprocess.Popen(
                [sys.executable, "-I", "-m", "groundup.course.sandbox"],
                cwd=workspace,
                env=env,
                stdin=subprocess.PIPE,
                stdout=sink,
                stderr=subprocess.STDOUT,
                text=True,
                start_new_session=True,
            )
            try:
                proc.communicate(json.dumps(request), timeout=timeout)
                timed_out = False
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                timed_out = True
        output = _read_tail(printed)
        if timed_out:
            label = (
                case_file.read_text(encoding="utf-8") if case_file.exists() else "loading your code"
            )
            return Result(
                exercise.id,
                Verdict.TIMEOUT,
                seed=seed,
                reference_for=reference_for,
                duration_ms=round((time.perf_counter() - started) * 1000),
                output=_tail(output or ""),
                failure=Failure(
                    label,
                    f"your code did not finish within {timeout:g} s, so it was "
                    "stopped: look for a loop whose condition never becomes false",
                    kind=Verdict.ERROR,
                ),
            )
        elapsed = round((time.perf_counter() - started) * 1000)
        if result_path.exists():
            sent = Result.from_json(json.loads(result_path.read_text(encoding="utf-8")))
            return dataclasses.replace(sent, duration_ms=elapsed, output=_tail(output or ""))
        if proc.returncode < 0:
            name = signal.Signals(-proc.returncode).name
            message = f"the checker process crashed with {name} while running your code" + {
                "SIGKILL": "; it was probably killed for using too much memory",
                "SIGXFSZ": ": it printed or wrote more than 256 MB",
            }.get(name, "")
        else:
            message = (
                f"the checker process exited with code {proc.returncode} before it "
                "finished: does your code call os._exit() or kill its own process?"
            )
        return Result(
            exercise.id,
            Verdict.CRASHED,
            seed=seed,
            reference_for=reference_for,
            duration_ms=elapsed,
            output=_tail(output or ""),
            failure=Failure("running your code", message, kind=Verdict.ERROR),
        )


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
) -> Result:
    """Checks one exercise in the learner's workspace and records the attempt."""
    settings = ws.settings()
    mine_only = settings.mine_only if mine_only is None else mine_only
    reference_for = reference_prerequisites(catalog, exercise, progress.passed_ids(), mine_only)
    result = run_sandbox(
        ws.root,
        catalog,
        exercise,
        reference_for=reference_for,
        timeout_s=settings.timeout_s,
        memory_mb=settings.memory_mb,
        seed=seed,
    )
    failure = result.failure
    progress.record_attempt(
        exercise.id,
        result.verdict,
        failing_check=failure.label if failure else None,
        mistake=failure.mistake if failure else None,
        duration_ms=result.duration_ms,
        seed=result.seed,
        reference_for=result.reference_for,
        flagged=bool(result.flagged),
    )
    return result

"""How long a check takes, end to end: `groundup check ID` and a save in watch mode.

One-shot: the real command (a fresh process, as a learner runs it) against two peers
timed in the same run: a bare `python -c pass` and `python -c "import numpy"`, which are
the floor any checker in a child process pays. Goal (DESIGN.md section 11): 0.5 s.

Watch mode: `groundup watch ID` in a pseudo-terminal, its warm worker started; the time
from a save of the learner's file (the write returns) to the verdict on the terminal,
for saves that pass and saves that fail, median over the exercises. Goal: 0.25 s.

    .venv/bin/python benchmarks/check_latency.py [--repeat 10] [--exercises linalg.matmul ...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pexpect

from groundup.course.catalog import Catalog, Exercise, default_catalog
from groundup.course.regions import find_regions, replace_bodies
from groundup.course.workspace import Workspace, init_workspace, reference_region

ONE_SHOT_GOAL_S = 0.5
WATCH_GOAL_S = 0.25
EXERCISES = [
    "linalg.matmul",
    "calculus.jacobian",
    "numerics.logsumexp",
    "training.adam",
    "engine.unbroadcast",
]
ENV = {
    **os.environ,
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "NO_COLOR": "1",
    "TERM": "dumb",
    "COLUMNS": "200",
}


def timed(cmd: list[str], cwd: Path, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return times


def answer_and_stub(ws: Workspace, exercise: Exercise) -> tuple[str, str]:
    """The learner's file with the reference body (passes) and as generated (a stub)."""
    path = ws.file_of(exercise)
    stub = path.read_text()
    answer = replace_bodies(stub, {exercise.id: reference_region(exercise)})
    answer = answer.replace("from groundup", "from mine")
    if exercise.id not in find_regions(answer):
        raise SystemExit(f"{exercise.id}: region missing")
    return answer, stub


def watch_latency(ws: Workspace, exercise: Exercise, repeat: int) -> list[float]:
    """Seconds from each save to its verdict in `groundup watch`, passing and failing."""
    path = ws.file_of(exercise)
    answer, stub = answer_and_stub(ws, exercise)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "groundup", "watch", exercise.id],
        cwd=str(ws.root),
        env=ENV,
        encoding="utf-8",
        timeout=60,
        dimensions=(50, 200),
    )
    times = []
    try:
        child.expect("keys:")  # the first check is done: the worker is warm
        for _ in range(repeat):
            for text, verdict in ((answer, "all checks passed"), (stub, "not written yet")):
                path.write_text(text)
                saved = time.perf_counter()
                child.expect(verdict)
                times.append(time.perf_counter() - saved)
                child.expect("keys:")
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close()
        path.write_text(stub)
    return times


def one_shot_latency(ws: Workspace, exercise: Exercise, repeat: int) -> list[float]:
    path = ws.file_of(exercise)
    answer, stub = answer_and_stub(ws, exercise)
    path.write_text(answer)  # the check runs every case
    try:
        return timed([sys.executable, "-m", "groundup", "check", exercise.id], ws.root, repeat)
    finally:
        path.write_text(stub)


def report(name: str, times: list[float], reference: float) -> None:
    med = statistics.median(times)
    print(f"{name:44s} {med * 1000:7.0f}ms {min(times) * 1000:7.0f}ms  {reference / med:5.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--exercises", nargs="+", default=EXERCISES)
    args = parser.parse_args()
    catalog: Catalog = default_catalog()
    exercises = [catalog.exercise(i) for i in args.exercises]
    with tempfile.TemporaryDirectory() as tmp:
        ws, _ = init_workspace(Path(tmp) / "ai", catalog)
        peers = {
            "python -c pass": timed([sys.executable, "-c", "pass"], ws.root, args.repeat),
            "python -c 'import numpy'": timed(
                [sys.executable, "-c", "import numpy"], ws.root, args.repeat
            ),
        }
        one_shot = {ex.id: one_shot_latency(ws, ex, args.repeat) for ex in exercises}
        watch = {ex.id: watch_latency(ws, ex, args.repeat) for ex in exercises}
    check = statistics.median([t for times in one_shot.values() for t in times])
    saved = statistics.median([t for times in watch.values() for t in times])
    print(f"{'command':44s} {'median':>9s} {'min':>9s}  ratio to the one-shot check")
    for name, times in peers.items():
        report(name, times, check)
    for exercise_id, times in one_shot.items():
        report(f"groundup check {exercise_id}", times, check)
    print(f"\n{'watch mode, save to verdict':44s} {'median':>9s} {'min':>9s}  ratio to the median")
    for exercise_id, times in watch.items():
        report(f"groundup watch {exercise_id}", times, saved)
    print(f"\none-shot check, median over the exercises: {check * 1000:.0f} ms")
    print(f"  / goal ({ONE_SHOT_GOAL_S:.2f} s): {check / ONE_SHOT_GOAL_S:.2f}")
    print(f"watch mode, save to verdict, median over the exercises: {saved * 1000:.0f} ms")
    print(f"  / goal ({WATCH_GOAL_S:.2f} s): {saved / WATCH_GOAL_S:.2f}")


if __name__ == "__main__":
    main()

"""How long `groundup check ID` takes for one exercise, end to end.

Measures the real command (a fresh process, as a learner runs it) against two peers
timed in the same run: a bare `python -c pass` and `python -c "import numpy"`, which are
the floor any checker in a child process pays. Goal (DESIGN.md section 11): under 0.5 s.

    .venv/bin/python benchmarks/check_latency.py [--repeat 15] [--exercise linalg.matmul]
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

from groundup.course.catalog import default_catalog
from groundup.course.regions import find_regions, replace_bodies
from groundup.course.workspace import init_workspace, reference_region

GOAL_S = 0.5
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


def timed(cmd: list[str], cwd: Path, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--exercise", default="linalg.matmul")
    args = parser.parse_args()
    catalog = default_catalog()
    exercise = catalog.exercise(args.exercise)
    with tempfile.TemporaryDirectory() as tmp:
        ws, _ = init_workspace(Path(tmp) / "ai", catalog)
        path = ws.file_of(exercise)
        # The learner's answer: the reference body, so the check runs every case.
        path.write_text(replace_bodies(path.read_text(), {exercise.id: reference_region(exercise)}))
        path.write_text(path.read_text().replace("from groundup", "from mine"))
        if find_regions(path.read_text())[exercise.id] is None:
            raise SystemExit("region missing")
        cases = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "python -c 'import numpy'": [sys.executable, "-c", "import numpy"],
            f"groundup check {exercise.id}": [
                sys.executable,
                "-m",
                "groundup",
                "check",
                exercise.id,
            ],
        }
        results = {name: timed(cmd, ws.root, args.repeat) for name, cmd in cases.items()}
    check = statistics.median(results[f"groundup check {exercise.id}"])
    print(f"{'command':40s} {'median':>9s} {'min':>9s}  ratio to the check")
    for name, times in results.items():
        med = statistics.median(times)
        print(f"{name:40s} {med * 1000:7.0f}ms {min(times) * 1000:7.0f}ms  {check / med:5.2f}x")
    print(f"check latency / goal ({GOAL_S:.1f} s): {check / GOAL_S:.2f}")


if __name__ == "__main__":
    main()

"""`groundup run` through the real command line: listing, the learner's engine, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import groundup
from groundup.course.catalog import Catalog
from groundup.course.regions import find_regions, replace_bodies
from groundup.course.workspace import Workspace, reference_region


def test_run_without_a_project_lists_them(tmp_path: Path) -> None:
    out = groundup("run", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    for project in ("perceptron", "xor", "mlp-mnist", "mlp-fashion"):
        assert project in out.stdout


def test_unknown_project_is_one_sentence(tmp_path: Path) -> None:
    out = groundup("run", "xr", "--engine", "reference", cwd=tmp_path)
    assert out.returncode == 2
    assert "no project 'xr'" in out.stdout + out.stderr
    assert "Traceback" not in out.stdout + out.stderr


def _write_all_engine_regions(ws: Workspace, catalog: Catalog) -> None:
    """The learner has written every engine exercise (the reference bodies, as answers)."""
    for ex in catalog.exercises.values():
        if ex.module.split(".")[1] != "engine":
            continue
        path = ws.file_of(ex)
        text = path.read_text(encoding="utf-8")
        if ex.id in find_regions(text):
            body = reference_region(ex)
            path.write_text(replace_bodies(text, {ex.id: body}), encoding="utf-8")


def test_mine_engine_names_the_missing_exercise_then_trains(
    ws: Workspace, catalog: Catalog
) -> None:
    out = groundup("run", "xor", "--engine", "mine", cwd=ws.root)
    assert out.returncode == 2, out.stdout + out.stderr
    text = out.stdout + out.stderr
    assert "your engine needs exercise" in text and "--engine reference" in text

    _write_all_engine_regions(ws, catalog)
    out = groundup("run", "xor", "--engine", "mine", "--json", cwd=ws.root, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    report = json.loads(out.stdout)
    assert report["engine"] == "mine" and report["passed"]
    assert Path(report["folder"]).is_relative_to(ws.root / "runs")


def test_the_command_line_starts_without_the_heavy_libraries() -> None:
    # `groundup check` pays for every import at start-up (goal: a check under 0.5 s).
    heavy = "{'matplotlib', 'torch', 'pandas', 'numpy', 'watchdog', 'pygments', 'rich.progress'}"
    code = f"import sys, groundup.cli.app; print(sorted({heavy} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

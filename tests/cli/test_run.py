"""`groundup run` through the real command line: listing, the learner's engine, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import groundup, write_region
from groundup.course.catalog import Catalog
from groundup.course.project_needs import project_section
from groundup.course.regions import find_regions, replace_bodies
from groundup.course.workspace import Workspace, reference_region
from groundup.projects.registry import PROJECTS

# A learner's Adam that reads a moment under a name the state does not have (KeyError).
WRONG_ADAM = """
state["step"] += 1
m = state["m"]
m *= beta1
param -= lr * m
"""

# A learner's state_dict that passes its checks (their modules have names like fc1) but
# assumes every key is an identifier: Sequential's children are named 0, 1, 2.
STATE_DICT_ONLY_IDENTIFIERS = """
out = OrderedDict()
for dot, module in _walk(self, prefix + "." if prefix else ""):
    for name, param in module._parameters.items():
        if param is not None:
            key = dot + name
            if not key.replace(".", "_").isidentifier():
                raise ValueError(f"{key!r} is not a valid name")
            out[key] = param.data.copy()
    for name, buf in module._buffers.items():
        if buf is not None and name not in module._non_persistent:
            out[dot + name] = np.array(_array_of(buf), copy=True)
return out
"""


def test_run_without_a_project_lists_them(tmp_path: Path) -> None:
    out = groundup("run", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    for project in ("perceptron", "xor", "mlp-mnist", "mlp-fashion"):
        assert project in out.stdout


def test_the_list_shows_the_section_each_project_really_needs(
    tmp_path: Path, catalog: Catalog
) -> None:
    out = groundup("run", cwd=tmp_path)
    rows = {line.split()[0]: line.split() for line in out.stdout.splitlines() if line.strip()}
    for project in PROJECTS.values():
        assert rows[project.id][1] == project_section(project, catalog)
    assert rows["xor"][1] == "4.4"  # xor trains with Adam, taught in 4.4 (it said 4.1)


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


def _write_needs(ws: Workspace, catalog: Catalog, project_id: str, *, but: str = "") -> None:
    """The learner has written every exercise the project needs (except ``but``)."""
    for ex_id in PROJECTS[project_id].exercises:
        if ex_id != but:
            write_region(ws, catalog, ex_id, reference_region(catalog.exercises[ex_id]))


def _no_run_without_a_verdict(ws: Workspace) -> None:
    """A failed run leaves no folder, or one whose run.json says it failed."""
    for folder in (ws.root / "runs").glob("*/*"):
        saved = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        assert saved["status"] == "failed" and saved["reason"]


def test_mine_engine_lists_every_exercise_the_project_needs_before_training(
    ws: Workspace, catalog: Catalog
) -> None:
    write_region(
        ws, catalog, "engine.unbroadcast", reference_region(catalog.exercises["engine.unbroadcast"])
    )
    out = groundup("run", "xor", "--engine", "mine", cwd=ws.root)
    text = out.stdout + out.stderr
    assert out.returncode != 0, text
    needs = PROJECTS["xor"].exercises
    assert len(needs) == 12 and "training.adam" in needs
    table = {line.split()[0]: line for line in out.stdout.splitlines() if line.strip()}
    assert set(needs) <= set(table)
    assert "written, not passed" in table["engine.unbroadcast"]
    assert all("not written" in table[i] for i in needs if i != "engine.unbroadcast")
    assert "groundup show engine.add-backward" in text  # the first one not written
    assert "groundup check engine.unbroadcast" in text  # the written one
    assert "Traceback" not in text
    assert not (ws.root / "runs").exists()


def test_a_written_but_wrong_exercise_is_named_in_one_sentence(
    ws: Workspace, catalog: Catalog
) -> None:
    _write_needs(ws, catalog, "xor")
    write_region(ws, catalog, "training.adam", WRONG_ADAM)
    out = groundup("run", "xor", "--engine", "mine", "--set", "steps=5", cwd=ws.root)
    text = out.stdout + out.stderr
    assert out.returncode != 0, text
    assert "Traceback" not in text
    assert "training.adam fails its checks" in out.stderr
    assert "groundup check training.adam" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 2  # the sentence and the fix
    assert not (ws.root / "runs").exists()


def test_a_stub_reached_while_saving_stops_the_run_before_training(
    ws: Workspace, catalog: Catalog
) -> None:
    _write_needs(ws, catalog, "xor", but="frameworks.state-dict")
    out = groundup("run", "xor", "--engine", "mine", "--set", "steps=5", cwd=ws.root)
    text = out.stdout + out.stderr
    assert out.returncode != 0, text
    assert "Traceback" not in text
    assert "groundup show frameworks.state-dict" in text
    assert not (ws.root / "runs").exists()


def test_learner_code_that_raises_during_the_run_is_one_sentence(
    ws: Workspace, catalog: Catalog
) -> None:
    _write_needs(ws, catalog, "xor")
    write_region(ws, catalog, "frameworks.state-dict", STATE_DICT_ONLY_IDENTIFIERS)
    out = groundup("run", "xor", "--engine", "mine", "--set", "steps=5", cwd=ws.root)
    text = out.stdout + out.stderr
    assert out.returncode != 0, text
    assert "Traceback" not in text
    assert "frameworks.state-dict raised ValueError" in out.stderr
    assert "mine/engine/nn/module.py" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 2  # the sentence and the fix
    _no_run_without_a_verdict(ws)


def test_mine_engine_checks_what_is_written_then_trains(ws: Workspace, catalog: Catalog) -> None:
    _write_all_engine_regions(ws, catalog)
    out = groundup("run", "xor", "--engine", "mine", "--json", cwd=ws.root, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    report = json.loads(out.stdout)
    assert report["engine"] == "mine" and report["passed"] and report["status"] == "passed"
    folder = Path(report["folder"])
    assert folder.is_relative_to(ws.root / "runs")
    assert json.loads((folder / "run.json").read_text(encoding="utf-8"))["status"] == "passed"
    # The checks that ran first were recorded: the next run starts training at once.
    out = groundup("list", "--json", cwd=ws.root)
    passed = {row["id"] for row in json.loads(out.stdout) if row["state"] == "passed"}
    assert set(PROJECTS["xor"].exercises) <= passed


def test_the_command_line_starts_without_the_heavy_libraries() -> None:
    # `groundup check` pays for every import at start-up (goal: a check under 0.5 s).
    heavy = "{'matplotlib', 'torch', 'pandas', 'numpy', 'watchdog', 'pygments', 'rich.progress'}"
    code = f"import sys, groundup.cli.app; print(sorted({heavy} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

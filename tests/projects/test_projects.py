"""The project runner: every engine, the files of a run, grading, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from groundup.course.projects import run_project
from groundup.errors import GroundupError
from groundup.projects.registry import PROJECTS

torch.set_num_threads(1)


@pytest.mark.parametrize("engine", ["reference", "torch"])
@pytest.mark.parametrize("project", ["perceptron", "xor"])
def test_small_projects_reach_their_targets(tmp_path: Path, engine: str, project: str) -> None:
    report = run_project(project, engine=engine, runs_dir=tmp_path)
    assert report.graded and report.passed, report
    folder = Path(report.folder)
    assert {"run.json", "metrics.jsonl", "boundary.png", "checkpoint.npz"} <= set(report.files)
    saved = json.loads((folder / "run.json").read_text())
    assert saved["value"] == report.value and saved["seed"] == 0
    assert saved["status"] == "passed" and not saved["reason"]
    rows = [json.loads(line) for line in (folder / "metrics.jsonl").read_text().splitlines()]
    assert rows and all("step" in r for r in rows)
    with np.load(folder / "checkpoint.npz") as ckpt:
        assert any(k.endswith("weight") for k in ckpt.files)


def test_reference_and_torch_learn_the_same_perceptron_boundary(tmp_path: Path) -> None:
    # Same data, seed and update rule; the initial weights differ (each engine draws
    # its own), so compare the verdict and the data, not the weights.
    a = run_project("perceptron", engine="reference", runs_dir=tmp_path, seed=3)
    b = run_project("perceptron", engine="torch", runs_dir=tmp_path, seed=3)
    assert a.value == b.value == 1.0


def test_changed_configuration_is_not_graded(tmp_path: Path) -> None:
    report = run_project(
        "mlp-mnist", engine="reference", runs_dir=tmp_path, overrides=["epochs=1", "hidden=[32]"]
    )
    assert not report.graded and not report.passed
    assert report.config["epochs"] == 1 and report.config["hidden"] == [32]
    assert 0.6 < report.value <= 1.0  # one epoch of a small MLP is far above chance (0.1)
    assert "curves.png" in report.files


def test_a_run_that_cannot_be_saved_leaves_a_run_json_that_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", disk_full)
    with pytest.raises(GroundupError) as info:
        run_project("xor", engine="reference", runs_dir=tmp_path, overrides=["steps=5"])
    assert "could not be saved" in info.value.message and "--out" in info.value.fix
    (folder,) = (tmp_path / "xor").iterdir()
    saved = json.loads((folder / "run.json").read_text())
    assert saved["status"] == "failed" and "No space left on device" in saved["reason"]


def test_runs_never_overwrite_each_other(tmp_path: Path) -> None:
    first = run_project("xor", engine="reference", runs_dir=tmp_path, overrides=["steps=5"])
    second = run_project("xor", engine="reference", runs_dir=tmp_path, overrides=["steps=5"])
    assert first.folder != second.folder


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"project_id": "mlp-mnst", "engine": "reference"}, "did you mean mlp-mnist"),
        ({"project_id": "xor", "engine": "jax"}, "unknown engine"),
        ({"project_id": "xor", "engine": "reference", "tier": "tpu"}, "no tier"),
        ({"project_id": "xor", "engine": "reference", "overrides": ["depth=3"]}, "cannot set"),
        ({"project_id": "xor", "engine": "reference", "overrides": ["steps=a"]}, "JSON"),
        ({"project_id": "xor", "engine": "mine"}, "inside your workspace"),
    ],
)
def test_bad_input_gets_one_sentence(tmp_path: Path, kwargs: dict, message: str) -> None:
    with pytest.raises(GroundupError) as info:
        run_project(runs_dir=tmp_path, **kwargs)
    assert message.lower() in str(info.value).lower()


def test_every_project_has_a_measured_cpu_tier() -> None:
    for project in PROJECTS.values():
        assert "cpu" in project.tiers
        for tier in project.tiers.values():
            assert 0.0 < tier.target <= 1.0 and tier.minutes > 0
            assert tier.metric in ("train_acc", "val_acc")

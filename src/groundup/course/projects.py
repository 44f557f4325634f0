"""The project runner: picks the engine, trains, logs, plots, checkpoints and grades.

On the learner's engine a run first makes sure of every exercise the project needs:
one not written stops it with the list of what is missing, one written but not passed
is checked first. Whatever the learner's code raises later (training, evaluating,
saving) becomes one sentence naming the exercise whose code raised, never a traceback.

A run writes into its own folder, ``runs/<project>/<time>-<engine>-<tier>/``, only once
training and the state dict are done: ``run.json`` (project, engine, tier, seed,
configuration, target, result, ``status``), ``metrics.jsonl`` (one row per logged
step), a PNG per plot, and ``checkpoint.npz`` (the model's state dict). A run that
fails while writing them leaves a ``run.json`` whose status is ``failed``, with the
reason. Runs are never overwritten.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from matplotlib.figure import Figure

from groundup.course.project_needs import OnCheck, ensure_ready, learner_failure
from groundup.errors import GroundupError
from groundup.projects.backends import backend, state_dict_arrays
from groundup.projects.registry import PROJECTS, Project
from groundup.projects.training import History, OnStep


@dataclass
class RunReport:
    """The outcome of one project run."""

    project: str
    engine: str
    tier: str
    seed: int
    config: dict[str, Any]
    metric: str
    target: float
    value: float
    graded: bool
    passed: bool
    status: str  # passed, below target, not graded (configuration changed) or failed
    seconds: float
    folder: str
    files: list[str] = field(default_factory=list)
    final: dict[str, float] = field(default_factory=dict)
    reason: str = ""  # why a failed run failed

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def find_project(project_id: str) -> Project:
    """The project with this id, or a :class:`GroundupError` with a "did you mean"."""
    if project_id in PROJECTS:
        return PROJECTS[project_id]
    close = difflib.get_close_matches(project_id, list(PROJECTS), n=3, cutoff=0.5)
    hint = f"Did you mean {', '.join(close)}? " if close else ""
    raise GroundupError(
        f"there is no project {project_id!r}",
        f"{hint}`groundup run` lists the projects.",
    )


def parse_overrides(pairs: list[str], config: dict[str, Any]) -> dict[str, Any]:
    """``["epochs=1", "hidden=[64]"]`` as a dict, each value parsed as JSON.

    Raises:
        GroundupError: for a malformed pair or a key the configuration does not have.
    """
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or key not in config:
            raise GroundupError(
                f"cannot set {pair!r}",
                f"Use KEY=VALUE with one of: {', '.join(sorted(config))}.",
            )
        try:
            out[key] = json.loads(raw)
        except json.JSONDecodeError:
            raise GroundupError(
                f"the value in {pair!r} is not a number, list or quoted string",
                'Write it as JSON, e.g. epochs=2 or hidden="[64, 32]".',
            ) from None
    return out


def _train(
    project: Project,
    engine: str,
    config: dict[str, Any],
    seed: int,
    on_step: OnStep | None,
    mine: Path | None,
) -> tuple[History, dict[str, Figure], dict[str, npt.NDArray[Any]]]:
    """Everything a run does with the engine: train, evaluate, plot, read the state dict.

    With ``mine`` (the learner's package) an exception becomes one sentence.
    """
    doing = "training"
    try:
        chosen = backend(engine)
        chosen.manual_seed(seed)
        history, model, figures = project.run(chosen, config, np.random.default_rng(seed), on_step)
        doing = "saving"
        state = state_dict_arrays(chosen, model)
    except GroundupError:
        raise
    except Exception as exc:
        if mine is None:
            raise
        plt.close("all")
        raise learner_failure(exc, mine, project.id, doing) from None
    return history, figures, state


def _new_folder(runs_dir: Path, project: str, engine: str, tier: str) -> Path:
    folder = runs_dir / project / f"{time.strftime('%Y%m%d-%H%M%S')}-{engine}-{tier}"
    while folder.exists():  # two runs in one second: never overwrite
        folder = folder.with_name(folder.name + "-1")
    folder.mkdir(parents=True)
    return folder


def _save(
    report: RunReport,
    runs_dir: Path,
    history: History,
    figures: dict[str, Figure],
    state: dict[str, npt.NDArray[Any]],
) -> None:
    """Writes the run's folder; if writing fails, its run.json says so and why."""
    folder = _new_folder(runs_dir, report.project, report.engine, report.tier)
    report.folder = str(folder)
    try:
        with open(folder / "metrics.jsonl", "w", encoding="utf-8") as f:
            for row in history.rows:
                f.write(json.dumps(row) + "\n")
        for name, figure in figures.items():
            figure.savefig(folder / f"{name}.png", dpi=100)
        np.savez(folder / "checkpoint.npz", **state)  # type: ignore[arg-type]
        report.files = sorted([p.name for p in folder.iterdir()] + ["run.json"])
        (folder / "run.json").write_text(json.dumps(report.to_json(), indent=2), encoding="utf-8")
    except Exception as exc:
        report.status, report.reason = "failed", f"could not write the run's files: {exc}"
        with contextlib.suppress(OSError):
            (folder / "run.json").write_text(json.dumps(report.to_json(), indent=2), "utf-8")
        raise GroundupError(
            f"the run trained but could not be saved in {folder} ({exc}).",
            "Free some disk space or choose another folder with --out, then run it again.",
        ) from None
    finally:
        for figure in figures.values():
            plt.close(figure)


def run_project(
    project_id: str,
    *,
    engine: str,
    tier: str = "cpu",
    seed: int = 0,
    overrides: list[str] | None = None,
    runs_dir: Path,
    workspace_root: Path | None = None,
    on_step: OnStep | None = None,
    on_check: OnCheck | None = None,
) -> RunReport:
    """Trains one project and grades it against its tier's target.

    Args:
        project_id: a key of :data:`PROJECTS`.
        engine: ``mine`` (the learner's, needs ``workspace_root``), ``reference`` or
            ``torch``.
        tier: a key of the project's tiers.
        seed: seeds the data, the initialization and the shuffling.
        overrides: ``KEY=VALUE`` changes to the configuration; a changed run is not
            graded (its target was measured for the tier's configuration).
        runs_dir: where the run's folder is created.
        workspace_root: the learner's workspace, put on ``sys.path`` for ``mine``.
        on_step: progress callback.
        on_check: told which exercises are checked before a run on ``mine``.

    Raises:
        NotReady: on ``mine``, an exercise the project needs is not written yet.
        GroundupError: bad input, a needed exercise fails its checks, the learner's
            code raised during the run, or the run could not be saved.
    """
    project = find_project(project_id)
    if tier not in project.tiers:
        raise GroundupError(
            f"project {project.id} has no tier {tier!r}",
            f"Choose --tier {' or '.join(project.tiers)}.",
        )
    spec = project.tiers[tier]
    changes = parse_overrides(overrides or [], spec.config)
    config = {**spec.config, **changes}
    mine = None
    if engine == "mine":
        if workspace_root is None:
            raise GroundupError(
                "`--engine mine` trains with your own code, so it runs inside your workspace",
                "`cd` into your workspace (or use --engine reference).",
            )
        ensure_ready(project, workspace_root, on_check)
        if str(workspace_root) not in sys.path:
            sys.path.insert(0, str(workspace_root))
        mine = workspace_root / "mine"
    start = time.perf_counter()
    history, figures, state = _train(project, engine, config, seed, on_step, mine)
    seconds = time.perf_counter() - start
    value = float(history.final.get(spec.metric, float("nan")))
    graded = not changes
    passed = graded and value >= spec.target
    report = RunReport(
        project=project.id,
        engine=engine,
        tier=tier,
        seed=seed,
        config=config,
        metric=spec.metric,
        target=spec.target,
        value=value,
        graded=graded,
        passed=passed,
        status="passed" if passed else "below target" if graded else "not graded",
        seconds=round(seconds, 2),
        folder="",
        final=history.final,
    )
    _save(report, runs_dir, history, figures, state)
    return report

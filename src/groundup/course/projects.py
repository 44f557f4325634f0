"""The project runner: picks the engine, trains, logs, plots, checkpoints and grades.

A run writes into its own folder, ``runs/<project>/<time>-<engine>-<tier>/``:
``run.json`` (project, engine, tier, seed, configuration, target, result),
``metrics.jsonl`` (one row per logged step), a PNG per plot, and ``checkpoint.npz``
(the model's state dict). Runs are never overwritten.
"""

from __future__ import annotations

import difflib
import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from groundup.errors import GroundupError
from groundup.projects.backends import backend, state_dict_arrays
from groundup.projects.registry import PROJECTS, Project
from groundup.projects.training import OnStep
from groundup.testing.failure import unwritten_exercise


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
    seconds: float
    folder: str
    files: list[str] = field(default_factory=list)
    final: dict[str, float] = field(default_factory=dict)

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


def _unwritten_exercise(exc: NotImplementedError) -> GroundupError:
    ex = unwritten_exercise(exc)
    if ex is None:
        return GroundupError(
            f"your engine raised NotImplementedError: {exc}",
            "Finish that function, or run with --engine reference.",
        )
    return GroundupError(
        f"your engine needs exercise {ex}, which is not written yet",
        f"Write it (`groundup show {ex}`, then `groundup check {ex}`), "
        "or run with --engine reference for now.",
    )


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
    if engine == "mine":
        if workspace_root is None:
            raise GroundupError(
                "`--engine mine` trains with your own code, so it runs inside your workspace",
                "`cd` into your workspace (or use --engine reference).",
            )
        if str(workspace_root) not in sys.path:
            sys.path.insert(0, str(workspace_root))
    chosen = backend(engine)
    chosen.manual_seed(seed)
    start = time.perf_counter()
    try:
        history, model, figures = project.run(chosen, config, np.random.default_rng(seed), on_step)
    except NotImplementedError as exc:
        raise _unwritten_exercise(exc) from None
    seconds = time.perf_counter() - start
    folder = runs_dir / project.id / f"{time.strftime('%Y%m%d-%H%M%S')}-{engine}-{tier}"
    while folder.exists():  # two runs in one second: never overwrite
        folder = folder.with_name(folder.name + "-1")
    folder.mkdir(parents=True)
    value = float(history.final.get(spec.metric, float("nan")))
    graded = not changes
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
        passed=graded and value >= spec.target,
        seconds=round(seconds, 2),
        folder=str(folder),
        final=history.final,
    )
    with open(folder / "metrics.jsonl", "w", encoding="utf-8") as f:
        for row in history.rows:
            f.write(json.dumps(row) + "\n")
    for name, figure in figures.items():
        figure.savefig(folder / f"{name}.png", dpi=100)
        plt.close(figure)
    np.savez(folder / "checkpoint.npz", **state_dict_arrays(chosen, model))  # type: ignore[arg-type]
    report.files = sorted([p.name for p in folder.iterdir()] + ["run.json"])
    (folder / "run.json").write_text(json.dumps(report.to_json(), indent=2), encoding="utf-8")
    return report

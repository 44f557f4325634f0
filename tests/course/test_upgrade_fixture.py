"""An upgrade carries learner code into the files its regions moved to.

The fixture is a workspace made by the previous release (commit ded6356), before the
engine's ``tensor.py`` was split into files by concept; see its README.
"""

import shutil
from pathlib import Path

import pytest

from groundup.course.catalog import Catalog
from groundup.course.checker import run_sandbox
from groundup.course.regions import find_regions
from groundup.course.workspace import Workspace, sync

FIXTURE = Path(__file__).parent.parent / "fixtures" / "workspace-before-engine-split"
OLD_TENSOR = FIXTURE / "mine" / "engine" / "tensor.py"
OLD_ACTIVATIONS = FIXTURE / "mine" / "engine" / "activations.py"


def _written_before() -> dict[str, str]:
    """exercise id -> the learner's body, as the previous release's files hold it."""
    bodies = {}
    for path in (OLD_TENSOR, OLD_ACTIVATIONS):
        for rid, region in find_regions(path.read_text(encoding="utf-8")).items():
            if region.body.lstrip().startswith("# my own"):
                bodies[rid] = region.body
    return bodies


@pytest.fixture
def upgraded(tmp_path: Path, catalog: Catalog) -> tuple[Workspace, object]:
    root = tmp_path / "ai"
    shutil.copytree(FIXTURE, root)
    ws = Workspace(root)
    return ws, sync(ws, catalog)


def test_the_fixture_holds_learner_code_in_the_old_single_file() -> None:
    before = _written_before()
    assert len(before) == 13
    assert "engine.add-backward" in find_regions(OLD_TENSOR.read_text(encoding="utf-8"))


def test_every_moved_body_survives_byte_for_byte(
    upgraded: tuple[Workspace, object], catalog: Catalog
) -> None:
    ws, report = upgraded
    for rid, body in _written_before().items():
        exercise = catalog.exercises[rid]
        path = ws.file_of(exercise)
        region = find_regions(path.read_text(encoding="utf-8"))[rid]
        assert region.body == body, f"{rid} in {path}"
    moved = "\n".join(report.moved)  # type: ignore[attr-defined]
    assert "engine.add-backward: mine/engine/tensor.py -> mine/engine/elementwise.py" in moved
    assert "engine.matmul-backward: mine/engine/tensor.py -> mine/engine/linalg.py" in moved
    assert "engine.softmax" not in moved  # it stayed in activations.py
    # the old file is the new one now (Tensor assembled from the mixins), backed up first
    new_tensor = (ws.mine / "engine" / "tensor.py").read_text(encoding="utf-8")
    assert "class Tensor(Elementwise" in new_tensor and not find_regions(new_tensor)
    backups = list((ws.state / "backups").rglob("tensor.py"))
    assert backups and backups[0].read_text(encoding="utf-8") == OLD_TENSOR.read_text("utf-8")


@pytest.mark.parametrize(
    "exercise_id", ["engine.add-backward", "engine.matmul-backward", "engine.tensor-backward"]
)
def test_carried_code_still_passes_its_checks(
    upgraded: tuple[Workspace, object], catalog: Catalog, exercise_id: str
) -> None:
    ws, _ = upgraded
    exercise = catalog.exercises[exercise_id]
    mine = _written_before()
    result = run_sandbox(
        ws.root,
        catalog,
        exercise,
        # the learner's own code wherever they wrote it, the reference for the rest
        reference_for=[p for p in catalog.prerequisites_closure(exercise_id) if p not in mine],
        timeout_s=60,
        memory_mb=4096,
        seed=0,
    )
    assert result.passed, result.failure

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import MATMUL_LOOPS_CORRECT, groundup, old_library, write_region
from groundup.course.catalog import LIBRARY, Catalog
from groundup.course.regions import find_regions, is_stub
from groundup.course.workspace import (
    Workspace,
    find_workspace,
    init_workspace,
    library_files,
    reset_exercise,
    sync,
)
from groundup.errors import GroundupError


def test_init_creates_a_stubbed_package_notebooks_and_settings(
    ws: Workspace, catalog: Catalog
) -> None:
    for ex in catalog.ordered():
        text = ws.file_of(ex).read_text()
        region = find_regions(text)[ex.id]
        assert is_stub(region), ex.id
        assert not ws.is_attempted(ex)
    assert (ws.mine / "__init__.py").is_file() and (ws.root / "groundup.toml").is_file()
    notebooks = list((ws.root / "lessons").glob("*.ipynb"))
    assert len(notebooks) == len(catalog.sections)
    assert ws.settings().timeout_s == 10
    assert find_workspace(ws.mine / "math").root == ws.root


def test_init_never_writes_into_a_non_empty_folder(tmp_path: Path, catalog: Catalog) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(GroundupError, match="not empty"):
        init_workspace(tmp_path, catalog)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_outside_a_workspace_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GroundupError, match="not inside a groundup workspace") as info:
        find_workspace(tmp_path)
    assert "groundup init" in info.value.fix


def test_upgrade_adds_new_exercises_and_keeps_every_learner_region(
    tmp_path: Path, catalog: Catalog
) -> None:
    ordered = catalog.ordered()
    kept = catalog.exercises["linalg.matmul-loops"]
    # An exercise in another file than `kept`, first region of its file, becomes "new".
    added = next(
        e
        for e in ordered
        if e.source_path != kept.source_path
        and next(iter(find_regions(e.source_path.read_text()))) == e.id
    )
    gone_file = next(
        e.source_path
        for e in reversed(ordered)
        if e.source_path not in (kept.source_path, added.source_path)
    )
    old = old_library(tmp_path, catalog, gone_file.relative_to(LIBRARY), added.id)
    ws, _ = init_workspace(tmp_path / "ai", catalog, library=old)
    assert not (ws.root / "mine" / gone_file.relative_to(LIBRARY)).exists()
    write_region(ws, catalog, kept.id, MATMUL_LOOPS_CORRECT)
    before = ws.file_of(kept).read_text()

    report = sync(ws, catalog)  # the upgrade, from the installed library

    assert str(Path("mine") / gone_file.relative_to(LIBRARY)) in report.created
    assert added.id in report.new_exercises
    assert is_stub(find_regions(ws.file_of(added).read_text())[added.id])
    assert ws.file_of(kept).read_text() == before  # its template did not change: untouched
    assert sync(ws, catalog).changed is False  # idempotent


def _changed_library(tmp_path: Path, catalog: Catalog, rel: Path) -> Path:
    """A copy of the library in which one file differs outside its regions."""
    old = tmp_path / "old-library"
    for f in library_files(catalog):
        (old / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(LIBRARY / f, old / f)
    (old / rel).write_text((old / rel).read_text() + "\n\nOLD_CONSTANT = 1\n")
    return old


def test_upgrade_carries_learner_code_into_a_changed_file(tmp_path: Path, catalog: Catalog) -> None:
    ex = catalog.exercises["linalg.matmul-loops"]
    rel = ex.source_path.relative_to(LIBRARY)
    ws, _ = init_workspace(
        tmp_path / "ai", catalog, library=_changed_library(tmp_path, catalog, rel)
    )
    write_region(ws, catalog, ex.id, MATMUL_LOOPS_CORRECT)
    learner_body = find_regions(ws.file_of(ex).read_text())[ex.id].body

    report = sync(ws, catalog)

    text = ws.file_of(ex).read_text()
    assert "OLD_CONSTANT" not in text
    assert find_regions(text)[ex.id].body == learner_body
    assert report.updated == [str(Path("mine") / rel)] and report.backups
    backup = ws.root / report.backups[0]
    assert "OLD_CONSTANT" in backup.read_text() and learner_body in backup.read_text()


def test_upgrade_without_the_template_it_wrote_keeps_an_edited_file(
    tmp_path: Path, catalog: Catalog
) -> None:
    """A workspace from before groundup kept its templates: the file is kept, as then."""
    ex = catalog.exercises["linalg.matmul-loops"]
    rel = ex.source_path.relative_to(LIBRARY)
    ws, _ = init_workspace(
        tmp_path / "ai", catalog, library=_changed_library(tmp_path, catalog, rel)
    )
    (ws.state / "generated" / "mine" / rel).unlink()
    path = ws.file_of(ex)
    path.write_text(path.read_text() + "\n# my own notes\n")
    mine = path.read_text()

    report = sync(ws, catalog)

    assert path.read_text() == mine
    assert any("was kept" in k for k in report.kept)
    assert (ws.state / "upgrade" / rel).is_file()


EX = "linalg.matmul-loops"


def _older_library(tmp_path: Path, catalog: Catalog, rel: Path, old_text: str) -> Path:
    """A copy of the library in which ``rel`` reads ``old_text``."""
    old = tmp_path / "old-library"
    for f in library_files(catalog):
        (old / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(LIBRARY / f, old / f)
    (old / rel).write_text(old_text)
    return old


def _without_region(text: str, exercise_id: str) -> str:
    """``text`` as a release before ``exercise_id`` was an exercise had it."""
    region = find_regions(text)[exercise_id]
    lines = text.splitlines(keepends=True)
    del lines[region.end]
    del lines[region.start]
    return "".join(lines)


def test_upgrade_merges_a_file_edited_outside_its_regions(tmp_path: Path, catalog: Catalog) -> None:
    """The learner added an import and a helper; the new release changed the same file and
    made part of it a new exercise: everything arrives, nothing of theirs is lost."""
    ex = catalog.exercises[EX]
    rel = ex.source_path.relative_to(LIBRARY)
    old_text = _without_region(ex.source_path.read_text(), "linalg.matmul") + "OLD = 1\n"
    ws, _ = init_workspace(
        tmp_path / "ai", catalog, library=_older_library(tmp_path, catalog, rel, old_text)
    )
    path = write_region(ws, catalog, EX, MATMUL_LOOPS_CORRECT)
    body = find_regions(path.read_text())[EX].body
    text = path.read_text().replace("import numpy as np\n", "import numpy as np\nimport math\n")
    text = text.replace(
        "\n\ndef as_matrix", "\n\ndef my_helper() -> int:\n    return 1\n\n\ndef as_matrix"
    )
    path.write_text(text)

    upgraded = groundup("upgrade", cwd=ws.root)

    assert upgraded.returncode == 0, upgraded.stderr
    assert f"merged  mine/{rel}" in upgraded.stdout and "conflict" not in upgraded.stdout
    assert "new exercises: linalg.matmul" in upgraded.stdout
    merged = path.read_text()
    assert "import math\n" in merged and "def my_helper() -> int:" in merged
    assert "OLD = 1" not in merged
    regions = find_regions(merged)
    assert regions[EX].body == body and is_stub(regions["linalg.matmul"])
    backup = next((ws.state / "backups").rglob(rel.name))
    assert backup.read_text() == text
    assert groundup("check", EX, cwd=ws.root).returncode == 0
    assert "up to date" in groundup("upgrade", cwd=ws.root).stdout


def test_a_true_conflict_keeps_both_sides_and_says_where(tmp_path: Path, catalog: Catalog) -> None:
    ex = catalog.exercises[EX]
    rel = ex.source_path.relative_to(LIBRARY)
    old_text = ex.source_path.read_text() + "\n\nOLD = 1\n"
    ws, _ = init_workspace(
        tmp_path / "ai", catalog, library=_older_library(tmp_path, catalog, rel, old_text)
    )
    path = ws.file_of(ex)
    path.write_text(path.read_text().replace("OLD = 1", "OLD = 2  # I need two"))

    upgraded = groundup("upgrade", cwd=ws.root)

    assert upgraded.returncode == 0, upgraded.stderr
    lines = path.read_text().splitlines()
    where = re.search(rf"conflict mine/{re.escape(str(rel))} line (\d+)", upgraded.stdout)
    assert where, upgraded.stdout
    assert lines[int(where[1]) - 1] == "<<<<<<< your version"
    assert "OLD = 2  # I need two" in lines and ">>>>>>> the new version" in lines
    backup = next((ws.state / "backups").rglob(rel.name))
    assert "OLD = 2  # I need two" in backup.read_text()
    # until the learner resolves it, a check names the conflict, not a bare syntax error
    checked = groundup("check", EX, cwd=ws.root)
    assert checked.returncode == 1
    assert "conflict marker that `groundup upgrade` left" in checked.stdout, checked.stdout


def test_a_deleted_file_is_restored_and_its_exercises_are_not_new(
    ws: Workspace, catalog: Catalog
) -> None:
    path = ws.file_of(catalog.exercises[EX])
    path.unlink()

    upgraded = groundup("upgrade", cwd=ws.root)

    assert upgraded.returncode == 0, upgraded.stderr
    assert f"restored {path.relative_to(ws.root)}" in upgraded.stdout
    assert "new exercises" not in upgraded.stdout
    assert is_stub(find_regions(path.read_text())[EX])


def test_reset_restores_the_stub_and_backs_up_the_learner_code(
    ws: Workspace, catalog: Catalog
) -> None:
    ex = catalog.exercises["linalg.matmul-loops"]
    write_region(ws, catalog, ex.id, MATMUL_LOOPS_CORRECT)
    assert ws.is_attempted(ex)
    backup = reset_exercise(ws, ex)
    assert is_stub(find_regions(ws.file_of(ex).read_text())[ex.id])
    assert "total += A[i, p] * B[p, j]" in backup.read_text()


def test_a_lesson_the_learner_ran_gets_the_new_cells_and_keeps_theirs(
    ws: Workspace, catalog: Catalog
) -> None:
    notebook = next((ws.root / "lessons").glob("*.ipynb"))
    generated = ws.state / "generated" / "lessons" / notebook.name
    lesson = json.loads(notebook.read_text())
    # The previous release's lesson lacked one code cell; the learner ran it and took notes.
    added = next(i for i, c in enumerate(lesson["cells"]) if c["cell_type"] == "code")
    older = {**lesson, "cells": lesson["cells"][:added] + lesson["cells"][added + 1 :]}
    generated.write_text(json.dumps(older, indent=1))
    ran = json.loads(json.dumps(older))
    j = next(i for i, c in enumerate(ran["cells"]) if i >= added and c["cell_type"] == "code")
    ran["cells"][j]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "4"}]
    ran["cells"].append(
        {"cell_type": "markdown", "id": "mine", "metadata": {}, "source": "my notes"}
    )
    notebook.write_text(json.dumps(ran, indent=1))

    upgraded = groundup("upgrade", cwd=ws.root)

    assert upgraded.returncode == 0, upgraded.stderr
    assert f"merged  lessons/{notebook.name}" in upgraded.stdout
    cells = json.loads(notebook.read_text())["cells"]
    sources = ["".join(c["source"]) for c in cells]
    assert "".join(lesson["cells"][added]["source"]) in sources  # the new cell arrived
    assert cells[j + 1]["outputs"] == ran["cells"][j]["outputs"]  # their run, kept
    assert sources[-1] == "my notes"
    assert len({c["id"] for c in cells}) == len(cells)
    backup = next((ws.state / "backups").rglob(notebook.name))
    assert json.loads(backup.read_text()) == ran


def test_an_untouched_notebook_follows_the_lesson(ws: Workspace, catalog: Catalog) -> None:
    notebook = next((ws.root / "lessons").glob("*.ipynb"))
    generated = ws.state / "generated" / "lessons" / notebook.name
    generated.write_text("an older lesson")
    notebook.write_text("an older lesson")
    report = sync(ws, catalog)
    assert f"lessons/{notebook.name}" in report.updated
    assert '"cells"' in notebook.read_text()

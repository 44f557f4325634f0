import shutil
from pathlib import Path

import pytest

from conftest import MATMUL_LOOPS_CORRECT, old_library, write_region
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


def test_upgrade_keeps_a_file_edited_outside_its_regions(tmp_path: Path, catalog: Catalog) -> None:
    ex = catalog.exercises["linalg.matmul-loops"]
    rel = ex.source_path.relative_to(LIBRARY)
    ws, _ = init_workspace(
        tmp_path / "ai", catalog, library=_changed_library(tmp_path, catalog, rel)
    )
    path = ws.file_of(ex)
    path.write_text(path.read_text() + "\n# my own notes\n")
    mine = path.read_text()

    report = sync(ws, catalog)

    assert path.read_text() == mine
    assert any("outside the exercise regions" in k for k in report.kept)
    assert (ws.state / "upgrade" / rel).is_file()


def test_reset_restores_the_stub_and_backs_up_the_learner_code(
    ws: Workspace, catalog: Catalog
) -> None:
    ex = catalog.exercises["linalg.matmul-loops"]
    write_region(ws, catalog, ex.id, MATMUL_LOOPS_CORRECT)
    assert ws.is_attempted(ex)
    backup = reset_exercise(ws, ex)
    assert is_stub(find_regions(ws.file_of(ex).read_text())[ex.id])
    assert "total += A[i, p] * B[p, j]" in backup.read_text()


def test_a_notebook_the_learner_ran_is_never_overwritten(ws: Workspace, catalog: Catalog) -> None:
    notebook = next((ws.root / "lessons").glob("*.ipynb"))
    generated = ws.state / "generated" / "lessons" / notebook.name
    # Pretend the lesson changed upstream since init, and the learner ran the notebook.
    generated.write_text("an older lesson")
    notebook.write_text("the learner's outputs and notes")
    report = sync(ws, catalog)
    assert notebook.read_text() == "the learner's outputs and notes"
    assert any("lessons/" in k and "kept" in k for k in report.kept)
    assert (ws.state / "upgrade" / "lessons" / notebook.name).is_file()


def test_an_untouched_notebook_follows_the_lesson(ws: Workspace, catalog: Catalog) -> None:
    notebook = next((ws.root / "lessons").glob("*.ipynb"))
    generated = ws.state / "generated" / "lessons" / notebook.name
    generated.write_text("an older lesson")
    notebook.write_text("an older lesson")
    report = sync(ws, catalog)
    assert f"lessons/{notebook.name}" in report.updated
    assert '"cells"' in notebook.read_text()

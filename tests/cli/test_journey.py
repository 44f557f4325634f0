"""A learner's journey through the real command line: init, fail, read the diagnosis,
fix, pass, see progress, move progress between workspaces, reset, and nothing lost."""

import json
from pathlib import Path

from conftest import MATMUL_LOOPS_CORRECT, groundup, old_library, write_region
from groundup.course.catalog import LIBRARY, Catalog
from groundup.course.regions import find_regions
from groundup.course.workspace import Workspace, init_workspace, reference_region

EX = "linalg.matmul-loops"


def test_init_then_home_shows_the_roadmap_and_the_next_exercise(
    tmp_path: Path, catalog: Catalog
) -> None:
    made = groundup("init", "ai", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "Created a groundup workspace" in made.stdout
    home = groundup(cwd=tmp_path / "ai")  # no terminal: print and exit
    assert home.returncode == 0, home.stderr
    first = catalog.ordered()[0]
    assert f"next: {first.id}" in home.stdout and "0 of" in home.stdout
    again = groundup("init", "ai", cwd=tmp_path)
    assert again.returncode == 2 and "already a groundup workspace" in again.stderr


def test_fail_diagnose_fix_pass_progress(ws: Workspace, catalog: Catalog) -> None:
    nothing = groundup("check", cwd=ws.root)
    assert nothing.returncode == 2 and "not started any exercise" in nothing.stderr

    mistake = catalog.exercises[EX].mistakes[0]
    write_region(ws, catalog, EX, mistake.body)
    failed = groundup("check", cwd=ws.root)
    assert failed.returncode == 1
    assert "likely mistake" in failed.stdout and mistake.id not in ("",)
    assert " ".join(mistake.message.split()[:4]) in " ".join(failed.stdout.split())

    hints = [groundup("hint", EX, cwd=ws.root).stdout for _ in range(2)]
    assert "hint 1 of" in hints[0] and "hint 2 of" in hints[1]

    locked = groundup("solution", EX, cwd=ws.root)
    assert locked.returncode == 2 and "opens once you pass" in locked.stderr

    write_region(ws, catalog, EX, MATMUL_LOOPS_CORRECT)
    passed = groundup("check", EX, cwd=ws.root)
    assert passed.returncode == 0, passed.stdout
    assert "all checks passed" in passed.stdout

    shown = groundup("solution", EX, cwd=ws.root)
    assert shown.returncode == 0
    first_line = reference_region(catalog.exercises[EX]).strip().splitlines()[0].strip()
    assert first_line in shown.stdout

    as_json = json.loads(groundup("check", "--json", cwd=ws.root).stdout)
    assert [r["verdict"] for r in as_json] == ["passed"] and as_json[0]["cases"] > 0

    progress = json.loads(groundup("progress", "--json", cwd=ws.root).stdout)
    assert progress["passed"] == 1 and progress["total"] == len(catalog.exercises)
    rows = {r["id"]: r for r in json.loads(groundup("list", "--json", cwd=ws.root).stdout)}
    assert rows[EX]["state"] == "passed" and rows[EX]["attempts"] == 3
    assert rows[EX]["hints_shown"] == 2


def test_progress_moves_between_workspaces(ws: Workspace, catalog: Catalog, tmp_path: Path) -> None:
    write_region(ws, catalog, EX, MATMUL_LOOPS_CORRECT)
    assert groundup("check", EX, cwd=ws.root).returncode == 0
    export = tmp_path / "progress.json"
    assert groundup("progress", "--export", str(export), cwd=ws.root).returncode == 0
    assert groundup("init", "other", cwd=tmp_path).returncode == 0
    imported = groundup("progress", "--import", str(export), cwd=tmp_path / "other")
    assert imported.returncode == 0 and "imported 1 attempts" in imported.stdout
    again = groundup("progress", "--json", cwd=tmp_path / "other")
    assert json.loads(again.stdout)["passed"] == 0  # a pass counts where its code is
    write_region(Workspace(tmp_path / "other"), catalog, EX, MATMUL_LOOPS_CORRECT)
    again = groundup("progress", "--json", cwd=tmp_path / "other")
    assert json.loads(again.stdout)["passed"] == 1
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    broken = groundup("progress", "--import", str(bad), cwd=tmp_path / "other")
    assert broken.returncode == 2 and "is not JSON" in broken.stderr


def test_reset_asks_first_and_keeps_a_backup(ws: Workspace, catalog: Catalog) -> None:
    path = write_region(ws, catalog, EX, MATMUL_LOOPS_CORRECT)
    declined = groundup("reset", EX, cwd=ws.root, input="n\n")
    assert declined.returncode != 0 and "total += A[i, p]" in path.read_text()
    done = groundup("reset", EX, cwd=ws.root, input="y\n")
    assert done.returncode == 0 and "total += A[i, p]" not in path.read_text()
    backups = list((ws.state / "backups").rglob(f"{EX}.py"))
    assert len(backups) == 1 and "total += A[i, p]" in backups[0].read_text()


def test_reveal_is_confirmed_and_recorded(ws: Workspace) -> None:
    declined = groundup("solution", EX, "--reveal", cwd=ws.root, input="n\n")
    assert declined.returncode != 0
    revealed = groundup("solution", EX, "--reveal", cwd=ws.root, input="y\n")
    assert revealed.returncode == 0 and "reference solution" in revealed.stdout
    rows = {r["id"]: r for r in json.loads(groundup("list", "--json", cwd=ws.root).stdout)}
    assert rows[EX]["revealed"] is True


def test_bad_input_gets_one_sentence_and_the_fix(ws: Workspace, tmp_path: Path) -> None:
    typo = groundup("show", "linalg.matmul-loop", cwd=ws.root)
    assert typo.returncode == 2 and "Did you mean" in typo.stderr and EX in typo.stderr
    assert "Traceback" not in typo.stderr
    outside = groundup("list", cwd=tmp_path)
    assert outside.returncode == 2 and "groundup init" in outside.stderr
    (ws.root / "groundup.toml").write_text("[checker\n")
    broken = groundup("check", EX, cwd=ws.root)
    assert broken.returncode == 2 and "not valid TOML" in broken.stderr


def test_show_prints_the_lesson_and_the_learners_function(ws: Workspace, catalog: Catalog) -> None:
    shown = groundup("show", EX, cwd=ws.root)
    assert shown.returncode == 0
    assert catalog.exercises[EX].title in shown.stdout
    assert "mine/math/matrices.py" in shown.stdout and "NotImplementedError" in shown.stdout
    assert "def matmul_loops" in shown.stdout


def test_upgrade_through_the_cli_keeps_work_and_progress(tmp_path: Path, catalog: Catalog) -> None:
    """A workspace made by an older groundup (one module fewer) is upgraded in place."""
    kept = catalog.exercises[EX]
    gone = next(e for e in reversed(catalog.ordered()) if e.source_path != kept.source_path)
    # linalg.matmul shares the learner's file: that file is rewritten around their code.
    old = old_library(tmp_path, catalog, gone.source_path.relative_to(LIBRARY), "linalg.matmul")
    ws, _ = init_workspace(tmp_path / "ai", catalog, library=old)
    write_region(ws, catalog, EX, MATMUL_LOOPS_CORRECT)
    assert groundup("check", EX, cwd=ws.root).returncode == 0
    mine = find_regions(ws.file_of(kept).read_text())[EX].body

    assert "run `groundup upgrade`" in groundup(cwd=ws.root).stdout  # home says it is due

    upgraded = groundup("upgrade", cwd=ws.root)

    assert upgraded.returncode == 0, upgraded.stderr
    assert f"added   {gone.workspace_path}" in upgraded.stdout
    assert "linalg.matmul," in upgraded.stdout or "linalg.matmul\n" in upgraded.stdout
    assert f"updated {kept.workspace_path}" in upgraded.stdout
    assert find_regions(ws.file_of(kept).read_text())[EX].body == mine
    assert "def matmul(" in ws.file_of(kept).read_text()
    assert groundup("check", EX, cwd=ws.root).returncode == 0
    progress = json.loads(groundup("progress", "--json", cwd=ws.root).stdout)
    assert progress["passed"] == 1
    assert "up to date" in groundup("upgrade", cwd=ws.root).stdout
    assert "groundup upgrade" not in groundup(cwd=ws.root).stdout


def test_upgrade_and_doctor(ws: Workspace, catalog: Catalog) -> None:
    assert "up to date" in groundup("upgrade", cwd=ws.root).stdout
    healthy = groundup("doctor", cwd=ws.root)
    assert healthy.returncode == 0, healthy.stdout
    assert "NumPy" in healthy.stdout and "workspace" in healthy.stdout
    path = ws.file_of(catalog.exercises[EX])
    path.write_text(path.read_text().replace(f"# exercise: {EX}", "# (marker deleted)"))
    sick = groundup("doctor", cwd=ws.root)
    assert sick.returncode == 1 and "matrices.py" in sick.stdout
    assert "end exercise' without a start marker" in sick.stdout and "fix:" in sick.stdout

"""Progress that matches the code, through the real command line: an exercise is passed
only while its region holds code that passed; reset, edits and imports say so in `list`,
`progress` and the checker's choice of reference code."""

import json
from pathlib import Path

from conftest import MATMUL_LOOPS_CORRECT, groundup, schema_1_store, write_region
from groundup.course.catalog import Catalog
from groundup.course.workspace import Workspace, init_workspace, reference_region

EX = "linalg.matmul-loops"
FIT, UPDATE = "neural.perceptron-fit", "neural.perceptron-update"
PREDICT = "neural.perceptron-predict"


def states(ws: Workspace) -> dict[str, str]:
    listed = groundup("list", "--json", cwd=ws.root)
    assert listed.returncode == 0, listed.stderr
    return {r["id"]: r["state"] for r in json.loads(listed.stdout)}


def plain(out: str) -> str:
    """What a panel says, as one line: words only, without its border."""
    return " ".join(w for w in out.split() if w.strip("│╭╮╰╯─"))


def n_passed(ws: Workspace) -> int:
    return int(json.loads(groundup("progress", "--json", cwd=ws.root).stdout)["passed"])


def test_reset_leaves_the_exercise_not_passed(ws: Workspace, catalog: Catalog) -> None:
    write_region(ws, catalog, EX, MATMUL_LOOPS_CORRECT)
    assert groundup("check", EX, cwd=ws.root).returncode == 0
    assert states(ws)[EX] == "passed" and n_passed(ws) == 1

    assert groundup("reset", EX, "--yes", cwd=ws.root).returncode == 0

    assert states(ws)[EX] == "new" and n_passed(ws) == 0
    assert f"next: {catalog.ordered()[0].id}" in groundup(cwd=ws.root).stdout
    assert "· not checked yet" in groundup("show", EX, cwd=ws.root).stdout
    # the same code written back is the code that passed
    write_region(ws, catalog, EX, MATMUL_LOOPS_CORRECT)
    assert states(ws)[EX] == "passed"


def test_code_changed_after_a_pass_asks_for_another_check(ws: Workspace, catalog: Catalog) -> None:
    write_region(ws, catalog, EX, MATMUL_LOOPS_CORRECT)
    assert groundup("check", EX, cwd=ws.root).returncode == 0
    write_region(ws, catalog, EX, MATMUL_LOOPS_CORRECT.replace("\n", "   \n"))
    assert states(ws)[EX] == "passed"  # trailing spaces are not a change of code

    write_region(ws, catalog, EX, MATMUL_LOOPS_CORRECT + "# tidied up\n")

    assert states(ws)[EX] == "changed" and n_passed(ws) == 0
    assert "changed since it passed: check it again" in groundup("show", EX, cwd=ws.root).stdout
    listed = groundup("list", cwd=ws.root).stdout
    assert "changed since it passed: check again" in listed
    assert groundup("check", EX, cwd=ws.root).returncode == 0
    assert states(ws)[EX] == "passed"


def _pass_perceptron_basics(tmp_path: Path, catalog: Catalog) -> Path:
    """A workspace where predict and update passed; returns its export."""
    other, _ = init_workspace(tmp_path / "other", catalog)
    for ex in (PREDICT, UPDATE):
        write_region(other, catalog, ex, reference_region(catalog.exercises[ex]))
        assert groundup("check", ex, cwd=other.root).returncode == 0
    export = tmp_path / "progress.json"
    assert groundup("progress", "--export", str(export), cwd=other.root).returncode == 0
    return export


def test_an_imported_pass_counts_only_where_the_code_is_the_same(
    ws: Workspace, catalog: Catalog, tmp_path: Path
) -> None:
    export = _pass_perceptron_basics(tmp_path, catalog)
    imported = groundup("progress", "--import", str(export), cwd=ws.root)
    assert imported.returncode == 0 and "imported 2 attempts" in imported.stdout

    # A check of fit fills the stubbed prerequisites from the reference, pass or not.
    write_region(ws, catalog, FIT, reference_region(catalog.exercises[FIT]))
    checked = groundup("check", FIT, cwd=ws.root)
    assert checked.returncode == 0, checked.stdout
    used = next(x for x in checked.stdout.splitlines() if "checked with reference code" in x)
    assert UPDATE in used

    assert states(ws)[UPDATE] == "new" and n_passed(ws) == 1  # fit; the others are stubs

    write_region(ws, catalog, UPDATE, reference_region(catalog.exercises[UPDATE]))
    assert states(ws)[UPDATE] == "passed"  # the code that passed over there


def test_an_export_without_digests_imports_as_history_only(
    ws: Workspace, catalog: Catalog, tmp_path: Path
) -> None:
    export = _pass_perceptron_basics(tmp_path, catalog)
    data = json.loads(export.read_text())
    for attempt in data["attempts"]:
        attempt.pop("region_digest", None)  # as groundup wrote exports before digests
    export.write_text(json.dumps(data))
    write_region(ws, catalog, UPDATE, reference_region(catalog.exercises[UPDATE]))

    assert groundup("progress", "--import", str(export), cwd=ws.root).returncode == 0

    assert states(ws)[UPDATE] == "changed" and n_passed(ws) == 0
    rows = {r["id"]: r for r in json.loads(groundup("list", "--json", cwd=ws.root).stdout)}
    assert rows[UPDATE]["attempts"] == 1


def test_mine_only_names_only_what_the_learner_did(ws: Workspace, catalog: Catalog) -> None:
    write_region(ws, catalog, FIT, reference_region(catalog.exercises[FIT]))

    flag = groundup("check", FIT, "--mine-only", cwd=ws.root)
    assert flag.returncode == 1
    assert f"runs your {UPDATE}, which is not written yet" in flag.stdout
    assert "check without --mine-only" in plain(flag.stdout)

    settings = ws.root / "groundup.toml"
    settings.write_text(settings.read_text().replace("mine_only = false", "mine_only = true"))
    setting = groundup("check", FIT, cwd=ws.root)
    assert setting.returncode == 1
    said = plain(setting.stdout)
    assert "set mine_only = false in groundup.toml" in said and "--mine-only" not in said


def test_a_revealed_solution_shows_in_list(ws: Workspace) -> None:
    assert groundup("solution", EX, "--reveal", "--yes", cwd=ws.root).returncode == 0
    line = next(x for x in groundup("list", cwd=ws.root).stdout.splitlines() if EX in x)
    assert "revealed" in line
    rows = {r["id"]: r for r in json.loads(groundup("list", "--json", cwd=ws.root).stdout)}
    assert rows[EX]["revealed"] is True and rows[EX]["state"] == "new"


def test_a_store_from_before_digests_keeps_its_passes_until_the_code_goes(
    ws: Workspace, catalog: Catalog
) -> None:
    """A progress database written by the previous release (schema 1, no digests)."""
    write_region(ws, catalog, EX, MATMUL_LOOPS_CORRECT)
    schema_1_store(ws.db_path, [EX])

    assert states(ws)[EX] == "passed"  # its code is not the stub: the old pass stands

    assert groundup("reset", EX, "--yes", cwd=ws.root).returncode == 0
    assert states(ws)[EX] == "new"
    write_region(ws, catalog, EX, MATMUL_LOOPS_CORRECT + "# written again\n")
    assert states(ws)[EX] == "changed"  # a reset came after the old pass: check again
    assert groundup("check", EX, cwd=ws.root).returncode == 0
    assert states(ws)[EX] == "passed"

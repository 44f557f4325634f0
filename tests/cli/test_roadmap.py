"""The roadmap shows the whole course: the parts that exist, and those coming, in order."""

import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from conftest import groundup
from groundup.course.catalog import CURRICULUM, ManifestError, load_catalog
from groundup.course.workspace import Workspace


def course_parts() -> list[dict[str, Any]]:
    return list(tomllib.loads((CURRICULUM / "course.toml").read_text())["parts"])


def coming_parts() -> list[dict[str, Any]]:
    coming = [p for p in course_parts() if p.get("status") == "coming"]
    assert coming, "course.toml announces no coming part"
    return coming


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_course_lists_every_part_and_says_which_are_coming() -> None:
    parts = course_parts()
    numbers = [int(p["title"].split(":")[0].removeprefix("Part ")) for p in parts]
    # The roadmaps' numbers (their Part 2, Python, is taught first as Part 0).
    assert numbers == [0, 1, 3, 4, 5, 6, 7, 8, 9, 10], numbers
    coming = coming_parts()
    assert {p["title"].split(":")[0] for p in coming} >= {"Part 3", "Part 5", "Part 6"}
    assert all(p["summary"].strip() and "sections" not in p for p in coming)


def test_progress_shows_the_coming_parts_in_order(ws: Workspace) -> None:
    shown = groundup("progress", cwd=ws.root)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert all(p["title"] in shown.stdout for p in coming_parts())
    where = []
    for part in course_parts():
        row = next(i for i, line in enumerate(lines) if part["title"] in line)
        where.append(row)
        assert ("coming" in lines[row]) == (part.get("status") == "coming"), lines[row]
    assert where == sorted(where)


def test_progress_json_gives_every_part_a_status(ws: Workspace) -> None:
    data = json.loads(groundup("progress", "--json", cwd=ws.root).stdout)
    parts = course_parts()
    assert [p["title"] for p in data["parts"]] == [p["title"] for p in parts]
    for got, part in zip(data["parts"], parts, strict=True):
        assert got["status"] == part.get("status", "available")
        assert got["id"] == part["id"]
        if got["status"] == "coming":
            assert got["sections"] == [] and got["total"] == 0
            assert got["summary"] == part["summary"]
        else:
            assert got["total"] > 0 and got["passed"] == 0
    assert sum(p["total"] for p in data["parts"]) == data["total"]


def test_home_and_the_welcome_show_what_is_coming(ws: Workspace, tmp_path: Path) -> None:
    coming = coming_parts()
    home = groundup(cwd=ws.root)
    assert home.returncode == 0, home.stderr
    assert all(p["title"] in home.stdout for p in coming)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    welcome = groundup(cwd=outside)
    assert welcome.returncode == 0, welcome.stderr
    for part in coming:
        line = next(line for line in welcome.stdout.splitlines() if part["title"] in line)
        assert "coming" in line
        assert flat(part["summary"]) in flat(welcome.stdout)


@pytest.fixture
def curriculum(tmp_path: Path) -> Path:
    root = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM, root)
    return root


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ('status = "coming"\nsummary = "Soon."\nsections = ["1.1-linear-algebra"]', "sections"),
        ('status = "coming"', "summary"),
        ('status = "soon"\nsummary = "Soon."', "status"),
    ],
    ids=["coming-with-sections", "coming-without-summary", "unknown-status"],
)
def test_a_malformed_coming_part_names_the_field(curriculum: Path, entry: str, field: str) -> None:
    path = curriculum / "course.toml"
    path.write_text(
        path.read_text() + f'\n[[parts]]\nid = "later"\ntitle = "Part 99: Later"\n{entry}\n'
    )
    with pytest.raises(ManifestError, match=field) as info:
        load_catalog(curriculum)
    assert "parts[" in str(info.value)

import shutil
from pathlib import Path

import pytest

from groundup.course.catalog import CURRICULUM, Catalog, ManifestError, load_catalog
from groundup.errors import GroundupError


def test_the_installed_catalog_is_valid_and_ordered(catalog: Catalog) -> None:
    ordered = catalog.ordered()
    assert len(ordered) >= 8
    position = {e.id: i for i, e in enumerate(ordered)}
    for ex in ordered:
        assert ex.source_path.is_file(), ex.source_path
        assert len(ex.hints) >= 2 and len(ex.mistakes) >= 2 and ex.tolerance.reason
        for pre in ex.prerequisites:
            assert position[pre] < position[ex.id], f"{pre} should come before {ex.id}"


def test_unknown_ids_get_a_did_you_mean(catalog: Catalog) -> None:
    some = catalog.ordered()[0].id
    with pytest.raises(GroundupError) as info:
        catalog.exercise(some[:-1] + "z")
    assert some in info.value.fix and "Did you mean" in info.value.fix
    with pytest.raises(GroundupError, match="no exercise") as info:
        catalog.exercise("zzz.qqq")
    assert "groundup list" in info.value.fix


@pytest.fixture
def curriculum(tmp_path: Path) -> Path:
    root = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM, root)
    return root


def _manifest(root: Path) -> Path:
    return root / "1.1-linear-algebra" / "manifest.toml"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("\ndifficulty = ", "\ndifficulty_typo = ", "missing field 'difficulty'"),
        ("\nminutes = ", '\nminutes = "ten" #', "field 'minutes' must be int"),
        ('\ntarget = "groundup.', '\ntarget = "numpy.', "field 'target' must look like"),
        ("\n[exercises.tolerance]\nrtol", "\n[exercises.tolerance]\nrtoll", "missing field 'rtol'"),
    ],
)
def test_a_malformed_manifest_names_the_file_and_field(
    curriculum: Path, old: str, new: str, message: str
) -> None:
    path = _manifest(curriculum)
    text = path.read_text()
    assert old in text, f"fixture assumption: {old!r} appears in the manifest"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ManifestError) as info:
        load_catalog(curriculum)
    assert str(path) in str(info.value) and message in str(info.value)


def test_dangling_prerequisites_and_cycles_are_rejected(curriculum: Path, catalog: Catalog) -> None:
    path = _manifest(curriculum)
    text = path.read_text()
    first, second = (e.id for e in catalog.sections["linalg"].exercises[:2])
    dangling = text.replace("prerequisites = [", 'prerequisites = ["linalg.nope", ', 1)
    path.write_text(dangling)
    with pytest.raises(ManifestError, match=r"unknown prerequisite 'linalg\.nope'"):
        load_catalog(curriculum)
    # first -> second and second -> first.
    lines = text.splitlines()
    out, current = [], None
    for line in lines:
        if line.startswith("id = "):
            current = line.split('"')[1]
        if line.startswith("prerequisites") and current == first:
            line = f'prerequisites = ["{second}"]'
        if line.startswith("prerequisites") and current == second:
            line = f'prerequisites = ["{first}"]'
        out.append(line)
    path.write_text("\n".join(out) + "\n")
    with pytest.raises(ManifestError, match="prerequisite cycle"):
        load_catalog(curriculum)


def test_invalid_toml_is_reported_with_the_file(curriculum: Path) -> None:
    path = _manifest(curriculum)
    path.write_text(path.read_text() + "\n[[[broken\n")
    with pytest.raises(ManifestError, match="not valid TOML") as info:
        load_catalog(curriculum)
    assert str(path) in str(info.value)


def test_sections_env_loads_only_the_named_folders(
    curriculum: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = curriculum / "9.9-draft"
    shutil.copytree(curriculum / "1.1-linear-algebra", draft)
    text = (draft / "manifest.toml").read_text()
    (draft / "manifest.toml").write_text(
        text.replace('id = "linalg"', 'id = "draft"', 1).replace('"linalg.', '"draft.')
    )
    monkeypatch.setenv("GROUNDUP_SECTIONS", "9.9-draft")
    catalog = load_catalog(curriculum)
    assert list(catalog.sections) == ["draft"]
    assert [p.id for p in catalog.parts if p.sections] == ["drafts"]
    assert all(e.startswith("draft.") for e in catalog.exercises)
    monkeypatch.setenv("GROUNDUP_SECTIONS", "1.1-linear-algebra")
    assert list(load_catalog(curriculum).sections) == ["linalg"]


def test_manifests_are_read_through_a_cache_that_follows_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from groundup.course.catalog import read_toml

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "m.toml"
    path.write_text('id = "a"\nrtol = 1e-10\n[[exercises]]\nhints = ["x", "y"]\n')
    first = read_toml(path)
    assert first == {"id": "a", "rtol": 1e-10, "exercises": [{"hints": ["x", "y"]}]}
    assert list((tmp_path / "cache" / "groundup" / "manifests").glob("*.json"))
    assert read_toml(path) == first  # from the cache
    path.write_text('id = "changed"\n')
    assert read_toml(path) == {"id": "changed"}

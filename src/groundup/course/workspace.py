"""The learner's workspace: creation, upgrade and reset, never losing learner work.

A workspace holds::

    groundup.toml          settings (checker limits, mine-only mode)
    mine/                  the learner's package: the library's modules, regions stubbed
    lessons/               runnable lesson notebooks (.ipynb)
    .groundup/progress.db  every attempt (SQLite)
    .groundup/generated/   what groundup last wrote, to tell learner edits from upstream changes
    .groundup/backups/     a copy of every learner file before groundup rewrites it
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from groundup import __version__
from groundup.course.catalog import LIBRARY, Catalog, Exercise
from groundup.course.regions import (
    Region,
    RegionError,
    find_regions,
    indent_body,
    is_stub,
    replace_bodies,
    stub_body,
    stub_source,
)
from groundup.errors import GroundupError

SETTINGS = "groundup.toml"
DEFAULT_SETTINGS = f"""\
# groundup workspace settings
[workspace]
created_with = "{__version__}"

[checker]
timeout_s = 10        # per exercise; learner code that runs longer is stopped
memory_mb = 2048      # learner code that allocates more gets a MemoryError
mine_only = false     # true: never fill in unpassed prerequisites with reference code
"""


@dataclass(frozen=True)
class Settings:
    timeout_s: float = 10.0
    memory_mb: int = 2048
    mine_only: bool = False


@dataclass
class Workspace:
    """A learner's workspace on disk."""

    root: Path

    @property
    def mine(self) -> Path:
        return self.root / "mine"

    @property
    def state(self) -> Path:
        return self.root / ".groundup"

    @property
    def db_path(self) -> Path:
        return self.state / "progress.db"

    def settings(self) -> Settings:
        """Reads ``groundup.toml``; a malformed file is an error that names the field."""
        path = self.root / SETTINGS
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise GroundupError(
                f"{path} is not valid TOML: {exc}.",
                "Fix the file, or delete it and run `groundup upgrade`.",
            ) from None
        checker = raw.get("checker", {})
        try:
            return Settings(
                float(checker.get("timeout_s", 10)),
                int(checker.get("memory_mb", 2048)),
                bool(checker.get("mine_only", False)),
            )
        except (TypeError, ValueError):
            raise GroundupError(
                f"{path}: [checker] timeout_s and memory_mb must be numbers.",
                "Fix the values, e.g. timeout_s = 10, memory_mb = 2048.",
            ) from None

    def file_of(self, exercise: Exercise) -> Path:
        return self.root / exercise.workspace_path

    def learner_region(self, exercise: Exercise) -> tuple[str, Region]:
        """The learner's file text and the exercise's region in it.

        Raises:
            GroundupError: the file is missing, its markers are broken, or the
                exercise's marker is gone; the message says how to fix it.
        """
        path = self.file_of(exercise)
        if not path.is_file():
            raise GroundupError(
                f"{exercise.workspace_path} is missing from your workspace.",
                "Run `groundup upgrade` to restore it.",
            )
        text = path.read_text(encoding="utf-8")
        try:
            region = find_regions(text, str(path)).get(exercise.id)
        except RegionError as exc:
            raise GroundupError(
                f"The exercise markers in {exercise.workspace_path} are broken: {exc}.",
                "Restore the '# exercise:' and '# end exercise' lines.",
            ) from None
        if region is None:
            raise GroundupError(
                f"{exercise.workspace_path} has no '# exercise: {exercise.id}' marker.",
                "Put the marker lines back around your code.",
            )
        return text, region

    def is_attempted(self, exercise: Exercise) -> bool:
        """True once the learner has changed the exercise's stub."""
        if not self.file_of(exercise).is_file():
            return False
        try:
            _, region = self.learner_region(exercise)
        except GroundupError:
            return True  # broken or missing markers: let the check say what is wrong
        return not is_stub(region)


def find_workspace(start: Path | None = None) -> Workspace:
    """The workspace containing ``start`` (default: $GROUNDUP_WORKSPACE or the current folder)."""
    env = os.environ.get("GROUNDUP_WORKSPACE")
    here = Path(env) if env and start is None else (start or Path.cwd())
    here = here.resolve()
    for folder in [here, *here.parents]:
        if (folder / SETTINGS).is_file():
            return Workspace(folder)
    raise GroundupError(
        f"{here} is not inside a groundup workspace.",
        "Create one with `groundup init DIR`, then `cd DIR`.",
    )


def library_files(catalog: Catalog, library: Path = LIBRARY) -> Iterator[Path]:
    """Every library file the learner's package mirrors, relative to the library root.

    That is each subpackage holding an exercise, whole, so that relative imports between
    its modules resolve inside ``mine``.
    """
    subpackages = sorted({ex.module.split(".")[1] for ex in catalog.exercises.values()})
    for name in subpackages:
        for path in sorted((library / name).rglob("*.py")):
            yield path.relative_to(library)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def write_atomic(path: Path, text: str) -> None:
    """Writes a file through a temporary file and a rename, so a crash never leaves half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@dataclass
class UpgradeReport:
    """What an init or upgrade did, file by file."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    new_exercises: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # learner-edited files left alone, with why
    moved: list[str] = field(default_factory=list)  # "id: old file -> new file", code carried
    backups: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def written_regions(source: str, path: str = "<source>") -> dict[str, tuple[str, str]]:
    """The regions of one file that the learner has written: id -> (body, indentation)."""
    return {
        rid: (region.body, region.indent)
        for rid, region in find_regions(source, path).items()
        if not is_stub(region)
    }


def learner_regions(ws: Workspace) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Every region in ``mine/``, read once: what the learner wrote, and where each lives.

    Returns:
        ``written``: exercise id -> (body, the indentation it was written at), stubs left
        out; ``homes``: exercise id -> the workspace file holding its region now. Files
        whose markers are broken are skipped (they are reported where they are synced).
    """
    written: dict[str, tuple[str, str]] = {}
    homes: dict[str, str] = {}
    for path in sorted(ws.mine.rglob("*.py")) if ws.mine.is_dir() else []:
        try:
            regions = find_regions(path.read_text(encoding="utf-8"), str(path))
        except (RegionError, UnicodeDecodeError):
            continue
        for rid, region in regions.items():
            homes[rid] = str(path.relative_to(ws.root))
            if not is_stub(region):
                written[rid] = (region.body, region.indent)
    return written, homes


def _fill(template: str, written: dict[str, tuple[str, str]], path: str) -> str:
    """``template`` with the learner's bodies put into its regions, wherever they were.

    A region that moved to another file between releases is found by its exercise id;
    a body is re-indented only if the region's indentation changed.
    """
    regions = find_regions(template, path)
    bodies = {}
    for rid, region in regions.items():
        if rid in written:
            body, indent = written[rid]
            bodies[rid] = body if indent == region.indent else indent_body(body, region.indent)
    return replace_bodies(template, bodies, path)


def sync(ws: Workspace, catalog: Catalog, library: Path = LIBRARY) -> UpgradeReport:
    """Brings the workspace's files up to date with the library; the heart of init and upgrade.

    - A missing file is created from the library with its regions stubbed.
    - A file whose stubbed template changed upstream is rewritten with the learner's
      region bodies carried over, after a backup.
    - A region that moved to another file between releases takes the learner's body
      with it: bodies are found by exercise id in every file of ``mine/``.
    - A file the learner edited outside its regions is kept as is and reported.
    """
    report = UpgradeReport()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    written, homes = learner_regions(ws)
    for rel in library_files(catalog, library):
        src = (library / rel).read_text(encoding="utf-8")
        template = stub_source(src, str(rel))
        dest = ws.mine / rel
        generated = ws.state / "generated" / "mine" / rel
        shown = str(Path("mine") / rel)
        if not dest.exists():
            write_atomic(dest, _fill(template, written, shown))
            write_atomic(generated, template)
            report.created.append(shown)
            _note_regions(report, template, shown, homes)
            continue
        old_template = generated.read_text(encoding="utf-8") if generated.is_file() else None
        if old_template == template:
            continue
        current = dest.read_text(encoding="utf-8")
        try:
            edited_outside = old_template is None or stub_source(current, shown) != old_template
        except RegionError as exc:
            report.kept.append(
                f"{shown}: its exercise markers are broken ({exc}); "
                "restore them to receive the new version"
            )
            continue
        if edited_outside:
            write_atomic(ws.state / "upgrade" / rel, template)
            report.kept.append(
                f"{shown}: you changed code outside the exercise regions, so it "
                f"was kept; the new version is in .groundup/upgrade/{rel}"
            )
            continue
        backup = ws.state / "backups" / stamp / "mine" / rel
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(dest, backup)
        # NOTE: a region's body in this very file wins over a copy left in another one
        # (an older file the learner kept after editing it outside its regions).
        here = {**written, **written_regions(current, shown)}
        write_atomic(dest, _fill(template, here, shown))
        write_atomic(generated, template)
        report.updated.append(shown)
        report.backups.append(str(backup.relative_to(ws.root)))
        _note_regions(report, template, shown, homes)
    for pkg in {p.parent for p in ws.mine.rglob("*.py")} | {ws.mine}:
        init = pkg / "__init__.py"
        if not init.exists():
            write_atomic(init, '"""The learner\'s package: your own implementations."""\n')
    _sync_notebooks(ws, catalog, report)
    write_atomic(ws.state / "content-version", content_version(catalog, library))
    return report


def _note_regions(report: UpgradeReport, template: str, shown: str, homes: dict[str, str]) -> None:
    """Records which of a written file's regions are new and which moved from elsewhere."""
    for rid in find_regions(template, shown):
        if rid not in homes:
            report.new_exercises.append(rid)
        elif homes[rid] != shown:
            report.moved.append(f"{rid}: {homes[rid]} -> {shown}")


def needs_upgrade(ws: Workspace, catalog: Catalog) -> bool:
    """True when the installed groundup has content this workspace has not received."""
    recorded = ws.state / "content-version"
    current = recorded.read_text(encoding="utf-8") if recorded.is_file() else ""
    return current != content_version(catalog)


def _sync_notebooks(ws: Workspace, catalog: Catalog, report: UpgradeReport) -> None:
    """Writes each lesson notebook; a notebook the learner changed is never overwritten."""
    from groundup.course.lessons import notebook_name, notebook_text

    for section in catalog.sections.values():
        name = notebook_name(section)
        text = notebook_text(section)
        dest = ws.root / "lessons" / name
        generated = ws.state / "generated" / "lessons" / name
        old = generated.read_text(encoding="utf-8") if generated.is_file() else None
        if old == text and dest.exists():
            continue
        if dest.exists() and dest.read_text(encoding="utf-8") != old:
            write_atomic(ws.state / "upgrade" / "lessons" / name, text)
            report.kept.append(
                f"lessons/{name}: you changed or ran this notebook, so it was "
                f"kept; the new version is in .groundup/upgrade/lessons/{name}"
            )
            continue
        (report.updated if dest.exists() else report.created).append(f"lessons/{name}")
        write_atomic(dest, text)
        write_atomic(generated, text)


def init_workspace(
    root: Path, catalog: Catalog, library: Path = LIBRARY
) -> tuple[Workspace, UpgradeReport]:
    """Creates a workspace at ``root`` (an empty or new folder)."""
    root = root.expanduser().resolve()
    if (root / SETTINGS).exists():
        raise GroundupError(
            f"{root} is already a groundup workspace.",
            "Use it as it is, or run `groundup upgrade` there to add new exercises.",
        )
    if root.exists() and any(p.name not in {".git", ".DS_Store"} for p in root.iterdir()):
        raise GroundupError(
            f"{root} is not empty, and groundup never writes over your files.",
            "Choose a new or empty folder.",
        )
    root.mkdir(parents=True, exist_ok=True)
    ws = Workspace(root)
    ws.state.mkdir(exist_ok=True)
    report = sync(ws, catalog, library)
    write_atomic(root / SETTINGS, DEFAULT_SETTINGS)
    write_atomic(root / ".gitignore", ".groundup/\n__pycache__/\n")
    return ws, report


def reset_exercise(ws: Workspace, exercise: Exercise) -> Path:
    """Puts an exercise back to its stub, after saving the learner's body to a backup.

    Returns:
        The backup file.
    """
    text, region = ws.learner_region(exercise)
    backup = ws.state / "backups" / time.strftime("%Y%m%d-%H%M%S") / f"{exercise.id}.py"
    write_atomic(backup, region.body)
    write_atomic(
        ws.file_of(exercise),
        replace_bodies(text, {exercise.id: stub_body(exercise.id, region.indent)}),
    )
    return backup


def reference_region(exercise: Exercise) -> str:
    """The reference solution's body for an exercise (the library's own region)."""
    text = exercise.source_path.read_text(encoding="utf-8")
    region = find_regions(text, str(exercise.source_path))[exercise.id]
    return region.body


def content_version(catalog: Catalog, library: Path = LIBRARY) -> str:
    """A digest of every stubbed template: changes exactly when an upgrade has work to do."""
    h = hashlib.sha256()
    for rel in library_files(catalog, library):
        h.update(str(rel).encode())
        h.update(_digest(stub_source((library / rel).read_text(encoding="utf-8"))).encode())
    return h.hexdigest()[:16]

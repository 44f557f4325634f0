"""The learner's workspace: creation, upgrade and reset, never losing learner work.

A workspace holds::

    groundup.toml          settings (checker limits, mine-only mode)
    mine/                  the learner's package: the library's modules, regions stubbed
    lessons/               runnable lesson notebooks (.ipynb)
    .groundup/progress.db  every attempt (SQLite)
    .groundup/generated/   what groundup last wrote: the base of an upgrade's three-way merge
    .groundup/backups/     a copy of every learner file before groundup rewrites it
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import textwrap
import time
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from groundup import __version__
from groundup.course.catalog import LIBRARY, Catalog, Exercise
from groundup.course.merge import Merged, merge_notebook, merge_text
from groundup.course.progress import UNKNOWN_CODE
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
class Code:
    """What an exercise's region holds now: a digest of its code, and whether it is the stub."""

    digest: str
    stub: bool


def code_digest(region: Region) -> str:
    """A digest of the code in a region, blind to its indentation and trailing spaces.

    So a body that an upgrade re-indents (its region moved into a class) is the same code.
    """
    lines = [line.rstrip() for line in textwrap.dedent(region.body).splitlines()]
    return _digest("\n".join(lines).strip("\n"))


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

    def codes(self, exercises: Iterable[Exercise]) -> dict[str, Code | None]:
        """What each exercise's region holds now, reading each file once.

        None for an exercise whose file or region is missing; a file whose markers are
        broken gives code that matches no check (:data:`UNKNOWN_CODE`).
        """
        by_file: dict[Path, list[Exercise]] = {}
        for ex in exercises:
            by_file.setdefault(ex.workspace_path, []).append(ex)
        out: dict[str, Code | None] = {}
        for rel, group in by_file.items():
            try:
                regions = find_regions(
                    (self.root / rel).read_text(encoding="utf-8"), str(self.root / rel)
                )
            except FileNotFoundError:
                regions = {}
            except (RegionError, UnicodeDecodeError, OSError):
                out.update({ex.id: Code(UNKNOWN_CODE, stub=False) for ex in group})
                continue
            for ex in group:
                region = regions.get(ex.id)
                out[ex.id] = None if region is None else Code(code_digest(region), is_stub(region))
        return out

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
    restored: list[str] = field(default_factory=list)  # files the learner had deleted
    updated: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)  # learner-changed files, changes kept
    conflicts: list[str] = field(default_factory=list)  # "file line N" / "file cell N"
    new_exercises: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # learner-edited files left alone, with why
    moved: list[str] = field(default_factory=list)  # "id: old file -> new file", code carried
    backups: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.restored or self.updated or self.merged)

    def back_up(self, ws: Workspace, stamp: str, rel: Path) -> None:
        """Copies a workspace file to ``.groundup/backups/STAMP/`` before it is rewritten."""
        backup = ws.state / "backups" / stamp / rel
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ws.root / rel, backup)
        self.backups.append(str(backup.relative_to(ws.root)))

    def note_merge(self, shown: str, merged: Merged, unit: str = "line") -> None:
        self.merged.append(shown)
        self.conflicts += [f"{shown} {unit} {n}" for n in merged.conflicts]


Bodies = dict[str, tuple[str, str]]  # exercise id -> (body, the indentation it was written at)


def written_regions(source: str, path: str = "<source>") -> Bodies:
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


def _merge_regions(
    old_template: str, current: str, template: str, here: Bodies, path: str
) -> Merged:
    """The learner's file merged with the new template, their region bodies winning.

    The bodies go into both templates before the merge, so that inside a region only
    groundup's changes (a region moved or re-indented) meet the learner's unchanged
    code, and again into the result, for a region whose body came from another file.
    """
    merged = merge_text(_fill(old_template, here, path), current, _fill(template, here, path))
    with contextlib.suppress(RegionError):  # markers inside a conflict: left as merged
        merged.text = _fill(merged.text, here, path)
    return merged


def sync(ws: Workspace, catalog: Catalog, library: Path = LIBRARY) -> UpgradeReport:
    """Brings the workspace's files up to date with the library; the heart of init and upgrade.

    - A missing file is created from the library with its regions stubbed (a file the
      learner deleted is restored, its exercises not new).
    - A file whose stubbed template changed upstream is rewritten with the learner's
      region bodies carried over, after a backup; if the learner also changed it outside
      its regions, the two versions are merged three ways (base: the template groundup
      wrote last), a true conflict keeping both sides, marked and reported by line.
    - A region that moved to another file between releases takes the learner's body
      with it: bodies are found by exercise id in every file of ``mine/``.
    - A file the learner edited, in a workspace made before groundup kept the templates
      it wrote, is kept as is and reported, the new version next to it.
    """
    report = UpgradeReport()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    written, homes = learner_regions(ws)
    known = _generated_regions(ws) | set(homes)
    for rel in library_files(catalog, library):
        src = (library / rel).read_text(encoding="utf-8")
        template = stub_source(src, str(rel))
        dest = ws.mine / rel
        generated = ws.state / "generated" / "mine" / rel
        shown = str(Path("mine") / rel)
        if not dest.exists():
            write_atomic(dest, _fill(template, written, shown))
            (report.restored if generated.is_file() else report.created).append(shown)
            write_atomic(generated, template)
            _note_regions(report, template, shown, homes, known)
            continue
        old_template = generated.read_text(encoding="utf-8") if generated.is_file() else None
        if old_template == template:
            continue
        current = dest.read_text(encoding="utf-8")
        try:
            outside = stub_source(current, shown)
        except RegionError as exc:
            report.kept.append(
                f"{shown}: its exercise markers are broken ({exc}); "
                "restore them to receive the new version"
            )
            continue
        if old_template is None:
            if outside == template:  # already the new version outside its regions
                write_atomic(generated, template)
                continue
            write_atomic(ws.state / "upgrade" / rel, template)
            report.kept.append(
                f"{shown}: this workspace does not know which version of it groundup wrote, "
                f"so it was kept; the new version is in .groundup/upgrade/{rel}"
            )
            continue
        report.back_up(ws, stamp, Path("mine") / rel)
        # NOTE: a region's body in this very file wins over a copy left in another one
        # (an older file the learner kept after editing it outside its regions).
        here = {**written, **written_regions(current, shown)}
        if outside != old_template:
            merged = _merge_regions(old_template, current, template, here, shown)
            write_atomic(dest, merged.text)
            report.note_merge(shown, merged)
        else:
            write_atomic(dest, _fill(template, here, shown))
            report.updated.append(shown)
        write_atomic(generated, template)
        _note_regions(report, template, shown, homes, known)
    for pkg in {p.parent for p in ws.mine.rglob("*.py")} | {ws.mine}:
        init = pkg / "__init__.py"
        if not init.exists():
            write_atomic(init, '"""The learner\'s package: your own implementations."""\n')
    _sync_notebooks(ws, catalog, report, stamp)
    write_atomic(ws.state / "content-version", content_version(catalog, library))
    return report


def _generated_regions(ws: Workspace) -> set[str]:
    """Every exercise id in the files groundup wrote into this workspace before."""
    ids: set[str] = set()
    folder = ws.state / "generated" / "mine"
    for path in folder.rglob("*.py") if folder.is_dir() else []:
        with contextlib.suppress(RegionError, UnicodeDecodeError):
            ids |= set(find_regions(path.read_text(encoding="utf-8"), str(path)))
    return ids


def _note_regions(
    report: UpgradeReport, template: str, shown: str, homes: dict[str, str], known: set[str]
) -> None:
    """Records which of a written file's regions are new and which moved from elsewhere.

    ``known``: the exercises this workspace had before (a restored file's are not new).
    """
    for rid in find_regions(template, shown):
        if rid not in known:
            report.new_exercises.append(rid)
        elif rid in homes and homes[rid] != shown:
            report.moved.append(f"{rid}: {homes[rid]} -> {shown}")


def needs_upgrade(ws: Workspace, catalog: Catalog) -> bool:
    """True when the installed groundup has content this workspace has not received."""
    recorded = ws.state / "content-version"
    current = recorded.read_text(encoding="utf-8") if recorded.is_file() else ""
    return current != content_version(catalog)


def _sync_notebooks(ws: Workspace, catalog: Catalog, report: UpgradeReport, stamp: str) -> None:
    """Writes each lesson notebook; one the learner ran or changed is merged with the new
    lesson cell by cell (their outputs and cells kept), after a backup."""
    from groundup.course.lessons import notebook_name, notebook_text

    for section in catalog.sections.values():
        name = notebook_name(section)
        text = notebook_text(section)
        dest = ws.root / "lessons" / name
        generated = ws.state / "generated" / "lessons" / name
        old = generated.read_text(encoding="utf-8") if generated.is_file() else None
        shown = f"lessons/{name}"
        if old == text and dest.exists():
            continue
        current = dest.read_text(encoding="utf-8") if dest.exists() else None
        merged = None
        if current == text:
            write_atomic(generated, text)
            continue
        if current is not None and current != old:
            merged = merge_notebook(old, current, text) if old is not None else None
            if merged is None:
                write_atomic(ws.state / "upgrade" / "lessons" / name, text)
                report.kept.append(
                    f"{shown}: groundup cannot tell your changes from its own in this notebook, "
                    f"so it was kept; the new lesson is in .groundup/upgrade/lessons/{name}"
                )
                continue
            report.back_up(ws, stamp, Path("lessons") / name)
            report.note_merge(shown, merged, "cell")
        elif current is not None:
            report.updated.append(shown)
        else:
            (report.restored if old is not None else report.created).append(shown)
        write_atomic(dest, merged.text if merged is not None else text)
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

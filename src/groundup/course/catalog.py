"""The curriculum as data: the course manifest, section manifests and exercises.

``curriculum/course.toml`` lists the parts and their sections in order; each section
folder holds ``manifest.toml`` (the section and its exercises), ``lesson.md`` (a MyST
Markdown notebook) and ``checks.py``. :func:`load_catalog` reads and validates all of
it; a malformed manifest raises :class:`ManifestError` naming the file and the field.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import importlib.util
import json
import os
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from groundup.errors import GroundupError

CURRICULUM = Path(__file__).resolve().parent.parent / "curriculum"
LIBRARY = Path(__file__).resolve().parent.parent


class ManifestError(GroundupError):
    """A manifest is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class Mistake:
    """A plausible wrong body and what a learner whose code behaves like it should read."""

    id: str
    message: str
    body: str


@dataclass(frozen=True)
class Equivalent:
    """A mutant of the reference body that computes the same thing, and why.

    ``groundup gate --mutants`` lets it survive the checks, after proving it passes
    them on several seeds (:mod:`groundup.course.mutation`).
    """

    mutant: str
    why: str


@dataclass(frozen=True)
class Tolerance:
    """How close a result must be, and why that close."""

    rtol: float
    atol: float
    reason: str


@dataclass(frozen=True)
class Exercise:
    """One exercise: a region of the reference library and everything about it."""

    id: str
    title: str
    target: str
    section: str
    prerequisites: tuple[str, ...]
    hints: tuple[str, ...]
    difficulty: int
    minutes: int
    tolerance: Tolerance
    mistakes: tuple[Mistake, ...]
    forbid: tuple[str, ...] = ()
    timeout_s: float | None = None
    equivalent: tuple[Equivalent, ...] = ()

    @property
    def module(self) -> str:
        """The reference module (``groundup.math.matrices``)."""
        return self.target.split(":")[0]

    @property
    def qualname(self) -> str:
        """The symbol inside the module (``matmul_loops`` or ``PCA.fit``)."""
        return self.target.split(":")[1]

    @property
    def learner_module(self) -> str:
        """The same module in the learner's package (``mine.math.matrices``)."""
        return "mine." + self.module.removeprefix("groundup.")

    @property
    def source_path(self) -> Path:
        """The reference file that holds the exercise region."""
        return LIBRARY / Path(*self.module.split(".")[1:]).with_suffix(".py")

    @property
    def workspace_path(self) -> Path:
        """The learner's file, relative to the workspace."""
        return Path("mine", *self.module.split(".")[1:]).with_suffix(".py")


@dataclass(frozen=True)
class Section:
    """One section of the course: a lesson, its checks, its exercises in order."""

    id: str
    number: str
    title: str
    part: str
    folder: Path
    summary: str
    exercises: tuple[Exercise, ...]

    @property
    def lesson_path(self) -> Path:
        return self.folder / "lesson.md"

    @property
    def checks_path(self) -> Path:
        return self.folder / "checks.py"


PART_STATUSES = ("available", "coming")
"""A part is available (its sections are built) or coming (announced: a title and a summary)."""


@dataclass(frozen=True)
class Part:
    """A part of the course: its sections in order, or (coming) only what it will teach."""

    id: str
    title: str
    sections: tuple[Section, ...]
    status: str = "available"
    summary: str = ""


@dataclass
class Catalog:
    """Every part, section and exercise, with lookups by id."""

    title: str
    parts: tuple[Part, ...]
    exercises: dict[str, Exercise] = field(default_factory=dict)
    sections: dict[str, Section] = field(default_factory=dict)

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with this id, or a :class:`GroundupError` with a "did you mean"."""
        if exercise_id in self.exercises:
            return self.exercises[exercise_id]
        close = difflib.get_close_matches(exercise_id, list(self.exercises), n=3, cutoff=0.5)
        if not close:  # also try the slug alone: "matmul" -> "linalg.matmul"
            close = [i for i in self.exercises if exercise_id in i][:3]
        hint = f"Did you mean {', '.join(close)}?" if close else "Run `groundup list` to see them."
        raise GroundupError(f"There is no exercise {exercise_id!r}.", hint)

    def ordered(self) -> list[Exercise]:
        """All exercises in course order."""
        return [e for part in self.parts for s in part.sections for e in s.exercises]

    def prerequisites_closure(self, exercise_id: str) -> list[str]:
        """Every exercise that ``exercise_id`` depends on, directly or not, in course order."""
        seen: set[str] = set()
        stack = list(self.exercises[exercise_id].prerequisites)
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(self.exercises[current].prerequisites)
        return [e.id for e in self.ordered() if e.id in seen]


def _require(table: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in table:
        raise ManifestError(f"{where}: missing field '{key}'")
    value = table[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise ManifestError(f"{where}: field '{key}' must be {names}, got {value!r}")
    return value


def _strings(table: dict[str, Any], key: str, where: str, required: bool = True) -> tuple[str, ...]:
    if key not in table and not required:
        return ()
    value = _require(table, key, list, where)
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise ManifestError(f"{where}: field '{key}' must be a list of non-empty strings")
    return tuple(value)


def _exercise(raw: Any, section_id: str, where: str) -> Exercise:
    if not isinstance(raw, dict):
        raise ManifestError(f"{where}: each [[exercises]] entry must be a table")
    ex_id = _require(raw, "id", str, where)
    where = f"{where}: exercise {ex_id!r}"
    if not ex_id.startswith(section_id + "."):
        raise ManifestError(f"{where}: field 'id' must start with the section id '{section_id}.'")
    target = _require(raw, "target", str, where)
    if target.count(":") != 1 or not target.startswith("groundup."):
        raise ManifestError(f"{where}: field 'target' must look like 'groundup.module:symbol'")
    hints = _strings(raw, "hints", where)
    if len(hints) < 2:
        raise ManifestError(
            f"{where}: field 'hints' needs at least two tiers (nudge to near-answer)"
        )
    difficulty = _require(raw, "difficulty", int, where)
    if not 1 <= difficulty <= 5:
        raise ManifestError(f"{where}: field 'difficulty' must be 1 to 5, got {difficulty}")
    minutes = _require(raw, "minutes", int, where)
    tol = _require(raw, "tolerance", dict, where)
    tolerance = Tolerance(
        float(_require(tol, "rtol", (int, float), where + " tolerance")),
        float(_require(tol, "atol", (int, float), where + " tolerance")),
        _require(tol, "reason", str, where + " tolerance"),
    )
    mistakes = []
    for i, m in enumerate(_require(raw, "mistakes", list, where)):
        mwhere = f"{where} mistakes[{i}]"
        if not isinstance(m, dict):
            raise ManifestError(f"{mwhere}: must be a table with id, message, body")
        mistakes.append(
            Mistake(
                _require(m, "id", str, mwhere),
                _require(m, "message", str, mwhere),
                _require(m, "body", str, mwhere),
            )
        )
    if len({m.id for m in mistakes}) != len(mistakes):
        raise ManifestError(f"{where}: mistake ids must be unique")
    equivalent = []
    for i, e in enumerate(raw.get("equivalent", [])):
        ewhere = f"{where} equivalent[{i}]"
        if not isinstance(e, dict):
            raise ManifestError(f"{ewhere}: must be a table with mutant and why")
        equivalent.append(
            Equivalent(_require(e, "mutant", str, ewhere), _require(e, "why", str, ewhere))
        )
    timeout = raw.get("timeout_s")
    if timeout is not None and not isinstance(timeout, int | float):
        raise ManifestError(f"{where}: field 'timeout_s' must be a number")
    return Exercise(
        id=ex_id,
        title=_require(raw, "title", str, where),
        target=target,
        section=section_id,
        prerequisites=_strings(raw, "prerequisites", where, required=False),
        hints=hints,
        difficulty=difficulty,
        minutes=minutes,
        tolerance=tolerance,
        mistakes=tuple(mistakes),
        forbid=_strings(raw, "forbid", where, required=False),
        timeout_s=None if timeout is None else float(timeout),
        equivalent=tuple(equivalent),
    )


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "groundup" / "manifests"


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's contents, through a JSON cache keyed by the file's size and mtime.

    Parsing the manifests is most of what ``groundup check`` spends before it starts the
    checker (TOML parsing is slow in pure Python, and the course keeps growing); the
    JSON copy loads ten times faster. A cache that cannot be read or written is skipped.

    Raises:
        tomllib.TOMLDecodeError: the file is not valid TOML.
    """
    stat = path.stat()
    key = f"{stat.st_mtime_ns}-{stat.st_size}"
    name = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:24] + ".json"
    cached = _cache_dir() / name
    try:
        stored = json.loads(cached.read_text(encoding="utf-8"))
        if stored.get("key") == key:
            return dict(stored["data"])
    except (OSError, ValueError, AttributeError):
        pass
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f".{name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"key": key, "data": data}), encoding="utf-8")
        os.replace(tmp, cached)
    except (OSError, TypeError, ValueError):
        pass  # a read-only home, or a value JSON cannot hold (TOML dates): parse each time
    return data


def load_section(folder: Path, part_id: str) -> Section:
    """Reads and validates one section folder."""
    path = folder / "manifest.toml"
    if not path.is_file():
        raise ManifestError(f"{folder}: no manifest.toml")
    try:
        raw = read_toml(path)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{path}: not valid TOML: {exc}") from None
    where = str(path)
    section_id = _require(raw, "id", str, where)
    exercises = tuple(
        _exercise(e, section_id, where) for e in _require(raw, "exercises", list, where)
    )
    for name in ("lesson.md", "checks.py"):
        if not (folder / name).is_file():
            raise ManifestError(f"{where}: the section folder has no {name}")
    return Section(
        section_id,
        _require(raw, "number", str, where),
        _require(raw, "title", str, where),
        part_id,
        folder,
        _require(raw, "summary", str, where),
        exercises,
    )


def validate_graph(catalog: Catalog) -> None:
    """Rejects dangling prerequisite ids and cycles in the prerequisite graph."""
    for ex in catalog.exercises.values():
        for pre in ex.prerequisites:
            if pre not in catalog.exercises:
                raise ManifestError(
                    f"{ex.section}: exercise {ex.id!r} lists unknown prerequisite {pre!r}"
                )
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> None:
        if state.get(node) == 1:
            cycle = [*path[path.index(node) :], node]
            raise ManifestError(f"prerequisite cycle: {' -> '.join(cycle)}")
        if state.get(node) == 2:
            return
        state[node] = 1
        for pre in catalog.exercises[node].prerequisites:
            visit(pre, [*path, node])
        state[node] = 2

    for ex_id in catalog.exercises:
        visit(ex_id, [])


SECTIONS_ENV = "GROUNDUP_SECTIONS"


def load_catalog(root: Path = CURRICULUM) -> Catalog:
    """Reads the course manifest and every section under ``root``; validates it all.

    While writing content, ``GROUNDUP_SECTIONS=1.2-calculus,1.6-optimization`` loads only
    the named section folders (listed in ``course.toml`` or not), so that one author's
    half-written manifest never breaks another's gate.
    """
    path = root / "course.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{path}: the course manifest is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{path}: not valid TOML: {exc}") from None
    only = [s.strip() for s in os.environ.get(SECTIONS_ENV, "").split(",") if s.strip()]
    parts = []
    for i, p in enumerate(_require(raw, "parts", list, str(path))):
        where = f"{path}: parts[{i}]"
        status = p.get("status", "available")
        if status not in PART_STATUSES:
            raise ManifestError(
                f"{where}: field 'status' must be 'available' or 'coming', got {status!r}"
            )
        if status == "coming" and "sections" in p:
            raise ManifestError(f"{where}: a coming part has no field 'sections' yet")
        folders = _strings(p, "sections", where) if status == "available" else ()
        if only:
            folders = tuple(f for f in folders if f in only)
        part_id = _require(p, "id", str, where)
        sections = tuple(load_section(root / s, part_id) for s in folders)
        summary = _require(p, "summary", str, where) if status == "coming" else ""
        parts.append(Part(part_id, _require(p, "title", str, where), sections, status, summary))
    if only:  # sections an author is writing, not yet listed in course.toml
        listed = {f for p in raw["parts"] for f in p.get("sections", [])}
        drafts = tuple(load_section(root / f, "drafts") for f in only if f not in listed)
        if drafts:
            parts.append(Part("drafts", "Drafts (named in " + SECTIONS_ENV + ")", drafts))
    catalog = Catalog(_require(raw, "title", str, str(path)), tuple(parts))
    for part in catalog.parts:
        for section in part.sections:
            if section.id in catalog.sections:
                raise ManifestError(f"{section.folder}: section id {section.id!r} is used twice")
            catalog.sections[section.id] = section
            for ex in section.exercises:
                if ex.id in catalog.exercises:
                    raise ManifestError(f"{section.folder}: exercise id {ex.id!r} is used twice")
                catalog.exercises[ex.id] = ex
    validate_graph(catalog)
    return catalog


@cache
def default_catalog() -> Catalog:
    """The installed curriculum, loaded once per process."""
    return load_catalog()


def load_checks_file(path: Path, section_id: str) -> dict[str, list[Any]]:
    """Imports a checks file; returns exercise id -> its check functions, in file order."""
    spec = importlib.util.spec_from_file_location(f"groundup_checks_{section_id}", path)
    assert spec is not None and spec.loader is not None
    module: ModuleType = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found: dict[str, list[Any]] = {}
    for value in vars(module).values():
        ex_id = getattr(value, "__groundup_exercise__", None)
        if ex_id is not None:
            found.setdefault(ex_id, []).append(value)
    return found


def exercise_to_json(exercise: Exercise) -> dict[str, Any]:
    """An exercise as JSON-ready data (the checker sends it to its child process)."""
    return dataclasses.asdict(exercise)


def exercise_from_json(data: dict[str, Any]) -> Exercise:
    """The inverse of :func:`exercise_to_json`."""
    fields = dict(data)
    fields["tolerance"] = Tolerance(**data["tolerance"])
    fields["mistakes"] = tuple(Mistake(**m) for m in data["mistakes"])
    fields["equivalent"] = tuple(Equivalent(**e) for e in data.get("equivalent", ()))
    for name in ("prerequisites", "hints", "forbid"):
        fields[name] = tuple(data[name])
    return Exercise(**fields)

"""Shared fixtures: the installed catalog, fresh workspaces, and the real CLI."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from groundup.course.catalog import LIBRARY, Catalog, default_catalog
from groundup.course.regions import find_regions, indent_body, replace_bodies
from groundup.course.workspace import Workspace, init_workspace, library_files, reference_region

ENV = {
    **os.environ,
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MPLBACKEND": "Agg",
    "COLUMNS": "120",
    "NO_COLOR": "1",
    "TERM": "dumb",
}
ENV.pop("GROUNDUP_WORKSPACE", None)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return default_catalog()


@pytest.fixture
def ws(tmp_path: Path, catalog: Catalog) -> Workspace:
    workspace, _ = init_workspace(tmp_path / "ai", catalog)
    return workspace


def write_region(ws: Workspace, catalog: Catalog, exercise_id: str, body: str) -> Path:
    """Writes ``body`` into the learner's region of ``exercise_id``, as a learner would."""
    ex = catalog.exercises[exercise_id]
    path = ws.file_of(ex)
    text = path.read_text(encoding="utf-8")
    indent = find_regions(text)[exercise_id].indent
    path.write_text(
        replace_bodies(text, {exercise_id: indent_body(textwrap.dedent(body), indent)}),
        encoding="utf-8",
    )
    return path


def old_library(tmp_path: Path, catalog: Catalog, drop_file: Path, drop_region: str) -> Path:
    """A copy of the library as an older groundup had it: one module and one region fewer."""
    old = tmp_path / "old-library"
    for rel in library_files(catalog):
        (old / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(LIBRARY / rel, old / rel)
    (old / drop_file).unlink()
    ex = catalog.exercises[drop_region]
    path = old / ex.source_path.relative_to(LIBRARY)
    region = find_regions(path.read_text())[drop_region]
    lines = path.read_text().splitlines(keepends=True)
    del lines[region.end]
    del lines[region.start]
    text = "".join(lines)
    path.write_text(text)
    assert drop_region not in find_regions(text)
    return old


def groundup(
    *args: str, cwd: Path, input: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Runs the real command line, as a learner would, and captures what it prints."""
    return subprocess.run(
        [sys.executable, "-m", "groundup", *args],
        cwd=cwd,
        env=ENV,
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# A learner's correct answer: the same loops as the reference (taken from it, not copied).
MATMUL_LOOPS_CORRECT = textwrap.dedent(
    reference_region(default_catalog().exercises["linalg.matmul-loops"])
)


def schema_1_store(path: Path, passed: list[str]) -> None:
    """A progress database as the release before region digests wrote it (schema 1),
    holding one passing attempt of each exercise in ``passed``."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('schema', '1');
        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY, exercise_id TEXT NOT NULL, at TEXT NOT NULL,
            verdict TEXT NOT NULL, failing_check TEXT, mistake TEXT,
            hints_used INTEGER NOT NULL DEFAULT 0, duration_ms INTEGER, seed INTEGER,
            reference_for TEXT NOT NULL DEFAULT '[]', flagged INTEGER NOT NULL DEFAULT 0,
            UNIQUE (exercise_id, at, verdict));
        CREATE TABLE events (
            id INTEGER PRIMARY KEY, exercise_id TEXT NOT NULL, at TEXT NOT NULL,
            kind TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '',
            UNIQUE (exercise_id, at, kind, detail));
        """
    )
    db.executemany(
        "INSERT INTO attempts (exercise_id, at, verdict) VALUES (?, ?, 'passed')",
        [(ex, "2024-01-01T00:00:00.000000Z") for ex in passed],
    )
    db.commit()
    db.close()

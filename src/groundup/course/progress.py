"""The progress store: every attempt, hint and reveal, in SQLite.

Progress is keyed by stable exercise ids, so it survives upgrades. Each attempt also
records a digest of the code that was checked (:func:`groundup.course.workspace.code_digest`),
so that "passed" can mean "the code in the workspace now is code that passed"
(:func:`Status.verdict_for`). The database runs in WAL mode with a busy timeout and every
write is one short transaction, so two groundup processes on one workspace at once corrupt
nothing and lose nothing.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from groundup.errors import GroundupError
from groundup.testing.result import Verdict

SCHEMA_VERSION = 2  # 2: attempts.region_digest
EXPORT_FORMAT = "groundup-progress"
# The digest of an attempt whose code is not known (imported from an export written before
# digests, or a file whose markers were broken): it never matches any code.
UNKNOWN_CODE = "unknown"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    exercise_id TEXT NOT NULL,
    at TEXT NOT NULL,
    verdict TEXT NOT NULL,          -- passed | failed | error | timeout | crashed
    failing_check TEXT,
    mistake TEXT,
    hints_used INTEGER NOT NULL DEFAULT 0,
    duration_ms INTEGER,
    seed INTEGER,
    reference_for TEXT NOT NULL DEFAULT '[]',
    flagged INTEGER NOT NULL DEFAULT 0,
    region_digest TEXT,             -- the code checked; NULL: recorded before schema 2
    UNIQUE (exercise_id, at, verdict)
);
CREATE INDEX IF NOT EXISTS attempts_by_exercise ON attempts (exercise_id, id);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    exercise_id TEXT NOT NULL,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,             -- hint | reveal | solution | reset
    detail TEXT NOT NULL DEFAULT '',
    UNIQUE (exercise_id, at, kind, detail)
);
"""


def now() -> str:
    """The current time as ISO 8601 UTC with microseconds (sortable as text)."""
    t = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{int(t % 1 * 1e6):06d}Z"


@dataclass(frozen=True)
class Status:
    """Where a learner stands on one exercise, from the history of its checks.

    Attributes:
        by_code: region digest -> the verdict of the latest check of that code.
        legacy: the verdict of the latest check when it was recorded before digests
            existed and no reset came after it (it stands for the code there now).
    """

    exercise_id: str
    attempts: int
    last_verdict: Verdict | None
    ever_passed: bool
    hints_shown: int
    revealed: bool
    last_at: str | None
    by_code: Mapping[str, Verdict] = field(default_factory=dict)
    legacy: Verdict | None = None

    @property
    def passed(self) -> bool:
        """Passed on the latest check, whatever code it checked (see :meth:`verdict_for`)."""
        return self.last_verdict == Verdict.PASSED

    def verdict_for(self, digest: str, *, stub: bool) -> Verdict | None:
        """The verdict of the latest check of this very code; None if it was never checked.

        A check recorded before digests existed stands for the code there now, unless that
        is the stub (a reset came after it) or a later check knows its code.
        """
        if digest == UNKNOWN_CODE:
            return None
        if digest in self.by_code:
            return self.by_code[digest]
        return None if stub else self.legacy


def _migrate(db: sqlite3.Connection) -> None:
    """Brings a store written by an older groundup to this schema, inside a write lock.

    Schema 2 adds ``attempts.region_digest``; older attempts keep NULL there, which
    :class:`Status` reads as "checked before digests existed".
    """
    columns = {row[1] for row in db.execute("PRAGMA table_info(attempts)")}
    if "region_digest" not in columns:
        db.execute("ALTER TABLE attempts ADD COLUMN region_digest TEXT")


class Progress:
    """The SQLite progress store of one workspace."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(path, timeout=30.0, isolation_level=None)
            self._db.execute("PRAGMA busy_timeout = 30000")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.executescript(SCHEMA)  # idempotent; runs in its own transaction
            with self._write() as db:
                _migrate(db)
                db.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
                )
        except sqlite3.DatabaseError as exc:
            raise GroundupError(
                f"The progress database {path} cannot be read ({exc}).",
                "Move it aside; `groundup progress --import FILE` restores an export.",
            ) from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        # BEGIN IMMEDIATE takes the write lock up front; a second process waits its turn.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- writing ------------------------------------------------------------------------

    def record_attempt(
        self,
        exercise_id: str,
        verdict: Verdict,
        *,
        failing_check: str | None = None,
        mistake: str | None = None,
        duration_ms: int | None = None,
        seed: int | None = None,
        reference_for: list[str] | None = None,
        flagged: bool = False,
        region_digest: str = UNKNOWN_CODE,
    ) -> None:
        """Logs one check of one exercise.

        ``region_digest``: the digest of the code that was checked; a pass counts only
        while the exercise's region holds that code.
        """
        with self._write() as db:
            hints = self._hints_shown(exercise_id)
            db.execute(
                "INSERT OR IGNORE INTO attempts (exercise_id, at, verdict, failing_check, mistake,"
                " hints_used, duration_ms, seed, reference_for, flagged, region_digest)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    exercise_id,
                    now(),
                    Verdict(verdict).value,
                    failing_check,
                    mistake,
                    hints,
                    duration_ms,
                    seed,
                    json.dumps(reference_for or []),
                    int(flagged),
                    region_digest,
                ),
            )

    def record_event(self, exercise_id: str, kind: str, detail: str = "") -> None:
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO events (exercise_id, at, kind, detail) VALUES (?, ?, ?, ?)",
                (exercise_id, now(), kind, detail),
            )

    def next_hint(self, exercise_id: str, n_tiers: int) -> int:
        """Records that the next hint tier was shown and returns its index (0-based)."""
        with self._write() as db:
            tier = min(self._hints_shown(exercise_id), n_tiers - 1)
            db.execute(
                "INSERT INTO events (exercise_id, at, kind, detail) VALUES (?, ?, 'hint', ?)",
                (exercise_id, now(), str(tier)),
            )
        return tier

    # -- reading ------------------------------------------------------------------------

    def _hints_shown(self, exercise_id: str) -> int:
        row = self._db.execute(
            "SELECT COUNT(DISTINCT detail) FROM events WHERE exercise_id = ? AND kind = 'hint'",
            (exercise_id,),
        ).fetchone()
        return int(row[0])

    def status(self, exercise_id: str) -> Status:
        return self.statuses([exercise_id])[exercise_id]

    def statuses(self, exercise_ids: list[str]) -> dict[str, Status]:
        """The status of each exercise (one query per table, not per exercise)."""
        attempts: dict[str, list[tuple[Verdict, str, str | None]]] = {}
        for ex, verdict, at, digest in self._db.execute(
            "SELECT exercise_id, verdict, at, region_digest FROM attempts ORDER BY at, id"
        ):
            attempts.setdefault(ex, []).append((Verdict(verdict), at, digest))
        hints: dict[str, int] = {}
        revealed: set[str] = set()
        reset_at: dict[str, str] = {}
        for ex, at, kind, detail in self._db.execute(
            "SELECT exercise_id, at, kind, detail FROM events"
        ):
            if kind == "hint":
                hints[ex] = max(hints.get(ex, 0), int(detail) + 1)
            elif kind == "reveal":
                revealed.add(ex)
            elif kind == "reset":
                reset_at[ex] = max(reset_at.get(ex, ""), at)
        out = {}
        for ex in exercise_ids:
            rows = attempts.get(ex, [])
            last = rows[-1] if rows else None
            legacy = None
            if last is not None and last[2] is None and last[1] > reset_at.get(ex, ""):
                legacy = last[0]
            out[ex] = Status(
                ex,
                len(rows),
                last[0] if last else None,
                any(v == Verdict.PASSED for v, _, _ in rows),
                hints.get(ex, 0),
                ex in revealed,
                last[1] if last else None,
                by_code={d: v for v, _, d in rows if d is not None},
                legacy=legacy,
            )
        return out

    def passed_ids(self) -> set[str]:
        """Exercises whose latest check passed, whatever code it checked.

        Whether the code in the workspace now is code that passed is
        :func:`groundup.course.roadmap.passing`'s question.
        """
        rows = self._db.execute(
            "SELECT exercise_id, verdict FROM attempts a WHERE id = (SELECT id FROM attempts b"
            " WHERE b.exercise_id = a.exercise_id ORDER BY at DESC, id DESC LIMIT 1)"
        )
        return {ex for ex, verdict in rows if verdict == Verdict.PASSED}

    # -- export / import ----------------------------------------------------------------

    def export(self) -> dict[str, Any]:
        """Everything in the store as JSON-ready data."""
        cols = (
            "exercise_id",
            "at",
            "verdict",
            "failing_check",
            "mistake",
            "hints_used",
            "duration_ms",
            "seed",
            "reference_for",
            "flagged",
            "region_digest",
        )
        attempts = [
            dict(zip(cols, row, strict=True))
            for row in self._db.execute(f"SELECT {', '.join(cols)} FROM attempts ORDER BY at, id")
        ]
        for a in attempts:
            a["reference_for"] = json.loads(a["reference_for"])
            a["flagged"] = bool(a["flagged"])
        events = [
            dict(zip(("exercise_id", "at", "kind", "detail"), row, strict=True))
            for row in self._db.execute(
                "SELECT exercise_id, at, kind, detail FROM events ORDER BY at, id"
            )
        ]
        return {
            "format": EXPORT_FORMAT,
            "version": SCHEMA_VERSION,
            "attempts": attempts,
            "events": events,
        }

    def import_(self, data: Any) -> tuple[int, int]:
        """Merges an export into the store; records already present are skipped.

        An imported pass counts only where this workspace's region holds the code that
        passed (its digest); attempts without a digest are kept as history.

        Returns:
            How many attempts and events were added.
        """
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
            raise GroundupError(
                "That file is not a groundup progress export.",
                "Create one with `groundup progress --export FILE`.",
            )
        try:
            with self._write() as db:
                before = db.total_changes
                for a in data.get("attempts", []):
                    db.execute(
                        "INSERT OR IGNORE INTO attempts (exercise_id, at, verdict, failing_check,"
                        " mistake, hints_used, duration_ms, seed, reference_for, flagged,"
                        " region_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            a["exercise_id"],
                            a["at"],
                            Verdict(a["verdict"]).value,
                            a.get("failing_check"),
                            a.get("mistake"),
                            int(a.get("hints_used", 0)),
                            a.get("duration_ms"),
                            a.get("seed"),
                            json.dumps(a.get("reference_for", [])),
                            int(bool(a.get("flagged"))),
                            # NOTE: an export written before digests (or an attempt recorded
                            # before them) says nothing about the code here: history only.
                            str(a.get("region_digest") or UNKNOWN_CODE),
                        ),
                    )
                n_attempts = db.total_changes - before
                for e in data.get("events", []):
                    db.execute(
                        "INSERT OR IGNORE INTO events (exercise_id, at, kind, detail)"
                        " VALUES (?, ?, ?, ?)",
                        (e["exercise_id"], e["at"], e["kind"], e.get("detail", "")),
                    )
                n_events = db.total_changes - before - n_attempts
        except (KeyError, TypeError, ValueError) as exc:
            raise GroundupError(
                f"The progress export is malformed ({exc!r}); nothing was imported.",
                "Use a file written by `groundup progress --export`.",
            ) from None
        return n_attempts, n_events

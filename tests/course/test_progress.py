import json
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from conftest import schema_1_store
from groundup.course.progress import SCHEMA_VERSION, UNKNOWN_CODE, Progress
from groundup.errors import GroundupError
from groundup.testing.result import Verdict


def test_status_follows_the_latest_attempt(tmp_path: Path) -> None:
    with Progress(tmp_path / "p.db") as p:
        p.record_attempt("a.x", Verdict.FAILED, failing_check="case 1", mistake="m1", seed=3)
        assert p.status("a.x").last_verdict is Verdict.FAILED and not p.status("a.x").ever_passed
        p.record_attempt("a.x", Verdict.PASSED, seed=4)
        p.record_attempt("a.x", Verdict.FAILED, seed=5)
        status = p.status("a.x")
        assert status.attempts == 3 and status.ever_passed and not status.passed
        assert p.passed_ids() == set()
        p.record_attempt("a.x", Verdict.PASSED)
        assert p.passed_ids() == {"a.x"}


def test_hints_advance_one_tier_at_a_time_and_stop_at_the_last(tmp_path: Path) -> None:
    with Progress(tmp_path / "p.db") as p:
        assert [p.next_hint("a.x", 3) for _ in range(5)] == [0, 1, 2, 2, 2]
        assert p.status("a.x").hints_shown == 3
        p.record_attempt("a.x", Verdict.FAILED)
        assert p.export()["attempts"][0]["hints_used"] == 3


def test_export_import_round_trip_skips_duplicates(tmp_path: Path) -> None:
    with Progress(tmp_path / "a.db") as a:
        a.record_attempt("a.x", Verdict.FAILED, reference_for=["a.w"])
        a.record_attempt("a.x", Verdict.PASSED)
        a.record_event("a.x", "reveal")
        data = json.loads(json.dumps(a.export()))
    with Progress(tmp_path / "b.db") as b:
        assert b.import_(data) == (2, 1)
        assert b.import_(data) == (0, 0)
        assert b.export() == data
        assert b.status("a.x").revealed and b.passed_ids() == {"a.x"}


def test_a_database_written_with_plain_verdict_strings_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    Progress(path).close()
    db = sqlite3.connect(path)
    for i, verdict in enumerate(["failed", "timeout", "crashed", "error", "passed"]):
        db.execute(
            "INSERT INTO attempts (exercise_id, at, verdict) VALUES ('a.x', ?, ?)",
            (f"2024-01-01T00:00:0{i}.000000Z", verdict),
        )
    db.commit()
    db.close()
    with Progress(path) as p:
        status = p.status("a.x")
        assert status.last_verdict is Verdict.PASSED and status.attempts == 5
        assert p.passed_ids() == {"a.x"}
        p.record_attempt("a.x", Verdict.TIMEOUT)
    raw = sqlite3.connect(path).execute("SELECT verdict FROM attempts ORDER BY id").fetchall()
    assert raw[-1] == ("timeout",)  # stored as the same plain word


def test_import_rejects_foreign_and_malformed_files(tmp_path: Path) -> None:
    with Progress(tmp_path / "p.db") as p:
        with pytest.raises(GroundupError, match="not a groundup progress export"):
            p.import_({"hello": 1})
        with pytest.raises(GroundupError, match="malformed"):
            p.import_({"format": "groundup-progress", "attempts": [{"at": "x"}]})
        with pytest.raises(GroundupError, match="malformed"):
            attempt = {"exercise_id": "a.x", "at": "x", "verdict": "great"}
            p.import_({"format": "groundup-progress", "attempts": [attempt]})
        assert p.export()["attempts"] == []  # nothing half-imported


def test_a_corrupt_database_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(GroundupError, match="cannot be read"):
        Progress(path)


def _hammer(path: str, who: str, n: int) -> None:
    with Progress(Path(path)) as p:
        for i in range(n):
            p.record_attempt(f"a.{who}", Verdict.FAILED if i % 2 else Verdict.PASSED, seed=i)
            p.next_hint(f"a.{who}", 3)


def test_two_processes_at_once_lose_and_corrupt_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    Progress(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_hammer, args=(str(path), who, 150)) for who in ("x", "y")]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    with Progress(path) as p:
        assert p.status("a.x").attempts == 150 and p.status("a.y").attempts == 150
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_pass_belongs_to_the_code_that_passed(tmp_path: Path) -> None:
    with Progress(tmp_path / "p.db") as p:
        p.record_attempt("a.x", Verdict.PASSED, region_digest="v1")
        p.record_attempt("a.x", Verdict.FAILED, region_digest="v2")
        status = p.status("a.x")
        assert status.verdict_for("v1", stub=False) is Verdict.PASSED
        assert status.verdict_for("v2", stub=False) is Verdict.FAILED
        assert status.verdict_for("v3", stub=False) is None
        p.record_attempt("a.y", Verdict.PASSED)  # the code checked is not known
        assert p.status("a.y").verdict_for(UNKNOWN_CODE, stub=False) is None
        assert p.status("a.y").ever_passed


def test_an_old_store_gains_digests_and_its_passes_stand_until_a_reset(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    schema_1_store(path, ["a.x"])
    with Progress(path) as p:
        status = p.status("a.x")
        assert status.verdict_for("any code", stub=False) is Verdict.PASSED
        assert status.verdict_for("the stub", stub=True) is None
        assert p.export()["attempts"][0]["region_digest"] is None
        p.record_event("a.x", "reset")
        assert p.status("a.x").verdict_for("any code", stub=False) is None
    meta = sqlite3.connect(path).execute("SELECT value FROM meta WHERE key = 'schema'")
    assert meta.fetchone() == (str(SCHEMA_VERSION),)


def test_imported_attempts_keep_their_digest_or_count_as_history(tmp_path: Path) -> None:
    with Progress(tmp_path / "a.db") as a:
        a.record_attempt("a.x", Verdict.PASSED, region_digest="v1")
        data = a.export()
    assert data["attempts"][0]["region_digest"] == "v1"
    older = json.loads(json.dumps(data))
    del older["attempts"][0]["region_digest"]  # an export written before digests
    older["attempts"][0]["exercise_id"] = "a.y"
    with Progress(tmp_path / "b.db") as b:
        assert b.import_(data) == (1, 0) and b.import_(older) == (1, 0)
        assert b.status("a.x").verdict_for("v1", stub=False) is Verdict.PASSED
        assert b.status("a.y").verdict_for("v1", stub=False) is None
        assert b.status("a.y").ever_passed

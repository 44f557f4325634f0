"""Watch mode in a real terminal (a pseudo-terminal driven by pexpect)."""

import re
import sys

import pexpect
import pytest

from conftest import ENV, MATMUL_LOOPS_CORRECT, write_region
from groundup.course.catalog import Catalog
from groundup.course.lessons import lesson_part_for
from groundup.course.workspace import Workspace

EX = "linalg.matmul-loops"


def spawn(ws: Workspace, *args: str, poll: str = "0", term: str = "xterm") -> pexpect.spawn:
    """groundup in a pseudo-terminal (TERM=dumb: plain text, no escape sequences)."""
    return pexpect.spawn(
        sys.executable,
        ["-m", "groundup", *args],
        cwd=str(ws.root),
        env={**ENV, "GROUNDUP_POLL": poll, "TERM": term},
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 160),
    )


@pytest.mark.parametrize("poll", ["0", "1"], ids=["native-events", "polling"])
def test_watch_rechecks_on_save_and_answers_keys(
    ws: Workspace, catalog: Catalog, poll: str
) -> None:
    child = spawn(ws, "watch", EX, poll=poll)
    try:
        child.expect("polling" if poll == "1" else "native")
        child.expect("not written yet")
        child.expect("keys:")
        write_region(ws, catalog, EX, MATMUL_LOOPS_CORRECT)
        child.expect("all checks passed")
        child.expect("for the next one")
        child.send("h")
        child.expect("hint 1")
        child.send("n")
        child.expect("now on")
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


def test_home_in_a_terminal_enters_watch_mode(ws: Workspace, catalog: Catalog) -> None:
    first = catalog.ordered()[0].id
    child = spawn(ws)
    try:
        child.expect(f"next:.*{re.escape(first)}")
        child.expect("watching")
        child.expect("keys:")
        child.send("l")
        child.expect_exact(f"▶ {first}")
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


def test_watch_reads_the_exercise_lists_its_neighbours_and_shows_hints_as_written(
    ws: Workspace, catalog: Catalog
) -> None:
    ex = catalog.exercises[EX]
    excerpt = lesson_part_for(catalog.sections[ex.section], EX)
    heading = next(line for line in excerpt.splitlines() if line.strip()).strip("# ")
    order = [e.id for e in catalog.ordered()]
    here = order.index(EX)
    child = spawn(ws, "watch", EX, term="dumb")
    try:
        child.expect("keys: r read")
        child.send("r")
        child.expect_exact(heading)
        child.expect_exact(f"{EX}: {ex.title}")
        child.expect_exact(f"write it in {ex.workspace_path}")
        child.expect("keys:")

        child.send("l")
        child.expect("groundup list")
        listed = child.before
        assert f"▶ {EX}" in listed
        assert order[here - 1] in listed and order[here + 1] in listed
        assert order[-1] not in listed and order[here + 10] not in listed
        child.expect("keys:")

        total = len(ex.hints)
        for tier, text in enumerate(ex.hints, start=1):
            child.send("h")
            last = " (the last hint)" if tier == total else ""
            child.expect_exact(f"hint {tier} of {total} for {EX}{last}:")
            child.expect_exact(text.split(":")[0])  # "C[i, j]" lost its brackets to markup
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0

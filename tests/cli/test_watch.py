"""Watch mode in a real terminal (a pseudo-terminal driven by pexpect)."""

import re
import sys

import pexpect
import pytest

from conftest import ENV, MATMUL_LOOPS_CORRECT, write_region
from groundup.course.catalog import Catalog
from groundup.course.workspace import Workspace

EX = "linalg.matmul-loops"


@pytest.mark.parametrize("poll", ["0", "1"], ids=["native-events", "polling"])
def test_watch_rechecks_on_save_and_answers_keys(
    ws: Workspace, catalog: Catalog, poll: str
) -> None:
    env = {**ENV, "GROUNDUP_POLL": poll, "TERM": "xterm"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "groundup", "watch", EX],
        cwd=str(ws.root),
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 160),
    )
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
    child = pexpect.spawn(
        sys.executable,
        ["-m", "groundup"],
        cwd=str(ws.root),
        env={**ENV, "TERM": "xterm"},
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 160),
    )
    try:
        child.expect(f"next:.*{re.escape(catalog.ordered()[0].id)}")
        child.expect("watching")
        child.expect("keys:")
        child.send("l")
        child.expect(EX)
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0

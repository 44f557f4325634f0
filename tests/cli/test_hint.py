"""`groundup hint`: tiers in order, the last one says so, and hint text is shown as written."""

import dataclasses
import re

import pytest
from typer.testing import CliRunner

from conftest import groundup
from groundup.cli.app import app
from groundup.course.catalog import Catalog
from groundup.course.workspace import Workspace

EX = "python.timed"


def test_the_last_hint_says_it_is_the_last(ws: Workspace, catalog: Catalog) -> None:
    total = len(catalog.exercises[EX].hints)
    shown = [groundup("hint", EX, cwd=ws.root).stdout for _ in range(total + 1)]
    assert f"hint 1 of {total}" in shown[0] and "again for the next hint" in shown[0]
    assert "last" not in shown[0]
    for last in shown[total - 1 :]:  # asking once more repeats the last tier
        assert f"hint {total} of {total}" in last and "the last hint" in last
        assert "next hint" not in last


def test_hint_text_is_shown_as_written(ws: Workspace, catalog: Catalog) -> None:
    """Code in a hint keeps its stars and brackets (Markdown ate `**kwargs` and `X**2`)."""
    groundup("hint", EX, cwd=ws.root)
    second = groundup("hint", EX, cwd=ws.root)
    assert second.returncode == 0, second.stderr
    assert "fn(*args, **kwargs)" in second.stdout
    assert "timings.setdefault(fn.__name__, [])" in " ".join(second.stdout.split())


PROSE = "Keep a running sum for each entry, and start it again at zero:"
CODE = """for i in range(n):
    for j in range(m):
        total = 0.0
        for p in range(k):
            total += A[i, p] * B[p, j]
        C[i, j] = total"""


@pytest.mark.parametrize(
    "hint", [f"{PROSE}\n{CODE}", f"{PROSE}\n\n```python\n{CODE}\n```\n"], ids=["plain", "fenced"]
)
def test_a_hint_of_several_lines_is_shown_as_code(
    ws: Workspace, catalog: Catalog, monkeypatch: pytest.MonkeyPatch, hint: str
) -> None:
    """Hints are manifest strings; one with several lines keeps its lines and indentation."""
    ex = catalog.exercises[EX]
    patched = dataclasses.replace(
        catalog,
        exercises={**catalog.exercises, EX: dataclasses.replace(ex, hints=(hint,) * 3)},
    )
    monkeypatch.setattr("groundup.course.session.default_catalog", lambda: patched)
    monkeypatch.delenv("GROUNDUP_WORKSPACE", raising=False)
    monkeypatch.chdir(ws.root)
    out = CliRunner().invoke(app, ["hint", EX]).output
    lines = [line.rstrip() for line in out.splitlines()]
    prose = next(line for line in lines if "Keep a running sum" in line)
    assert prose.strip().endswith("start it again at zero:")  # not reflowed into the code
    code = [
        next(line for line in lines if re.search(rf"\b{re.escape(text)}", line))
        for text in ("for i in range(n):", "total = 0.0", "total += A[i, p] * B[p, j]")
    ]
    indents = [len(line) - len(line.lstrip()) for line in code]
    assert [i - indents[0] for i in indents] == [0, 8, 12], out
    assert "C[i, j] = total" in out and "```" not in out

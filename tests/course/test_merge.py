"""The upgrade's three-way merges: one side's change is taken, both sides' are kept."""

import json
from typing import Any

from groundup.course.merge import merge_notebook, merge_text

BASE = "import numpy as np\n\n\ndef f():\n    return 1\n\n\nOLD = 1\n"


def test_changes_on_different_lines_both_arrive() -> None:
    mine = "import math\n" + BASE
    theirs = BASE.replace("OLD = 1\n", "NEW = 2\n")
    merged = merge_text(BASE, mine, theirs)
    assert merged.text == "import math\n" + theirs and merged.conflicts == []


def test_a_true_conflict_keeps_both_sides_and_names_the_line() -> None:
    mine = BASE.replace("OLD = 1", "OLD = 2")
    theirs = BASE.replace("OLD = 1", "OLD = 3")
    merged = merge_text(BASE, mine, theirs)
    lines = merged.text.splitlines()
    assert merged.conflicts == [lines.index("<<<<<<< your version") + 1]
    assert "OLD = 2" in lines and "OLD = 3" in lines and ">>>>>>> the new version" in lines


def test_a_last_line_without_newline_keeps_markers_on_their_own_lines() -> None:
    merged = merge_text("a\nb", "a\nmine", "a\ntheirs")
    assert "mine\n=======\n" in merged.text and merged.text.endswith(">>>>>>> the new version\n")


def _notebook(*cells: tuple[str, str]) -> dict[str, Any]:
    return {
        "cells": [
            {"cell_type": kind, "id": f"c{i}", "metadata": {}, "source": source}
            | ({"outputs": [], "execution_count": None} if kind == "code" else {})
            for i, (kind, source) in enumerate(cells)
        ],
        "metadata": {"jupytext": {}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def test_a_notebook_conflict_keeps_both_versions_between_notes() -> None:
    base = _notebook(("markdown", "# Lesson"), ("code", "x = 1"))
    mine = _notebook(("markdown", "# Lesson"), ("code", "x = 2  # tried"))
    mine["cells"][1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "2"}]
    mine["metadata"]["kernelspec"] = {"name": "python3"}
    theirs = _notebook(("markdown", "# Lesson"), ("code", "x = 3"))

    merged = merge_notebook(*(json.dumps(nb) for nb in (base, mine, theirs)))

    assert merged is not None and merged.conflicts == [2]
    notebook = json.loads(merged.text)
    cells = notebook["cells"]
    assert [c["source"] for c in cells[2:5:2]] == ["x = 2  # tried", "x = 3"]
    assert cells[2]["outputs"] == mine["cells"][1]["outputs"]
    assert "groundup upgrade" in cells[1]["source"] and "groundup upgrade" in cells[-1]["source"]
    assert len({c["id"] for c in cells}) == len(cells)
    assert notebook["metadata"]["kernelspec"] == {"name": "python3"}


def test_something_that_is_not_a_notebook_is_not_merged() -> None:
    good = json.dumps(_notebook(("code", "x = 1")))
    assert merge_notebook(good, "my notes, not JSON", good) is None

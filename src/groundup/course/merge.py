"""Three-way merges for an upgrade: what the learner changed and what groundup changed,
together.

An upgrade knows three versions of each workspace file: the one groundup wrote last time
(the base, kept under ``.groundup/generated/``), the learner's file, and the new one. A
change on one side only is taken; where both sides changed the same lines (a true
conflict), both are kept, marked, and reported by line (or by cell, in a notebook). The
line merge is the ``merge3`` library's (the diff3 of the breezy version control system).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import Any

import merge3

YOURS, THEIRS = "your version", "the new version"


@dataclass
class Merged:
    """A merged file and where its conflicts are.

    Attributes:
        text: the merged file.
        conflicts: the line (in a notebook, the cell) where each conflict starts, from 1.
    """

    text: str
    conflicts: list[int] = field(default_factory=list)


def _lines(text: str) -> list[str]:
    # NOTE: a last line without its newline would glue a conflict marker onto it.
    return (text if text.endswith("\n") or not text else text + "\n").splitlines(keepends=True)


def merge_text(base: str, mine: str, theirs: str) -> Merged:
    """Merges two changed versions of a text file line by line.

    A conflict keeps both sides between ``<<<<<<< your version``, ``=======`` and
    ``>>>>>>> the new version`` lines.
    """
    m3 = merge3.Merge3(_lines(base), _lines(mine), _lines(theirs))
    lines = list(m3.merge_lines(name_a=YOURS, name_b=THEIRS, reprocess=True))
    conflicts = [i + 1 for i, line in enumerate(lines) if line.startswith("<<<<<<< ")]
    return Merged("".join(lines), conflicts)


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _key(cell: dict[str, Any]) -> tuple[str, str]:
    """What a cell is for the merge: its type and source (outputs and ids aside)."""
    return str(cell.get("cell_type")), _source(cell)


def _note(text: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {}, "source": f"**groundup upgrade:** {text}"}


def _cell(key: tuple[str, str]) -> dict[str, Any]:
    cell: dict[str, Any] = {"cell_type": key[0], "metadata": {}, "source": key[1]}
    if key[0] == "code":
        cell.update(outputs=[], execution_count=None)
    return cell


CONFLICT_NOTES = (
    _note(
        "you changed the cells below, and the new lesson changed them too. Your cells come "
        "first, then the new lesson's; keep what you want and delete these three notes."
    ),
    _note("the new lesson's version of those cells starts here."),
    _note("end of the overlap."),
)


def _merged_keys(
    base: list[tuple[str, str]], mine: list[tuple[str, str]], theirs: list[tuple[str, str]]
) -> tuple[list[tuple[str, str] | int], list[int]]:
    """The merged sequence of cell keys; an int stands for conflict note number int."""
    # merge3 merges sequences of strings: one token per distinct cell.
    tokens: dict[tuple[str, str], str] = {}
    for key in [*base, *mine, *theirs]:
        tokens.setdefault(key, f"{len(tokens)}\n")
    cells = {token: key for key, token in tokens.items()}
    out: list[tuple[str, str] | int] = []
    conflicts = []
    base_t, mine_t, theirs_t = ([tokens[k] for k in side] for side in (base, mine, theirs))
    m3 = merge3.Merge3(base_t, mine_t, theirs_t)
    for group in m3.merge_groups():
        if group[0] == "conflict":
            conflicts.append(len(out) + 1)
            out += [0, *(cells[t] for t in group[2]), 1, *(cells[t] for t in group[3]), 2]
        else:
            out += [cells[t] for t in group[1]]
    return out, conflicts


def merge_notebook(base: str, mine: str, theirs: str) -> Merged | None:
    """Merges a lesson notebook the learner ran or changed with the new lesson, cell by cell.

    The learner's cells keep their outputs; the new lesson's cells arrive without any.
    Returns None when a version is not a notebook (the caller keeps the learner's file).
    """
    try:
        notebooks = [json.loads(text) for text in (base, mine, theirs)]
        cells = [list(nb["cells"]) for nb in notebooks]
        keys = [[_key(cell) for cell in group] for group in cells]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    merged, conflicts = _merged_keys(*keys)
    plain = [k if isinstance(k, tuple) else ("", f"\0note{k}") for k in merged]
    from_mine: dict[int, dict[str, Any]] = {}
    matcher = difflib.SequenceMatcher(None, keys[1], plain, autojunk=False)
    for block in matcher.get_matching_blocks():
        for n in range(block.size):
            from_mine[block.b + n] = cells[1][block.a + n]
    new_cells = dict(zip(keys[2], cells[2], strict=True))
    out: list[dict[str, Any]] = []
    for i, k in enumerate(merged):
        if isinstance(k, int):
            out.append(dict(CONFLICT_NOTES[k]))
        else:
            out.append(from_mine.get(i) or dict(new_cells.get(k) or _cell(k)))
    _unique_ids(out)
    notebook = {**notebooks[2], "cells": out}
    notebook["metadata"] = {**notebooks[2].get("metadata", {}), **notebooks[1].get("metadata", {})}
    return Merged(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", conflicts)


def _unique_ids(cells: list[dict[str, Any]]) -> None:
    """Gives every cell an id no other cell has (the new lesson's may repeat the learner's)."""
    seen: set[str] = set()
    for n, cell in enumerate(cells):
        cell_id = str(cell.get("id") or f"cell-{n}")
        while cell_id in seen:
            cell_id = f"{cell_id}-{n}"
        cell["id"] = cell_id
        seen.add(cell_id)

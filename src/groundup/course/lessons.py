"""Lessons: MyST Markdown notebooks that run, render in the terminal and become .ipynb."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from groundup.course.catalog import Section

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
FENCE = re.compile(r"^```\{(?P<kind>[\w-]+)\}[ \t]*(?P<arg>.*)$")


def read_notebook(section: Section) -> Any:
    """The lesson as an nbformat notebook (jupytext does the conversion)."""
    import jupytext

    return jupytext.read(section.lesson_path)


def lesson_code(section: Section) -> str:
    """Every code cell of the lesson, in order, as one script."""
    cells = read_notebook(section).cells
    return "\n\n".join(c.source for c in cells if c.cell_type == "code")


@dataclass
class LessonRun:
    section: str
    ok: bool
    seconds: float
    output: str


def execute_lesson(section: Section, timeout_s: float = 300) -> LessonRun:
    """Runs the lesson's code top to bottom in a fresh interpreter (plots to Agg)."""
    import time

    code = lesson_code(section)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="groundup-lesson-") as tmp:
        script = Path(tmp) / "lesson.py"
        script.write_text(code, encoding="utf-8")
        env = {
            **os.environ,
            "MPLBACKEND": "Agg",
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
        }
        try:
            proc = subprocess.run(
                [sys.executable, "-I", str(script)],
                cwd=tmp,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout_s,
            )
            ok, output = proc.returncode == 0, proc.stdout + proc.stderr
        except subprocess.TimeoutExpired:
            ok, output = False, f"the lesson did not finish within {timeout_s:g} s"
    return LessonRun(section.id, ok, time.perf_counter() - started, output)


def _to_terminal_markdown(text: str) -> str:
    """MyST fences become plain Markdown: code cells as Python, admonitions as quotes."""
    out: list[str] = []
    kind = None
    for line in text.splitlines():
        fence = FENCE.match(line)
        if fence and kind is None:
            kind = fence["kind"]
            if kind == "code-cell":
                out.append("```python")
            else:
                out.append(f"> **{fence['arg'].strip() or kind.title()}**")
                out.append(">")
            continue
        if kind is not None and line.strip() == "```":
            if kind == "code-cell":
                out.append("```")
            kind = None
            continue
        if kind not in (None, "code-cell"):
            if not line.startswith(":"):  # drop admonition options such as ":class:"
                out.append(f"> {line}")
            continue
        out.append(line)
    return _protect_math("\n".join(out))


DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE_MATH = re.compile(r"(?<![\\$])\$([^$\n]+?)\$")


def _protect_math(text: str) -> str:
    """TeX as code, so Markdown does not read its ``_`` and ``*`` as emphasis.

    ``$$...$$`` becomes a fenced block and ``$...$`` inline code; code blocks are left
    alone.
    """
    pieces = re.split(r"(?m)(^```.*?^```$)", text, flags=re.S) if "```" in text else [text]
    for i in range(0, len(pieces), 2):  # even pieces are outside code blocks
        piece = DISPLAY_MATH.sub(lambda m: f"\n```text\n{m.group(1).strip()}\n```\n", pieces[i])
        pieces[i] = INLINE_MATH.sub(lambda m: f"`{m.group(1)}`", piece)
    return "".join(pieces)


def lesson_markdown(section: Section) -> str:
    """The whole lesson as terminal-friendly Markdown."""
    text = FRONT_MATTER.sub("", section.lesson_path.read_text(encoding="utf-8"))
    return _to_terminal_markdown(text)


def lesson_part_for(section: Section, exercise_id: str) -> str:
    """The ``##`` part of the lesson that presents ``exercise_id`` (the whole lesson if none)."""
    text = FRONT_MATTER.sub("", section.lesson_path.read_text(encoding="utf-8"))
    parts = re.split(r"(?m)^(?=## )", text)
    pattern = re.compile(rf"Exercise\s+`?{re.escape(exercise_id)}`?\s*$", re.M)
    for part in parts:
        if pattern.search(part):
            return _to_terminal_markdown(part)
    return _to_terminal_markdown(text)


def notebook_name(section: Section) -> str:
    return f"{section.folder.name}.ipynb"


def notebook_text(section: Section) -> str:
    """The lesson as .ipynb JSON text."""
    import jupytext

    notebook = read_notebook(section)
    for i, cell in enumerate(notebook.cells):
        cell["id"] = f"{section.id}-{i:03d}"  # stable ids: the same lesson gives the same file
    return str(jupytext.writes(notebook, fmt="ipynb"))

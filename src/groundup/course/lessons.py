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
from groundup.course.mathtext import tex_to_text
from groundup.errors import GroundupError

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
FENCE = re.compile(r"^```\{(?P<kind>[\w-]+)\}[ \t]*(?P<arg>.*)$")

SWITCH_CELL = """\
# Which code runs this lesson: "reference" (groundup's library) or "mine" (your mine/ package).
# Set SOURCE = "mine", then restart the kernel and run all cells: your own code draws the plots.
SOURCE = "reference"

from groundup.course.notebook import use

use(SOURCE)  # "reference" or "mine"
"""
"""The code cell every lesson notebook starts with."""

SWITCH_NOTE = (
    "**Run this lesson on your own code.** The cell below chooses the code the lesson runs: "
    'groundup\'s reference library, or your own `mine/` package (`SOURCE = "mine"`). On '
    "your code, a cell that needs an exercise you have not written yet says which one."
)
"""The Markdown cell above it."""


def read_notebook(section: Section) -> Any:
    """The lesson as an nbformat notebook (jupytext does the conversion).

    After the title comes the cell that chooses whose code runs the lesson (see
    :mod:`groundup.course.notebook`).
    """
    import jupytext
    from nbformat.v4 import new_code_cell, new_markdown_cell

    notebook = jupytext.read(section.lesson_path)
    at = 1 if notebook.cells and notebook.cells[0].source.startswith("# ") else 0
    notebook.cells[at:at] = [new_markdown_cell(SWITCH_NOTE), new_code_cell(SWITCH_CELL)]
    return notebook


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
    """The lesson for a terminal: code cells as Python blocks, math as Unicode text."""
    out: list[str] = []
    for line in text.splitlines():
        fence = FENCE.match(line)
        out.append("```python" if fence and fence["kind"] == "code-cell" else line)
    return _render_math("\n".join(out))


DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE_MATH = re.compile(r"(?<![\\$])\$([^$\n]+?)\$")
MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>])")


def _inline_math(tex: str) -> str:
    """``$tex$`` as Unicode text, escaped for Markdown; TeX in code, marked, if unreadable."""
    text = tex_to_text(tex)
    if text is None:
        return f"`{tex}` (TeX)"
    return MARKDOWN_SPECIALS.sub(r"\\\1", text)


def _display_math(tex: str) -> str:
    """``$$tex$$`` as an indented block of Unicode text (or of TeX, marked as such)."""
    text = tex_to_text(tex)
    if text is None:
        return f"\n```tex\n% TeX\n{tex.strip()}\n```\n"
    return f"\n```text\n{text}\n```\n"


def _render_math(text: str) -> str:
    """Every ``$...$`` and ``$$...$$`` outside code blocks rendered for a terminal.

    TeX left as it is would be read by Markdown as emphasis (its ``_`` and ``*``).
    """
    pieces = re.split(r"(?m)(^```.*?^```$)", text, flags=re.S) if "```" in text else [text]
    for i in range(0, len(pieces), 2):  # even pieces are outside code blocks
        piece = DISPLAY_MATH.sub(lambda m: _display_math(m.group(1)), pieces[i])
        pieces[i] = INLINE_MATH.sub(lambda m: _inline_math(m.group(1)), piece)
    return "".join(pieces)


def lesson_markdown(section: Section) -> str:
    """The whole lesson as terminal-friendly Markdown."""
    text = FRONT_MATTER.sub("", section.lesson_path.read_text(encoding="utf-8"))
    return _to_terminal_markdown(text)


def lesson_part_for(section: Section, exercise_id: str) -> str:
    """The ``##`` part of the lesson that presents ``exercise_id`` (the whole lesson if none)."""
    text = FRONT_MATTER.sub("", section.lesson_path.read_text(encoding="utf-8"))
    parts = re.split(r"(?m)^(?=## )", text)
    pattern = re.compile(rf"^> \*\*Exercise `{re.escape(exercise_id)}`:", re.M)
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


def lab_command(lessons_dir: Path, *, browser: bool = True) -> list[str]:
    """The command that opens ``lessons_dir`` in JupyterLab, served on localhost only.

    The kernel is this environment's Python (ipykernel's ``python3``), so a lesson
    imports groundup and, with ``SOURCE = "mine"``, the learner's ``mine/``.

    Raises:
        GroundupError: JupyterLab is not installed, or the folder is missing.
    """
    import importlib.util

    if (
        importlib.util.find_spec("jupyterlab") is None
        or importlib.util.find_spec("ipykernel") is None
    ):
        raise GroundupError(
            "JupyterLab or its Python kernel is not installed in groundup's environment.",
            "Run bin/setup (it installs both), then `groundup lessons` again.",
        )
    if not lessons_dir.is_dir():
        raise GroundupError(
            f"This workspace has no lessons folder ({lessons_dir}).",
            "Run `groundup upgrade` to write the lesson notebooks again.",
        )
    argv = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ServerApp.ip=127.0.0.1",  # DESIGN.md section 12: serve on localhost only
        f"--ServerApp.root_dir={lessons_dir}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")  # containers and CI run as root; Jupyter refuses otherwise
    return argv if browser else [*argv, "--no-browser"]

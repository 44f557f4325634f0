"""Show the next hint for an exercise (a nudge first, nearly the answer last)."""

from __future__ import annotations

import ast
import re
import textwrap

import typer
from rich.text import Text

from groundup.cli import render
from groundup.course.session import hint, open_session

FENCE = re.compile(r"^```[\w-]*[ \t]*\n(.*?)^```[ \t]*$", re.M | re.S)
"""A fenced code block inside a hint (``` or ```python)."""


def _reads_as_python(lines: list[str]) -> bool:
    try:
        ast.parse(textwrap.dedent("\n".join(lines)))
    except SyntaxError:
        return False
    return True


def _paragraph(lines: list[str]) -> list[tuple[str, str]]:
    """Prose lines, then the first line from which the rest reads as Python: code."""
    start = next((k for k in range(len(lines)) if _reads_as_python(lines[k:])), len(lines))
    blocks = [("prose", "\n".join(lines[:start]))] if start else []
    if start < len(lines):
        blocks.append(("code", textwrap.dedent("\n".join(lines[start:]))))
    return blocks


def hint_blocks(text: str) -> list[tuple[str, str]]:
    """A hint as ("prose" | "code", text) blocks, in order.

    A hint of one line is prose. In a hint of several lines, fenced blocks are code, and
    each paragraph is prose up to the line from which the rest of it reads as Python.
    """
    text = text.strip("\n")
    if "\n" not in text:
        return [("prose", text.strip())]
    blocks: list[tuple[str, str]] = []
    pieces = FENCE.split(text)  # odd pieces are the insides of fences
    for i, piece in enumerate(pieces):
        if i % 2:
            blocks.append(("code", textwrap.dedent(piece).rstrip("\n")))
            continue
        for para in re.split(r"\n[ \t]*\n", piece.strip("\n")):
            if para.strip():
                blocks.extend(_paragraph(para.rstrip().splitlines()))
    return blocks


def _prose(text: str) -> Text:
    """Prose as written (no Markdown: it would eat ``**kwargs``); `code` spans styled."""
    if text.count("`") % 2:  # an unpaired backtick: no spans to tell apart
        return Text(text)
    out = Text()
    for i, piece in enumerate(text.split("`")):
        out.append(piece, style="markdown.code" if i % 2 else "")
    return out


def show_hint(exercise_id: str, tier: int, total: int, text: str) -> None:
    """One hint tier: which one it is (saying so when it is the last), then its text."""
    last = " (the last hint)" if tier + 1 >= total else ""
    render.console.print(f"[bold]hint {tier + 1} of {total}[/] for {exercise_id}{last}:")
    for kind, block in hint_blocks(text):
        if kind == "code":
            from rich.syntax import Syntax  # pygments: only to show code

            render.console.print(
                Syntax(block, "python", background_color="default", padding=(0, 0, 0, 4))
            )
        else:
            render.console.print(_prose(block))


def command(exercise_id: str = typer.Argument(..., metavar="ID")) -> None:
    with open_session() as s:
        ex = s.catalog.exercise(exercise_id)
        tier, text = hint(s, ex)
    show_hint(ex.id, tier, len(ex.hints), text)
    if tier + 1 < len(ex.hints):
        render.console.print("[dim]run the command again for the next hint[/]")
    else:
        render.console.print(
            f"[dim]that was the last hint: `groundup show {ex.id}` has the lesson again[/]"
        )

"""Open your workspace's lessons in JupyterLab (served on localhost only)."""

from __future__ import annotations

import os

import typer

from groundup.cli import render
from groundup.course.lessons import lab_command
from groundup.course.workspace import find_workspace


def command(
    browser: bool = typer.Option(True, "--browser/--no-browser", help="open a browser tab"),
) -> None:
    ws = find_workspace()
    argv = lab_command(ws.root / "lessons", browser=browser)
    render.console.print(
        f"Opening {ws.root / 'lessons'} in JupyterLab on localhost; stop it with Ctrl-C. "
        'To run a lesson on your own code, set SOURCE = "mine" in its first code cell.'
    )
    os.execv(argv[0], argv)  # JupyterLab takes over this terminal (and its Ctrl-C)

"""The warm worker's own process: the checker's code imported once, a fresh child per check.

Watch mode checks on every save, and most of a one-shot check's time is spent starting
Python and importing NumPy. This process (``python -I -m groundup.course.forkserver``,
started by :class:`groundup.course.worker.WarmWorker`) imports NumPy, the checker's
child code and groundup's testing helpers once, then serves requests on stdin, one JSON
line each. For each it forks a child, which is exactly the sandbox of a one-shot check
(DESIGN.md sections 5 and 12): its own process group, its output to a file, its memory
limit set before any learner code runs, the learner's modules imported fresh (never
here: this process imports no learner code), its result written to the request's file.

Protocol, one line each way: this process says ``ready`` once; then for each request
``pid N`` when the child is started and ``exit S`` (its wait status) when it has ended.
The time limit is the client's: it kills the child's process group.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import pkgutil
import random
import sys
from typing import Any, NoReturn

import numpy as np

import groundup.testing
from groundup.course import sandbox


def preload() -> None:
    """Imports what every check needs: groundup's testing helpers (sandbox is imported)."""
    for info in pkgutil.iter_modules(groundup.testing.__path__):
        importlib.import_module(f"groundup.testing.{info.name}")


def warm_reference(request: dict[str, Any]) -> None:
    """Imports the exercise's reference module here, so the next child finds it loaded.

    Only groundup's own library code is imported; a failure is left to the child.
    """
    with contextlib.suppress(Exception):
        importlib.import_module(request["exercise"]["target"].split(":")[0])


def _redirect(output_path: str) -> None:
    """The child's stdout and stderr go to the output file; stdin reads nothing."""
    out = os.open(output_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(out)
    nothing = os.open(os.devnull, os.O_RDONLY)
    os.dup2(nothing, 0)
    os.close(nothing)


def child(request: dict[str, Any]) -> NoReturn:
    """The forked child: a fresh sandbox for one request. Never returns."""
    try:
        os.setpgid(0, 0)  # its own process group: a timeout kills it and its children
        _redirect(request["output_path"])
        os.chdir(request["workspace"])
        random.seed()  # a fresh process's randomness, not a copy of this one's
        np.random.seed()
        sandbox.serve(request)
    except BaseException:
        os._exit(70)


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def handle(request: dict[str, Any]) -> None:
    """Forks one child for ``request``, reports its pid, waits, reports its status."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        child(request)
    # Also here, so the group exists before the client can kill it (OSError: the child
    # got there first, or has already ended).
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)
    _say(f"pid {pid}")
    _, status = os.waitpid(pid, 0)
    _say(f"exit {status}")


def main() -> None:
    """Serves requests until stdin closes."""
    sys.dont_write_bytecode = True  # a save within the same second must still be seen
    preload()
    _say("ready")
    for line in sys.stdin:
        request = json.loads(line)
        handle(request)
        warm_reference(request)


if __name__ == "__main__":
    main()

"""A lesson on your own code: the one cell at the top of every lesson notebook.

Lessons import the library as ``from groundup.math.vectors import project``. With
``use("mine")`` those imports load the learner's files instead (``mine/math/vectors.py``
runs as ``groundup.math.vectors``), so the plots are drawn by the learner's own code. A
cell that reaches an exercise the learner has not written says which one, in one line,
instead of printing a traceback.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

from groundup.errors import GroundupError
from groundup.testing.failure import unwritten_exercise

SOURCES = ("reference", "mine")


class MineFinder(importlib.abc.MetaPathFinder):
    """Finds ``groundup.<part>...`` modules in the learner's ``mine/<part>/...`` files."""

    def __init__(self, mine: Path, parts: Sequence[str]) -> None:
        self.mine = mine
        self.parts = tuple(parts)

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        names = fullname.split(".")
        if len(names) < 2 or names[0] != "groundup" or names[1] not in self.parts:
            return None
        base = self.mine.joinpath(*names[1:])
        if (base / "__init__.py").is_file():
            return importlib.util.spec_from_file_location(
                fullname, base / "__init__.py", submodule_search_locations=[str(base)]
            )
        if base.with_suffix(".py").is_file():
            return importlib.util.spec_from_file_location(fullname, base.with_suffix(".py"))
        return None


def _library_parts(mine: Path) -> list[str]:
    """The learner's library subpackages: ``math``, ``engine``, ..."""
    return sorted(p.name for p in mine.iterdir() if (p / "__init__.py").is_file())


def _forget(parts: Sequence[str]) -> None:
    """Drops loaded ``groundup.<part>`` modules, so the next import finds them anew."""
    prefixes = tuple(f"groundup.{part}" for part in parts)
    for name in [
        n for n in sys.modules if n in prefixes or n.startswith(tuple(p + "." for p in prefixes))
    ]:
        del sys.modules[name]
    package = sys.modules.get("groundup")
    for part in parts:
        if package is not None and part in vars(package):
            delattr(package, part)


def _installed() -> MineFinder | None:
    return next((f for f in sys.meta_path if isinstance(f, MineFinder)), None)


def _stub_handler(
    shell: Any,
    etype: type[BaseException],
    value: BaseException,
    tb: TracebackType | None,
    tb_offset: int | None = None,
) -> None:
    """IPython's handler for NotImplementedError: a stub gets one line, not a traceback."""
    exercise = unwritten_exercise(value)
    if exercise is None:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return
    print(
        f"This cell needs exercise {exercise}, which you have not written yet in mine/. "
        f"Write it (`groundup show {exercise}`), or run the lesson on the reference code "
        '(SOURCE = "reference").',
        file=sys.stderr,
    )


def _on_stubs_say_which() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # a plain Python run: the traceback names the exercise anyway
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((NotImplementedError,), _stub_handler)


def use(source: str, start: Path | None = None) -> str:
    """Makes this lesson's ``groundup.<part>`` imports load ``source``'s code.

    Args:
        source: ``"reference"`` (groundup's library) or ``"mine"`` (the learner's
            ``mine/`` package, found in the workspace at or above ``start``).
        start: where to look for the workspace (default: the current directory, which
            for a lesson notebook is the workspace's ``lessons/``).

    Returns:
        A one-line description of what runs the lesson, also printed.

    Raises:
        GroundupError: for an unknown source, or ``"mine"`` outside a workspace.
    """
    from groundup.course.workspace import find_workspace

    if source not in SOURCES:
        raise GroundupError(
            f"SOURCE must be one of {', '.join(map(repr, SOURCES))}, not {source!r}.",
            'Set SOURCE = "reference" or SOURCE = "mine" in the first cell.',
        )
    finder = _installed()
    if finder is not None:
        sys.meta_path.remove(finder)
        _forget(finder.parts)
    if source == "reference":
        said = "This lesson runs on groundup's reference code."
    else:
        mine = find_workspace(start).mine
        finder = MineFinder(mine, _library_parts(mine))
        _forget(finder.parts)
        sys.meta_path.insert(0, finder)
        _on_stubs_say_which()
        said = f"This lesson runs on your own code in {mine}."
    print(said)
    return said

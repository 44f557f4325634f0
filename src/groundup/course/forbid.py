"""The ``forbid`` rule of an exercise: names the learner's code may not use.

An exercise about matrix multiplication forbids ``@`` and ``dot``: those do the work
the exercise is about. The learner's region (or the whole function, when the region
cannot be found) is parsed, never run.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from pathlib import Path
from typing import Any

from groundup.course.catalog import Exercise
from groundup.course.regions import RegionError, find_regions


def _learner_code(exercise: Exercise, fn: Any) -> ast.AST | None:
    """The parsed body of the learner's region, or None when it cannot be read."""
    try:
        path = inspect.getsourcefile(fn)
        source = Path(path).read_text(encoding="utf-8") if path else ""
        region = find_regions(source).get(exercise.id)
        code = textwrap.dedent(region.body) if region else textwrap.dedent(inspect.getsource(fn))
        return ast.parse(code)
    except (OSError, TypeError, SyntaxError, RegionError):
        return None


def forbidden_uses(exercise: Exercise, fn: Any) -> list[str]:
    """Names from the exercise's ``forbid`` list that the learner's code uses.

    ``"@"`` stands for the matrix-multiplication operator; any other entry is a name or
    an attribute (``"dot"`` catches ``np.dot`` and ``A.dot``).
    """
    if not exercise.forbid:
        return []
    tree = _learner_code(exercise, fn)
    if tree is None:
        return []
    found: list[str] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.MatMult)
            and "@" in exercise.forbid
        ):
            found.append("the @ operator")
        elif isinstance(node, ast.Attribute) and node.attr in exercise.forbid:
            found.append(f"`.{node.attr}`")
        elif isinstance(node, ast.Name) and node.id in exercise.forbid:
            found.append(f"`{node.id}`")
    return list(dict.fromkeys(found))

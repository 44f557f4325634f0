"""Mutants: small automatic slips in a reference body, to prove the checks catch them.

The catalogued mistakes are the slips an author thought of. Mutants are the ones nobody
listed: every operator swapped for its neighbour (``+`` for ``-``, ``<`` for ``<=``), every
integer constant moved by one (an off-by-one, another ``axis``), every flag flipped, the
first two arguments of a call swapped, every statement deleted. The content gate runs
each one through the exercise's checks (``groundup gate --mutants``); one that passes is a
bug the checks would let through, unless the manifest declares it equivalent (it computes
the same thing) with the reason.

Mutants are deterministic: the same body always gives the same mutants, in source order,
each with an id that names its place and change (``L3:C12 < to <=``).
"""

from __future__ import annotations

import ast
import copy
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass

SWAPS: dict[type, type] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.FloorDiv,
    ast.Pow: ast.Mult,
    ast.MatMult: ast.Mult,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.And: ast.Or,
    ast.Or: ast.And,
}
"""Each operator and the neighbour a slip of the hand turns it into."""

SYMBOLS: dict[type, str] = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
    ast.Mod: "%", ast.Pow: "**", ast.MatMult: "@", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">",
    ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=", ast.Is: "is", ast.IsNot: "is not",
    ast.In: "in", ast.NotIn: "not in", ast.And: "and", ast.Or: "or",
}  # fmt: skip


@dataclass(frozen=True)
class Mutant:
    """One automatic slip: its id (place and change) and the body it gives."""

    id: str
    body: str


@dataclass(frozen=True)
class _Site:
    """One place to mutate: a path of (field, index) steps from the module to a node."""

    path: tuple[tuple[str, int | None], ...]
    line: int
    col: int


def _node_at(tree: ast.AST, path: tuple[tuple[str, int | None], ...]) -> ast.AST:
    node = tree
    for field, index in path:
        value = getattr(node, field)
        node = value if index is None else value[index]
    return node


def _walk(
    node: ast.AST, path: tuple[tuple[str, int | None], ...] = ()
) -> Iterator[tuple[ast.AST, tuple[tuple[str, int | None], ...]]]:
    """Every node with its path, in source order (depth first, fields in order)."""
    yield node, path
    for field, value in ast.iter_fields(node):
        if isinstance(value, ast.AST):
            yield from _walk(value, (*path, (field, None)))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, ast.AST):
                    yield from _walk(item, (*path, (field, i)))


Change = Callable[[ast.AST], str | None]
"""Mutates a node (a copy) in place; returns a description, or None when it cannot."""


def _swap_operator(node: ast.AST) -> str | None:
    if isinstance(node, ast.BinOp | ast.UnaryOp | ast.BoolOp | ast.AugAssign):
        op: ast.AST = node.op
        new = SWAPS.get(type(op))
        if new is None:
            return None
        setattr(node, "op", new())  # noqa: B010 - the node's type fixes what op may be
        return f"{SYMBOLS[type(op)]} to {SYMBOLS[new]}"
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        op = node.ops[0]
        new = SWAPS.get(type(op))
        if new is None:
            return None
        setattr(node, "ops", [new()])  # noqa: B010
        return f"{SYMBOLS[type(op)]} to {SYMBOLS[new]}"
    return None


def _constant_up(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        node.value += 1
        return f"{node.value - 1} to {node.value}"
    if isinstance(node, ast.Constant) and type(node.value) is bool:
        node.value = not node.value
        return f"{not node.value} to {node.value}"
    return None


def _constant_down(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and type(node.value) is int and node.value != 0:
        node.value -= 1
        return f"{node.value + 1} to {node.value}"
    return None


SYMMETRIC = frozenset({"max", "min", "maximum", "minimum", "fmax", "fmin", "hypot", "array_equal"})
"""Callables whose first two arguments commute: swapping them is never a slip."""

SIZE_METHODS = frozenset({"reshape", "view", "expand", "broadcast_to"})
"""Calls where a negative size means "infer it": -1 and -2 say the same."""


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _swap_arguments(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call) and len(node.args) >= 2:
        if any(isinstance(a, ast.Starred) for a in node.args[:2]):
            return None
        if _callee(node) in SYMMETRIC:
            return None
        node.args[0], node.args[1] = node.args[1], node.args[0]
        return "first two arguments swapped"
    return None


CHANGES: tuple[tuple[str, Change], ...] = (
    ("operator", _swap_operator),
    ("constant+", _constant_up),
    ("constant-", _constant_down),
    ("arguments", _swap_arguments),
)


def _statement_deletions(tree: ast.Module) -> Iterator[tuple[str, ast.Module]]:
    """The body with one statement replaced by ``pass`` (a line that was never written)."""
    for node, path in _walk(tree):
        if not path or not isinstance(node, ast.stmt) or isinstance(node, ast.Pass):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # a docstring or a bare string: deleting it changes nothing
        mutated = copy.deepcopy(tree)
        parent = _node_at(mutated, path[:-1])
        field, index = path[-1]
        assert index is not None  # statements sit in lists
        getattr(parent, field)[index] = ast.Pass()
        yield f"L{node.lineno}:C{node.col_offset} statement deleted", mutated


def _unary_drops(tree: ast.Module) -> Iterator[tuple[str, ast.Module]]:
    """``-x`` written as ``x`` and ``not c`` as ``c``: a sign or a negation forgotten."""
    for node, path in _walk(tree):
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.Not) and path:
            mutated = copy.deepcopy(tree)
            parent = _node_at(mutated, path[:-1])
            field, index = path[-1]
            operand = copy.deepcopy(node.operand)
            if index is None:
                setattr(parent, field, operand)
            else:
                getattr(parent, field)[index] = operand
            sign = "-" if isinstance(node.op, ast.USub) else "not"
            yield f"L{node.lineno}:C{node.col_offset} {sign} dropped", mutated


def _inferred_size(tree: ast.Module, path: tuple[tuple[str, int | None], ...]) -> bool:
    """Whether the node is the ``1`` of a ``-1`` size in ``x.reshape(..., -1, ...)``."""
    if len(path) < 2:
        return False
    parent, call = _node_at(tree, path[:-1]), _node_at(tree, path[:-2])
    return (
        isinstance(parent, ast.UnaryOp)
        and isinstance(parent.op, ast.USub)
        and isinstance(call, ast.Call)
        and _callee(call) in SIZE_METHODS
    )


def mutants(body: str) -> list[Mutant]:
    """Every mutant of a region body (dedented source), in source order, without repeats.

    A mutant whose code is the body's own (a change that unparses to the same text) or
    another mutant's is left out. Lines are counted from 1 at the body's first line.
    """
    tree = ast.parse(textwrap.dedent(body))
    original = ast.unparse(tree)
    found: list[Mutant] = []
    seen = {original}

    ids: set[str] = set()

    def keep(mutant_id: str, mutated: ast.Module) -> None:
        text = ast.unparse(ast.fix_missing_locations(mutated))
        if text not in seen:
            seen.add(text)
            # NOTE: nested expressions can start at one place: `a + b + c` holds two `+`.
            n, unique = 2, mutant_id
            while unique in ids:
                unique, n = f"{mutant_id} ({n})", n + 1
            ids.add(unique)
            found.append(Mutant(unique, text + "\n"))

    for node, path in _walk(tree):
        if not isinstance(node, ast.expr | ast.stmt):
            continue  # operators have no place of their own: their expression does
        if _inferred_size(tree, path):
            continue
        for _name, change in CHANGES:
            mutated = copy.deepcopy(tree)
            target = _node_at(mutated, path)
            said = change(target)
            if said is not None:
                keep(f"L{node.lineno}:C{node.col_offset} {said}", mutated)
    for mutant_id, mutated in [*_unary_drops(tree), *_statement_deletions(tree)]:
        keep(mutant_id, mutated)
    return sorted(found, key=lambda m: _place(m.id))


def _place(mutant_id: str) -> tuple[int, int]:
    line, col = mutant_id.split(" ", 1)[0].split(":")
    return int(line[1:]), int(col[1:])

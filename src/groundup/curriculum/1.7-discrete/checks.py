"""Checks for section 1.7, Discrete math and graphs.

Each exercise is a table of cases, simple to hard, and one loop over it. Formulas are
given to the learner's code as Python expressions turned into functions inside the
check, so that a failing case prints the formula, not a function object. Where an
answer is not unique (subsets in any order, any depth-first order, any topological
order) the check tests the properties that define a right answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from types import ModuleType
from typing import Any

import numpy as np

from groundup.testing import Case, Mismatch, Trial, check, draw, named_items

# NOTE: `cases` from its module: the package's attribute `cases` is the module itself.
from groundup.testing.table import cases, run_cases

Graph = list[list[int]]  # adjacency lists: adj[u] holds the nodes u has an edge to
WeightedGraph = list[list[tuple[int, float]]]  # adj[u] holds (v, weight) pairs

# -- helpers ----------------------------------------------------------------------------


def _with_formula(name: str, m: ModuleType, formula: str, variables: str) -> Any:
    """Calls ``name(f, n_vars)`` with ``f = lambda <variables>: <formula>``."""
    names = variables.split()
    f = eval(f"lambda {', '.join(names)}: {formula}")  # the check's own fixed strings
    return getattr(m, name)(f, len(names))


def _exactly(got: Any, expected: Any) -> Mismatch | None:
    """Exact equality for Python ints (floats cannot hold counts near 1e60 exactly)."""
    if isinstance(got, bool) or not isinstance(got, int | np.integer):
        return Mismatch(
            f"your result is {type(got).__name__} {got!r}; return an exact int "
            "(float64 rounds integers above 2**53)"
        )
    if int(got) != expected:
        return Mismatch(f"your count is {int(got)}, expected {expected}")
    return None


def _undirected(n: int, edges: Sequence[tuple[int, int]]) -> Graph:
    adj: Graph = [[] for _ in range(n)]
    for u, v in edges:
        adj[u].append(v)
        adj[v].append(u)
    return adj


def _random_directed(rng: np.random.Generator, n: int, p: float) -> Graph:
    mask = rng.random((n, n)) < p
    np.fill_diagonal(mask, False)
    return [np.flatnonzero(row).tolist() for row in mask]


def _cycle(n: int, *chords: tuple[int, int]) -> Graph:
    """The undirected cycle 0 - 1 - ... - (n - 1) - 0, plus ``chords``."""
    return _undirected(n, [(i, (i + 1) % n) for i in range(n)] + list(chords))


def _random_undirected(rng: np.random.Generator, n: int, m: int) -> Graph:
    """An undirected graph on n nodes with at most m random edges."""
    pairs = {tuple(sorted(int(x) for x in rng.choice(n, size=2, replace=False))) for _ in range(m)}
    return _undirected(n, sorted((a, b) for a, b in pairs))


def _random_dag(rng: np.random.Generator, n: int, p: float) -> Graph:
    """A random DAG: edges go forward in a random permutation of the nodes."""
    perm = rng.permutation(n)
    adj: Graph = [[] for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            if rng.random() < p:
                adj[int(perm[i])].append(int(perm[j]))
    return adj


def _valid_orders(t: Trial, table: Sequence[Case], problem: Callable[..., str | None]) -> None:
    """Runs ``table``: the learner's order is right when ``problem(*inputs, order,
    reference_order)`` finds nothing wrong with it (any valid order is accepted)."""

    def judge(inputs: tuple[Any, ...], got: Any, expected: list[int]) -> Mismatch | None:
        if isinstance(got, np.ndarray):
            got = got.tolist()
        if not isinstance(got, list | tuple):
            return Mismatch(f"expected a list of nodes, got {type(got).__name__}")
        found = problem(*inputs, [int(x) for x in got], expected)
        return None if found is None else Mismatch(found)

    for case in table:
        inputs = draw(case, t.rng)
        t.compare(case.label, *inputs, compare=partial(judge, inputs))


# -- discrete.truth-table and discrete.tautology ------------------------------------------

TRUTH_TABLE = [
    Case("no variables: the constant formula True", ("True", "")),
    Case("one variable: not p", ("not p", "p")),
    Case("two variables: p and not q", ("p and not q", "p q")),
    Case("three variables: (p or q) and not r", ("(p or q) and not r", "p q r")),
    Case("four variables: exactly two of them true", ("p + q + r + s == 2", "p q r s")),
]
truth_table = cases(
    "discrete.truth-table",
    TRUTH_TABLE,
    call=partial(_with_formula, "truth_table"),
    compare=named_items(("the rows of inputs", "the column of values"), 0.0, 0.0),
)

TAUTOLOGY = [
    Case("p or not p (excluded middle)", ("p or not p", "p")),
    Case("p implies q, written (not p) or q", ("(not p) or q", "p q")),
    Case("p and not p (a contradiction)", ("p and not p", "p")),
    Case(
        "the chain rule of implication: ((p => q) and (q => r)) => (p => r)",
        ("not ((not p or q) and (not q or r)) or (not p or r)", "p q r"),
    ),
    Case("De Morgan's law", ("(not (p and q)) == ((not p) or (not q))", "p q")),
    Case("false in exactly one of 16 rows", ("p or q or not r or s", "p q r s")),
    Case("no variables: the constant True", ("True", "")),
]
tautology = cases("discrete.tautology", TAUTOLOGY, call=partial(_with_formula, "is_tautology"))

# -- discrete.k-subsets -------------------------------------------------------------------


def _subsets(m: ModuleType, items: list[Any], k: int) -> list[tuple[Any, ...]]:
    # Any order of the subsets, and of the items inside each, is right: sort both.
    return sorted(tuple(sorted(s)) for s in m.k_subsets(items, k))


K_SUBSETS = [
    Case("k = 0 of [1, 2, 3]: one empty subset", ([1, 2, 3], 0)),
    Case("k = 0 of no items", ([], 0)),
    Case("k = 1 of ['a', 'b', 'c']", (["a", "b", "c"], 1)),
    Case("k = 2 of [1, 2, 3, 4]", ([1, 2, 3, 4], 2)),
    Case("k = 5 of 5 items: the set itself", ([5, 3, 9, 1, 7], 5)),
    Case("k = 4 of 3 items: none", ([1, 2, 3], 4)),
    Case("k = 4 of 10 items (210 subsets)", lambda r: (r.permutation(100)[:10].tolist(), 4)),
    Case("k = -1", ([1, 2], -1), raises=ValueError, why="for a negative k"),
]
k_subsets = cases("discrete.k-subsets", K_SUBSETS, call=_subsets)

# -- discrete.count-ways ------------------------------------------------------------------

COUNT_WAYS = [
    Case("n = 0, steps (1, 2): the empty sequence", (0, (1, 2))),
    Case("n = 1, steps (1, 2)", (1, (1, 2))),
    Case("n = 3, steps (1, 2): 1+1+1, 1+2, 2+1", (3, (1, 2))),
    Case("n = 10, steps (1, 2)", (10, (1, 2))),
    Case("n = 7, steps (2,): odd totals are unreachable", (7, (2,))),
    Case("n = 20, steps (1, 3, 5)", (20, (1, 3, 5))),
    Case("n = 50, steps (3, 1, 2) (not sorted)", (50, (3, 1, 2))),
    Case("n = 300, steps (1, 2): about 1e62 ways, needs memoization", (300, (1, 2))),
    Case(
        "n = 5000, steps (1, 2): recursion from the top alone would go 5000 calls deep",
        (5000, (1, 2)),
    ),
    Case("a step of 0", (5, (0, 1)), raises=ValueError, why="for a step that is not positive"),
]
count_ways = cases("discrete.count-ways", COUNT_WAYS, compare=_exactly)

# -- discrete.adjacency-matrix ------------------------------------------------------------

ADJACENCY_MATRIX = [
    Case("one node with a self-loop", ([[0]],)),
    Case("directed path 0 -> 1 -> 2", ([[1], [2], []],)),
    Case("undirected triangle", (_undirected(3, [(0, 1), (1, 2), (0, 2)]),)),
    Case("two parallel edges 0 -> 1 (a multigraph)", ([[1, 1], []],)),
    Case("random directed graph on 8 nodes", lambda r: (_random_directed(r, 8, 0.3),)),
    Case("no nodes at all", ([],)),
    Case("a neighbor 5 in a 2-node graph", ([[5], []],), raises=ValueError, why="for a bad node"),
]
adjacency_matrix = cases("discrete.adjacency-matrix", ADJACENCY_MATRIX)

# -- discrete.bfs ---------------------------------------------------------------------------

GRID_3X4 = _undirected(
    12,
    [(r * 4 + c, r * 4 + c + 1) for r in range(3) for c in range(3)]
    + [(r * 4 + c, (r + 1) * 4 + c) for r in range(2) for c in range(4)],
)

BFS = [
    Case("one node", ([[]], 0)),
    Case("undirected path 0 - 1 - 2 from 0", (_undirected(3, [(0, 1), (1, 2)]), 0)),
    Case("directed 0 -> 1, node 2 unreachable", ([[1], [], [0]], 0)),
    Case("undirected 6-cycle from 0", (_cycle(6), 0)),
    Case("3x4 grid from a middle node", (GRID_3X4, 5)),
    Case("random directed graph on 30 nodes", lambda r: (_random_directed(r, 30, 0.08), 3)),
]
bfs = cases("discrete.bfs", BFS)

# -- discrete.dfs ---------------------------------------------------------------------------


def _dfs_problem(adj: Graph, source: int, order: list[int], expected: list[int]) -> str | None:
    """Why ``order`` is not a depth-first order of ``adj`` from ``source`` (or None)."""
    if not order or order[0] != source:
        return f"a depth-first order starts at the source {source}"
    if len(set(order)) != len(order):
        return "your order visits a node more than once"
    reachable = set(expected)  # any depth-first order visits exactly the reachable nodes
    if set(order) != reachable:
        return (
            f"your order visits {sorted(set(order))}, but the nodes reachable from "
            f"{source} are {sorted(reachable)}"
        )
    visited, path = {source}, [source]
    for w in order[1:]:
        # w must be a child of the deepest node on the current path that has an edge to
        # it; every node passed over on the way back must have no unvisited neighbor.
        while path and w not in adj[path[-1]]:
            left = [v for v in adj[path[-1]] if v not in visited]
            if left:
                return (
                    f"after entering {path[-1]}, depth-first search must visit its unvisited "
                    f"neighbor {left[0]} before backtracking, but your order goes to {w}"
                )
            path.pop()
        visited.add(w)
        path.append(w)
    return None


DFS = [
    Case("one node", ([[]], 0)),
    Case("directed path 0 -> 1 -> 2", ([[1], [2], []], 0)),
    Case("a star: 0 -> 1, 2, 3", ([[1, 2, 3], [], [], []], 0)),
    Case("node 2 reached from 0 and from 3", ([[1, 2], [3, 5], [], [2], [], []], 0)),
    Case("undirected 7-cycle with two chords", (_cycle(7, (0, 3), (2, 5)), 0)),
    Case("random directed graph on 40 nodes", lambda r: (_random_directed(r, 40, 0.06), 0)),
    Case("random undirected graph on 25 nodes", lambda r: (_random_undirected(r, 25, 30), 4)),
]


@check("discrete.dfs")
def dfs(t: Trial) -> None:
    _valid_orders(t, DFS, _dfs_problem)


# -- discrete.toposort ----------------------------------------------------------------------


def _topo_problem(adj: Graph, order: list[int], _expected: list[int]) -> str | None:
    """Why ``order`` is not a topological order of ``adj`` (or None)."""
    if sorted(order) != list(range(len(adj))):
        return f"a topological order lists each of the {len(adj)} nodes exactly once"
    position = {u: i for i, u in enumerate(order)}
    for u, neighbors in enumerate(adj):
        for v in neighbors:
            if position[u] > position[v]:
                return (
                    f"the edge {u} -> {v} needs {u} before {v}, but your order has "
                    f"{v} at position {position[v]} and {u} at {position[u]}"
                )
    return None


def _dag_with_self_loop(r: np.random.Generator) -> tuple[Graph]:
    adj = _random_dag(r, 12, 0.3)
    adj[5].append(5)
    return (adj,)


TOPOSORT = [
    Case("one node", ([[]],)),
    Case("a chain 0 -> 1 -> 2", ([[1], [2], []],)),
    Case("a chain given backwards: 2 -> 1 -> 0", ([[], [0], [1]],)),
    # The computation graph of f = (x * y) + sin(x): 0 x, 1 y, 2 x*y, 3 sin x, 4 the sum.
    Case("the computation graph of (x * y) + sin(x)", ([[2, 3], [2], [4], [4], []],)),
    Case("no edges at all (any order is right)", ([[], [], [], []],)),
    Case("random DAG on 15 nodes", lambda r: (_random_dag(r, 15, 0.3),)),
]
CYCLES = [
    Case("0 -> 1 -> 2 -> 1: a cycle", ([[1], [2], [1]],), raises=ValueError, why="for a cycle"),
    Case("a self-loop 0 -> 0", ([[0]],), raises=ValueError, why="for a self-loop (a cycle)"),
    Case(
        "random DAG on 12 nodes plus a self-loop at 5",
        _dag_with_self_loop,
        raises=ValueError,
        why="for a cycle",
    ),
]


@check("discrete.toposort")
def toposort(t: Trial) -> None:
    _valid_orders(t, TOPOSORT, _topo_problem)
    run_cases(t, CYCLES)


# -- discrete.dijkstra ----------------------------------------------------------------------


def _weighted(rng: np.random.Generator, n: int, p: float, scale: float) -> WeightedGraph:
    """A random directed graph with weights in [0.1, 10) * scale."""
    adj: WeightedGraph = [[] for _ in range(n)]
    for u in range(n):
        for v in range(n):
            if u != v and rng.random() < p:
                adj[u].append((v, float(scale * rng.uniform(0.1, 10.0))))
    return adj


DIJKSTRA = [
    Case("one node", ([[]], 0)),
    Case("path 0 -(2)-> 1 -(3)-> 2", ([[(1, 2.0)], [(2, 3.0)], []], 0)),
    Case(
        "0 -(10)-> 1, 0 -(1)-> 2 -(1)-> 1 -(1)-> 3: the direct edge is not the shortest",
        ([[(1, 10.0), (2, 1.0)], [(3, 1.0)], [(1, 1.0)], []], 0),
    ),
    Case("node 2 unreachable", ([[(1, 1.5)], [], [(0, 1.0)]], 0)),
    Case("zero-weight edges", ([[(1, 0.0), (2, 4.0)], [(2, 0.0)], [(3, 1.0)], []], 0)),
    Case("random graph on 20 nodes", lambda r: (_weighted(r, 20, 0.2, 1.0), 0)),
    Case("weights near 1e12", lambda r: (_weighted(r, 12, 0.3, 1e12), 2)),
    Case("a weight of -1", ([[(1, -1.0)], []], 0), raises=ValueError, why="for a negative weight"),
]
dijkstra = cases("discrete.dijkstra", DIJKSTRA)

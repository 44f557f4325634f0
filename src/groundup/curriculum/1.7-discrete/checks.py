"""Checks for section 1.7, Discrete math and graphs.

Formulas are given to the learner's code as Python expressions turned into functions
inside the check, so that a failing case prints the formula, not a function object.
Where an answer is not unique (subsets in any order, any depth-first order, any
topological order) the check tests the properties that define a right answer.
"""

from __future__ import annotations

from collections import deque
from types import ModuleType
from typing import Any

import numpy as np

from groundup.testing import Mismatch, Trial, check

# -- helpers ----------------------------------------------------------------------------


def _formula(expr: str, names: str) -> Any:
    """The function ``lambda <names>: <expr>``, e.g. ``_formula("p or not p", "p")``."""
    return eval(f"lambda {', '.join(names.split())}: {expr}")  # the check's own fixed strings


def _n_vars(names: str) -> int:
    return len(names.split())


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


def _undirected(n: int, edges: list[tuple[int, int]]) -> list[list[int]]:
    adj: list[list[int]] = [[] for _ in range(n)]
    for u, v in edges:
        adj[u].append(v)
        adj[v].append(u)
    return adj


def _random_directed(rng: np.random.Generator, n: int, p: float) -> list[list[int]]:
    mask = rng.random((n, n)) < p
    np.fill_diagonal(mask, False)
    return [np.flatnonzero(row).tolist() for row in mask]


def _random_dag(rng: np.random.Generator, n: int, p: float) -> list[list[int]]:
    """A random DAG: edges go forward in a random permutation of the nodes."""
    perm = rng.permutation(n)
    adj: list[list[int]] = [[] for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            if rng.random() < p:
                adj[int(perm[i])].append(int(perm[j]))
    return adj


def _reachable(adj: list[list[int]], source: int) -> set[int]:
    seen, queue = {source}, deque([source])
    while queue:
        u = queue.popleft()
        for v in adj[u]:
            if v not in seen:
                seen.add(v)
                queue.append(v)
    return seen


# -- discrete.truth-table and discrete.tautology ------------------------------------------


def _table(module: ModuleType, expr: str, names: str) -> Any:
    return module.truth_table(_formula(expr, names), _n_vars(names))


@check("discrete.truth-table")
def truth_table(t: Trial) -> None:
    t.compare("no variables: the constant formula True", "True", "", call=_table)
    t.compare("one variable: not p", "not p", "p", call=_table)
    t.compare("two variables: p and not q", "p and not q", "p q", call=_table)
    t.compare("three variables: (p or q) and not r", "(p or q) and not r", "p q r", call=_table)
    t.compare(
        "four variables: exactly two of them true",
        "p + q + r + s == 2",
        "p q r s",
        call=_table,
    )


def _tautology(module: ModuleType, expr: str, names: str) -> Any:
    return module.is_tautology(_formula(expr, names), _n_vars(names))


@check("discrete.tautology")
def tautology(t: Trial) -> None:
    t.compare("p or not p (excluded middle)", "p or not p", "p", call=_tautology)
    t.compare("p implies q, written (not p) or q", "(not p) or q", "p q", call=_tautology)
    t.compare("p and not p (a contradiction)", "p and not p", "p", call=_tautology)
    t.compare(
        "((p => q) and (q => r)) => (p => r), the chain rule of implication",
        "not ((not p or q) and (not q or r)) or (not p or r)",
        "p q r",
        call=_tautology,
    )
    t.compare(
        "De Morgan: not (p and q) == (not p or not q)",
        "(not (p and q)) == ((not p) or (not q))",
        "p q",
        call=_tautology,
    )
    t.compare(
        "false in exactly one of 16 rows: p or q or not r or s",
        "p or q or not r or s",
        "p q r s",
        call=_tautology,
    )
    t.compare("no variables: the constant True", "True", "", call=_tautology)


# -- discrete.k-subsets -------------------------------------------------------------------


def _subsets(module: ModuleType, items: list[Any], k: int) -> list[tuple[Any, ...]]:
    # Any order of the subsets, and of the items inside each, is right: sort both.
    return sorted(tuple(sorted(s)) for s in module.k_subsets(items, k))


@check("discrete.k-subsets")
def k_subsets(t: Trial) -> None:
    t.compare("k = 0 of [1, 2, 3]: one empty subset", [1, 2, 3], 0, call=_subsets)
    t.compare("k = 0 of no items", [], 0, call=_subsets)
    t.compare("k = 1 of ['a', 'b', 'c']", ["a", "b", "c"], 1, call=_subsets)
    t.compare("k = 2 of [1, 2, 3, 4]", [1, 2, 3, 4], 2, call=_subsets)
    t.compare("k = 5 of 5 items: the set itself", [5, 3, 9, 1, 7], 5, call=_subsets)
    t.compare("k = 4 of 3 items: none", [1, 2, 3], 4, call=_subsets)
    items = [int(x) for x in t.rng.permutation(100)[:10]]
    t.compare("k = 4 of 10 items (210 subsets)", items, 4, call=_subsets)
    t.raises("k = -1", ValueError, [1, 2], -1, why="for a negative k")


# -- discrete.count-ways ------------------------------------------------------------------


@check("discrete.count-ways")
def count_ways(t: Trial) -> None:
    t.compare("n = 0, steps (1, 2): the empty sequence", 0, (1, 2), compare=_exactly)
    t.compare("n = 1, steps (1, 2)", 1, (1, 2), compare=_exactly)
    t.compare("n = 3, steps (1, 2): 1+1+1, 1+2, 2+1", 3, (1, 2), compare=_exactly)
    t.compare("n = 10, steps (1, 2)", 10, (1, 2), compare=_exactly)
    t.compare("n = 7, steps (2,): odd totals are unreachable", 7, (2,), compare=_exactly)
    t.compare("n = 20, steps (1, 3, 5)", 20, (1, 3, 5), compare=_exactly)
    t.compare("n = 50, steps (3, 1, 2) (not sorted)", 50, (3, 1, 2), compare=_exactly)
    t.compare(
        "n = 300, steps (1, 2): about 1e62 ways, needs memoization",
        300,
        (1, 2),
        compare=_exactly,
    )
    t.raises("a step of 0", ValueError, 5, (0, 1), why="for a step that is not positive")


# -- discrete.adjacency-matrix ------------------------------------------------------------


@check("discrete.adjacency-matrix")
def adjacency_matrix(t: Trial) -> None:
    t.compare("one node with a self-loop", [[0]])
    t.compare("directed path 0 -> 1 -> 2", [[1], [2], []])
    t.compare("undirected triangle", _undirected(3, [(0, 1), (1, 2), (0, 2)]))
    t.compare("two parallel edges 0 -> 1 (a multigraph)", [[1, 1], []])
    t.compare("random directed graph on 8 nodes", _random_directed(t.rng, 8, 0.3))
    t.compare("no nodes at all", [])
    t.raises("a neighbor 5 in a 2-node graph", ValueError, [[5], []], why="for a bad node")


# -- discrete.bfs ---------------------------------------------------------------------------


@check("discrete.bfs")
def bfs(t: Trial) -> None:
    t.compare("one node", [[]], 0)
    t.compare("undirected path 0 - 1 - 2 from 0", _undirected(3, [(0, 1), (1, 2)]), 0)
    t.compare("directed 0 -> 1, node 2 unreachable", [[1], [], [0]], 0)
    cycle = _undirected(6, [(i, (i + 1) % 6) for i in range(6)])
    t.compare("undirected 6-cycle from 0", cycle, 0)
    grid = _undirected(
        12,
        [(r * 4 + c, r * 4 + c + 1) for r in range(3) for c in range(3)]
        + [(r * 4 + c, (r + 1) * 4 + c) for r in range(2) for c in range(4)],
    )
    t.compare("3x4 grid from a middle node", grid, 5)
    t.compare("random directed graph on 30 nodes", _random_directed(t.rng, 30, 0.08), 3)


# -- discrete.dfs ---------------------------------------------------------------------------


def _dfs_problem(adj: list[list[int]], source: int, order: Any) -> str | None:
    """Why ``order`` is not a depth-first order of ``adj`` from ``source`` (or None)."""
    if isinstance(order, np.ndarray):
        order = order.tolist()
    if not isinstance(order, list | tuple):
        return f"expected a list of nodes, got {type(order).__name__}"
    order = [int(x) for x in order]
    if not order or order[0] != source:
        return f"a depth-first order starts at the source {source}"
    if len(set(order)) != len(order):
        return "your order visits a node more than once"
    reachable = _reachable(adj, source)
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


def _valid_dfs(adj: list[list[int]], source: int) -> Any:
    def compare(got: Any, expected: Any) -> Mismatch | None:
        problem = _dfs_problem(adj, source, got)
        return None if problem is None else Mismatch(problem)

    return compare


@check("discrete.dfs")
def dfs(t: Trial) -> None:
    def case(label: str, adj: list[list[int]], source: int) -> None:
        t.compare(label, adj, source, compare=_valid_dfs(adj, source))

    case("one node", [[]], 0)
    case("directed path 0 -> 1 -> 2", [[1], [2], []], 0)
    case("a star: 0 -> 1, 2, 3", [[1, 2, 3], [], [], []], 0)
    case(
        "0 -> 1, 2; 1 -> 3, 5; 3 -> 2 (node 2 is reached from 0 and from 3)",
        [[1, 2], [3, 5], [], [2], [], []],
        0,
    )
    cycle = _undirected(7, [(i, (i + 1) % 7) for i in range(7)] + [(0, 3), (2, 5)])
    case("undirected 7-cycle with two chords", cycle, 0)
    case("random directed graph on 40 nodes", _random_directed(t.rng, 40, 0.06), 0)
    case("random undirected graph on 25 nodes", _undirected(25, _random_pairs(t.rng, 25, 30)), 4)


def _random_pairs(rng: np.random.Generator, n: int, m: int) -> list[tuple[int, int]]:
    pairs = {tuple(sorted(int(x) for x in rng.choice(n, size=2, replace=False))) for _ in range(m)}
    return sorted((a, b) for a, b in pairs)


# -- discrete.toposort ----------------------------------------------------------------------


def _valid_topo(adj: list[list[int]]) -> Any:
    n = len(adj)

    def compare(got: Any, expected: Any) -> Mismatch | None:
        if isinstance(got, np.ndarray):
            got = got.tolist()
        if not isinstance(got, list | tuple):
            return Mismatch(f"expected a list of nodes, got {type(got).__name__}")
        order = [int(x) for x in got]
        if sorted(order) != list(range(n)):
            return Mismatch(f"a topological order lists each of the {n} nodes exactly once")
        position = {u: i for i, u in enumerate(order)}
        for u, neighbors in enumerate(adj):
            for v in neighbors:
                if position[u] > position[v]:
                    return Mismatch(
                        f"the edge {u} -> {v} needs {u} before {v}, but your order has "
                        f"{v} at position {position[v]} and {u} at {position[u]}"
                    )
        return None

    return compare


@check("discrete.toposort")
def toposort(t: Trial) -> None:
    def case(label: str, adj: list[list[int]]) -> None:
        t.compare(label, adj, compare=_valid_topo(adj))

    case("one node", [[]])
    case("a chain 0 -> 1 -> 2", [[1], [2], []])
    case("a chain given backwards: 2 -> 1 -> 0", [[], [0], [1]])
    # The computation graph of f = (x * y) + sin(x): 0 x, 1 y, 2 x*y, 3 sin x, 4 the sum.
    case("the computation graph of (x * y) + sin(x)", [[2, 3], [2], [4], [4], []])
    case("no edges at all (any order is right)", [[], [], [], []])
    case("random DAG on 15 nodes", _random_dag(t.rng, 15, 0.3))
    t.raises("0 -> 1 -> 2 -> 1: a cycle", ValueError, [[1], [2], [1]], why="for a cycle")
    t.raises("a self-loop 0 -> 0", ValueError, [[0]], why="for a self-loop (a cycle)")
    cyclic = _random_dag(t.rng, 12, 0.3)
    cyclic[5].append(5)
    t.raises("random DAG on 12 nodes plus a self-loop at 5", ValueError, cyclic, why="for a cycle")


# -- discrete.dijkstra ----------------------------------------------------------------------


def _weighted(
    rng: np.random.Generator, n: int, p: float, scale: float
) -> list[list[tuple[int, float]]]:
    adj: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for u in range(n):
        for v in range(n):
            if u != v and rng.random() < p:
                adj[u].append((v, float(scale * rng.uniform(0.1, 10.0))))
    return adj


@check("discrete.dijkstra")
def dijkstra(t: Trial) -> None:
    t.compare("one node", [[]], 0)
    t.compare("path 0 -(2)-> 1 -(3)-> 2", [[(1, 2.0)], [(2, 3.0)], []], 0)
    t.compare(
        "0 -(10)-> 1, 0 -(1)-> 2 -(1)-> 1 -(1)-> 3: the direct edge is not the shortest",
        [[(1, 10.0), (2, 1.0)], [(3, 1.0)], [(1, 1.0)], []],
        0,
    )
    t.compare("node 2 unreachable", [[(1, 1.5)], [], [(0, 1.0)]], 0)
    t.compare("zero-weight edges", [[(1, 0.0), (2, 4.0)], [(2, 0.0)], [(3, 1.0)], []], 0)
    t.compare("random graph on 20 nodes", _weighted(t.rng, 20, 0.2, 1.0), 0)
    t.compare("weights near 1e12", _weighted(t.rng, 12, 0.3, 1e12), 2)
    t.raises(
        "an edge of weight -1",
        ValueError,
        [[(1, -1.0)], []],
        0,
        why="for a negative weight",
    )

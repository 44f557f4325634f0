"""Graphs: adjacency matrices and lists, BFS, DFS, topological sort and Dijkstra.

Section 1.7 Discrete math and graphs. A graph on nodes ``0 .. n-1`` is stored as an
adjacency list ``adj``: ``adj[u]`` lists the nodes ``v`` with an edge ``u -> v`` (an
undirected graph lists each edge in both directions). A weighted graph stores pairs
``(v, weight)``. A computation graph (the graph autograd walks) is a directed acyclic
graph, and a topological order of it is an order in which to evaluate it.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import deque
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ._types import FloatArray

AdjList = Sequence[Sequence[int]]
"""``adj[u]`` lists the heads ``v`` of the edges ``u -> v``."""

WeightedAdjList = Sequence[Sequence[tuple[int, float]]]
"""``adj[u]`` lists pairs ``(v, w)``: an edge ``u -> v`` of weight ``w``."""

IntArray = npt.NDArray[np.int64]


def _check_adjacency(adj: AdjList) -> int:
    """Returns the number of nodes, or raises ``ValueError`` for a neighbor out of range."""
    n = len(adj)
    for u, neighbors in enumerate(adj):
        for v in neighbors:
            if not 0 <= v < n:
                raise ValueError(f"node {u} lists neighbor {v}, but the nodes are 0..{n - 1}")
    return n


def _check_source(source: int, n: int) -> None:
    if not 0 <= source < n:
        raise ValueError(f"`source` must be a node 0..{n - 1}, got {source}")


def adjacency_matrix(adj: AdjList) -> IntArray:
    """The adjacency matrix of a graph given by adjacency lists.

    ``A[u, v]`` counts the edges ``u -> v``: row ``u`` holds ``u``'s out-edges. An
    undirected graph gives a symmetric matrix.

    Args:
        adj: adjacency lists of ``n`` nodes.

    Returns:
        An int64 array of shape (n, n).

    Raises:
        ValueError: if a neighbor is not a node.
    """
    n = _check_adjacency(adj)
    # exercise: discrete.adjacency-matrix
    A = np.zeros((n, n), dtype=np.int64)
    for u, neighbors in enumerate(adj):
        for v in neighbors:
            A[u, v] += 1
    return A
    # end exercise


def adjacency_list(A: npt.ArrayLike) -> list[list[int]]:
    """The adjacency lists of the graph whose adjacency matrix is ``A``.

    ``v`` is a neighbor of ``u`` when ``A[u, v] != 0`` (a weighted matrix works too);
    a multi-edge (``A[u, v] = 2``) is listed once.

    Args:
        A: a square matrix of shape (n, n).

    Returns:
        ``n`` lists, each in increasing order.

    Raises:
        ValueError: if ``A`` is not square.
    """
    arr = np.asarray(A)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
        raise ValueError(f"expected a square adjacency matrix, got shape {arr.shape}")
    return [np.flatnonzero(row).tolist() for row in arr]


def bfs_distances(adj: AdjList, source: int) -> FloatArray:
    """The number of edges on a shortest path from ``source`` to every node.

    Breadth-first search visits nodes in order of distance: a FIFO queue holds the
    frontier, and a node gets its distance (and is marked seen) when it is first
    discovered, one more than the node it was discovered from.

    Args:
        adj: adjacency lists of ``n`` nodes.
        source: the start node.

    Returns:
        A float array of shape (n,): 0 at ``source``, ``inf`` where unreachable.

    Raises:
        ValueError: if ``source`` or a neighbor is not a node.
    """
    n = _check_adjacency(adj)
    _check_source(source, n)
    # exercise: discrete.bfs
    dist = np.full(n, np.inf)
    dist[source] = 0.0
    queue = deque([source])
    while queue:
        u = queue.popleft()  # FIFO: the oldest discovered node first
        for v in adj[u]:
            if dist[v] == np.inf:
                dist[v] = dist[u] + 1.0
                queue.append(v)
    return dist
    # end exercise


def dfs_order(adj: AdjList, source: int) -> list[int]:
    """The nodes reachable from ``source`` in depth-first (pre)order.

    Depth-first search goes as deep as it can: from the node it just entered it follows
    the first edge to an unvisited node, and backtracks only when none is left.

    Args:
        adj: adjacency lists of ``n`` nodes; neighbors are tried in list order.
        source: the start node.

    Returns:
        The reachable nodes, each once, in the order they are first visited.

    Raises:
        ValueError: if ``source`` or a neighbor is not a node.
    """
    n = _check_adjacency(adj)
    _check_source(source, n)
    # exercise: discrete.dfs
    visited = [False] * n
    order: list[int] = []
    # An explicit stack of (node, index of the next neighbor to try): no recursion limit.
    stack = [(source, 0)]
    visited[source] = True
    order.append(source)
    while stack:
        u, i = stack[-1]
        if i == len(adj[u]):
            stack.pop()  # every neighbor of u is done: backtrack
            continue
        stack[-1] = (u, i + 1)
        v = adj[u][i]
        if not visited[v]:
            # NOTE: mark a node visited when it is entered, not when it is first seen.
            visited[v] = True
            order.append(v)
            stack.append((v, 0))
    return order
    # end exercise


def topological_sort(adj: AdjList) -> list[int]:
    """An order of the nodes in which every edge ``u -> v`` has ``u`` before ``v``.

    Kahn's algorithm: count each node's in-edges; repeatedly output a node with none
    left and remove its out-edges. If nodes remain with in-edges, they lie on a cycle
    and no order exists.

    Args:
        adj: adjacency lists of a directed graph with ``n`` nodes.

    Returns:
        A list of all ``n`` nodes (one of possibly many valid orders).

    Raises:
        ValueError: if the graph has a cycle (a self-loop counts).
    """
    n = _check_adjacency(adj)
    # exercise: discrete.toposort
    indegree = [0] * n
    for neighbors in adj:
        for v in neighbors:
            indegree[v] += 1
    ready = deque(u for u in range(n) if indegree[u] == 0)
    order: list[int] = []
    while ready:
        u = ready.popleft()
        order.append(u)
        for v in adj[u]:
            indegree[v] -= 1
            if indegree[v] == 0:
                ready.append(v)
    if len(order) < n:
        # NOTE: the nodes never output are exactly those on or after a cycle.
        raise ValueError(f"the graph has a cycle: {n - len(order)} nodes were never freed")
    return order
    # end exercise


def dijkstra(adj: WeightedAdjList, source: int) -> FloatArray:
    """Shortest-path distances from ``source`` with non-negative edge weights.

    Keep a priority queue of (tentative distance, node). The node popped with the
    smallest tentative distance is final: every other path to it goes through a node
    at least as far, and weights are non-negative. Relax its out-edges
    (``dist[v] = min(dist[v], dist[u] + w)``) and push any improvement; skip stale
    entries of nodes already final.

    Args:
        adj: weighted adjacency lists of ``n`` nodes, ``adj[u] = [(v, w), ...]``.
        source: the start node.

    Returns:
        A float array of shape (n,): 0 at ``source``, ``inf`` where unreachable.

    Raises:
        ValueError: if ``source`` or a neighbor is not a node, or a weight is negative
            or NaN.
    """
    n = _check_adjacency([[v for v, _ in edges] for edges in adj])
    _check_source(source, n)
    for u, edges in enumerate(adj):
        for v, w in edges:
            if not w >= 0.0:  # also catches NaN
                raise ValueError(f"edge {u} -> {v} has weight {w}; Dijkstra needs weights >= 0")
    # exercise: discrete.dijkstra
    dist = np.full(n, np.inf)
    dist[source] = 0.0
    done = [False] * n
    heap: list[tuple[float, int]] = [(0.0, source)]
    while heap:
        d, u = heapq.heappop(heap)
        if done[u]:
            continue  # a stale entry: u was already popped with a smaller distance
        done[u] = True  # NOTE: final when popped, not when pushed
        for v, w in adj[u]:
            if d + w < dist[v]:
                dist[v] = d + w
                heapq.heappush(heap, (dist[v], v))
    return dist
    # end exercise


def path_length(adj: WeightedAdjList, path: Sequence[int]) -> float:
    """The total weight of a path given as a node list (``inf`` if an edge is missing)."""
    total = 0.0
    for u, v in itertools.pairwise(path):
        weights = [w for x, w in adj[u] if x == v]
        if not weights:
            return math.inf
        total += min(weights)
    return total

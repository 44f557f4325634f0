"""The section 1.7 graph reference against scipy.sparse.csgraph."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order, depth_first_order, shortest_path

from groundup.math.graphs import (
    adjacency_list,
    adjacency_matrix,
    bfs_distances,
    dfs_order,
    dijkstra,
    path_length,
    topological_sort,
)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(17)


def random_adj(rng: np.random.Generator, n: int, p: float) -> list[list[int]]:
    mask = rng.random((n, n)) < p
    np.fill_diagonal(mask, False)
    return [np.flatnonzero(row).tolist() for row in mask]


def test_conversion_round_trip(rng: np.random.Generator) -> None:
    for _ in range(5):
        adj = random_adj(rng, 12, 0.3)
        A = adjacency_matrix(adj)
        assert A.dtype == np.int64 and A.shape == (12, 12)
        assert adjacency_list(A) == adj
        assert np.array_equal(adjacency_matrix(adjacency_list(A)), A)
    assert adjacency_matrix([[1, 1], []]).tolist() == [[0, 2], [0, 0]]  # multi-edge counts


def test_bfs_matches_scipy_unweighted_shortest_paths(rng: np.random.Generator) -> None:
    for _ in range(5):
        adj = random_adj(rng, 30, 0.07)
        graph = csr_matrix(adjacency_matrix(adj).astype(float))
        expected = shortest_path(graph, method="D", unweighted=True, indices=0)
        assert np.array_equal(bfs_distances(adj, 0), expected)  # integers and inf: exact


def test_bfs_visits_what_scipy_visits(rng: np.random.Generator) -> None:
    adj = random_adj(rng, 25, 0.08)
    reached, _ = breadth_first_order(csr_matrix(adjacency_matrix(adj)), 3)
    assert set(np.flatnonzero(np.isfinite(bfs_distances(adj, 3)))) == set(reached.tolist())


def is_dfs_order(adj: list[list[int]], order: list[int]) -> bool:
    """Every node after the first is a neighbor of the deepest open node on the path,
    and nodes are closed only when all their neighbors are visited."""
    visited, path = {order[0]}, [order[0]]
    for w in order[1:]:
        while path and w not in adj[path[-1]]:
            if any(v not in visited for v in adj[path[-1]]):
                return False
            path.pop()
        if not path or w in visited:
            return False
        visited.add(w)
        path.append(w)
    return True


def test_dfs_is_a_valid_order_of_the_reachable_nodes(rng: np.random.Generator) -> None:
    for _ in range(5):
        adj = random_adj(rng, 30, 0.08)
        order = dfs_order(adj, 0)
        reached, _ = depth_first_order(csr_matrix(adjacency_matrix(adj)), 0)
        assert sorted(order) == sorted(reached.tolist())
        assert is_dfs_order(adj, order)
    # A BFS order of this graph is not a DFS order: the checker above can fail.
    assert not is_dfs_order([[1, 2], [3], [], []], [0, 1, 2, 3])


def test_dfs_on_a_long_path_does_not_recurse() -> None:
    n = 20_000
    adj = [[i + 1] for i in range(n - 1)] + [[]]
    assert dfs_order(adj, 0) == list(range(n))


def test_topological_sort(rng: np.random.Generator) -> None:
    for _ in range(5):
        perm = rng.permutation(20)
        adj: list[list[int]] = [[] for _ in range(20)]
        for i in range(20):
            for j in range(i + 1, 20):
                if rng.random() < 0.2:
                    adj[int(perm[i])].append(int(perm[j]))
        order = topological_sort(adj)
        position = {u: i for i, u in enumerate(order)}
        assert sorted(order) == list(range(20))
        assert all(position[u] < position[v] for u in range(20) for v in adj[u])


@pytest.mark.parametrize("adj", [[[0]], [[1], [2], [0]], [[1], [2], [1], []]])
def test_topological_sort_rejects_cycles(adj: list[list[int]]) -> None:
    with pytest.raises(ValueError, match="cycle"):
        topological_sort(adj)


def test_dijkstra_matches_scipy(rng: np.random.Generator) -> None:
    for _ in range(5):
        n = 25
        W = np.where(rng.random((n, n)) < 0.15, rng.uniform(0.1, 10.0, size=(n, n)), 0.0)
        np.fill_diagonal(W, 0.0)
        adj = [[(int(v), float(W[u, v])) for v in np.flatnonzero(W[u])] for u in range(n)]
        expected = shortest_path(csr_matrix(W), method="D", indices=0)
        # Sums of the same weights, maybe in another order: 1e-12 relative.
        np.testing.assert_allclose(dijkstra(adj, 0), expected, rtol=1e-12)


def test_dijkstra_shortcut_and_errors() -> None:
    adj = [[(1, 10.0), (2, 1.0)], [(3, 1.0)], [(1, 1.0)], []]
    assert dijkstra(adj, 0).tolist() == [0.0, 2.0, 1.0, 3.0]
    assert path_length(adj, [0, 2, 1, 3]) == 3.0
    with pytest.raises(ValueError, match="weight"):
        dijkstra([[(1, -1.0)], []], 0)
    with pytest.raises(ValueError, match="source"):
        bfs_distances([[]], 2)

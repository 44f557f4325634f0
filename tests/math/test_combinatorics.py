"""The section 1.7 counting reference against math.comb, math.perm and itertools."""

from __future__ import annotations

import itertools
import math

import pytest

from groundup.math.combinatorics import k_subsets, n_combinations, n_permutations


@pytest.mark.parametrize("n", [0, 1, 5, 12, 60, 300])
def test_counts_match_math(n: int) -> None:
    for k in [0, 1, 2, n // 3, n // 2, n - 1, n, n + 1]:
        if k < 0:
            continue
        assert n_combinations(n, k) == math.comb(n, k)  # exact ints, up to ~1e88
        assert n_permutations(n, k) == math.perm(n, k)


@pytest.mark.parametrize(("n", "k"), [(0, 0), (3, 0), (4, 2), (6, 3), (7, 7), (3, 5), (10, 4)])
def test_k_subsets_match_itertools(n: int, k: int) -> None:
    items = list("abcdefghij"[:n])
    got = k_subsets(items, k)
    assert sorted(got) == sorted(itertools.combinations(items, k))
    assert len(got) == math.comb(n, k) == len(set(got))  # no duplicates


def test_permutations_overcount_subsets_by_k_factorial() -> None:
    for n, k in [(5, 2), (6, 3), (7, 4)]:
        ordered = len(list(itertools.permutations(range(n), k)))
        assert ordered == math.factorial(k) * len(k_subsets(range(n), k))


def test_bad_counts_are_rejected() -> None:
    with pytest.raises(ValueError):
        n_combinations(-1, 2)
    with pytest.raises(ValueError):
        k_subsets([1, 2], -1)

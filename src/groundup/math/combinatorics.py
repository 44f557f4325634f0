r"""Counting: permutations, combinations, and the subsets themselves.

Section 1.7 Discrete math and graphs. There are :math:`n!/(n-k)!` ordered choices of
``k`` things from ``n`` (permutations) and :math:`\binom{n}{k} = n!/(k!\,(n-k)!)`
unordered ones (combinations): each unordered choice is counted :math:`k!` times in
the ordered count.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def _check_counts(n: int, k: int) -> None:
    if n < 0 or k < 0:
        raise ValueError(f"`n` and `k` must be at least 0, got n={n}, k={k}")


def n_permutations(n: int, k: int) -> int:
    r"""Ordered choices of ``k`` of ``n`` distinct items, :math:`n (n-1) \cdots (n-k+1)`.

    Args:
        n: how many items, at least 0.
        k: how many to choose, at least 0.

    Returns:
        The exact count, 0 when ``k > n``.

    Raises:
        ValueError: if ``n`` or ``k`` is negative.
    """
    _check_counts(n, k)
    count = 1
    for i in range(k):
        count *= n - i  # becomes 0 (and stays 0) once i reaches n, that is when k > n
    return count


def n_combinations(n: int, k: int) -> int:
    r"""Unordered choices of ``k`` of ``n`` items, :math:`\binom{n}{k}`, exactly.

    Computed as :math:`\prod_{i=1}^{k} (n - k + i) / i`: after step ``i`` the running
    product is :math:`\binom{n-k+i}{i}`, an integer, so each floor division is exact.

    Args:
        n: how many items, at least 0.
        k: how many to choose, at least 0.

    Returns:
        The exact count, 0 when ``k > n``.

    Raises:
        ValueError: if ``n`` or ``k`` is negative.
    """
    _check_counts(n, k)
    if k > n:
        return 0
    k = min(k, n - k)  # the same count, fewer steps
    count = 1
    for i in range(1, k + 1):
        # NOTE: multiply first, then divide; `count *= (n - k + i) // i` truncates.
        count = count * (n - k + i) // i
    return count


def k_subsets(items: Sequence[T], k: int) -> list[tuple[T, ...]]:
    r"""All subsets of ``k`` of the (distinct) ``items``, each as a tuple.

    Recursively: a ``k``-subset either contains the first item (and then ``k - 1`` of
    the rest) or does not (and then ``k`` of the rest), so
    :math:`\binom{n}{k} = \binom{n-1}{k-1} + \binom{n-1}{k}`.

    Args:
        items: distinct items.
        k: the subset size, at least 0.

    Returns:
        A list of :math:`\binom{n}{k}` tuples; each keeps the items in their input order.
        ``k = 0`` gives ``[()]``, ``k > len(items)`` gives ``[]``.

    Raises:
        ValueError: if ``k`` is negative.
    """
    if k < 0:
        raise ValueError(f"`k` must be at least 0, got {k}")
    items = list(items)
    # exercise: discrete.k-subsets
    if k == 0:
        return [()]
    if k > len(items):
        return []
    first, rest = items[0], items[1:]
    with_first = [(first, *subset) for subset in k_subsets(rest, k - 1)]
    return with_first + k_subsets(rest, k)
    # end exercise

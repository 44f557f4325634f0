"""The section 1.7 recurrence reference against brute-force enumeration and Fibonacci."""

from __future__ import annotations

import itertools

import pytest

from groundup.math.recurrences import count_ways, fibonacci, fibonacci_binet


def brute_force_ways(n: int, steps: tuple[int, ...]) -> int:
    """Counts every sequence of steps whose sum is n, by listing them all."""
    total = 0
    for length in range(n + 1):
        for seq in itertools.product(steps, repeat=length):
            total += sum(seq) == n
    return total


@pytest.mark.parametrize("steps", [(1, 2), (2, 3), (1, 3, 4), (5,)])
def test_count_ways_matches_brute_force(steps: tuple[int, ...]) -> None:
    for n in range(0, 11):
        assert count_ways(n, steps) == brute_force_ways(n, steps)


def test_stairs_are_fibonacci() -> None:
    # Steps of 1 and 2: a_n = a_{n-1} + a_{n-2}, a_0 = a_1 = 1, so a_n = F_{n+1}.
    for n in [0, 1, 2, 10, 90, 500]:
        assert count_ways(n, (1, 2)) == fibonacci(n + 1)


def test_fibonacci_known_values() -> None:
    assert [fibonacci(n) for n in range(10)] == [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]
    assert fibonacci(100) == 354224848179261915075


def test_binet_exact_up_to_70_then_drifts() -> None:
    assert all(round(fibonacci_binet(n)) == fibonacci(n) for n in range(71))
    # Past n = 70 float64 cannot hold the closed form exactly (F_80 ~ 2.3e16 > 2**53).
    assert any(round(fibonacci_binet(n)) != fibonacci(n) for n in range(71, 100))


def test_bad_steps_are_rejected() -> None:
    with pytest.raises(ValueError):
        count_ways(3, (0, 1))
    with pytest.raises(ValueError):
        count_ways(-1, (1,))

"""The section 1.7 logic reference against itertools.product and known tautologies."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from groundup.math.logic import equivalent, implies, is_tautology, truth_table


@pytest.mark.parametrize("n_vars", [0, 1, 2, 3, 5])
def test_truth_table_rows_follow_itertools_product(n_vars: int) -> None:
    rows, values = truth_table(lambda *xs: sum(xs) % 2 == 1, n_vars)
    expected = np.array(list(itertools.product((False, True), repeat=n_vars)), dtype=bool)
    assert rows.shape == (2**n_vars, n_vars)
    assert np.array_equal(rows.reshape(expected.shape), expected)
    assert values.tolist() == [sum(r) % 2 == 1 for r in itertools.product((0, 1), repeat=n_vars)]


def test_implication_truth_table() -> None:
    _, values = truth_table(implies, 2)
    assert values.tolist() == [True, True, False, True]  # only True => False is false


@pytest.mark.parametrize(
    ("formula", "n_vars", "expected"),
    [
        (lambda p: p or not p, 1, True),  # noqa: SIM221 - the point of the test
        (lambda p, q: implies(p, q), 2, False),
        (lambda p: p and not p, 1, False),  # noqa: SIM220 - the point of the test
        (lambda p, q, r: implies(implies(p, q) and implies(q, r), implies(p, r)), 3, True),
        (lambda p, q: implies(implies(implies(p, q), p), p), 2, True),  # Peirce's law
        (lambda p, q, r, s: p or q or not r or s, 4, False),
        (lambda: True, 0, True),
        (lambda: False, 0, False),
    ],
)
def test_tautologies(formula: object, n_vars: int, expected: bool) -> None:
    assert is_tautology(formula, n_vars) is expected  # type: ignore[arg-type]


def test_de_morgan_equivalence() -> None:
    assert equivalent(lambda p, q: not (p and q), lambda p, q: (not p) or (not q), 2)
    assert not equivalent(lambda p, q: not (p and q), lambda p, q: (not p) and (not q), 2)


def test_negative_variable_count_is_rejected() -> None:
    with pytest.raises(ValueError, match="n_vars"):
        truth_table(lambda: True, -1)

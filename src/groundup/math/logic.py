"""Propositional logic: truth tables and tautologies, by trying every assignment.

Section 1.7 Discrete math and graphs. A formula in ``n`` variables is a Python function
of ``n`` booleans that returns a boolean. It has :math:`2^n` assignments; listing its
value on each is its truth table, and it is a *tautology* when every row is true.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._types import BoolArray

Formula = Callable[..., bool]
"""A formula: ``f(p, q, ...)`` takes one boolean per variable and returns a boolean."""


def implies(p: bool, q: bool) -> bool:
    r"""Material implication :math:`p \Rightarrow q`, false only when ``p`` and not ``q``."""
    return (not p) or q


def _check_n_vars(n_vars: int) -> None:
    if n_vars < 0:
        raise ValueError(f"`n_vars` must be at least 0, got {n_vars}")


def truth_table(f: Formula, n_vars: int) -> tuple[BoolArray, BoolArray]:
    r"""Every assignment of ``n_vars`` booleans and the value of ``f`` on it.

    Rows are in counting order with the first variable as the most significant bit and
    ``False`` as 0, the order of ``itertools.product((False, True), repeat=n_vars)``:
    row ``i`` assigns variable ``j`` the bit ``(i >> (n_vars - 1 - j)) & 1``.

    Args:
        f: a formula of ``n_vars`` booleans.
        n_vars: how many variables, at least 0 (0 gives one row, the empty assignment).

    Returns:
        ``(rows, values)``: a bool array of shape (2**n_vars, n_vars) and the bool
        array of shape (2**n_vars,) with ``values[i] = f(*rows[i])``.

    Raises:
        ValueError: if ``n_vars`` is negative.
    """
    _check_n_vars(n_vars)
    # exercise: discrete.truth-table
    n_rows = 2**n_vars
    rows = np.zeros((n_rows, n_vars), dtype=bool)
    for i in range(n_rows):
        for j in range(n_vars):
            rows[i, j] = (i >> (n_vars - 1 - j)) & 1  # variable 0 is the highest bit
    values = np.array([bool(f(*row)) for row in rows.tolist()], dtype=bool)
    return rows, values
    # end exercise


def is_tautology(f: Formula, n_vars: int) -> bool:
    """Whether ``f`` is true under every assignment of its ``n_vars`` variables.

    Args:
        f: a formula of ``n_vars`` booleans.
        n_vars: how many variables, at least 0.

    Returns:
        ``True`` when every row of the truth table is true.

    Raises:
        ValueError: if ``n_vars`` is negative.
    """
    _check_n_vars(n_vars)
    # exercise: discrete.tautology
    _, values = truth_table(f, n_vars)
    return bool(np.all(values))
    # end exercise


def equivalent(f: Formula, g: Formula, n_vars: int) -> bool:
    """Whether two formulas agree on every assignment: ``f <=> g`` is a tautology."""
    return is_tautology(lambda *xs: f(*xs) == g(*xs), n_vars)

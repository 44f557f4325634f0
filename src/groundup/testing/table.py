"""The one shape of a check: a table of cases and one loop over it (``cases``).

Like pytest's ``parametrize`` and scikit-learn's ``parametrize_with_checks``, an
exercise's checks are data: a list of :class:`Case` rows, simple to hard, and one
registered loop that runs them through the :class:`~groundup.testing.trial.Trial`::

    UNBROADCAST = [
        Case("grad (2, 3) to shape (3,)", lambda r: (r.normal(size=(2, 3)), (3,))),
        Case("grad (2, 3, 4) to shape () (a scalar)", lambda r: (r.normal(size=(2, 3, 4)), ())),
    ]
    unbroadcast = cases("engine.unbroadcast", UNBROADCAST)

Each row says what it checks (its label is what the learner reads when it fails) and
how to make its inputs; the loop compares the learner's result with the reference's,
or requires an exception (``raises=``). Settings shared by a table (how to call the
code, how to compare) go to :func:`cases` once, not to every row.

A check that needs another module of the learner's package than its target (the
learner's ``Tensor`` for a loss exercise) asks for it by name with :func:`companion`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType, ModuleType
from typing import Any, NamedTuple

import numpy as np

from groundup.testing.compare import Comparator
from groundup.testing.trial import Call, CheckFn, Trial, check

Inputs = tuple[Any, ...]
"""The positional inputs of one case."""

MakeInputs = Callable[[np.random.Generator], Inputs]
"""Builds a case's inputs from the trial's seeded generator."""

_NO_KWARGS: Mapping[str, Any] = MappingProxyType({})


class Case(NamedTuple):
    """One row of an exercise's case table.

    Attributes:
        label: what the case checks, in the learner's words ("a singular 3x3 matrix").
        inputs: the positional inputs, or a function of the trial's generator that
            returns them (random inputs are drawn when the case runs, in table order,
            so a seed reproduces the whole table).
        kwargs: keyword inputs.
        raises: the exception type(s) the code must raise on these inputs; the case
            then compares no values.
        why: finishes "expected ValueError ..." for a ``raises`` case ("for a singular
            matrix").
        step: the sub-step of a multi-step exercise this case checks.
        call: overrides the table's ``call`` for this row.
    """

    label: str
    inputs: Inputs | MakeInputs = ()
    kwargs: Mapping[str, Any] = _NO_KWARGS
    raises: type[BaseException] | tuple[type[BaseException], ...] | None = None
    why: str = ""
    step: str | None = None
    call: Call | None = None


def draw(case: Case, rng: np.random.Generator) -> Inputs:
    """A case's positional inputs: its tuple, or drawn from ``rng`` by its function."""
    return case.inputs(rng) if callable(case.inputs) else case.inputs


def run_cases(
    t: Trial,
    table: Sequence[Case],
    *,
    call: Call | None = None,
    compare: Comparator | None = None,
    same: Comparator | None = None,
) -> None:
    """Runs every case of ``table`` in order; the first failure ends the check.

    Args:
        t: the trial.
        table: the cases, simple to hard.
        call: ``call(module, *inputs, **kwargs)``; defaults to calling the target.
        compare: ``compare(got, expected) -> Mismatch | None`` (default: the manifest's
            tolerance).
        same: how a known mistake is recognised (see :meth:`Trial.compare`).
    """
    for case in table:
        inputs = draw(case, t.rng)
        how = case.call or call
        if case.raises is not None:
            t.raises(case.label, case.raises, *inputs, call=how, why=case.why, **case.kwargs)
        else:
            t.compare(
                case.label,
                *inputs,
                call=how,
                compare=compare,
                same=same,
                step=case.step,
                **case.kwargs,
            )


def cases(
    exercise_id: str,
    table: Sequence[Case],
    *,
    call: Call | None = None,
    compare: Comparator | None = None,
    same: Comparator | None = None,
) -> CheckFn:
    """Registers the loop over ``table`` as a check of ``exercise_id``.

    Returns:
        The check function. Assign it to a module-level name: the catalog finds checks
        among a checks file's names (a table left unassigned has no check, and the
        content gate fails the exercise).
    """

    def run(t: Trial) -> None:
        run_cases(t, table, call=call, compare=compare, same=same)

    run.__name__ = run.__qualname__ = f"cases_{exercise_id.replace('.', '_').replace('-', '_')}"
    return check(exercise_id)(run)


def companion(module: ModuleType, name: str) -> ModuleType:
    """Another module of the same package tree as ``module``, by its library path.

    ``companion(m, "engine.tensor")`` is ``mine.engine.tensor`` for the learner's module
    and ``groundup.engine.tensor`` for the reference: a check that needs the learner's
    ``Tensor`` for a loss exercise names the module it comes from, rather than reaching
    it through whatever the target module happens to import.
    """
    root = module.__name__.split(".", 1)[0]
    return importlib.import_module(f"{root}.{name}")

"""Mutation testing of the checks: the mutants, and a gate that cannot be satisfied by a
survivor or by a false declaration (issue 20)."""

from __future__ import annotations

import ast
import dataclasses
import json
from pathlib import Path

import pytest

from conftest import groundup
from groundup.course import mutation
from groundup.course.catalog import Catalog, Equivalent
from groundup.course.gate import reference_body, select
from groundup.course.mutants import Mutant, mutants
from groundup.course.mutation import mutate_exercise, run_mutants, tally


def _by_id(body: str) -> dict[str, str]:
    return {m.id: m.body for m in mutants(body)}


def test_each_operator_family_gives_its_mutant() -> None:
    found = _by_id("if x > 0:\n    y = f(a, b) + x[1]\nreturn y\n")
    assert found["L1:C3 > to >="] == "if x >= 0:\n    y = f(a, b) + x[1]\nreturn y\n"
    assert found["L1:C7 0 to 1"].startswith("if x > 1:")
    assert found["L2:C8 + to -"] == "if x > 0:\n    y = f(a, b) - x[1]\nreturn y\n"
    assert found["L2:C8 first two arguments swapped"].split("\n")[1] == "    y = f(b, a) + x[1]"
    assert "x[0]" in found["L2:C20 1 to 0"] and "x[2]" in found["L2:C20 1 to 2"]
    assert found["L3:C0 statement deleted"].endswith("pass\n")
    flags = _by_id("return s.sum(axis=-1, keepdims=True)\n")
    assert "keepdims=False" in flags["L1:C31 True to False"]
    assert "axis=1" in flags["L1:C18 - dropped"] and "axis=-2" in flags["L1:C19 1 to 2"]
    negation = _by_id("return not a and b\n")
    assert negation["L1:C7 and to or"] == "return not a or b\n"
    assert negation["L1:C7 not dropped"] == "return a and b\n"


def test_no_mutant_is_equivalent_by_construction() -> None:
    found = _by_id("y = x.reshape(2, -1)\nreturn np.maximum(y, 0) + max(a, b) + f(a, b)\n")
    # max/min/np.maximum commute; a size of -1 or -2 both mean "infer this one"
    swaps = [i for i in found if "arguments swapped" in i]
    assert [found[i].splitlines()[-1] for i in swaps if i.startswith("L2")] == [
        "return np.maximum(y, 0) + max(a, b) + f(b, a)"
    ]
    assert not any("-2" in body or "-0" in body for body in found.values())
    # two `+` that start at one column still get two ids
    assert {"L2:C7 + to -", "L2:C7 + to - (2)"} <= set(found)


def test_mutants_are_deterministic_distinct_and_never_the_body_itself(catalog: Catalog) -> None:
    body = reference_body(catalog.exercises["linalg.solve"])
    first, second = mutants(body), mutants(body)
    assert first == second and first
    texts = [m.body for m in first]
    assert len(set(texts)) == len(texts)
    assert ast.unparse(ast.parse(body)) + "\n" not in texts
    assert len({m.id for m in first}) == len(first)


def test_select_takes_ids_section_ids_and_numbers(catalog: Catalog) -> None:
    by_number = select(catalog, ["1.1"])
    assert by_number == select(catalog, ["linalg"]) and len(by_number) > 3
    assert [e.id for e in select(catalog, ["linalg.project"])] == ["linalg.project"]
    assert len(select(catalog, [])) == len(catalog.exercises)


@pytest.fixture
def one_mutant(monkeypatch: pytest.MonkeyPatch) -> Mutant:
    """Makes the gate see one mutant of linalg.project: a correct rewrite, so it survives."""
    same = Mutant("L1:C0 rewritten", "return (dot(u, v) / dot(v, v)) * v\n")
    monkeypatch.setattr(mutation, "mutants", lambda body: [same])
    return same


def test_an_undeclared_survivor_fails_the_gate(
    catalog: Catalog, tmp_path: Path, one_mutant: Mutant
) -> None:
    exercise = dataclasses.replace(catalog.exercises["linalg.project"], equivalent=())
    [outcome] = mutate_exercise(catalog, exercise, tmp_path)
    assert outcome.status == "survived" and not outcome.ok
    assert tally([outcome]).failing == 1


def test_a_declared_equivalent_passes_every_seed_and_the_gate(
    catalog: Catalog, tmp_path: Path, one_mutant: Mutant
) -> None:
    exercise = dataclasses.replace(
        catalog.exercises["linalg.project"],
        equivalent=(Equivalent(one_mutant.id, "the same formula, parenthesized"),),
    )
    [outcome] = mutate_exercise(catalog, exercise, tmp_path)
    assert outcome.status == "equivalent" and outcome.ok
    assert tally([outcome]).kill_rate == 1.0


def test_a_declaration_the_checks_refute_fails_the_gate(catalog: Catalog, tmp_path: Path) -> None:
    exercise = catalog.exercises["linalg.project"]
    killed = next(m for m in mutants(reference_body(exercise)) if "/ to *" in m.id)
    declared = dataclasses.replace(exercise, equivalent=(Equivalent(killed.id, "it is not"),))
    outcomes = {o.mutant: o for o in mutate_exercise(catalog, declared, tmp_path)}
    assert outcomes[killed.id].status == "bad declaration"
    assert "the checks kill it" in outcomes[killed.id].detail


def test_a_declaration_of_a_mutant_that_does_not_exist_fails(
    catalog: Catalog, tmp_path: Path, one_mutant: Mutant
) -> None:
    exercise = dataclasses.replace(
        catalog.exercises["linalg.project"],
        equivalent=(Equivalent("L9:C9 gone", "the region changed since"),),
    )
    outcomes = {o.mutant: o for o in mutate_exercise(catalog, exercise, tmp_path)}
    assert outcomes["L9:C9 gone"].status == "bad declaration"
    assert outcomes["L9:C9 gone"].detail == "no such mutant any more"


def test_a_killed_mutant_records_the_mistake_the_checker_named(
    catalog: Catalog, tmp_path: Path
) -> None:
    outcomes = mutate_exercise(catalog, catalog.exercises["python.windows"], tmp_path)
    named = {o.mutant: o.mistake for o in outcomes if o.status == "killed"}
    # a deleted bounds check is the catalogued off-by-one's twin: the checker names it
    assert "bound-off-by-one" in named.values()


def test_gate_mutants_through_the_cli_writes_a_report(tmp_path: Path) -> None:
    report = tmp_path / "mutants.json"
    run = groundup("gate", "--mutants", "linalg.project", "--report", str(report), cwd=tmp_path)
    assert "mutation gate:" in run.stdout and "kill rate" in run.stdout
    outcomes = json.loads(report.read_text())
    assert outcomes and {o["exercise"] for o in outcomes} == {"linalg.project"}
    failing = [o for o in outcomes if o["status"] not in ("killed", "equivalent")]
    assert run.returncode == (1 if failing else 0), run.stdout


@pytest.mark.slow
def test_every_mutant_of_every_exercise_is_killed_or_declared(catalog: Catalog) -> None:
    outcomes = run_mutants(catalog, catalog.ordered())
    failing = [f"{o.exercise} {o.mutant!r}: {o.status}" for o in outcomes if not o.ok]
    assert not failing, "\n".join(failing)

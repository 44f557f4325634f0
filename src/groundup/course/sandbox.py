"""The checker's child process: loads the learner's code and runs one exercise's checks.

The parent (:mod:`groundup.course.checker`) starts ``python -I -m groundup.course.sandbox``
under a time and memory limit and sends a JSON request on stdin (or, in watch mode, a
warm worker forks a child that calls :func:`serve`); this process writes a JSON
:class:`~groundup.testing.result.Result` to the file the request names, so nothing the
learner prints can corrupt it.

One request, in steps: load the checks, import the learner's module, put reference code
in place of unpassed prerequisites (:mod:`~groundup.course.substitution`), refuse the
reference solution and forbidden shortcuts (:mod:`~groundup.course.provenance`,
:mod:`~groundup.course.forbid`), run the checks, and name the mistake of a failed case
(:mod:`~groundup.course.diagnosis`).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
import traceback
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from groundup.course import bytecode
from groundup.course.catalog import Exercise, exercise_from_json, load_checks_file
from groundup.course.diagnosis import diagnose
from groundup.course.forbid import forbidden_uses
from groundup.course.limits import limit_cpu, limit_memory
from groundup.course.provenance import Tripwire, is_reference_solution
from groundup.course.substitution import substitute
from groundup.testing.result import Failure, Result, Verdict
from groundup.testing.trial import CheckFailed, CheckFn, Trial, learner_traceback, resolve


class Stop(Exception):
    """Ends a request early; the run's verdict is the failure it carries."""

    def __init__(self, failure: Failure, flagged: str | None = None) -> None:
        super().__init__(failure.message)
        self.failure = failure
        self.flagged = flagged


def content_bug(message: str) -> Stop:
    return Stop(Failure("checks", message, kind=Verdict.ERROR))


def load_checks(path: Path, exercise: Exercise) -> list[CheckFn]:
    """The exercise's check functions from its section's checks file."""
    checks = load_checks_file(path, exercise.section).get(exercise.id)
    if not checks:
        raise content_bug(
            f"{exercise.id} has no checks: this is a bug in groundup's content, not in your code"
        )
    return checks


CONFLICT_MARKERS = ("<<<<<<< ", "=======", ">>>>>>> ")
"""How a line of a three-way merge conflict starts (:mod:`groundup.course.merge`)."""


def _import_error(exc: BaseException, package_root: str, module: str) -> Failure:
    if isinstance(exc, SyntaxError):
        where = f"{Path(exc.filename or module).name}, line {exc.lineno}"
        if (exc.text or "").startswith(CONFLICT_MARKERS):
            return Failure(
                "loading your code",
                f"{where} is a conflict marker that `groundup upgrade` left: your lines and "
                "the new version's are both there. Keep what you want, delete the lines that "
                "start with <<<<<<<, ======= and >>>>>>>, and save",
                kind=Verdict.ERROR,
            )
        return Failure(
            "loading your code",
            f"your code has a syntax error ({where}): {exc.msg}",
            traceback=f"{exc.text or ''}".rstrip(),
            kind=Verdict.ERROR,
        )
    if isinstance(exc, SystemExit):
        message = f"your module {module} called sys.exit() while being imported"
    else:
        message = f"importing your module {module} raised {type(exc).__name__}: {exc}"
    return Failure(
        "loading your code",
        message,
        traceback=learner_traceback(exc, package_root),
        kind=Verdict.ERROR,
    )


def import_learner(exercise: Exercise, workspace: str, package: str) -> types.ModuleType:
    """The learner's module that holds the exercise, imported from the workspace."""
    bytecode.install(Path(workspace))
    sys.path.insert(0, workspace)
    name = package + "." + exercise.module.split(".", 1)[1]
    try:
        return importlib.import_module(name)
    except BaseException as exc:  # SyntaxError, SystemExit, anything at import time
        raise Stop(_import_error(exc, workspace, name)) from None


def learner_target(
    mine: types.ModuleType,
    exercise: Exercise,
    reference_for: dict[str, str],
    package: str,
    used: set[str],
) -> Any:
    """The learner's target, once unpassed prerequisites are the reference's.

    ``used`` collects the prerequisites whose reference code is then called.
    """
    try:
        substitute(reference_for, package, used)
        return resolve(mine, exercise.qualname)
    except AttributeError as exc:
        raise Stop(
            Failure(
                "loading your code",
                f"your module {mine.__name__} has no {exercise.qualname} ({exc}); "
                "restore it from the lesson",
                kind=Verdict.ERROR,
            )
        ) from None


def vet(exercise: Exercise, learner_obj: Any, tripwire: Tripwire) -> None:
    """Refuses the reference solution and the shortcuts the exercise forbids."""
    if is_reference_solution(learner_obj, tripwire):
        flagged = "your code uses groundup's own solution instead of yours"
        raise Stop(
            Failure(
                "where your code comes from",
                f"{flagged}: remove the import of {exercise.module}",
            ),
            flagged,
        )
    uses = forbidden_uses(exercise, learner_obj)
    if uses:
        raise Stop(
            Failure(
                "the rules of the exercise",
                f"this exercise asks you to write it without {', '.join(uses)}: "
                "those do the work the exercise is about",
            )
        )


def named_mistake(exercise: Exercise, failed: CheckFailed) -> Failure:
    """The failure of a case, with the known mistake the learner's code behaves like."""
    failure = failed.failure
    if failure.mistake is None and failed.replay is not None:
        matched = diagnose(exercise, failed.replay)
        failure.mistake = matched.id if matched else None
    if failure.mistake:
        failure.mistake_message = {m.id: m.message for m in exercise.mistakes}[failure.mistake]
        raised = failed.replay.raised if failed.replay is not None else None
        if raised is not None and failure.kind == Verdict.ERROR:
            # The named mistake says why and what to do; generic advice about the
            # exception above it would only compete with it (or contradict it).
            failure.message = f"your code raised {raised.__name__}"
    return failure


def run_checks(
    checks: list[CheckFn], t: Trial, exercise: Exercise, tripwire: Tripwire, workspace: str
) -> None:
    """Runs the checks in order; the first failure (or a call of the reference) ends them."""
    for check_fn in checks:
        try:
            check_fn(t)
        except CheckFailed as failed:
            raise Stop(named_mistake(exercise, failed)) from None
        except Exception as exc:
            raise Stop(
                Failure(
                    "using your result",
                    f"the check could not use what your code returned ({type(exc).__name__}: "
                    f"{exc}); does it return the documented type and shape?",
                    traceback=learner_traceback(exc, workspace),
                    kind=Verdict.ERROR,
                )
            ) from None
        if tripwire.hits:
            flagged = f"your code calls groundup's own {exercise.qualname}"
            raise Stop(
                Failure(
                    "where your code comes from",
                    f"{flagged}; write it yourself instead of importing the solution",
                ),
                flagged,
            )


def case_recorder(case_file: str | None) -> Callable[[str], None] | None:
    """Writes each case's label to ``case_file``, so a timeout can name the case."""
    if not case_file:
        return None

    def note_case(label: str) -> None:
        Path(case_file).write_text(label, encoding="utf-8")

    return note_case


def _run(request: dict[str, Any], exercise: Exercise, result: Result, used: set[str]) -> None:
    workspace = str(Path(request["workspace"]).resolve())
    package = request.get("package", "mine")
    checks = load_checks(Path(request["checks_path"]), exercise)
    ref = importlib.import_module(exercise.module)
    tripwire = Tripwire(ref, exercise.qualname)
    mine = import_learner(exercise, workspace, package)
    learner_obj = learner_target(mine, exercise, request.get("reference_for", {}), package, used)
    vet(exercise, learner_obj, tripwire)
    tolerance = exercise.tolerance
    t = Trial(
        exercise.id,
        mine,
        ref,
        exercise.qualname,
        tolerance.rtol,
        tolerance.atol,
        result.seed,
        learner_root=workspace,
    )
    tripwire.trial = t
    t.on_case = case_recorder(request.get("case_file"))
    try:
        run_checks(checks, t, exercise, tripwire, workspace)
    finally:
        result.cases = t.cases
    if t.cases == 0:
        raise content_bug(
            "no check case ran, so nothing was verified: this is a bug in groundup's content"
        )


def run_request(request: dict[str, Any]) -> Result:
    """Runs one exercise's checks as the request says and returns the verdict.

    The request carries the exercise itself (target, tolerance, mistakes), the checks
    file, and the targets of the prerequisites that come from the reference.
    """
    exercise = exercise_from_json(request["exercise"])
    reference_for: dict[str, str] = request.get("reference_for", {})
    result = Result(
        exercise.id, Verdict.PASSED, seed=int(request["seed"]), reference_for=list(reference_for)
    )
    used: set[str] = set()  # filled in while the learner's code runs
    try:
        _run(request, exercise, result, used)
    except Stop as stop:
        result.verdict = stop.failure.kind
        result.failure = stop.failure
        result.flagged = stop.flagged
    result.reference_used = [i for i in reference_for if i in used]
    return result


def _checker_failed(request: dict[str, Any], exc: BaseException) -> Result:
    return Result(
        str((request.get("exercise") or {}).get("id")),
        Verdict.ERROR,
        seed=int(request.get("seed") or 0),
        failure=Failure(
            "running the checks",
            f"the checker failed: {type(exc).__name__}: {exc}",
            traceback=traceback.format_exc(),
            kind=Verdict.ERROR,
        ),
    )


def serve(request: dict[str, Any]) -> NoReturn:
    """Runs one request in this fresh process, writes its result file, and exits.

    Applies the limits first, so no learner code runs without them.
    """
    if request.get("memory_mb"):
        limit_memory(int(request["memory_mb"]))
    if request.get("timeout_s"):
        limit_cpu(float(request["timeout_s"]))
    started = time.perf_counter()
    try:
        result = run_request(request)
    except BaseException as exc:
        result = _checker_failed(request, exc)
    result.duration_ms = round((time.perf_counter() - started) * 1000)
    Path(request["result_path"]).write_text(json.dumps(result.to_json()), encoding="utf-8")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # skip atexit handlers and threads that learner code may have left behind


def main() -> None:
    """Entry point of the child process: one request on stdin."""
    sys.dont_write_bytecode = True  # a save within the same second must still be seen
    serve(json.loads(sys.stdin.read()))


if __name__ == "__main__":
    main()

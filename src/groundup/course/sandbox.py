"""The checker's child process: loads the learner's code and runs one exercise's checks.

The parent (:mod:`groundup.course.checker`) starts ``python -I -m groundup.course.sandbox``
under a time and memory limit and sends a JSON request on stdin; this process writes a
JSON result to the file the request names, so nothing the learner prints can corrupt it.
"""

from __future__ import annotations

import ast
import copy
import functools
import importlib
import inspect
import json
import os
import sys
import textwrap
import time
import traceback
import types
import warnings
from pathlib import Path
from typing import Any

from groundup.course.catalog import (
    LIBRARY,
    Exercise,
    Mistake,
    exercise_from_json,
    load_checks_file,
)
from groundup.course.regions import RegionError, find_regions, indent_body, replace_bodies
from groundup.testing.result import Failure, Result, Verdict
from groundup.testing.trial import CheckFailed, Replay, Trial, learner_traceback, resolve


def _owner_and_name(module: types.ModuleType, qualname: str) -> tuple[Any, str]:
    if "." in qualname:
        owner_path, name = qualname.rsplit(".", 1)
        return resolve(module, owner_path), name
    return module, qualname


class Tripwire:
    """Wraps the reference target so that a call from learner code is noticed.

    The wrapper asks the trial it watches whether learner code is running; until
    :attr:`trial` is set, no call counts.

    Attributes:
        original: the reference object that was wrapped.
        trial: the trial whose learner code is watched.
        hits: one entry per call from learner code.
    """

    def __init__(self, ref: types.ModuleType, qualname: str) -> None:
        owner, name = _owner_and_name(ref, qualname)
        self.original = getattr(owner, name)
        self.trial: Trial | None = None
        self.hits: list[str] = []
        original = self.original

        @functools.wraps(original)
        def tripwire(*args: Any, **kwargs: Any) -> Any:
            if self.trial is not None and self.trial.learner_running:
                self.hits.append(qualname)
            return original(*args, **kwargs)

        setattr(owner, name, tripwire)


def learner_package_modules(package: str) -> list[types.ModuleType]:
    return [
        m
        for name, m in list(sys.modules.items())
        if (name == package or name.startswith(package + ".")) and m is not None
    ]


def rebind(obj: Any, namespace: dict[str, Any]) -> Any:
    """The reference function ``obj`` running with the learner module's globals.

    The reference body then builds the learner's classes and calls the learner's
    helpers (``Tensor(...)`` is the learner's ``Tensor``), so a substituted method mixes
    with the learner's objects. Static and class methods are unwrapped and rewrapped.
    """
    if isinstance(obj, staticmethod | classmethod):
        return type(obj)(rebind(obj.__func__, namespace))
    if not isinstance(obj, types.FunctionType):
        return obj
    fn = types.FunctionType(
        obj.__code__, namespace, obj.__name__, obj.__defaults__, obj.__closure__
    )
    fn.__kwdefaults__ = obj.__kwdefaults__
    fn.__qualname__ = obj.__qualname__
    fn.__doc__ = obj.__doc__
    return fn


def substitute(targets: dict[str, str], package: str) -> None:
    """Puts the reference implementation in place of the learner's for each target.

    Args:
        targets: exercise id -> target (``groundup.module:qualname``).
        package: the learner's package name.
    """
    for target in targets.values():
        module_name, qualname = target.split(":")
        ref_owner, name = _owner_and_name(importlib.import_module(module_name), qualname)
        mine = importlib.import_module(package + "." + module_name.split(".", 1)[1])
        ref_obj = rebind(inspect.getattr_static(ref_owner, name), vars(mine))
        owner, _ = _owner_and_name(mine, qualname)
        learner_obj = getattr(owner, name)
        setattr(owner, name, ref_obj)
        if owner is mine:  # functions imported by sibling modules: `from .x import f`
            for module in learner_package_modules(package):
                for attr, value in list(vars(module).items()):
                    if value is learner_obj:
                        setattr(module, attr, ref_obj)


def forbidden_uses(exercise: Exercise, fn: Any) -> list[str]:
    """Names from the exercise's ``forbid`` list that the learner's code uses."""
    if not exercise.forbid:
        return []
    try:
        path = inspect.getsourcefile(fn)
        source = Path(path).read_text(encoding="utf-8") if path else ""
        region = find_regions(source).get(exercise.id)
        code = textwrap.dedent(region.body) if region else textwrap.dedent(inspect.getsource(fn))
        tree = ast.parse(code)
    except (OSError, TypeError, SyntaxError, RegionError):
        return []
    found: list[str] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.MatMult)
            and "@" in exercise.forbid
        ):
            found.append("the @ operator")
        elif isinstance(node, ast.Attribute) and node.attr in exercise.forbid:
            found.append(f"`.{node.attr}`")
        elif isinstance(node, ast.Name) and node.id in exercise.forbid:
            found.append(f"`{node.id}`")
    return list(dict.fromkeys(found))


@functools.cache
def mistake_module(exercise: Exercise, mistake: Mistake) -> types.ModuleType:
    """The reference module with the exercise's region replaced by a known mistake."""
    source = exercise.source_path.read_text(encoding="utf-8")
    region = find_regions(source, str(exercise.source_path))[exercise.id]
    text = replace_bodies(source, {exercise.id: indent_body(mistake.body, region.indent)})
    name = f"groundup._mistakes.{exercise.id}.{mistake.id}"
    module = types.ModuleType(name)
    module.__package__ = exercise.module.rsplit(".", 1)[0]
    module.__file__ = f"<mistake {exercise.id}:{mistake.id}>"
    sys.modules[name] = module
    exec(compile(text, module.__file__, "exec"), module.__dict__)
    return module


def diagnose(exercise: Exercise, replay: Replay) -> Mistake | None:
    """The first known mistake that behaves like the learner's code on the failing input."""
    for mistake in exercise.mistakes:
        try:
            module = mistake_module(exercise, mistake)
        except Exception:  # a mistake that does not even compile is a content bug
            traceback.print_exc()
            continue
        raised: type[BaseException] | None = None
        out: Any = None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                out = replay.call(
                    module, *copy.deepcopy(replay.args), **copy.deepcopy(replay.kwargs)
                )
            except Exception as exc:
                raised = type(exc)
        if replay.raised is not None or raised is not None:
            if raised is replay.raised:
                return mistake
            continue
        try:
            if replay.same(replay.got, out) is None:
                return mistake
        except Exception:
            continue
    return None


def _import_error(exc: BaseException, package_root: str, module: str) -> Failure:
    if isinstance(exc, SyntaxError):
        where = f"{Path(exc.filename or module).name}, line {exc.lineno}"
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


def run_request(request: dict[str, Any]) -> Result:
    """Runs one exercise's checks as the request says and returns the verdict.

    The request carries the exercise itself (target, tolerance, mistakes), the checks
    file, and the targets of the prerequisites that come from the reference.
    """
    exercise = exercise_from_json(request["exercise"])
    reference_for: dict[str, str] = request.get("reference_for", {})
    package = request.get("package", "mine")
    workspace = str(Path(request["workspace"]).resolve())
    result = Result(
        exercise.id, Verdict.PASSED, seed=int(request["seed"]), reference_for=list(reference_for)
    )

    def finish(failure: Failure | None = None) -> Result:
        result.failure = failure
        result.verdict = Verdict.PASSED if failure is None else failure.kind
        return result

    checks = load_checks_file(Path(request["checks_path"]), exercise.section).get(exercise.id)
    if not checks:
        return finish(
            Failure(
                "checks",
                f"{exercise.id} has no checks: this is a bug in "
                "groundup's content, not in your code",
                kind=Verdict.ERROR,
            ),
        )
    ref = importlib.import_module(exercise.module)
    tripwire = Tripwire(ref, exercise.qualname)
    original = tripwire.original
    sys.path.insert(0, workspace)
    learner_module = package + "." + exercise.module.split(".", 1)[1]
    try:
        mine = importlib.import_module(learner_module)
    except BaseException as exc:  # SyntaxError, SystemExit, anything at import time
        return finish(_import_error(exc, workspace, learner_module))
    try:
        substitute(reference_for, package)
        learner_fn = resolve(mine, exercise.qualname)
    except AttributeError as exc:
        return finish(
            Failure(
                "loading your code",
                f"your module {learner_module} has no "
                f"{exercise.qualname} ({exc}); restore it from the lesson",
                kind=Verdict.ERROR,
            ),
        )
    code = getattr(learner_fn, "__code__", None)
    if (
        learner_fn is original
        or getattr(learner_fn, "__wrapped__", None) is original
        or (code is not None and code.co_filename.startswith(str(LIBRARY)))
    ):
        result.flagged = "your code uses groundup's own solution instead of yours"
        return finish(
            Failure(
                "where your code comes from",
                result.flagged + f": remove the import of {exercise.module}",
            ),
        )
    uses = forbidden_uses(exercise, learner_fn)
    if uses:
        return finish(
            Failure(
                "the rules of the exercise",
                "this exercise asks you to "
                f"write it without {', '.join(uses)}: those do the work "
                "the exercise is about",
            ),
        )
    t = Trial(
        exercise.id,
        mine,
        ref,
        exercise.qualname,
        exercise.tolerance.rtol,
        exercise.tolerance.atol,
        result.seed,
        learner_root=workspace,
    )
    tripwire.trial = t
    case_file = request.get("case_file")
    if case_file:

        def note_case(label: str) -> None:
            Path(case_file).write_text(label, encoding="utf-8")

        t.on_case = note_case
    for check_fn in checks:
        try:
            check_fn(t)
        except CheckFailed as failed:
            failure = failed.failure
            if failure.mistake is None and failed.replay is not None:
                matched = diagnose(exercise, failed.replay)
                failure.mistake = matched.id if matched else None
            if failure.mistake:
                by_id = {m.id: m for m in exercise.mistakes}
                failure.mistake_message = by_id[failure.mistake].message
            result.cases = t.cases
            return finish(failure)
        except Exception as exc:
            result.cases = t.cases
            return finish(
                Failure(
                    "using your result",
                    f"the check could not use what your code returned "
                    f"({type(exc).__name__}: {exc}); does it return the documented type and shape?",
                    traceback=learner_traceback(exc, workspace),
                    kind=Verdict.ERROR,
                ),
            )
        if tripwire.hits:
            break
    result.cases = t.cases
    if tripwire.hits:
        result.flagged = f"your code calls groundup's own {exercise.qualname}"
        return finish(
            Failure(
                "where your code comes from",
                result.flagged + "; write it yourself instead of importing the solution",
            ),
        )
    if t.cases == 0:
        return finish(
            Failure(
                "checks",
                "no check case ran, so nothing was verified: this is a bug in groundup's content",
                kind=Verdict.ERROR,
            ),
        )
    return finish()


def limit_memory(memory_mb: int) -> None:
    """Caps this process's address space; learner code past it gets a MemoryError."""
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # Output and files past 256 MB end the process (SIGXFSZ) instead of filling the disk.
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 2**20, 256 * 2**20))


def main() -> None:
    """Entry point of the child process."""
    sys.dont_write_bytecode = True  # a save within the same second must still be seen
    request = json.loads(sys.stdin.read())
    if request.get("memory_mb"):
        limit_memory(int(request["memory_mb"]))
    started = time.perf_counter()
    try:
        result = run_request(request)
    except BaseException as exc:
        result = Result(
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
    result.duration_ms = round((time.perf_counter() - started) * 1000)
    Path(request["result_path"]).write_text(json.dumps(result.to_json()), encoding="utf-8")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # skip atexit handlers and threads that learner code may have left behind


if __name__ == "__main__":
    main()

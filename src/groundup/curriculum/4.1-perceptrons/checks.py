"""Checks for section 4.1, Perceptrons and basic networks.

Perceptron checks use points placed on, above and below a known boundary, including a
point exactly on it (score 0); training is traced epoch by epoch (``fit`` with
``max_epochs`` = 1, 2, ...), so a learner reads the first epoch whose weights differ.
Network checks use random weights, a case where the hidden and output widths are equal
(so a missing transpose is not a shape error) and logits of magnitude 1000 (so a softmax
without the max shift overflows). The forward and backward passes are traced
intermediate by intermediate, in the order backpropagation computes them.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import numpy as np

from groundup.testing import Case, Trace, Trial, check, named_items, run_cases
from groundup.testing.table import cases

Array = np.ndarray
MakeInputs = Callable[[np.random.Generator], tuple[object, ...]]

# -- perceptron ---------------------------------------------------------------------------

W = np.array([1.0, -1.0])  # the boundary x1 = x2

PREDICT = [
    Case("two points either side of x1 = x2", (np.array([[2.0, 1.0], [1.0, 2.0]]), W, 0.0)),
    Case("a point on the boundary (score 0) is labelled 0", (np.array([[1.0, 1.0]]), W, 0.0)),
    Case("with a bias of 0.5", (np.array([[0.0, 0.0], [0.2, 1.0]]), W, 0.5)),
    Case(
        "20 random points in 3-D",
        lambda r: (r.normal(size=(20, 3)), r.normal(size=3), float(r.normal())),
    ),
]
perceptron_predict = cases("neural.perceptron-predict", PREDICT)

UPDATE = [
    Case("a correctly classified positive: nothing changes", (W, 0.0, np.array([2.0, 1.0]), 1)),
    Case("a missed positive (predicted 0)", (W, 0.0, np.array([1.0, 2.0]), 1, 0.5)),
    Case("a missed negative (predicted 1)", (W, 0.5, np.array([2.0, 1.0]), 0, 0.1)),
    Case("a correct negative: nothing changes", (W, 0.0, np.array([-1.0, 3.0]), 0)),
    Case(
        "a positive on the boundary (score 0) is predicted 0: a mistake",
        (W, 0.0, np.array([1.0, 1.0]), 1),
    ),
    Case(
        "w . x = 0.5 but b = -1, so the score is -0.5: a missed positive",
        (W, -1.0, np.array([1.0, 0.5]), 1, 0.5),
    ),
    Case(
        "random weights and example", lambda r: (r.normal(size=4), 0.3, r.normal(size=4), 1, 0.25)
    ),
]


@check("neural.perceptron-update")
def perceptron_update(t: Trial) -> None:
    run_cases(t, UPDATE, compare=named_items(("the new w", "the new b"), t.rtol, t.atol))


def _separable(rng: np.random.Generator) -> tuple[Array, Array, float, int]:
    """About 30 points in the plane with a margin, so the perceptron converges in a few
    epochs; the learning rate and max_epochs are fit's defaults."""
    w_true = rng.normal(size=2)
    X = rng.uniform(-2, 2, size=(40, 2))
    score = X @ w_true + 0.3
    keep = np.abs(score) > 0.3
    return X[keep], (score[keep] > 0).astype(np.int64), 1.0, 100


def _fit_by_epoch(m: ModuleType, X: Array, y: Array, lr: float, max_epochs: int) -> Trace:
    """The training state after each epoch: ``fit`` with max_epochs = 1, 2, ..., until
    it converges or reaches ``max_epochs``."""
    trace = Trace()
    for k in range(1, max_epochs + 1):
        result = m.fit(X, y, lr, k)
        for field in ("w", "b", "updates", "epochs", "converged"):
            trace.record(f"epoch {k}: {field}", getattr(result, field))
        if result.converged:
            break
    return trace


XOR_LIKE = np.array([[0.0, 1.0], [0.0, -1.0], [1.0, 0.0], [-1.0, 0.0]])

FIT = [
    Case(
        "two points, one per class",
        (np.array([[1.0, 1.0], [-1.0, -1.0]]), np.array([1, 0]), 1.0, 100),
    ),
    Case(
        "a positive at the origin: its updates move only b (w . 0 = 0)",
        (np.array([[0.0, 0.0], [2.0, 2.0], [-2.0, -2.0]]), np.array([1, 1, 0]), 1.0, 100),
    ),
    Case("about 30 points separable with a margin", _separable),
    Case(
        "XOR-like points never converge: stop at max_epochs",
        (XOR_LIKE, np.array([1, 1, 0, 0]), 1.0, 5),
    ),
]
perceptron_fit = cases("neural.perceptron-fit", FIT, call=_fit_by_epoch)

# -- the two-layer network ----------------------------------------------------------------


def _random_z(name: str) -> MakeInputs:
    return lambda r: (name, r.normal(scale=3.0, size=(4, 5)))


_ACTIVATIONS = ("sigmoid", "tanh", "relu")
_FIVE_POINTS = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])

ACTIVATION_GRAD = [
    *(Case(f"{name} at five points", (name, _FIVE_POINTS)) for name in _ACTIVATIONS),
    *(Case(f"{name} on a random 4x5 array", _random_z(name)) for name in _ACTIVATIONS),
    Case("sigmoid at +-800 (no overflow)", ("sigmoid", np.array([-800.0, 800.0]))),
]
activation_grad = cases("neural.activation-grad", ACTIVATION_GRAD)


def _network(n: int, d: int, k: int, c: int, *, upstream: bool = False) -> MakeInputs:
    """Random W1 (D, K), b1 (K,), W2 (K, C), b2 (C,), X (N, D), and dZ (N, C) if
    ``upstream``."""

    def make(r: np.random.Generator) -> tuple[Array, ...]:
        net = (r.normal(size=(d, k)), r.normal(size=k), r.normal(size=(k, c)), r.normal(size=c))
        X = r.normal(size=(n, d))
        return (*net, X, r.normal(size=(n, c)) / n) if upstream else (*net, X)

    return make


def _forward(m: ModuleType, W1: Array, b1: Array, W2: Array, b2: Array, X: Array) -> Trace:
    """The forward pass layer by layer. Only H = tanh(X W1 + b1) is visible (through the
    cache), not the pre-activation inside the tanh."""
    Z, (X_kept, H, Z_kept) = m.forward(m.Params(W1, b1, W2, b2), X)
    trace = Trace()
    trace.record("layer 1: H = tanh(X W1 + b1), as kept in the cache", H)
    trace.record("layer 2: the logits Z = H W2 + b2", Z)
    trace.record("the cache's X", X_kept)
    trace.record("the cache's Z", Z_kept)
    return trace


MLP_FORWARD = [
    Case(f"N={n} examples, D={d}, K={k} hidden, C={c} classes", _network(n, d, k, c))
    for n, d, k, c in [(1, 2, 3, 2), (5, 4, 6, 3), (8, 10, 16, 10)]
]
mlp_forward = cases("neural.mlp-forward", MLP_FORWARD, call=_forward)

SOFTMAX_CROSS_ENTROPY = [
    Case("one example, two classes", (np.array([[0.0, 0.0]]), np.array([1]))),
    Case("6 examples, 4 classes", lambda r: (r.normal(size=(6, 4)), r.integers(0, 4, size=6))),
    Case(
        "logits of magnitude 1000",
        lambda r: (r.normal(size=(3, 5)) * 1000.0, np.array([0, 2, 4])),
    ),
]


@check("neural.softmax-cross-entropy")
def softmax_cross_entropy(t: Trial) -> None:
    run_cases(t, SOFTMAX_CROSS_ENTROPY, compare=named_items(("the loss", "dZ"), t.rtol, t.atol))


def _backward(
    m: ModuleType, W1: Array, b1: Array, W2: Array, b2: Array, X: Array, dZ: Array
) -> Trace:
    """Backpropagation step by step: dW2, db2, dH, dA, dW1, db1.

    ``backward`` returns the weights' gradients only; dH and dA are read off two more
    calls on networks whose inputs are one-hot (X = I, so dW1 = X^T dA = dA) and whose
    pre-activations are the real A (so dA is the real one) or 0 (tanh' = 1: dA = dH).
    """
    A = X @ W1 + b1  # (N, K)
    H = np.tanh(A)
    dW1, db1, dW2, db2 = m.backward(m.Params(W1, b1, W2, b2), m.Cache(X, H, H @ W2 + b2), dZ)

    def dA_of_one_hot_inputs(A_probe: Array) -> Array:
        H_probe = np.tanh(A_probe)
        probe = m.Params(A_probe - b1, b1, W2, b2)  # I W1 + b1 = A_probe, up to rounding
        return m.backward(probe, m.Cache(np.eye(len(X)), H_probe, H_probe @ W2 + b2), dZ)[0]

    trace = Trace()
    trace.record("dW2 = H^T dZ", dW2)
    trace.record("db2 = dZ summed over the examples", db2)
    trace.record("dH = dZ W2^T", dA_of_one_hot_inputs(np.zeros_like(A)))
    trace.record("dA = dH * (1 - H^2), through tanh", dA_of_one_hot_inputs(A))
    trace.record("dW1 = X^T dA", dW1)
    trace.record("db1 = dA summed over the examples", db1)
    return trace


MLP_BACKWARD = [
    Case(
        f"N={n}, D={d}, K={k}, C={c}: dW2, db2, dH, dA, dW1, db1 in turn",
        _network(n, d, k, c, upstream=True),
    )
    for n, d, k, c in [(4, 3, 5, 5), (6, 4, 8, 3), (1, 2, 3, 2)]
]
mlp_backward = cases("neural.mlp-backward", MLP_BACKWARD, call=_backward)

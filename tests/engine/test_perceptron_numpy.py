"""Section 4.1's reference: the perceptron (by its convergence theorem) and the NumPy
two-layer network (against PyTorch autograd)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from groundup.data import make_separable, make_xor
from groundup.engine import mlp_numpy, perceptron

torch.set_num_threads(1)


def test_predict_boundary_is_strict() -> None:
    X = np.array([[1.0, 1.0], [2.0, 1.0], [0.0, 3.0]])
    np.testing.assert_array_equal(perceptron.predict(X, np.array([1.0, -1.0]), 0.0), [0, 1, 0])
    with pytest.raises(ValueError, match="n_samples, 2"):
        perceptron.predict(np.ones((2, 3)), np.ones(2), 0.0)


@pytest.mark.parametrize("seed", range(5))
def test_fit_separates_and_respects_novikoffs_bound(seed: int) -> None:
    rng = np.random.default_rng(seed)
    X, y = make_separable(80, rng, margin=0.4)
    result = perceptron.fit(X, y, max_epochs=1000)
    assert result.converged
    np.testing.assert_array_equal(perceptron.predict(X, result.w, result.b), y)
    # Novikoff: with the bias as a weight on a constant input 1, updates <= (R / gamma)^2,
    # where gamma is the margin of *some* separator; the generator's own boundary has
    # margin >= 0.2 (points were pushed margin / 2 away) through the origin.
    R = np.sqrt((X**2).sum(axis=1) + 1.0).max()
    assert result.updates <= (R / 0.2) ** 2


def test_fit_stops_at_max_epochs_on_xor() -> None:
    X, y = make_xor(40, np.random.default_rng(0))
    result = perceptron.fit(X, y, max_epochs=7)
    assert not result.converged and result.epochs == 7


def _torch_net(params: mlp_numpy.Params, X: np.ndarray, y: np.ndarray):  # type: ignore[no-untyped-def]
    W1, b1, W2, b2 = (torch.tensor(p, requires_grad=True) for p in params)
    Z = torch.tanh(torch.tensor(X) @ W1 + b1) @ W2 + b2
    loss = torch.nn.functional.cross_entropy(Z, torch.tensor(y))
    loss.backward()
    return Z.detach().numpy(), loss.item(), [t.grad.numpy() for t in (W1, b1, W2, b2)]


@pytest.mark.parametrize("seed", range(3))
def test_forward_loss_and_backward_match_torch(seed: int) -> None:
    rng = np.random.default_rng(seed)
    params = mlp_numpy.init_params(5, 7, 3, rng)
    params = params._replace(b1=rng.normal(size=7), b2=rng.normal(size=3))
    X, y = rng.normal(size=(11, 5)), rng.integers(0, 3, size=11)
    Z_t, loss_t, grads_t = _torch_net(params, X, y)
    Z, cache = mlp_numpy.forward(params, X)
    loss, dZ = mlp_numpy.softmax_cross_entropy(Z, y)
    grads = mlp_numpy.backward(params, cache, dZ)
    # float64 on both sides, same formulas in different association: 1e-10 is ~1e5 ulps
    np.testing.assert_allclose(Z, Z_t, rtol=1e-10, atol=1e-12)
    assert loss == pytest.approx(loss_t, rel=1e-10)
    for ours, theirs in zip(grads, grads_t, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


def test_cross_entropy_is_stable_for_huge_logits() -> None:
    Z = np.array([[1000.0, 0.0, -1000.0], [0.0, 2000.0, 0.0]])
    y = np.array([0, 2])
    loss, dZ = mlp_numpy.softmax_cross_entropy(Z, y)
    loss_t = torch.nn.functional.cross_entropy(torch.tensor(Z), torch.tensor(y)).item()
    assert np.isfinite(loss) and loss == pytest.approx(loss_t, rel=1e-12)
    assert np.all(np.isfinite(dZ))


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_activation_grad_matches_autograd(name: str) -> None:
    z = np.array([-800.0, -3.0, -0.5, 0.0, 0.5, 3.0, 800.0])
    t = torch.tensor(z, requires_grad=True)
    getattr(torch, name)(t).sum().backward()
    # closed forms vs autograd's in float64: equal to a few ulps
    np.testing.assert_allclose(
        mlp_numpy.activation_grad(name, z), t.grad.numpy(), rtol=1e-12, atol=1e-300
    )
    np.testing.assert_allclose(
        mlp_numpy.sigmoid(z), torch.sigmoid(torch.tensor(z)).numpy(), rtol=1e-15
    )


def test_training_solves_xor() -> None:
    rng = np.random.default_rng(0)
    X, y = make_xor(200, rng)
    params = mlp_numpy.init_params(2, 8, 2, rng)
    for _ in range(500):
        params, loss = mlp_numpy.train_step(params, X, y, lr=0.5)
    Z, _ = mlp_numpy.forward(params, X)
    assert (Z.argmax(axis=1) == y).mean() > 0.97 and loss < 0.1

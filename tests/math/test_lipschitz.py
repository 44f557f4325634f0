"""The section 1.10 spectral norm and Lipschitz bound against numpy, torch and sampling."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from groundup.math.lipschitz import (
    empirical_lipschitz,
    lipschitz_bound,
    mlp_forward,
    relu,
    spectral_norm,
)

torch.set_num_threads(1)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(13)


@pytest.mark.parametrize("shape", [(4, 4), (6, 3), (2, 7)])
def test_spectral_norm_matches_numpy_and_torch(rng: np.random.Generator, shape: tuple) -> None:
    A = rng.normal(size=shape)
    s = np.linalg.svd(A, compute_uv=False)
    assert s[1] / s[0] < 0.97  # a gap, so power iteration converges in the budget
    # Power iteration stops at relative residual 1e-10: the eigenvalue of A^T A is then
    # accurate to ~1e-10 relative or better, the norm to half of that; allow 1e-8.
    assert spectral_norm(A) == pytest.approx(float(np.linalg.norm(A, 2)), rel=1e-8)
    torch_norm = float(torch.linalg.matrix_norm(torch.from_numpy(A), ord=2))
    assert spectral_norm(A) == pytest.approx(torch_norm, rel=1e-8)


def test_spectral_norm_is_not_frobenius() -> None:
    A = np.diag([3.0, 4.0])
    assert spectral_norm(A) == pytest.approx(4.0, rel=1e-10)
    assert np.linalg.norm(A) == pytest.approx(5.0)
    assert spectral_norm(np.zeros((2, 3))) == 0.0


def test_relu_is_1_lipschitz(rng: np.random.Generator) -> None:
    X, Y = rng.normal(size=(1000, 4)), rng.normal(size=(1000, 4))
    assert empirical_lipschitz(relu, X, Y) <= 1.0 + 1e-12


def test_bound_holds_and_is_tight_for_one_layer(rng: np.random.Generator) -> None:
    weights = [rng.normal(size=(8, 3)), rng.normal(size=(8, 8)), rng.normal(size=(2, 8))]
    biases = [rng.normal(size=8), rng.normal(size=8), rng.normal(size=2)]
    bound = lipschitz_bound(weights)
    assert bound == pytest.approx(np.prod([np.linalg.norm(W, 2) for W in weights]), rel=1e-7)
    X, Y = rng.normal(size=(2000, 3)), rng.normal(size=(2000, 3))
    observed = empirical_lipschitz(lambda Z: mlp_forward(weights, biases, Z), X, Y)
    assert observed <= bound
    # For one linear layer the bound is attained along the top right singular vector.
    W = weights[0]
    v = np.linalg.svd(W)[2][0]
    ratio = np.linalg.norm(W @ v) / np.linalg.norm(v)
    assert ratio == pytest.approx(lipschitz_bound([W]), rel=1e-8)


def test_mlp_forward_matches_torch(rng: np.random.Generator) -> None:
    weights = [rng.normal(size=(5, 3)), rng.normal(size=(2, 5))]
    biases = [rng.normal(size=5), rng.normal(size=2)]
    X = rng.normal(size=(4, 3))
    net = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.ReLU(), torch.nn.Linear(5, 2))
    net = net.double()  # float64 before copying, so the weights are not rounded to float32
    with torch.no_grad():
        for layer, W, b in zip([net[0], net[2]], weights, biases, strict=True):
            layer.weight.copy_(torch.from_numpy(W))
            layer.bias.copy_(torch.from_numpy(b))
        expected = net(torch.from_numpy(X)).numpy()
    # Same float64 operations in possibly another summation order: 1e-12.
    np.testing.assert_allclose(mlp_forward(weights, biases, X), expected, rtol=1e-12, atol=1e-12)


def test_bad_chain_is_rejected() -> None:
    with pytest.raises(ValueError, match="layer 1"):
        lipschitz_bound([np.ones((3, 2)), np.ones((4, 4))])
    assert lipschitz_bound([]) == 1.0

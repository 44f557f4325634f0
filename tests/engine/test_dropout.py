"""Dropout: the fraction of zeros, the 1/(1-p) scaling, eval mode, the gradient.

Statistical assertions use groundup.testing.stats at false-failure rate 1e-6 each
(the zero indicator of n = 200,000 elements is Bernoulli(p), std sqrt(p(1-p))).
Everything else is exact: kept elements equal x / (1 - p) up to one float rounding
(rtol 1e-15 in float64, 1e-6 in float32), and the gradient is the same mask.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from groundup.engine import Tensor, nn
from groundup.engine import functional as F
from groundup.testing.stats import mean_test

torch.set_num_threads(1)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_zero_fraction_and_scaling(p: float) -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(0.5, 2.0, size=(400, 500))  # no zeros of its own
    xt = Tensor(x, requires_grad=True)
    y = F.dropout(xt, p, training=True, generator=rng)
    zeros = y.data == 0
    assert mean_test(zeros, p, math.sqrt(p * (1 - p))) is None
    np.testing.assert_allclose(y.data[~zeros], x[~zeros] / (1 - p), rtol=1e-15)
    # torch's dropout has the same distribution: compare its zero fraction too
    ty = torch.nn.functional.dropout(torch.tensor(x), p, training=True)
    assert mean_test((ty == 0).numpy(), p, math.sqrt(p * (1 - p))) is None
    # the expectation is preserved: mean of y / x over elements is 1
    ratio = y.data / x
    assert mean_test(ratio, 1.0, math.sqrt(p / (1 - p))) is None


def test_gradient_is_the_mask() -> None:
    rng = np.random.default_rng(1)
    x = Tensor(rng.normal(size=(50, 40)), requires_grad=True)
    y = F.dropout(x, 0.3, training=True, generator=rng)
    g = rng.normal(size=y.shape)
    y.backward(g)
    mask = np.where(y.data != 0, 1 / 0.7, 0.0)
    assert x.grad is not None
    np.testing.assert_allclose(x.grad, g * mask, rtol=1e-15)


def test_eval_is_identity() -> None:
    x = Tensor(np.random.default_rng(2).normal(size=(5, 5)), requires_grad=True)
    assert F.dropout(x, 0.5, training=False) is x
    layer = nn.Dropout(0.5)
    layer.eval()
    assert layer(x) is x
    layer.train()
    assert (layer(x).data == 0).any()


def test_edge_probabilities() -> None:
    x = Tensor(np.ones((3, 4), dtype=np.float32), requires_grad=True)
    assert F.dropout(x, 0.0, training=True) is x
    y = F.dropout(x, 1.0, training=True)
    assert np.all(y.data == 0) and y.data.dtype == np.float32
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, np.zeros((3, 4)))
    with pytest.raises(ValueError, match=r"1\.5"):
        F.dropout(x, 1.5)
    with pytest.raises(ValueError, match=r"-0\.1"):
        nn.Dropout(-0.1)


def test_float32_stays_float32_and_generator_reproducible() -> None:
    x = Tensor(np.ones((10, 10), dtype=np.float32))
    a = F.dropout(x, 0.5, generator=np.random.default_rng(3))
    b = F.dropout(x, 0.5, generator=np.random.default_rng(3))
    assert a.data.dtype == np.float32
    np.testing.assert_array_equal(a.data, b.data)
    np.testing.assert_allclose(a.data[a.data != 0], 2.0, rtol=1e-6)

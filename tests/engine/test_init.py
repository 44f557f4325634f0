"""Initializers: fans and gains against torch.nn.init, distributions by statistical tests.

Fans and gains are exact integers / closed forms, compared exactly (gains to 1e-15).
Random fills are tested with groundup.testing.stats, each at false-failure rate 1e-6
(Kolmogorov-Smirnov against the exact CDF; bounds are hard limits), and each
distribution is also compared with torch's own fill by a two-sample check of the
standard deviation: with n >= 20,000 draws the sample std has relative standard error
1/sqrt(2n) < 0.5%, so 3% agreement fails a correct implementation with probability
far below 1e-9.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
import torch

from groundup.engine import Tensor
from groundup.engine.nn import init
from groundup.testing.stats import ks_test, mean_test

torch.set_num_threads(1)

SHAPES = [(64, 320), (320, 64), (16, 8, 3, 3), (8, 30, 5), (7, 1)]


@pytest.mark.parametrize("shape", SHAPES)
def test_fans_match_torch(shape: tuple[int, ...]) -> None:
    ours = init.calculate_fan_in_and_fan_out(Tensor(np.empty(shape)))
    theirs = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    assert ours == theirs


def test_fans_need_two_dims() -> None:
    with pytest.raises(ValueError, match="fewer than 2"):
        init.calculate_fan_in_and_fan_out(Tensor(np.empty(5)))


@pytest.mark.parametrize(
    ("name", "param"),
    [("linear", None), ("sigmoid", None), ("tanh", None), ("relu", None), ("leaky_relu", None),
     ("leaky_relu", 0.2), ("selu", None), ("conv2d", None)],
)  # fmt: skip
def test_gains_match_torch(name: str, param: float | None) -> None:
    assert init.calculate_gain(name, param) == pytest.approx(
        torch.nn.init.calculate_gain(name, param), rel=1e-15
    )
    with pytest.raises(ValueError):
        init.calculate_gain("softplus-ish")


def _normal_cdf(std: float) -> Callable[[np.ndarray], np.ndarray]:
    erf = np.vectorize(math.erf)
    return lambda x: 0.5 * (1.0 + erf(x / (std * math.sqrt(2.0))))


def _uniform_cdf(a: float) -> Callable[[np.ndarray], np.ndarray]:
    return lambda x: np.clip((x + a) / (2 * a), 0.0, 1.0)


def _torch_std(fill: Callable[[torch.Tensor], object], shape: tuple[int, ...]) -> float:
    """The std of >= 20,000 draws of torch's fill (several tensors of the same shape)."""
    torch.manual_seed(0)
    draws = []
    for _ in range(max(1, 20_000 // math.prod(shape) + 1)):
        t = torch.empty(shape, dtype=torch.float64)
        fill(t)
        draws.append(t.numpy().ravel())
    return float(np.concatenate(draws).std())


def _ours_samples(
    fill: Callable[[Tensor, np.random.Generator], object], shape: tuple[int, ...]
) -> np.ndarray:
    rng = np.random.default_rng(0)
    draws = []
    for _ in range(max(1, 20_000 // math.prod(shape) + 1)):
        t = Tensor(np.empty(shape))
        fill(t, rng)
        draws.append(t.data.ravel())
    return np.concatenate(draws)


KAIMING_CASES = [
    ((64, 320), "fan_in", "relu", 0.0),
    ((64, 320), "fan_out", "relu", 0.0),
    ((16, 8, 3, 3), "fan_in", "leaky_relu", 0.2),
    ((320, 64), "fan_in", "leaky_relu", 0.0),
]


@pytest.mark.parametrize(("shape", "mode", "nonlinearity", "a"), KAIMING_CASES)
def test_kaiming_normal(shape: tuple[int, ...], mode: str, nonlinearity: str, a: float) -> None:
    fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    std = torch.nn.init.calculate_gain(nonlinearity, a) / math.sqrt(
        fan_in if mode == "fan_in" else fan_out
    )
    x = _ours_samples(
        lambda t, g: init.kaiming_normal_(t, a, mode, nonlinearity, generator=g), shape
    )
    assert ks_test(x, _normal_cdf(std)) is None
    theirs = _torch_std(lambda t: torch.nn.init.kaiming_normal_(t, a, mode, nonlinearity), shape)
    assert float(x.std()) == pytest.approx(theirs, rel=0.03)


@pytest.mark.parametrize(("shape", "mode", "nonlinearity", "a"), KAIMING_CASES)
def test_kaiming_uniform(shape: tuple[int, ...], mode: str, nonlinearity: str, a: float) -> None:
    fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    fan = fan_in if mode == "fan_in" else fan_out
    bound = torch.nn.init.calculate_gain(nonlinearity, a) * math.sqrt(3.0 / fan)
    x = _ours_samples(
        lambda t, g: init.kaiming_uniform_(t, a, mode, nonlinearity, generator=g), shape
    )
    assert np.abs(x).max() <= bound
    assert ks_test(x, _uniform_cdf(bound)) is None
    theirs = _torch_std(lambda t: torch.nn.init.kaiming_uniform_(t, a, mode, nonlinearity), shape)
    assert float(x.std()) == pytest.approx(theirs, rel=0.03)


@pytest.mark.parametrize("shape", [(64, 320), (16, 8, 3, 3)])
@pytest.mark.parametrize("gain", [1.0, 5.0 / 3])
def test_xavier(shape: tuple[int, ...], gain: float) -> None:
    fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    x = _ours_samples(lambda t, g: init.xavier_normal_(t, gain, generator=g), shape)
    assert ks_test(x, _normal_cdf(std)) is None
    assert float(x.std()) == pytest.approx(
        _torch_std(lambda t: torch.nn.init.xavier_normal_(t, gain), shape), rel=0.03
    )
    u = _ours_samples(lambda t, g: init.xavier_uniform_(t, gain, generator=g), shape)
    bound = math.sqrt(3.0) * std
    assert np.abs(u).max() <= bound
    assert ks_test(u, _uniform_cdf(bound)) is None
    assert float(u.std()) == pytest.approx(
        _torch_std(lambda t: torch.nn.init.xavier_uniform_(t, gain), shape), rel=0.03
    )


def test_normal_uniform_constant_fills() -> None:
    rng = np.random.default_rng(5)
    t = Tensor(np.empty((200, 100), dtype=np.float32))
    assert init.normal_(t, 2.0, 0.5, generator=rng) is t
    assert t.data.dtype == np.float32  # filled in place: the dtype is kept
    assert mean_test(t.data, 2.0, 0.5) is None
    init.uniform_(t, -1.0, 3.0, generator=rng)
    assert t.data.min() >= -1.0 and t.data.max() <= 3.0
    assert mean_test(t.data, 1.0, 4.0 / math.sqrt(12.0)) is None
    init.zeros_(t)
    assert not t.data.any()
    init.ones_(t)
    assert np.all(t.data == 1.0)


def test_generator_makes_fills_reproducible() -> None:
    a, b = Tensor(np.empty((5, 4))), Tensor(np.empty((5, 4)))
    init.kaiming_normal_(a, generator=np.random.default_rng(7))
    init.kaiming_normal_(b, generator=np.random.default_rng(7))
    np.testing.assert_array_equal(a.data, b.data)


def test_bad_mode_rejected() -> None:
    with pytest.raises(ValueError, match="fan_avg"):
        init.kaiming_normal_(Tensor(np.empty((3, 3))), mode="fan_avg")

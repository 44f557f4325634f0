"""The module system against torch.nn.Module: registration, names, modes, state dicts.

Oracles: the equivalent torch model (names, order, shapes, repr), and exact equality
for copied values (state dicts are copies of the same float arrays: no tolerance).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from groundup.engine import nn
from groundup.engine.tensor import Tensor

torch.set_num_threads(1)


class Block(nn.Module):
    def __init__(self, d: int) -> None:
        super().__init__()
        self.fc = nn.Linear(d, d)
        self.scale = nn.Parameter(np.ones(d))
        self.act = nn.GELU()

    def forward(self, x: Tensor) -> Tensor:
        return self.act(self.fc(x)) * self.scale


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.embed = nn.Embedding(10, 4)
        self.layers = nn.ModuleList([Block(4), Block(4)])
        self.head = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2, bias=False))

    def forward(self, ids: np.ndarray) -> Tensor:
        x = self.embed(ids)
        for layer in self.layers:
            x = layer(x)
        return self.head(x)


class TorchBlock(torch.nn.Module):
    def __init__(self, d: int) -> None:
        super().__init__()
        self.fc = torch.nn.Linear(d, d)
        self.scale = torch.nn.Parameter(torch.ones(d))
        self.act = torch.nn.GELU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(self.fc(x)) * self.scale


class TorchNet(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.embed = torch.nn.Embedding(10, 4)
        self.layers = torch.nn.ModuleList([TorchBlock(4), TorchBlock(4)])
        self.head = torch.nn.Sequential(
            torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2, bias=False)
        )

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        x = self.embed(ids)
        for layer in self.layers:
            x = layer(x)
        return self.head(x)


def test_named_parameters_match_torch_names_order_and_shapes() -> None:
    ours = [(n, p.shape) for n, p in Net().named_parameters()]
    theirs = [(n, tuple(p.shape)) for n, p in TorchNet().named_parameters()]
    assert ours == theirs


def test_named_modules_and_children_match_torch() -> None:
    assert [n for n, _ in Net().named_modules()] == [n for n, _ in TorchNet().named_modules()]
    assert [type(m).__name__ for m in Net().children()] == [
        type(m).__name__ for m in TorchNet().children()
    ]


def test_repr_matches_torch() -> None:
    assert repr(Net()).replace("Torch", "") == repr(TorchNet()).replace("Torch", "")


def test_full_model_forward_and_backward_match_torch() -> None:
    # float64 copies of the same weights; rtol 1e-10: same formulas, few ulps apart
    net, tnet = Net().double(), TorchNet().double()
    tnet.load_state_dict({k: torch.tensor(v) for k, v in net.state_dict().items()})
    ids = np.array([[1, 2, 3], [9, 0, 1]])
    out = net(ids)
    tout = tnet(torch.tensor(ids))
    np.testing.assert_allclose(out.data, tout.detach().numpy(), rtol=1e-10, atol=1e-12)
    g = np.random.default_rng(0).normal(size=out.shape)
    out.backward(g)
    tout.backward(torch.tensor(g))
    for (name, p), (tname, tp) in zip(net.named_parameters(), tnet.named_parameters(), strict=True):
        assert name == tname
        assert p.grad is not None and tp.grad is not None
        np.testing.assert_allclose(p.grad, tp.grad.numpy(), rtol=1e-10, atol=1e-12, err_msg=name)


def test_shared_parameters_are_listed_once_but_saved_under_every_path() -> None:
    class Tied(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.a = nn.Linear(2, 2)
            self.b = nn.Linear(2, 2)
            self.b.weight = self.a.weight

    class TTied(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.a = torch.nn.Linear(2, 2)
            self.b = torch.nn.Linear(2, 2)
            self.b.weight = self.a.weight

    assert [n for n, _ in Tied().named_parameters()] == [n for n, _ in TTied().named_parameters()]
    assert len(list(Tied().parameters())) == 3
    assert list(Tied().state_dict()) == list(TTied().state_dict())


def test_registration_replace_and_plain_attributes() -> None:
    m = nn.Module()
    m.w = nn.Parameter(np.zeros(2))
    m.sub = nn.Linear(2, 2)
    m.note = "plain"
    m.const = Tensor(np.ones(2))  # a plain tensor is not a parameter
    assert list(m._parameters) == ["w"] and list(m._modules) == ["sub"]
    assert [n for n, _ in m.named_parameters()] == ["w", "sub.weight", "sub.bias"]
    m.w = nn.Linear(1, 1)  # a name changes kind: the old registration goes
    assert "w" not in m._parameters and list(m._modules) == ["sub", "w"]
    with pytest.raises(TypeError, match="assign a Module or None"):
        m.w = 3
    m.register_buffer("stat", np.zeros(2))
    m.stat = np.ones(2)  # an assignment to a buffer updates the buffer
    assert "stat" not in m.__dict__ and np.array_equal(m._buffers["stat"], np.ones(2))
    m.sub = nn.Parameter(np.ones(1))
    assert list(m._parameters) == ["sub"] and "sub" not in m._modules
    with pytest.raises(TypeError, match="assign a Parameter or None"):
        m.sub = Tensor(np.ones(1))
    m.sub = None
    assert [n for n, _ in m.named_parameters()] == ["w.weight", "w.bias"]
    del m.w
    assert list(m.named_parameters()) == []


def test_instances_do_not_share_registries() -> None:
    a, b = nn.Linear(2, 3), nn.Linear(2, 3)
    a.extra = nn.Parameter(np.zeros(1))
    assert [n for n, _ in b.named_parameters()] == ["weight", "bias"]


def test_assignment_before_init_is_a_clear_error() -> None:
    class Broken(nn.Module):
        def __init__(self) -> None:
            self.w = nn.Parameter(np.zeros(1))

    with pytest.raises(AttributeError, match=r"super\(\).__init__\(\)"):
        Broken()


def test_parameter_defaults() -> None:
    p = nn.Parameter(np.zeros(3))
    assert isinstance(p, Tensor) and p.requires_grad and p.is_leaf
    assert not nn.Parameter(np.zeros(3), requires_grad=False).requires_grad


def test_train_eval_propagate() -> None:
    net = Net()
    assert all(m.training for m in net.modules())
    assert net.eval() is net
    assert not any(m.training for m in net.modules())
    net.layers.train()
    assert net.layers[1].fc.training and not net.training and not net.head.training
    net.train()
    assert all(m.training for m in net.modules())


def test_zero_grad_clears_every_parameter() -> None:
    net = Net()
    net(np.array([1, 2])).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())


def test_state_dict_is_a_copy_in_torch_order_with_buffers() -> None:
    class WithBuffer(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.fc = nn.Linear(2, 2)
            self.register_buffer("running", np.zeros(2))
            self.register_buffer("scratch", np.zeros(1), persistent=False)

    class TWithBuffer(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.fc = torch.nn.Linear(2, 2)
            self.register_buffer("running", torch.zeros(2))
            self.register_buffer("scratch", torch.zeros(1), persistent=False)

    m = WithBuffer()
    sd = m.state_dict()
    assert list(sd) == list(TWithBuffer().state_dict()) == ["running", "fc.weight", "fc.bias"]
    sd["fc.weight"][...] = 42.0
    assert not np.any(m.fc.weight.data == 42.0)  # a copy, not a view
    m.fc.weight.data[...] = -1.0
    assert not np.any(sd["fc.weight"] == -1.0)


def test_state_dict_round_trip_through_a_file(tmp_path: Path) -> None:
    net = Net()
    ids = np.array([[3, 1], [4, 1]])
    before = net(ids).data.copy()
    net.save(tmp_path / "ckpt")
    fresh = Net()
    assert not np.allclose(fresh(ids).data, before)  # different random init
    fresh.load(tmp_path / "ckpt")
    np.testing.assert_array_equal(fresh(ids).data, before)  # identical: same bits
    loaded = nn.module.load(tmp_path / "ckpt.npz")
    assert list(loaded) == list(net.state_dict())


def test_load_state_dict_keeps_parameter_identity_and_dtype() -> None:
    net = nn.Linear(3, 2)
    weight = net.weight
    sd = {k: v.astype(np.float64) + 1 for k, v in net.state_dict().items()}
    net.load_state_dict(sd)
    assert net.weight is weight and net.weight.dtype == np.float32
    np.testing.assert_allclose(net.weight.data, sd["weight"], rtol=1e-6)  # float32 rounding


def test_load_state_dict_errors_name_the_keys() -> None:
    net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    sd = net.state_dict()
    missing = dict(sd)
    del missing["2.bias"]
    with pytest.raises(RuntimeError, match=r"Missing key\(s\) in state_dict: '2.bias'"):
        net.load_state_dict(missing)
    extra = {**sd, "3.weight": np.zeros(1)}
    with pytest.raises(RuntimeError, match=r"Unexpected key\(s\) in state_dict: '3.weight'"):
        net.load_state_dict(extra)
    wrong = {**sd, "0.weight": np.zeros((2, 3))}
    with pytest.raises(RuntimeError, match=r"size mismatch for '0.weight'.*\(2, 3\).*\(3, 2\)"):
        net.load_state_dict(wrong)
    with pytest.raises(RuntimeError, match="size mismatch"):
        net.load_state_dict(wrong, strict=False)  # shapes are checked even when not strict
    result = net.load_state_dict(extra | {}, strict=False)
    assert result.unexpected_keys == ["3.weight"] and result.missing_keys == []
    result = net.load_state_dict(missing, strict=False)
    assert result.missing_keys == ["2.bias"]


def test_failed_load_changes_nothing() -> None:
    net = nn.Linear(2, 2)
    before = net.state_dict()
    bad = {"weight": np.zeros((2, 2)), "bias": np.zeros(3)}
    with pytest.raises(RuntimeError):
        net.load_state_dict(bad)
    np.testing.assert_array_equal(net.weight.data, before["weight"])


def test_sequential_and_modulelist_behave_like_lists() -> None:
    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    assert len(seq) == 3 and isinstance(seq[-1], nn.Linear) and isinstance(seq[1], nn.ReLU)
    assert [type(m).__name__ for m in seq] == ["Linear", "ReLU", "Linear"]
    head = seq[:2]
    assert isinstance(head, nn.Sequential) and head[0] is seq[0]
    with pytest.raises(IndexError):
        seq[3]
    ml = nn.ModuleList()
    ml.append(nn.Linear(1, 1))
    ml.extend([nn.Linear(1, 2)])
    assert len(ml) == 2 and [n for n, _ in ml.named_parameters()][-1] == "1.bias"
    md = nn.ModuleDict({"enc": nn.Linear(1, 1)})
    assert "enc" in md and [n for n, _ in md.named_parameters()] == ["enc.weight", "enc.bias"]


def test_tiny_mlp_overfits_a_tiny_batch() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(8, 5)).astype(np.float32)
    y = rng.integers(0, 3, size=8)
    net = nn.Sequential(nn.Linear(5, 32, generator=rng), nn.Tanh(), nn.Linear(32, 3, generator=rng))
    loss_fn = nn.CrossEntropyLoss()
    first = None
    for _ in range(300):
        net.zero_grad()
        loss = loss_fn(net(Tensor(X)), y)
        loss.backward()
        first = loss.item() if first is None else first
        for p in net.parameters():
            assert p.grad is not None
            p.data -= 0.5 * p.grad
    # memorised: the loss fell from about log 3 = 1.1 to nearly zero, all labels right
    assert first > 0.5 and loss.item() < 0.02
    assert np.array_equal(net(Tensor(X)).data.argmax(axis=1), y)


def test_batchnorm_buffers_round_trip_and_load_into_torch(tmp_path: Path) -> None:
    # running statistics are buffers: saved, restored, and named as in torch
    rng = np.random.default_rng(1)

    def make() -> nn.Module:
        return nn.Sequential(
            nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.Flatten(), nn.Linear(32, 3)
        )

    net = make()
    for _ in range(3):  # training mode: the running statistics move
        net(Tensor(rng.normal(size=(4, 1, 6, 6))))
    net.eval()
    x = rng.normal(size=(2, 1, 6, 6))
    before = net(Tensor(x)).data
    net.save(tmp_path / "bn")
    fresh = make().eval()
    fresh.load(tmp_path / "bn")
    np.testing.assert_array_equal(fresh(Tensor(x)).data, before)

    theirs = torch.nn.Sequential(
        torch.nn.Conv2d(1, 2, 3),
        torch.nn.BatchNorm2d(2),
        torch.nn.ReLU(),
        torch.nn.Flatten(),
        torch.nn.Linear(32, 3),
    )
    sd = net.state_dict()
    assert list(sd) == list(theirs.state_dict())
    theirs.load_state_dict({k: torch.tensor(np.asarray(v)) for k, v in sd.items()})
    theirs.eval()
    # float32 in both: rtol 1e-5 covers float32 rounding of a conv, a norm and a matmul
    expected = theirs(torch.tensor(x, dtype=torch.float32)).detach().numpy()
    np.testing.assert_allclose(before, expected, rtol=1e-5, atol=1e-5)


def test_to_double_converts_parameters_and_float_buffers_only() -> None:
    net = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2)).double()
    assert all(p.dtype == np.float64 for p in net.parameters())
    bn = net[1]
    assert np.asarray(getattr(bn.running_mean, "data", bn.running_mean)).dtype == np.float64
    assert (
        np.asarray(getattr(bn.num_batches_tracked, "data", bn.num_batches_tracked)).dtype.kind
        == "i"
    )


def test_deepcopy_makes_an_independent_model() -> None:
    import copy

    net = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
    twin = copy.deepcopy(net)
    assert [n for n, _ in twin.named_parameters()] == ["0.weight", "0.bias"]
    assert twin[0].weight is not net[0].weight
    twin[0].weight.data[...] = 0.0
    assert np.any(net[0].weight.data != 0.0)


def test_module_without_forward_says_so() -> None:
    with pytest.raises(NotImplementedError, match="does not define forward"):
        nn.Module()(Tensor(np.zeros(1)))

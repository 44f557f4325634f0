"""Checks for section 4.3, Deep-learning frameworks.

Module-system checks build small models out of the learner's own ``Module`` and
``Parameter`` classes (taken from the module handed in, so learner and reference each
build their own) and compare what the registries report: names, order, shapes, copied
values. Layer and pooling checks compare arrays on the same inputs; the initialisation
and shuffling checks are statistical or property checks, with their false-failure rate
stated.
"""

from __future__ import annotations

import math
from types import ModuleType
from typing import Any

import numpy as np

from groundup.testing import Trial, check, chi_square_test, ks_test

# -- frameworks.module-setattr --------------------------------------------------------------


def _report(root: Any, names: list[str]) -> tuple[list[str], list[str], list[str]]:
    """What a module registered: parameter names, sub-module names, attribute types."""
    return (
        list(root._parameters),
        list(root._modules),
        [type(getattr(root, name)).__name__ for name in names],
    )


def _one_parameter(m: ModuleType, w: np.ndarray) -> Any:
    root = m.Module()
    root.w = m.Parameter(w)
    return (*_report(root, ["w"]), root.w.data)


def _one_child(m: ModuleType, w: np.ndarray) -> Any:
    root, child = m.Module(), m.Module()
    child.w = m.Parameter(w)
    root.child = child
    return (*_report(root, ["child"]), _report(root.child, ["w"]))


def _plain_values(m: ModuleType, w: np.ndarray) -> Any:
    root = m.Module()
    root.note = "a plain string"
    root.scale = 2.5
    root.const = m.Tensor(w)  # a plain Tensor: a constant, not a parameter
    root.w = m.Parameter(w)
    return (*_report(root, ["note", "scale", "const", "w"]), root.scale)


def _reassign_same_kind(m: ModuleType, w: np.ndarray) -> Any:
    root = m.Module()
    root.a = m.Parameter(w)
    root.b = m.Parameter(w)
    root.a = m.Parameter(w + 1.0)  # a new parameter under an old name
    return (*_report(root, ["a", "b"]), root.a.data)


def _change_kind(m: ModuleType, w: np.ndarray) -> Any:
    root = m.Module()
    root.w = m.Parameter(w)
    root.x = m.Parameter(w)
    root.w = m.Module()  # the name now holds a sub-module
    first = _report(root, ["w", "x"])
    root.x = m.Module()
    root.x = m.Parameter(w)  # and back
    return first, _report(root, ["w", "x"])


@check("frameworks.module-setattr")
def module_setattr(t: Trial) -> None:
    w = t.rng.normal(size=3)
    t.compare("self.w = Parameter(...) on an empty Module", w, call=_one_parameter)
    t.compare("self.child = Module() that holds a parameter", w, call=_one_child)
    t.compare(
        "plain attributes: a string, a float, a plain Tensor, then a Parameter",
        w,
        call=_plain_values,
    )
    t.compare("a, b assigned, then a re-assigned a new Parameter", w, call=_reassign_same_kind)
    t.compare("w: Parameter, then Module (and x: Module, then Parameter)", w, call=_change_kind)


# -- frameworks.named-parameters ------------------------------------------------------------


def _names(params: Any) -> list[tuple[str, tuple[int, ...]]]:
    return [(name, tuple(p.data.shape)) for name, p in params]


def _leaf(m: ModuleType, *shapes: tuple[int, ...]) -> Any:
    mod = m.Module()
    for name, shape in zip(["weight", "bias", "gain"], shapes, strict=False):
        setattr(mod, name, m.Parameter(np.zeros(shape)))
    return mod


def _flat(m: ModuleType) -> Any:
    return _names(_leaf(m, (2, 3), (3,)).named_parameters())


def _own_and_child(m: ModuleType) -> Any:
    root = m.Module()
    root.w = m.Parameter(np.zeros(4))
    root.fc = _leaf(m, (3, 4), (3,))
    return _names(root.named_parameters())


def _deep(m: ModuleType) -> Any:
    root = m.Module()
    encoder = m.Module()
    layers = m.Module()
    for i in range(3):
        layers.add_module(str(i), _leaf(m, (2, 2), (2,)))
    layers._modules["1"].register_parameter("bias", None)  # a layer without bias
    encoder.layers = layers
    encoder.norm = _leaf(m, (2,))
    root.embed = _leaf(m, (5, 2))
    root.encoder = encoder
    root.head = _leaf(m, (1, 2), (1,))
    return _names(root.named_parameters())


def _shared(m: ModuleType) -> Any:
    root = m.Module()
    root.a = _leaf(m, (2, 2), (2,))
    root.b = _leaf(m, (2, 2), (2,))
    root.b.weight = root.a.weight  # tied weights
    root.c = root.a  # a shared sub-module
    return _names(root.named_parameters())


def _prefix_and_no_recursion(m: ModuleType) -> Any:
    root = m.Module()
    root.scale = m.Parameter(np.ones(1))
    root.fc = _leaf(m, (2, 2), (2,))
    return (
        _names(root.named_parameters(prefix="model")),
        _names(root.named_parameters(recurse=False)),
    )


@check("frameworks.named-parameters")
def named_parameters(t: Trial) -> None:
    t.compare("a module with two parameters of its own", call=_flat)
    t.compare("one parameter of its own and a child 'fc' with two", call=_own_and_child)
    t.compare("three levels: encoder.layers.{0,1,2} (layer 1 has bias=None), head", call=_deep)
    t.compare("a tied weight (b.weight = a.weight) and a shared module (c = a)", call=_shared)
    t.compare("prefix='model', then recurse=False", call=_prefix_and_no_recursion)


# -- frameworks.state-dict ------------------------------------------------------------------


def _saved_then_trained(m: ModuleType, root: Any, **kwargs: Any) -> Any:
    """The state dict, read after the model's arrays were changed in place.

    Sorted by key: any order is a valid state dict (``load_state_dict`` looks keys up).
    """
    sd = root.state_dict(**kwargs)
    for _, module in root.named_modules():
        for p in module._parameters.values():
            if p is not None:
                p.data += 1.0  # "training continues" (in place, as an optimizer does)
        for b in module._buffers.values():
            if b is not None:
                (b.data if isinstance(b, m.Tensor) else b)[...] += 1.0
    keys = sorted(sd)
    return keys, [np.asarray(sd[k]) for k in keys]


def _sd_flat(m: ModuleType, w: np.ndarray) -> Any:
    root = m.Module()
    root.weight = m.Parameter(w.copy())
    root.bias = m.Parameter(w[0].copy())
    return _saved_then_trained(m, root)


def _sd_nested(m: ModuleType, w: np.ndarray) -> Any:
    root = m.Module()
    for name in ("fc1", "fc2"):
        layer = m.Module()
        layer.weight = m.Parameter(w.copy())
        layer.bias = m.Parameter(w[0].copy())
        setattr(root, name, layer)
    root.scale = m.Parameter(w[:, 0].copy())
    return _saved_then_trained(m, root)


def _sd_buffers(m: ModuleType, w: np.ndarray) -> Any:
    root, norm = m.Module(), m.Module()
    norm.weight = m.Parameter(w[0].copy())
    norm.register_buffer("running_mean", w[1].copy())
    norm.register_buffer("running_var", m.Tensor(w[2].copy()))
    norm.register_buffer("scratch", w[0].copy(), persistent=False)
    norm.register_buffer("empty", None)
    root.norm = norm
    return _saved_then_trained(m, root)


def _sd_tied(m: ModuleType, w: np.ndarray) -> Any:
    root, a, b = m.Module(), m.Module(), m.Module()
    a.weight = m.Parameter(w.copy())
    b.weight = a.weight  # tied: saved under both names, as PyTorch does
    b.bias = None
    root.a, root.b = a, b
    return _saved_then_trained(m, root)


def _sd_prefix(m: ModuleType, w: np.ndarray) -> Any:
    root, child = m.Module(), m.Module()
    child.weight = m.Parameter(w.copy())
    root.child = child
    return _saved_then_trained(m, root, prefix="model")


@check("frameworks.state-dict")
def state_dict(t: Trial) -> None:
    w = t.rng.normal(size=(3, 2))
    t.compare("weight and bias of one module, read after training continued", w, call=_sd_flat)
    t.compare("two child layers fc1, fc2 and a parameter of the root", w, call=_sd_nested)
    t.compare("buffers: an array, a Tensor, a non-persistent one, and None", w, call=_sd_buffers)
    t.compare("a weight tied between modules a and b", w, call=_sd_tied)
    t.compare("state_dict(prefix='model')", w, call=_sd_prefix)


# -- frameworks.linear-init ------------------------------------------------------------------


def _uniform_cdf(bound: float) -> Any:
    return lambda x: np.clip((x + bound) / (2 * bound), 0.0, 1.0)


def _init_weights(m: ModuleType, rng: np.random.Generator, fan_in: int, fan_out: int) -> Any:
    return np.asarray(m.Linear(fan_in, fan_out, generator=rng).weight.data).ravel()


def _init_bias(m: ModuleType, rng: np.random.Generator, fan_in: int, fan_out: int) -> Any:
    return np.asarray(m.Linear(fan_in, fan_out, generator=rng).bias.data).ravel()


@check("frameworks.linear-init")
def linear_init(t: Trial) -> None:
    seed = int(t.rng.integers(2**32))
    bound = 1 / math.sqrt(50)
    t.compare(
        "the 10,000 weights of Linear(50, 200): uniform on [-1/sqrt(50), 1/sqrt(50)]?",
        np.random.default_rng(seed),
        50,
        200,
        call=_init_weights,
        compare=lambda got, _: ks_test(got, _uniform_cdf(bound), what="your weights"),
    )
    bound = 1 / math.sqrt(30)
    t.compare(
        "the 5,000 biases of Linear(30, 5000): uniform on [-1/sqrt(30), 1/sqrt(30)]?",
        np.random.default_rng(seed + 1),
        30,
        5000,
        call=_init_bias,
        compare=lambda got, _: ks_test(got, _uniform_cdf(bound), what="your biases"),
    )
    layer = t.call(
        "Linear(3, 4): shapes and dtype after initialisation",
        call=lambda m: m.Linear(3, 4, generator=np.random.default_rng(seed)),
    )
    w, b = layer.weight.data, layer.bias.data
    t.require(
        w.shape == (4, 3) and b.shape == (4,),
        "Linear(3, 4) shapes",
        f"weight and bias must keep shapes (4, 3) and (4,), got {w.shape} and {b.shape}",
    )
    t.require(
        w.dtype == np.float32 and b.dtype == np.float32,
        "Linear(3, 4) dtype",
        f"parameters must stay float32 (fill them in place with `[...] =`), got {w.dtype}",
    )


# -- frameworks.linear-forward ---------------------------------------------------------------


def _linear(m: ModuleType, W: np.ndarray, b: np.ndarray | None, x: np.ndarray) -> Any:
    """Linear with the given weights applied to x: (values, does it require grad)."""
    layer = m.Linear(W.shape[1], W.shape[0], bias=b is not None, dtype=np.float64)
    layer.weight.data[...] = W
    if b is not None:
        layer.bias.data[...] = b
    out = layer(m.Tensor(x))
    return np.asarray(out.data), bool(out.requires_grad)


@check("frameworks.linear-forward")
def linear_forward(t: Trial) -> None:
    def arr(*shape: int) -> np.ndarray:
        return t.rng.normal(size=shape)

    t.compare("Linear(3, 3) on a batch of 4", arr(3, 3), arr(3), arr(4, 3), call=_linear)
    t.compare("Linear(4, 2) on a batch of 5", arr(2, 4), arr(2), arr(5, 4), call=_linear)
    t.compare("Linear(4, 2, bias=False)", arr(2, 4), None, arr(5, 4), call=_linear)
    t.compare("a single vector x of shape (4,)", arr(3, 4), arr(3), arr(4), call=_linear)
    t.compare(
        "x of shape (2, 3, 4): any leading axes", arr(5, 4), arr(5), arr(2, 3, 4), call=_linear
    )
    t.compare("a batch of one, Linear(1, 1)", arr(1, 1), arr(1), arr(1, 1), call=_linear)
    t.compare("large inputs (1e4)", arr(2, 3), arr(2), arr(4, 3) * 1e4, call=_linear)


# -- frameworks.conv2d-im2col ----------------------------------------------------------------


def _im2col(m: ModuleType, x: np.ndarray, kernel: tuple[int, int], stride: tuple[int, int]) -> Any:
    return np.asarray(m.im2col(x, kernel, stride))


def _conv(
    m: ModuleType, x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: Any, padding: Any
) -> Any:
    out = m.conv2d(m.Tensor(x), m.Tensor(w), m.Tensor(b), stride=stride, padding=padding)
    return np.asarray(out.data)


@check("frameworks.conv2d-im2col")
def conv2d_im2col(t: Trial) -> None:
    grid = np.arange(9.0).reshape(1, 1, 3, 3)
    t.compare("one 3x3 image (values 0..8), 2x2 kernel", grid, (2, 2), (1, 1), call=_im2col)
    two = np.arange(18.0).reshape(1, 2, 3, 3)
    t.compare("two channels, 2x2 kernel", two, (2, 2), (1, 1), call=_im2col)
    five = np.arange(25.0).reshape(1, 1, 5, 5)
    t.compare("a 5x5 image, 2x2 kernel, stride 2", five, (2, 2), (2, 2), call=_im2col)
    x = t.rng.normal(size=(2, 3, 4, 5))
    t.compare("kernel = the whole 4x5 image", x, (4, 5), (1, 1), call=_im2col)
    t.compare("kernel 1x1", x, (1, 1), (1, 1), call=_im2col)
    x = t.rng.normal(size=(3, 2, 7, 8))
    t.compare("a batch of 3, kernel (3, 2), stride (2, 3)", x, (3, 2), (2, 3), call=_im2col)
    w, b = t.rng.normal(size=(4, 2, 3, 3)), t.rng.normal(size=4)
    t.compare("conv2d with your im2col, padding 1", x, w, b, 1, 1, call=_conv)
    t.compare("conv2d with your im2col, stride 2, padding (0, 2)", x, w, b, 2, (0, 2), call=_conv)


# -- frameworks.maxpool-backward -------------------------------------------------------------


def _pool_grad(
    m: ModuleType, x: np.ndarray, g: np.ndarray, kernel: int, stride: int, padding: int
) -> Any:
    xt = m.Tensor(x, requires_grad=True)
    out = m.max_pool2d(xt, kernel, stride, padding)
    out.backward(g)
    return np.asarray(xt.grad)


def _upstream(t: Trial, x: np.ndarray, kernel: int, stride: int, padding: int) -> np.ndarray:
    n, c, h, w = x.shape
    ho = (h + 2 * padding - kernel) // stride + 1
    wo = (w + 2 * padding - kernel) // stride + 1
    return t.rng.normal(size=(n, c, ho, wo))


@check("frameworks.maxpool-backward")
def maxpool_backward(t: Trial) -> None:
    def distinct(*shape: int) -> np.ndarray:
        return t.rng.permutation(int(np.prod(shape))).reshape(shape) / 4.0

    ties = t.rng.integers(0, 3, size=(1, 2, 4, 4)).astype(np.float64)
    ties[0, 0, 0, :2] = 5.0  # at least one window whose maximum is tied
    overlap = distinct(1, 1, 5, 5)
    overlap[0, 0, 2, 2] = 100.0  # the centre wins all nine overlapping windows
    cases = [
        ("one 2x2 window, distinct values", distinct(1, 1, 2, 2), 2, 2, 0),
        ("a 4x4 image, 2x2 windows, distinct values", distinct(1, 1, 4, 4), 2, 2, 0),
        ("ties: values in {0, 1, 2, 5}, 2x2 windows", ties, 2, 2, 0),
        ("overlapping windows: 3x3, stride 1", overlap, 3, 1, 0),
        ("padding 1, 3x3 windows, stride 2", distinct(2, 1, 5, 6), 3, 2, 1),
        ("a batch of 2x3 images 6x7, 2x2 windows", t.rng.normal(size=(2, 3, 6, 7)), 2, 2, 0),
    ]
    for label, x, kernel, stride, padding in cases:
        g = _upstream(t, x, kernel, stride, padding)
        t.compare(label, x, g, kernel, stride, padding, call=_pool_grad)


# -- frameworks.dataloader -------------------------------------------------------------------


def _batches(m: ModuleType, n: int, size: int, shuffle: bool, drop_last: bool) -> Any:
    return m.batch_indices(n, size, shuffle, drop_last, np.random.default_rng(0))


def _epochs(m: ModuleType, seed: int, n: int, size: int, count: int) -> list[list[Any]]:
    rng = np.random.default_rng(seed)
    return [m.batch_indices(n, size, True, False, rng) for _ in range(count)]


def _permutation_problem(epoch: list[Any], n: int, size: int) -> str | None:
    sizes = [len(b) for b in epoch]
    want = [size] * (n // size) + ([n % size] if n % size else [])
    if sizes != want:
        return f"batch sizes {sizes}, expected {want}"
    seen = np.sort(np.concatenate(epoch)) if epoch else np.array([], dtype=int)
    if not np.array_equal(seen, np.arange(n)):
        return "the batches together are not a permutation of 0..n-1"
    return None


@check("frameworks.dataloader")
def dataloader(t: Trial) -> None:
    t.compare("n=10, batch_size=3, in order", 10, 3, False, False, call=_batches)
    t.compare("n=10, batch_size=3, drop_last=True", 10, 3, False, True, call=_batches)
    t.compare("n=9, batch_size=3: no partial batch", 9, 3, False, False, call=_batches)
    t.compare("n=2, batch_size=5: one small batch", 2, 5, False, False, call=_batches)
    t.compare("n=2, batch_size=5, drop_last=True: nothing", 2, 5, False, True, call=_batches)
    t.compare("n=0: an empty dataset", 0, 4, False, False, call=_batches)

    seed = int(t.rng.integers(2**32))
    label = "shuffle=True, n=20, batch_size=6, three epochs from one generator"
    epochs = t.call(label, seed, 20, 6, 3, call=_epochs)
    for epoch in epochs:
        problem = _permutation_problem(epoch, 20, 6)
        t.require(problem is None, label, f"a shuffled epoch is wrong: {problem}")
    orders = [np.concatenate(e) for e in epochs]
    t.require(
        not np.array_equal(orders[0], orders[1]) and not np.array_equal(orders[1], orders[2]),
        label,
        "two epochs had the same order; a correct shuffle repeats with probability 1/20!",
        got=orders[:2],
        mistake="same-order",
    )
    again = t.call(label + ", again with the same seed", seed, 20, 6, 3, call=_epochs)
    t.require(
        all(np.array_equal(np.concatenate(a), o) for a, o in zip(again, orders, strict=True)),
        label,
        "the same seed gave a different sequence of epochs: the shuffle must come from "
        "`generator` alone",
        mistake="global-rng",
    )
    # where example 0 lands, over 1,000 epochs of 5 examples: uniform over 5 places
    many = t.call("1,000 shuffled epochs of 5 examples", seed, 5, 2, 1000, call=_epochs)
    places = [int(np.flatnonzero(np.concatenate(e) == 0)[0]) for e in many]
    mismatch = chi_square_test(
        np.bincount(places, minlength=5), np.full(5, 0.2), what="positions of example 0"
    )
    t.require(
        mismatch is None,
        "1,000 shuffled epochs of 5 examples",
        "the shuffle is not uniform: " + (mismatch.message if mismatch else ""),
    )

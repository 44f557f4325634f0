"""Checks for section 4.3, Deep-learning frameworks.

One table of cases per exercise. Module-system cases build small models from the
``Module`` and ``Parameter`` of the module handed in (so a known mistake's module builds
its own) and trace what was registered, step by step: names, order, shapes, saved
values. The ``Tensor`` comes from the same package, asked for by name (``companion``).
Layer, im2col and pooling cases compare arrays (pooling traces the forward, then the
input's gradient); initialisation and shuffling are checked statistically, at the
stated false-failure rate, and by their properties.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np

from groundup.testing import Case, Mismatch, Trace, Trial, check, companion, normals, run_cases
from groundup.testing.stats import chi_square_test, ks_test
from groundup.testing.table import cases

Image = Callable[[np.random.Generator], np.ndarray]


def _tensor(m: ModuleType) -> Any:
    """The ``Tensor`` class of the package that ``m`` belongs to."""
    return companion(m, "engine.tensor").Tensor


def _tree(m: ModuleType, *params: Any, **attrs: Any) -> Any:
    """A Module: positional ``params`` become weight, bias, gain; then ``attrs`` in order.

    A shape tuple becomes a Parameter of zeros, an array a Parameter holding a copy of
    it; anything else (a Module, a Parameter to share, None) is assigned as it is.
    """
    mod = m.Module()
    for name, value in [*zip(["weight", "bias", "gain"], params, strict=False), *attrs.items()]:
        if isinstance(value, tuple | np.ndarray):
            value = m.Parameter(np.zeros(value) if isinstance(value, tuple) else value.copy())
        setattr(mod, name, value)
    return mod


# -- frameworks.module-setattr --------------------------------------------------------------


def _assign(m: ModuleType, script: str) -> Trace:
    """Runs ``script`` ("w = Parameter; child = Module; child.w = Parameter") on a Module.

    After each assignment, traces the registries of the module assigned to; at the end,
    the type and value of each attribute of the root.
    """
    root, trace = m.Module(), Trace()
    for step, line in enumerate(script.split("; ")):
        path, text = line.split(" = ")
        *owners, name = path.split(".")
        owner = root
        for attr in owners:
            owner = getattr(owner, attr)
        makers = {"Parameter": m.Parameter, "Tensor": _tensor(m), "Module": lambda _: m.Module()}
        data = np.arange(3.0) + step  # each assignment's values differ
        setattr(owner, name, makers[text](data) if text in makers else ast.literal_eval(text))
        for registry in ("_parameters", "_modules"):
            where = ".".join(["self", *owners, registry])
            trace.record(f"after self.{line}: {where}", list(getattr(owner, registry)))
    for name in dict.fromkeys(line.split(" = ")[0].split(".")[0] for line in script.split("; ")):
        value = getattr(root, name)
        trace.record(f"type(self.{name})", type(value).__name__)
        if not isinstance(value, m.Module):
            trace.record(f"self.{name}", value.data if isinstance(value, _tensor(m)) else value)
    return trace


MODULE_SETATTR = [
    Case("a Parameter on an empty Module", ("w = Parameter",)),
    Case("a child Module that holds a parameter", ("child = Module; child.w = Parameter",)),
    Case(
        "plain attributes: a string, a float, a plain Tensor, then a Parameter",
        ("note = 'a plain string'; scale = 2.5; const = Tensor; w = Parameter",),
    ),
    Case("a re-assigned Parameter", ("a = Parameter; b = Parameter; a = Parameter",)),
    Case(
        "names that change kind",
        ("w = Parameter; x = Parameter; w = Module; x = Module; x = Parameter",),
    ),
]
module_setattr = cases("frameworks.module-setattr", MODULE_SETATTR, call=_assign)


# -- frameworks.named-parameters ------------------------------------------------------------


def _deep(m: ModuleType) -> Any:
    layers = _tree(m, **{str(i): _tree(m, (2, 2), (2,)) for i in range(3)})
    layers._modules["1"].register_parameter("bias", None)  # a layer without bias
    encoder = _tree(m, layers=layers, norm=_tree(m, (2,)))
    return _tree(m, embed=_tree(m, (5, 2)), encoder=encoder, head=_tree(m, (1, 2), (1,)))


def _shared(m: ModuleType) -> Any:
    a = _tree(m, (2, 2), (2,))
    b = _tree(m, a.weight, (2,))  # tied weights
    return _tree(m, a=a, b=b, c=a)  # c: a shared sub-module


def _listing(build: Callable[[ModuleType], Any]) -> Callable[..., Any]:
    """A call: ``build`` a model, then list its ``named_parameters`` as (name, shape)."""

    def call(m: ModuleType, **kwargs: Any) -> list[tuple[str, tuple[int, ...]]]:
        return [(n, tuple(p.data.shape)) for n, p in build(m).named_parameters(**kwargs)]

    return call


def _scaled(m: ModuleType) -> Any:
    return _tree(m, scale=(1,), fc=_tree(m, (2, 2), (2,)))


NAMED_PARAMETERS = [
    Case("weight and bias of its own", call=_listing(lambda m: _tree(m, (2, 3), (3,)))),
    Case(
        "one parameter of its own and a child 'fc' with two",
        call=_listing(lambda m: _tree(m, w=(4,), fc=_tree(m, (3, 4), (3,)))),
    ),
    Case("three levels: encoder.layers.{0,1,2} (layer 1 has bias=None)", call=_listing(_deep)),
    Case("a tied weight (b.weight = a.weight), a shared module (c = a)", call=_listing(_shared)),
    Case("scale and a child 'fc'", kwargs={"prefix": "model"}, call=_listing(_scaled)),
    Case("scale and a child 'fc'", kwargs={"recurse": False}, call=_listing(_scaled)),
]
named_parameters = cases("frameworks.named-parameters", NAMED_PARAMETERS)


# -- frameworks.state-dict ------------------------------------------------------------------


def _saved(build: Callable[[ModuleType, np.ndarray], Any]) -> Callable[..., Trace]:
    """A call: ``build(m, w)``, save its state dict, train on; trace the keys, then each array.

    Keys are sorted: any order is a valid state dict (``load_state_dict`` looks keys up).
    """

    def call(m: ModuleType, w: np.ndarray, **kwargs: Any) -> Trace:
        root = build(m, w)
        sd = root.state_dict(**kwargs)
        for _, module in root.named_modules():
            for p in module._parameters.values():
                if p is not None:
                    p.data += 1.0  # "training continues" (in place, as an optimizer does)
            for b in module._buffers.values():
                if b is not None:
                    (b.data if isinstance(b, _tensor(m)) else b)[...] += 1.0
        trace = Trace()
        for key in trace.record("keys", sorted(sd)):
            trace.record(f"state_dict[{key!r}]", np.asarray(sd[key]))
        return trace

    return call


def _one_layer(m: ModuleType, w: np.ndarray) -> Any:
    return _tree(m, w, w[0])


def _two_layers(m: ModuleType, w: np.ndarray) -> Any:
    return _tree(m, fc1=_one_layer(m, w), fc2=_one_layer(m, w), scale=w[:, 0])


def _child(m: ModuleType, w: np.ndarray) -> Any:
    return _tree(m, child=_tree(m, w))


def _buffers(m: ModuleType, w: np.ndarray) -> Any:
    norm = _tree(m, w[0])
    norm.register_buffer("running_mean", w[1].copy())
    norm.register_buffer("running_var", _tensor(m)(w[2].copy()))
    norm.register_buffer("scratch", w[0].copy(), persistent=False)
    norm.register_buffer("empty", None)
    return _tree(m, norm=norm)


def _tied(m: ModuleType, w: np.ndarray) -> Any:
    a = _tree(m, w)
    return _tree(m, a=a, b=_tree(m, weight=a.weight, bias=None))  # saved under both names


W = normals((3, 2))

STATE_DICT = [
    Case("weight and bias, read after training continued", W, call=_saved(_one_layer)),
    Case("two child layers fc1, fc2 and a parameter of the root", W, call=_saved(_two_layers)),
    Case("buffers: an array, a Tensor, a non-persistent one, and None", W, call=_saved(_buffers)),
    Case("a weight tied between modules a and b", W, call=_saved(_tied)),
    Case("a child", W, kwargs={"prefix": "model"}, call=_saved(_child)),
]
state_dict = cases("frameworks.state-dict", STATE_DICT)


# -- frameworks.linear-init ------------------------------------------------------------------


LINEAR_INIT = [  # (fan_in, fan_out, which parameter)
    Case("the 10,000 weights of Linear(50, 200)", (50, 200, "weight")),
    Case("the 5,000 biases of Linear(30, 5000)", (30, 5000, "bias")),
    Case("the 5,000 weights of Linear(1, 5000): one input, bound 1", (1, 5000, "weight")),
]


def _drawn(m: ModuleType, rng: np.random.Generator, fan_in: int, fan_out: int, part: str) -> Any:
    return np.asarray(getattr(m.Linear(fan_in, fan_out, generator=rng), part).data).ravel()


def _uniform(bound: float, what: str) -> Callable[[Any, Any], Mismatch | None]:
    """A comparator: are the learner's values uniform on [-bound, bound]? (a KS test)"""

    def compare(got: Any, _: Any) -> Mismatch | None:
        return ks_test(got, lambda x: np.clip((x + bound) / (2 * bound), 0.0, 1.0), what=what)

    return compare


@check("frameworks.linear-init")
def linear_init(t: Trial) -> None:
    seed = int(t.rng.integers(2**32))
    for i, case in enumerate(LINEAR_INIT):
        fan_in, _, part = case.inputs
        what = "your biases" if part == "bias" else "your weights"
        t.compare(
            f"{case.label}: uniform on [-1/sqrt({fan_in}), 1/sqrt({fan_in})]?",
            np.random.default_rng(seed + i),
            *case.inputs,
            call=_drawn,
            compare=_uniform(1 / math.sqrt(fan_in), what),
        )
    label = "Linear(3, 4): shapes and dtype after initialisation"
    layer = t.call(label, call=lambda m: m.Linear(3, 4, generator=np.random.default_rng(seed)))
    w, b = layer.weight.data, layer.bias.data
    t.require(
        (w.shape, b.shape, w.dtype, b.dtype) == ((4, 3), (4,), np.float32, np.float32),
        label,
        "weight and bias must keep shapes (4, 3) and (4,) and dtype float32 (fill them in "
        f"place with `[...] =`), got {w.shape} {w.dtype} and {b.shape} {b.dtype}",
    )
    label = "Linear(0, 4): no inputs (fan_in = 0)"
    layer = t.call(label, call=lambda m: m.Linear(0, 4, generator=np.random.default_rng(seed)))
    b = layer.bias.data
    t.require(
        b.shape == (4,) and not b.any(),
        label,
        "with fan_in = 0 there is no 1/sqrt(fan_in) to take: the bound is 0 (as in PyTorch), "
        "so every bias must be 0",
        got=b,
        expected=np.zeros(4, dtype=np.float32),
    )


# -- frameworks.linear-forward ---------------------------------------------------------------


def _linear(m: ModuleType, W: np.ndarray, b: np.ndarray | None, x: np.ndarray) -> Trace:
    """Linear with the given weights applied to x: its values, then whether it is in the graph."""
    layer = m.Linear(W.shape[1], W.shape[0], bias=b is not None, dtype=np.float64)
    layer.weight.data[...] = W
    if b is not None:
        layer.bias.data[...] = b
    out = layer(_tensor(m)(x))
    trace = Trace()
    trace.record("layer(x)", np.asarray(out.data))
    trace.record("layer(x).requires_grad", bool(out.requires_grad))
    return trace


LINEAR_FORWARD = [
    Case("Linear(3, 3) on a batch of 4", normals((3, 3), 3, (4, 3))),
    Case("Linear(4, 2) on a batch of 5", normals((2, 4), 2, (5, 4))),
    Case(
        "Linear(4, 2, bias=False)",
        lambda r: (r.normal(size=(2, 4)), None, r.normal(size=(5, 4))),
    ),
    Case("a single vector x of shape (4,)", normals((3, 4), 3, 4)),
    Case("x of shape (2, 3, 4): any leading axes", normals((5, 4), 5, (2, 3, 4))),
    Case("a batch of one, Linear(1, 1)", normals((1, 1), 1, (1, 1))),
    Case(
        "large inputs (1e4)",
        lambda r: (r.normal(size=(2, 3)), r.normal(size=2), r.normal(size=(4, 3)) * 1e4),
    ),
]
linear_forward = cases("frameworks.linear-forward", LINEAR_FORWARD, call=_linear)


# -- frameworks.conv2d-im2col ----------------------------------------------------------------


def _conv(m: ModuleType, x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: Any, pad: Any) -> Any:
    Tensor = _tensor(m)
    return np.asarray(m.conv2d(Tensor(x), Tensor(w), Tensor(b), stride, pad).data)


def _conv_case(label: str, stride: Any, padding: Any) -> Case:
    """conv2d (which calls your im2col) of 3 images (2, 7, 8) with four 3x3 kernels."""

    def inputs(r: np.random.Generator) -> tuple[Any, ...]:
        x, w = r.normal(size=(3, 2, 7, 8)), r.normal(size=(4, 2, 3, 3))
        return x, w, r.normal(size=4), stride, padding

    return Case(label, inputs, call=_conv)


CONV2D_IM2COL = [
    Case("a 3x3 image (0..8), 2x2 kernel", (np.arange(9.0).reshape(1, 1, 3, 3), (2, 2), (1, 1))),
    Case("two channels, 2x2 kernel", (np.arange(18.0).reshape(1, 2, 3, 3), (2, 2), (1, 1))),
    Case("5x5, 2x2 kernel, stride 2", (np.arange(25.0).reshape(1, 1, 5, 5), (2, 2), (2, 2))),
    Case("kernel = the whole 4x5 image", lambda r: (r.normal(size=(2, 3, 4, 5)), (4, 5), (1, 1))),
    Case("kernel 1x1", lambda r: (r.normal(size=(2, 3, 4, 5)), (1, 1), (1, 1))),
    Case(
        "a batch of 3, kernel (3, 2), stride (2, 3)",
        lambda r: (r.normal(size=(3, 2, 7, 8)), (3, 2), (2, 3)),
    ),
    _conv_case("conv2d with your im2col, padding 1", 1, 1),
    _conv_case("conv2d with your im2col, stride 2, padding (0, 2)", 2, (0, 2)),
]
conv2d_im2col = cases("frameworks.conv2d-im2col", CONV2D_IM2COL)


# -- frameworks.maxpool-backward -------------------------------------------------------------


Pair = int | tuple[int, int]


def _pooled(
    m: ModuleType, x: np.ndarray, g: np.ndarray, kernel: Pair, stride: Pair, padding: int
) -> Trace:
    """max_pool2d forward, then the backward of the upstream gradient ``g``."""
    xt = _tensor(m)(x, requires_grad=True)
    out = m.max_pool2d(xt, kernel, stride, padding)
    trace = Trace()
    trace.record("max_pool2d(x)", np.asarray(out.data))
    out.backward(g)
    trace.record("x.grad", np.asarray(xt.grad))
    return trace


def _two(v: Pair) -> tuple[int, int]:
    """An int or a pair (rows, columns) as a pair, as max_pool2d reads kernel and stride."""
    return (v, v) if isinstance(v, int) else v


def _pool(label: str, image: Image, kernel: Pair, stride: Pair, padding: int = 0) -> Case:
    """A pooling case: the image, a random upstream gradient shaped like the output, the window
    (``kernel`` and ``stride`` an int, or a pair (rows, columns))."""

    def inputs(r: np.random.Generator) -> tuple[Any, ...]:
        x = image(r)
        n, c, h, w = x.shape
        (kh, kw), (sh, sw) = (_two(v) for v in (kernel, stride))
        ho, wo = (h + 2 * padding - kh) // sh + 1, (w + 2 * padding - kw) // sw + 1
        return x, r.normal(size=(n, c, ho, wo)), kernel, stride, padding

    return Case(label, inputs)


def _distinct(*shape: int, peak: tuple[int, ...] | None = None) -> Image:
    """Distinct values in a random order; ``peak`` (the centre of nine overlapping
    windows, say) holds the largest, 100."""

    def image(r: np.random.Generator) -> np.ndarray:
        x = r.permutation(int(np.prod(shape))).reshape(shape) / 4.0
        if peak is not None:
            x[peak] = 100.0
        return x

    return image


def _normal(*shape: int) -> Image:
    return lambda r: r.normal(size=shape)


def _ties(r: np.random.Generator) -> np.ndarray:
    x = r.integers(0, 3, size=(1, 2, 4, 4)).astype(np.float64)
    x[0, 0, 0, :2] = 5.0  # at least one window whose maximum is tied
    return x


MAXPOOL_BACKWARD = [
    _pool("one 2x2 window, distinct values", _distinct(1, 1, 2, 2), 2, 2),
    _pool("a 4x4 image, 2x2 windows, distinct values", _distinct(1, 1, 4, 4), 2, 2),
    _pool("ties: values in {0, 1, 2, 5}, 2x2 windows", _ties, 2, 2),
    _pool("overlapping 3x3 windows, stride 1", _distinct(1, 1, 5, 5, peak=(0, 0, 2, 2)), 3, 1),
    _pool("padding 1, 3x3 windows, stride 2", _distinct(2, 1, 5, 6), 3, 2, 1),
    _pool("a batch of 2x3 images 6x7, 2x2 windows", _normal(2, 3, 6, 7), 2, 2),
    _pool("a 5x6 image, 2x2 windows, stride (1, 2)", _distinct(1, 1, 5, 6), 2, (1, 2)),
]
maxpool_backward = cases("frameworks.maxpool-backward", MAXPOOL_BACKWARD, call=_pooled)


# -- frameworks.dataloader -------------------------------------------------------------------


def _batches(m: ModuleType, n: int, batch_size: int, shuffle: bool, drop_last: bool) -> Any:
    return m.batch_indices(n, batch_size, shuffle, drop_last, np.random.default_rng(0))


IN_ORDER = [
    Case("n=10, batch_size=3, in order", (10, 3, False, False)),
    Case("n=10, batch_size=3, drop_last=True", (10, 3, False, True)),
    Case("n=9, batch_size=3: no partial batch", (9, 3, False, False)),
    Case("n=2, batch_size=5: one small batch", (2, 5, False, False)),
    Case("n=2, batch_size=5, drop_last=True: nothing", (2, 5, False, True)),
    Case("n=0: an empty dataset", (0, 4, False, False)),
]


def _epochs(m: ModuleType, seed: int, n: int, batch_size: int, count: int) -> list[Any]:
    rng = np.random.default_rng(seed)
    return [m.batch_indices(n, batch_size, True, False, rng) for _ in range(count)]


def _permutation_problem(epoch: list[Any], n: int, batch_size: int) -> str | None:
    sizes = [len(b) for b in epoch]
    want = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
    if sizes != want:
        return f"batch sizes {sizes}, expected {want}"
    seen = np.sort(np.concatenate(epoch)) if epoch else np.array([], dtype=int)
    if not np.array_equal(seen, np.arange(n)):
        return "the batches together are not a permutation of 0..n-1"
    return None


@check("frameworks.dataloader")
def dataloader(t: Trial) -> None:
    run_cases(t, IN_ORDER, call=_batches)
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
    label = "1,000 shuffled epochs of 5 examples: where example 0 lands is uniform"
    many = t.call(label, seed, 5, 2, 1000, call=_epochs)
    places = [int(np.flatnonzero(np.concatenate(e) == 0)[0]) for e in many]
    mismatch = chi_square_test(np.bincount(places, minlength=5), np.full(5, 0.2), what="places")
    t.require(
        mismatch is None, label, f"the shuffle is not uniform: {mismatch and mismatch.message}"
    )

"""Checks for section 4.2, Backpropagation: your own autodiff engine.

Every check builds the same small graph from the learner's module and from the
reference (``m.Value`` / ``m.Tensor`` of the module handed in), runs the op forward,
then calls the op's backward closure once with the same random upstream gradient, and
compares the gradients the inputs received. Calling ``out._backward`` directly tests
one op at a time, without needing the learner's ``backward()`` walk. Cases go from a
plain same-shape call to broadcasting, a tensor used twice, repeated indices, ties and
large magnitudes.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np

from groundup.testing import Trial, check

# -- helpers ------------------------------------------------------------------------------------


def value_grads(op: Callable[..., Any], pre: float = 0.0) -> Callable[..., list[float]]:
    """A ``call`` for ``t.compare``: Values from the numbers, ``op``, one backward step.

    ``pre`` is a gradient the inputs already hold (from another use elsewhere in a
    graph), so that assigning instead of accumulating shows.
    """

    def call(m: ModuleType, out_grad: float, a: float, b: float | None = None) -> list[float]:
        vs = [m.Value(x) for x in (a, b) if x is not None]
        for v in vs:
            v.grad = pre
        out = op(*vs)
        out.grad = out_grad
        out._backward()
        return [v.grad for v in vs]

    return call


def tensor_grads(op: Callable[..., Any]) -> Callable[..., list[Any]]:
    """A ``call`` for ``t.compare``: leaf Tensors from the arrays, ``op``, then the op's
    backward closure with the upstream gradient ``out_grad``; returns each input's ``.grad``."""

    def call(
        m: ModuleType, out_grad: np.ndarray, a: np.ndarray, b: np.ndarray | None = None
    ) -> list[Any]:
        xs = [m.Tensor(x, requires_grad=True) for x in (a, b) if x is not None]
        out = op(*xs)
        out._backward(out_grad)
        return [x.grad for x in xs]

    return call


def upstream(t: Trial, shape: tuple[int, ...]) -> np.ndarray:
    """A random upstream gradient: every coordinate different, none special."""
    return t.rng.normal(size=shape)


# -- the scalar engine --------------------------------------------------------------------------


@check("engine.value-mul")
def value_mul(t: Trial) -> None:
    mul = value_grads(lambda a, b: a * b)
    t.compare("a * b with a = 2, b = -3, out.grad = 1", 1.0, 2.0, -3.0, call=mul)
    g, x, y = t.rng.normal(size=3)
    t.compare(f"a * b with out.grad = {g:.3f}", g, x, y, call=mul)
    square = value_grads(lambda a: a * a)
    t.compare("x * x: the same Value on both sides", g, 1.5, call=square)
    t.compare(
        "a * b where a already has grad 0.5", g, x, y, call=value_grads(lambda a, b: a * b, 0.5)
    )


@check("engine.value-tanh")
def value_tanh(t: Trial) -> None:
    th = value_grads(lambda a: a.tanh())
    t.compare("tanh at x = 0.5 with out.grad = 1", 1.0, 0.5, call=th)
    for x in (-2.0, 0.0, 3.0):
        t.compare(f"tanh at x = {x} with a random out.grad", float(t.rng.normal()), x, call=th)
    t.compare(
        "tanh where x already has grad 0.7 (from another use)",
        float(t.rng.normal()),
        0.3,
        call=value_grads(lambda a: a.tanh(), 0.7),
    )


def _graph(m: ModuleType, kind: str, xs: tuple[float, ...]) -> list[float]:
    """Runs the learner's ``backward()`` on a small graph; returns the inputs' grads."""
    vs = [m.Value(x) for x in xs]
    if kind == "chain":
        out = (vs[0] * vs[1]).tanh() * 2.0
    elif kind == "shared":  # u used by two paths of different lengths
        u = vs[0].tanh()
        w = (u * 2.0).tanh()
        out = w * u + vs[1]
    elif kind == "diamond":  # a reused several times, at several depths
        a, b = vs
        c = a * b
        d = c * a + c
        out = (d * c).tanh() + d * b
    else:  # a deep chain: 3000 operations
        out = vs[0]
        for _ in range(3000):
            out = out * 1.0001
    out.backward()
    return [v.grad for v in vs]


@check("engine.value-backward")
def value_backward(t: Trial) -> None:
    x, y = (float(v) for v in t.rng.uniform(-1, 1, size=2))
    t.compare("a chain: tanh(a * b) * 2", "chain", (x, y), call=_graph)
    t.compare("u = tanh(a) used twice: out = tanh(2u) * u + b", "shared", (x, y), call=_graph)
    t.compare("c = a * b; d = c * a + c; out = tanh(d * c) + d * b", "diamond", (x, y), call=_graph)
    t.compare(
        "a chain of 3000 multiplications (deeper than Python's recursion limit)",
        "deep",
        (0.5,),
        call=_graph,
    )


# -- tensors ------------------------------------------------------------------------------------


@check("engine.unbroadcast")
def unbroadcast(t: Trial) -> None:
    r = t.rng
    t.compare("grad (2, 3) to shape (2, 3): nothing to do", r.normal(size=(2, 3)), (2, 3))
    t.compare("grad (2, 3) to shape (3,): one leading axis", r.normal(size=(2, 3)), (3,))
    t.compare("grad (4, 3) to shape (4, 1): a size-1 axis", r.normal(size=(4, 3)), (4, 1))
    t.compare("grad (5, 2, 3) to shape (1, 3)", r.normal(size=(5, 2, 3)), (1, 3))
    t.compare("grad (2, 3, 4) to shape () (a scalar)", r.normal(size=(2, 3, 4)), ())
    t.compare("grad (2, 4, 3) to shape (2, 1, 1)", r.normal(size=(2, 4, 3)), (2, 1, 1))
    t.compare("grad (0, 3) to shape (3,): an empty batch sums to zeros", np.zeros((0, 3)), (3,))


def _binary_cases(t: Trial, op: Callable[..., Any], positive_b: bool = False) -> None:
    """Same shapes, broadcasting both ways, and the same tensor used twice."""
    r = t.rng

    def b_values(*shape: int) -> np.ndarray:
        if not positive_b:
            return r.normal(size=shape)
        return r.uniform(0.5, 2.0, size=shape) * r.choice([-1.0, 1.0], size=shape)

    call = tensor_grads(op)
    shapes = [
        ("a (2, 3) and b (2, 3)", (2, 3), (2, 3), (2, 3)),
        ("a (2, 3) and b (3,): b is broadcast over rows", (2, 3), (3,), (2, 3)),
        ("a (4, 1) and b (1, 5): both broadcast", (4, 1), (1, 5), (4, 5)),
        ("a (1,) and b (2, 3)", (1,), (2, 3), (2, 3)),
    ]
    for label, sa, sb, so in shapes:
        t.compare(label, upstream(t, so), r.normal(size=sa), b_values(*sb), call=call)
    same = tensor_grads(lambda x: op(x, x))
    x = b_values(2, 3)
    t.compare("x with itself: the same tensor on both sides", upstream(t, (2, 3)), x, call=same)


@check("engine.add-backward")
def add_backward(t: Trial) -> None:
    _binary_cases(t, lambda a, b: a + b)


@check("engine.mul-backward")
def mul_backward(t: Trial) -> None:
    _binary_cases(t, lambda a, b: a * b)


@check("engine.div-backward")
def div_backward(t: Trial) -> None:
    _binary_cases(t, lambda a, b: a / b, positive_b=True)


@check("engine.log-backward")
def log_backward(t: Trial) -> None:
    call = tensor_grads(lambda a: a.log())
    r = t.rng
    t.compare(
        "log of (2, 3) positive values", upstream(t, (2, 3)), r.uniform(0.5, 3, (2, 3)), call=call
    )
    t.compare(
        "log of tiny and huge values",
        upstream(t, (4,)),
        np.array([1e-8, 1e-3, 1e3, 1e8]),
        call=call,
    )
    t.compare("log of a size-1 tensor", upstream(t, (1,)), np.array([2.0]), call=call)


def _reduction_cases(t: Trial, method: str) -> None:
    r = t.rng
    x = r.normal(size=(3, 4))
    cases: list[tuple[str, dict[str, Any], np.ndarray, tuple[int, ...]]] = [
        ("over everything", {}, x, ()),
        ("of a (3, 3) tensor over dim=1", {"dim": 1}, r.normal(size=(3, 3)), (3,)),
        ("of a (3, 4) tensor over dim=1", {"dim": 1}, x, (3,)),
        ("over dim=0, keepdim=True", {"dim": 0, "keepdim": True}, x, (1, 4)),
        ("of a (2, 3, 4) tensor over dim=(0, 2)", {"dim": (0, 2)}, r.normal(size=(2, 3, 4)), (3,)),
        ("over dim=-1 of a (2, 1) tensor", {"dim": -1}, r.normal(size=(2, 1)), (2,)),
    ]
    for label, kwargs, arr, out_shape in cases:
        call = tensor_grads(lambda a, kw=kwargs: getattr(a, method)(**kw))
        t.compare(f"{method} {label}", upstream(t, out_shape), arr, call=call)


@check("engine.sum-backward")
def sum_backward(t: Trial) -> None:
    _reduction_cases(t, "sum")
    call = tensor_grads(lambda a: a.sum(dim=0))
    t.compare(
        "sum over dim=0 of an empty (0, 3) tensor", upstream(t, (3,)), np.zeros((0, 3)), call=call
    )


@check("engine.mean-backward")
def mean_backward(t: Trial) -> None:
    _reduction_cases(t, "mean")


@check("engine.max-backward")
def max_backward(t: Trial) -> None:
    r = t.rng
    cases: list[tuple[str, dict[str, Any], np.ndarray, tuple[int, ...]]] = [
        ("amax of everything (no ties)", {}, r.permutation(12).reshape(3, 4) * 0.5, ()),
        (
            "amax over dim=1 of a (3, 3) tensor",
            {"dim": 1},
            r.permutation(9).reshape(3, 3) * 1.0,
            (3,),
        ),
        (
            "amax over dim=0, keepdim=True",
            {"dim": 0, "keepdim": True},
            r.normal(size=(3, 4)),
            (1, 4),
        ),
        (
            "amax over dim=1 with ties: [[1, 3, 3], [2, 2, 2]]",
            {"dim": 1},
            np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]]),
            (2,),
        ),
        ("amax of everything with a tie", {}, np.array([[5.0, -1.0], [0.0, 5.0]]), ()),
        (
            "amax over dim=(0, 2) of a (2, 3, 2) tensor with ties",
            {"dim": (0, 2)},
            np.round(r.normal(size=(2, 3, 2))),
            (3,),
        ),
        ("amax of large magnitudes", {"dim": -1}, np.array([[1e300, -1e300, 1e300]]), (1,)),
    ]
    for label, kwargs, arr, out_shape in cases:
        call = tensor_grads(lambda a, kw=kwargs: a.amax(**kw))
        t.compare(label, upstream(t, out_shape), arr, call=call)


@check("engine.permute-backward")
def permute_backward(t: Trial) -> None:
    r = t.rng
    for dims, shape in [
        ((1, 0), (2, 3)),
        ((2, 0, 1), (2, 3, 4)),
        ((0, 2, 1), (2, 3, 4)),
        ((3, 1, 0, 2), (2, 1, 3, 2)),
    ]:
        out_shape = tuple(shape[d] for d in dims)
        call = tensor_grads(lambda a, d=dims: a.permute(*d))
        t.compare(
            f"permute{dims} of a {shape} tensor",
            upstream(t, out_shape),
            r.normal(size=shape),
            call=call,
        )


@check("engine.getitem-backward")
def getitem_backward(t: Trial) -> None:
    r = t.rng
    x = r.normal(size=(4, 3))
    cases: list[tuple[str, Any, tuple[int, ...]]] = [
        ("x[1:3] (a slice)", slice(1, 3), (2, 3)),
        ("x[:, 0] (a column)", (slice(None), 0), (4,)),
        ("x[[2, 0]] (distinct rows)", np.array([2, 0]), (2, 3)),
        ("x[[1, 1, 3, 1]] (row 1 three times)", np.array([1, 1, 3, 1]), (4, 3)),
        ("x[[0, 0], [2, 2]] (one element twice)", (np.array([0, 0]), np.array([2, 2])), (2,)),
        ("x[x > 0] (a boolean mask)", x > 0, (int((x > 0).sum()),)),
        ("x[[]] (no rows)", np.array([], dtype=int), (0, 3)),
    ]
    for label, index, out_shape in cases:
        call = tensor_grads(lambda a, i=index: a[i])
        t.compare(label, upstream(t, out_shape), x, call=call)


@check("engine.matmul-backward")
def matmul_backward(t: Trial) -> None:
    r = t.rng
    call = tensor_grads(lambda a, b: a @ b)
    shapes = [
        ("(3, 3) @ (3, 3)", (3, 3), (3, 3)),
        ("(2, 4) @ (4, 3) (rectangular)", (2, 4), (4, 3)),
        ("(1, 1) @ (1, 1)", (1, 1), (1, 1)),
        ("a batch (2, 3, 4) @ a weight (4, 5)", (2, 3, 4), (4, 5)),
        ("batches that broadcast: (2, 1, 3, 4) @ (5, 4, 2)", (2, 1, 3, 4), (5, 4, 2)),
        ("a vector (4,) @ a matrix (4, 3)", (4,), (4, 3)),
        ("a matrix (3, 4) @ a vector (4,)", (3, 4), (4,)),
        ("a vector (4,) @ a vector (4,) (a dot product)", (4,), (4,)),
        ("a vector (4,) @ a batch (2, 4, 3)", (4,), (2, 4, 3)),
    ]
    for label, sa, sb in shapes:
        a, b = r.normal(size=sa), r.normal(size=sb)
        t.compare(label, upstream(t, np.matmul(a, b).shape), a, b, call=call)


def _activation(name: str, dim: int) -> Callable[..., Any]:
    def call(m: ModuleType, out_grad: np.ndarray, logits: np.ndarray) -> Any:
        x = m.Tensor(logits, requires_grad=True)
        out = getattr(m, name)(x, dim)
        out._backward(out_grad)
        return out.data, x.grad

    return call


@check("engine.softmax")
def softmax(t: Trial) -> None:
    r = t.rng
    t.compare(
        "softmax of a (2, 3) tensor along dim=-1",
        upstream(t, (2, 3)),
        r.normal(size=(2, 3)),
        call=_activation("softmax", -1),
    )
    t.compare(
        "softmax of a (3, 2, 4) tensor along dim=1",
        upstream(t, (3, 2, 4)),
        r.normal(size=(3, 2, 4)),
        call=_activation("softmax", 1),
    )
    big = np.array([[1000.0, 999.0, -1000.0], [-800.0, -805.0, -801.0]])
    t.compare(
        "large logits: [[1000, 999, -1000], [-800, -805, -801]]",
        upstream(t, (2, 3)),
        big,
        call=_activation("softmax", -1),
    )
    masked = np.array([[0.5, -np.inf, 1.0], [-np.inf, 2.0, -np.inf]])
    t.compare(
        "masked logits (-inf entries)", upstream(t, (2, 3)), masked, call=_activation("softmax", -1)
    )
    t.compare(
        "a single entry along dim",
        upstream(t, (3, 1)),
        r.normal(size=(3, 1)),
        call=_activation("softmax", -1),
    )


@check("engine.log-softmax-backward")
def log_softmax_backward(t: Trial) -> None:
    r = t.rng
    t.compare(
        "log_softmax of a (2, 3) tensor along dim=-1",
        upstream(t, (2, 3)),
        r.normal(size=(2, 3)),
        call=_activation("log_softmax", -1),
    )
    t.compare(
        "log_softmax of a (2, 4, 3) tensor along dim=1",
        upstream(t, (2, 4, 3)),
        r.normal(size=(2, 4, 3)),
        call=_activation("log_softmax", 1),
    )
    t.compare(
        "large logits",
        upstream(t, (2, 3)),
        np.array([[1e4, 0.0, -1e4], [500.0, 501.0, 499.0]]),
        call=_activation("log_softmax", -1),
    )


def _cross_entropy(
    m: ModuleType, out_grad: Any, logits: np.ndarray, target: np.ndarray, options: dict[str, Any]
) -> Any:
    z = m.Tensor(logits, requires_grad=True)
    loss = m.cross_entropy(z, target, **options)
    loss._backward(np.asarray(out_grad))
    return z.grad


@check("engine.cross-entropy-backward")
def cross_entropy_backward(t: Trial) -> None:
    r = t.rng
    z = r.normal(size=(3, 4))
    g = float(r.uniform(0.5, 2.0))
    t.compare("3 rows, 4 classes, mean", g, z, np.array([0, 3, 1]), {}, call=_cross_entropy)
    t.compare(
        "reduction='sum'", g, z, np.array([2, 2, 0]), {"reduction": "sum"}, call=_cross_entropy
    )
    t.compare(
        "reduction='none'",
        upstream(t, (3,)),
        z,
        np.array([1, 0, 3]),
        {"reduction": "none"},
        call=_cross_entropy,
    )
    t.compare(
        "a row with target ignore_index=-100", g, z, np.array([1, -100, 2]), {}, call=_cross_entropy
    )
    t.compare(
        "label_smoothing=0.1",
        g,
        z,
        np.array([0, 1, 2]),
        {"label_smoothing": 0.1},
        call=_cross_entropy,
    )
    big = np.array([[1000.0, -1000.0, 0.0], [-5e4, -5e4 + 10, -5e4]])
    t.compare("large logits", g, big, np.array([1, 1]), {}, call=_cross_entropy)
    spatial = r.normal(size=(2, 3, 2))
    t.compare(
        "logits (N, C, L) = (2, 3, 2)",
        g,
        spatial,
        np.array([[0, 2], [1, -100]]),
        {},
        call=_cross_entropy,
    )


# -- engine.tensor-backward -------------------------------------------------------------


def _tensor_graph(m: ModuleType, kind: str, a: np.ndarray, b: np.ndarray) -> list[Any]:
    """Runs ``backward()`` of the learner's Tensor on a small graph; the leaves' grads."""
    x = m.Tensor(a, requires_grad=True)
    w = m.Tensor(b, requires_grad=True)
    if kind == "chain":
        out = ((x * w) * 2.0 + 1.0) * w
    elif kind == "shared":  # h is used by two paths of different lengths
        h = x * w
        out = ((h * 2.0) * (h + 1.0) + h) * w
    else:  # a deep chain of 3000 ops
        out = x * w
        for _ in range(3000):
            out = out * 1.0001
    out.backward(np.ones(out.shape))
    return [x.grad, w.grad]


@check("engine.tensor-backward")
def tensor_backward(t: Trial) -> None:
    a, b = t.rng.normal(size=(2, 3)), t.rng.normal(size=(3,))
    t.compare("a chain: ((x * w) * 2 + 1) * w", "chain", a, b, call=_tensor_graph)
    t.compare("h = x * w used twice: ((2h) * (h + 1) + h) * w", "shared", a, b, call=_tensor_graph)
    t.compare(
        "a chain of 3000 operations (deeper than Python's recursion limit)",
        "deep",
        a,
        b,
        call=_tensor_graph,
    )

"""Checks for section 4.2, Backpropagation: your own autodiff engine.

One table of cases per exercise. An op's case builds leaf Values or Tensors (asked for by
name, ``companion(m, "engine.tensor")``, wherever the op itself lives), runs the op,
calls its backward closure once with a random upstream gradient, and traces the
gradient each input received: one op at a time, without the learner's ``backward()``
walk. Cases go from a plain same-shape call to broadcasting, a tensor used twice,
repeated indices, ties and large magnitudes. Multi-step exercises are traced step by
step, so a failure names the first wrong intermediate: the graph walks record every
node's gradient in the order backpropagation produces them (the output first, the
leaves last); softmax and cross-entropy record the forward value, then the gradient.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np

from groundup.testing import Case, Trace, companion, normals
from groundup.testing.table import MakeInputs, cases

Op = Callable[..., Any]


def _tensor(m: ModuleType) -> Any:
    """The ``Tensor`` class of the package that ``m`` belongs to."""
    return companion(m, "engine.tensor").Tensor


def _received(*inputs: Any) -> Trace:
    """The ``.grad`` of each input: ``x.grad`` for one input, ``a.grad``, ``b.grad`` for two."""
    trace = Trace()
    for name, v in zip(["x"] if len(inputs) == 1 else ["a", "b"], inputs, strict=True):
        trace.record(f"{name}.grad", v.grad)
    return trace


def _value_grads(op: Op, pre: float = 0.0) -> Callable[..., Trace]:
    """A call: Values from the numbers, ``op``, one backward step from ``out_grad``.

    ``pre`` is a gradient the inputs already hold (from another use elsewhere in a
    graph), so that assigning instead of accumulating shows.
    """

    def call(m: ModuleType, out_grad: float, a: float, b: float | None = None) -> Trace:
        Value = companion(m, "engine.scalar").Value
        vs = [Value(x) for x in (a, b) if x is not None]
        for v in vs:
            v.grad = pre
        out = op(*vs)
        out.grad = out_grad
        out._backward()
        return _received(*vs)

    return call


def _grads(op: Op) -> Callable[..., Trace]:
    """A call: leaf Tensors from the arrays, ``op`` (given the case's keyword inputs), then
    the op's backward closure with the upstream gradient ``out_grad``."""

    def call(
        m: ModuleType, out_grad: Any, a: np.ndarray, b: np.ndarray | None = None, **kwargs: Any
    ) -> Trace:
        Tensor = _tensor(m)
        xs = [Tensor(x, requires_grad=True) for x in (a, b) if x is not None]
        op(*xs, **kwargs)._backward(out_grad)
        return _received(*xs)

    return call


# -- the scalar engine --------------------------------------------------------------------------


def _numbers(*fixed: float) -> MakeInputs:
    """A random upstream gradient, then the ``fixed`` numbers (random ones when none)."""
    return lambda r: tuple(float(v) for v in (r.normal(), *(fixed or r.normal(size=2))))


VALUE_MUL = [
    Case("a * b with a = 2, b = -3, out.grad = 1", (1.0, 2.0, -3.0)),
    Case("a * b with a random out.grad", _numbers()),
    Case("x * x: the same Value twice", _numbers(1.5), call=_value_grads(lambda a: a * a)),
    Case("a * b, a and b already hold grad 0.5", _numbers(), call=_value_grads(operator.mul, 0.5)),
]
value_mul = cases("engine.value-mul", VALUE_MUL, call=_value_grads(operator.mul))

VALUE_TANH = [
    Case("tanh at x = 0.5 with out.grad = 1", (1.0, 0.5)),
    Case("tanh at x = -2 with a random out.grad", _numbers(-2.0)),
    Case("tanh at x = 0 with a random out.grad", _numbers(0.0)),
    Case("tanh at x = 3 with a random out.grad", _numbers(3.0)),
    Case(
        "tanh where x already holds grad 0.7 (from another use)",
        _numbers(0.3),
        call=_value_grads(lambda a: a.tanh(), 0.7),
    ),
]
value_tanh = cases("engine.value-tanh", VALUE_TANH, call=_value_grads(lambda a: a.tanh()))


# -- whole graphs: Value.backward() and Tensor.backward() ----------------------------------------

Graph = Callable[..., dict[str, Any]]  # leaves -> every node by name, in creation order


def _walk_values(graph: Graph) -> Callable[..., Trace]:
    """A call: ``graph`` on Values ``a``, ``b``, your ``backward()`` from its output; traces
    each node's grad, the output first (the order backpropagation produces them)."""

    def call(m: ModuleType, a: float, b: float) -> Trace:
        Value = companion(m, "engine.scalar").Value
        nodes = graph(Value(a), Value(b))
        nodes["out"].backward()
        trace = Trace()
        for name, node in reversed(nodes.items()):
            trace.record(f"{name}.grad", node.grad)
        return trace

    return call


def _walk_tensors(graph: Graph) -> Callable[..., Trace]:
    """A call: ``graph`` on leaf Tensors ``x``, ``w``, ``backward()`` from its output; traces
    the gradient each node received, the output first, the leaves' ``.grad`` last.

    Interior tensors keep no gradient after ``backward()`` (as in PyTorch), so each
    one's backward closure is wrapped to record the gradient it is called with.
    """

    def call(m: ModuleType, x: np.ndarray, w: np.ndarray) -> Trace:
        Tensor = _tensor(m)
        nodes = graph(Tensor(x, requires_grad=True), Tensor(w, requires_grad=True))
        received: dict[str, Any] = {}
        for name, node in nodes.items():
            if node._backward is not None:  # interior: None until its backward runs
                received[name] = None
                node._backward = _recording(node._backward, name, received)
        nodes["out"].backward(np.ones(nodes["out"].shape))
        trace = Trace()
        for name, node in reversed(nodes.items()):
            trace.record(f"{name}.grad", received.get(name, node.grad))
        return trace

    return call


def _recording(backward: Op, name: str, received: dict[str, Any]) -> Op:
    def spy(grad: np.ndarray) -> None:
        received[name] = np.array(grad)
        backward(grad)

    return spy


@_walk_values
def _value_chain(a: Any, b: Any) -> dict[str, Any]:
    c = a * b
    d = c.tanh()
    return {"a": a, "b": b, "c": c, "d": d, "out": d * 2.0}


@_walk_values
def _value_shared(a: Any, b: Any) -> dict[str, Any]:
    u = a.tanh()
    p = (u * 2.0).tanh() * u
    return {"a": a, "b": b, "u": u, "p": p, "out": p + b}


@_walk_values
def _value_diamond(a: Any, b: Any) -> dict[str, Any]:
    c = a * b
    d = c * a + c
    e = (d * c).tanh()
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "out": e + d * b}


@_walk_tensors
def _tensor_chain(x: Any, w: Any) -> dict[str, Any]:
    h = x * w
    u = h * 2.0 + 1.0
    return {"x": x, "w": w, "h": h, "u": u, "out": u * w}


@_walk_tensors
def _tensor_diamond(x: Any, w: Any) -> dict[str, Any]:
    a = x * w
    # Two equal branches: a depth-first pre-order reaches a through either one first and
    # then runs it before the other one, the same wrong gradient whichever it takes.
    b, c = a * 2.0, a * 2.0
    return {"x": x, "w": w, "a": a, "b": b, "c": c, "out": b * c}


@_walk_tensors
def _tensor_shared(x: Any, w: Any) -> dict[str, Any]:
    h = x * w
    q = (h * 2.0) * (h + 1.0) + h
    return {"x": x, "w": w, "h": h, "q": q, "out": q * w}


def _deep(a: Any, b: Any) -> dict[str, Any]:
    out = a * b
    for _ in range(3000):
        out = out * 1.0001
    return {"a": a, "b": b, "out": out}


def _ab(r: np.random.Generator) -> tuple[float, ...]:
    return tuple(float(v) for v in r.uniform(-1, 1, size=2))


VALUE_BACKWARD = [
    Case("c = a * b; d = tanh(c); out = 2 d", _ab, call=_value_chain),
    Case("u = tanh(a), used twice: p = tanh(2 u) * u; out = p + b", _ab, call=_value_shared),
    Case("c = a * b; d = c * a + c; e = tanh(d * c); out = e + d * b", _ab, call=_value_diamond),
    Case("3000 products deep: past Python's recursion limit", (0.5, 1), call=_walk_values(_deep)),
]
value_backward = cases("engine.value-backward", VALUE_BACKWARD)

XW = normals((2, 3), 3)  # x (2, 3) and w (3,): w is broadcast
TENSOR_BACKWARD = [
    Case("h = x * w; u = 2 h + 1; out = u * w", XW, call=_tensor_chain),
    Case("a diamond: a = x * w; b = 2 a; c = 2 a; out = b * c", XW, call=_tensor_diamond),
    Case("h used thrice: q = (2 h) * (h + 1) + h; out = q * w", XW, call=_tensor_shared),
    Case("3000 products deep: past Python's recursion limit", XW, call=_walk_tensors(_deep)),
]
tensor_backward = cases("engine.tensor-backward", TENSOR_BACKWARD)


# -- tensors: broadcasting and elementwise ops ----------------------------------------------------

UNBROADCAST = [
    Case("grad (2, 3) to shape (2, 3): nothing to do", lambda r: (r.normal(size=(2, 3)), (2, 3))),
    Case("grad (2, 3) to shape (3,): one leading axis", lambda r: (r.normal(size=(2, 3)), (3,))),
    Case("grad (4, 3) to shape (4, 1): a size-1 axis", lambda r: (r.normal(size=(4, 3)), (4, 1))),
    Case("grad (5, 2, 3) to shape (1, 3)", lambda r: (r.normal(size=(5, 2, 3)), (1, 3))),
    Case("grad (2, 3, 4) to shape () (a scalar)", lambda r: (r.normal(size=(2, 3, 4)), ())),
    Case("grad (2, 4, 3) to shape (2, 1, 1)", lambda r: (r.normal(size=(2, 4, 3)), (2, 1, 1))),
    Case("grad (0, 3) to shape (3,): an empty batch sums to zeros", (np.zeros((0, 3)), (3,))),
    Case("grad (0, 3) to shape (1, 3): a size-1 axis stretched to 0", (np.zeros((0, 3)), (1, 3))),
]
unbroadcast = cases("engine.unbroadcast", UNBROADCAST)


def _up(out_shape: Any, x: np.ndarray | Callable[[np.random.Generator], np.ndarray]) -> MakeInputs:
    """A random upstream gradient of ``out_shape``, then ``x`` (an array, or drawn by ``x(r)``)."""
    return lambda r: (r.normal(size=out_shape), x(r) if callable(x) else x)


def _distinct(*shape: int) -> Callable[[np.random.Generator], np.ndarray]:
    """Distinct values in a random order: no ties."""
    return lambda r: r.permutation(int(np.prod(shape))).reshape(shape) * 0.5


def _binary(op: Op, nonzero: bool = False) -> list[Case]:
    """Same shapes, broadcasting both ways, and the same tensor used twice.

    Inputs are (upstream gradient, a, b); with ``nonzero``, |b| >= 0.5 (a divisor).
    """

    def draw(out_shape: tuple[int, ...], *shapes: tuple[int, ...]) -> MakeInputs:
        def inputs(r: np.random.Generator) -> tuple[np.ndarray, ...]:
            *arrays, last = (r.normal(size=s) for s in (out_shape, *shapes))
            if nonzero:
                last = r.uniform(0.5, 2.0, size=last.shape) * np.sign(last)
            return (*arrays, last)

        return inputs

    one, two = _grads(lambda x: op(x, x)), _grads(op)
    return [
        Case("a (2, 3) and b (2, 3)", draw((2, 3), (2, 3), (2, 3)), call=two),
        Case("a (2, 3) and b (3,): b is broadcast over rows", draw((2, 3), (2, 3), (3,)), call=two),
        Case("a (4, 1) and b (1, 5): both broadcast", draw((4, 5), (4, 1), (1, 5)), call=two),
        Case("a (1,) and b (2, 3)", draw((2, 3), (1,), (2, 3)), call=two),
        Case("x with itself: the same tensor on both sides", draw((2, 3), (2, 3)), call=one),
    ]


add_backward = cases("engine.add-backward", _binary(operator.add))
mul_backward = cases("engine.mul-backward", _binary(operator.mul))
div_backward = cases("engine.div-backward", _binary(operator.truediv, nonzero=True))

LOG_BACKWARD = [
    Case("log of (2, 3) positive values", _up((2, 3), lambda r: r.uniform(0.5, 3, (2, 3)))),
    Case("log of tiny and huge values", _up(4, np.array([1e-8, 1e-3, 1e3, 1e8]))),
    Case("log of a size-1 tensor", _up(1, np.array([2.0]))),
]
log_backward = cases("engine.log-backward", LOG_BACKWARD, call=_grads(lambda a: a.log()))


# -- reductions ----------------------------------------------------------------------------------


REDUCTIONS = [  # inputs (upstream gradient, x); keyword inputs: dim and keepdim
    Case("over everything", normals((), (3, 4))),
    Case("a (3, 3) tensor over dim=1", normals(3, (3, 3)), {"dim": 1}),
    Case("a (3, 4) tensor over dim=1", normals(3, (3, 4)), {"dim": 1}),
    Case("over dim=0, keepdim=True", normals((1, 4), (3, 4)), {"dim": 0, "keepdim": True}),
    Case("a (2, 3, 4) tensor over dim=(0, 2)", normals(3, (2, 3, 4)), {"dim": (0, 2)}),
    Case("a (2, 1) tensor over dim=-1", normals(2, (2, 1)), {"dim": -1}),
]
SUM_BACKWARD = [
    *REDUCTIONS,
    Case("an empty (0, 3) tensor over dim=0", _up(3, np.zeros((0, 3))), {"dim": 0}),
]
sum_backward = cases("engine.sum-backward", SUM_BACKWARD, call=_grads(lambda a, **kw: a.sum(**kw)))
MEAN_BACKWARD = [
    *REDUCTIONS,
    Case("an empty (0, 3) tensor over dim=1", _up(0, np.zeros((0, 3))), {"dim": 1}),
]
mean_backward = cases(
    "engine.mean-backward", MEAN_BACKWARD, call=_grads(lambda a, **kw: a.mean(**kw))
)

TIES = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]])

MAX_BACKWARD = [
    Case("amax of everything (no ties)", _up((), _distinct(3, 4))),
    Case("amax over dim=1 of a (3, 3) tensor", _up(3, _distinct(3, 3)), {"dim": 1}),
    Case("amax over dim=0, keepdim=True", normals((1, 4), (3, 4)), {"dim": 0, "keepdim": True}),
    Case("amax over dim=1 with ties: [[1, 3, 3], [2, 2, 2]]", _up(2, TIES), {"dim": 1}),
    Case("amax of everything with a tie", _up((), np.array([[5.0, -1.0], [0.0, 5.0]]))),
    Case(
        "amax over dim=(0, 2) of a (2, 3, 2) tensor with ties",
        _up(3, lambda r: np.round(r.normal(size=(2, 3, 2)))),
        {"dim": (0, 2)},
    ),
    Case("amax of large magnitudes", _up(1, np.array([[1e300, -1e300, 1e300]])), {"dim": -1}),
]
max_backward = cases("engine.max-backward", MAX_BACKWARD, call=_grads(lambda a, **kw: a.amax(**kw)))


# -- shapes and indexing -------------------------------------------------------------------------


def _permute(shape: tuple[int, ...], dims: tuple[int, ...]) -> Case:
    out_shape = tuple(shape[d] for d in dims)
    return Case(f"permute{dims} of a {shape} tensor", normals(out_shape, shape), {"dims": dims})


PERMUTE_BACKWARD = [
    _permute((2, 3), (1, 0)),
    _permute((2, 3, 4), (2, 0, 1)),
    _permute((2, 3, 4), (0, 2, 1)),
    _permute((2, 1, 3, 2), (3, 1, 0, 2)),
]
permute_backward = cases(
    "engine.permute-backward", PERMUTE_BACKWARD, call=_grads(lambda a, dims: a.permute(*dims))
)


def _index(m: ModuleType, out_grad: np.ndarray, x: np.ndarray, index: Any) -> Trace:
    return _grads(lambda a: a[index])(m, out_grad, x)


def _rows(index: Any, out_shape: Any) -> MakeInputs:
    """A (4, 3) input ``x``, ``index`` and a random upstream gradient of ``out_shape``."""
    return lambda r: (r.normal(size=out_shape), r.normal(size=(4, 3)), index)


def _positives(r: np.random.Generator) -> tuple[Any, ...]:
    x = r.normal(size=(4, 3))
    return r.normal(size=int((x > 0).sum())), x, x > 0


GETITEM_BACKWARD = [
    Case("x[1:3] (a slice)", _rows(slice(1, 3), (2, 3))),
    Case("x[:, 0] (a column)", _rows((slice(None), 0), (4,))),
    Case("x[[2, 0]] (distinct rows)", _rows(np.array([2, 0]), (2, 3))),
    Case("x[[1, 1, 3, 1]] (row 1 three times)", _rows(np.array([1, 1, 3, 1]), (4, 3))),
    Case("x[[0, 0], [2, 2]] (one element twice)", _rows((np.array([0, 0]), np.array([2, 2])), 2)),
    Case("x[x > 0] (a boolean mask)", _positives),
    Case("x[[]] (no rows)", _rows(np.array([], dtype=int), (0, 3))),
]
getitem_backward = cases("engine.getitem-backward", GETITEM_BACKWARD, call=_index)


# -- linear algebra ------------------------------------------------------------------------------


def _product(a_shape: tuple[int, ...], b_shape: tuple[int, ...]) -> MakeInputs:
    """Random a, b and an upstream gradient shaped like a @ b."""

    def inputs(r: np.random.Generator) -> tuple[np.ndarray, ...]:
        a, b = r.normal(size=a_shape), r.normal(size=b_shape)
        return r.normal(size=np.matmul(a, b).shape), a, b

    return inputs


MATMUL_BACKWARD = [
    Case("(3, 3) @ (3, 3)", _product((3, 3), (3, 3))),
    Case("(2, 4) @ (4, 3) (rectangular)", _product((2, 4), (4, 3))),
    Case("(1, 1) @ (1, 1)", _product((1, 1), (1, 1))),
    Case("a batch (2, 3, 4) @ a weight (4, 5)", _product((2, 3, 4), (4, 5))),
    Case("batches that broadcast: (2, 1, 3, 4) @ (5, 4, 2)", _product((2, 1, 3, 4), (5, 4, 2))),
    Case("a vector (4,) @ a matrix (4, 3)", _product((4,), (4, 3))),
    Case("a matrix (3, 4) @ a vector (4,)", _product((3, 4), (4,))),
    Case("a batch (2, 3, 4) @ a vector (4,)", _product((2, 3, 4), (4,))),
    Case("a vector (4,) @ a vector (4,) (a dot product)", _product((4,), (4,))),
    Case("a vector (4,) @ a batch (2, 4, 3)", _product((4,), (2, 4, 3))),
]
matmul_backward = cases("engine.matmul-backward", MATMUL_BACKWARD, call=_grads(operator.matmul))


# -- softmax and cross-entropy -------------------------------------------------------------------


def _activation(name: str) -> Callable[..., Trace]:
    """A call: ``name(x, dim)`` forward, then its backward closure with ``out_grad``."""

    def call(m: ModuleType, out_grad: np.ndarray, logits: np.ndarray, dim: int) -> Trace:
        x = _tensor(m)(logits, requires_grad=True)
        out = getattr(m, name)(x, dim)
        trace = Trace()
        trace.record(f"{name}(x, dim={dim})", out.data)
        out._backward(out_grad)
        trace.record("x.grad", x.grad)
        return trace

    return call


def _logits(shape: tuple[int, ...], dim: int, fixed: np.ndarray | None = None) -> MakeInputs:
    """A random upstream gradient, logits (random, or ``fixed``), and ``dim``."""
    return lambda r: (r.normal(size=shape), r.normal(size=shape) if fixed is None else fixed, dim)


LARGE = np.array([[1000.0, 999.0, -1000.0], [-800.0, -805.0, -801.0]])
MASKED = np.array([[0.5, -np.inf, 1.0], [-np.inf, 2.0, -np.inf]])

SOFTMAX = [
    Case("softmax of a (2, 3) tensor along dim=-1", _logits((2, 3), -1)),
    Case("softmax of a (3, 2, 4) tensor along dim=1", _logits((3, 2, 4), 1)),
    Case("large logits: [[1000, 999, -1000], [-800, -805, -801]]", _logits((2, 3), -1, LARGE)),
    Case("masked logits (-inf entries)", _logits((2, 3), -1, MASKED)),
    Case("a single entry along dim", _logits((3, 1), -1)),
]
softmax = cases("engine.softmax", SOFTMAX, call=_activation("softmax"))

LOG_SOFTMAX_BACKWARD = [
    Case("log_softmax of a (2, 3) tensor along dim=-1", _logits((2, 3), -1)),
    Case("log_softmax of a (2, 4, 3) tensor along dim=1", _logits((2, 4, 3), 1)),
    Case("large logits", _logits((2, 3), -1, np.array([[1e4, 0.0, -1e4], [500, 501, 499.0]]))),
]
log_softmax_backward = cases(
    "engine.log-softmax-backward", LOG_SOFTMAX_BACKWARD, call=_activation("log_softmax")
)


def _cross_entropy(
    m: ModuleType, out_grad: Any, logits: np.ndarray, target: np.ndarray, **options: Any
) -> Trace:
    z = _tensor(m)(logits, requires_grad=True)
    loss = m.cross_entropy(z, target, **options)
    trace = Trace()
    trace.record("loss", loss.data)
    loss._backward(np.asarray(out_grad))
    trace.record("logits.grad", z.grad)
    return trace


def _targets(target: list[Any], shape: Any = (3, 4), reduced: bool = True) -> MakeInputs:
    """The upstream gradient (a number for a mean or sum, else one per row), logits (random,
    or the array ``shape``) and the targets."""

    def inputs(r: np.random.Generator) -> tuple[Any, ...]:
        g = float(r.uniform(0.5, 2.0)) if reduced else r.normal(size=len(target))
        return g, r.normal(size=shape) if isinstance(shape, tuple) else shape, np.array(target)

    return inputs


LARGE_CE = np.array([[1000.0, -1000.0, 0.0], [-5e4, -5e4 + 10, -5e4]])
CROSS_ENTROPY_BACKWARD = [
    Case("3 rows, 4 classes, mean", _targets([0, 3, 1])),
    Case("reduction='sum'", _targets([2, 2, 0]), {"reduction": "sum"}),
    Case("reduction='none'", _targets([1, 0, 3], reduced=False), {"reduction": "none"}),
    Case("a row with target ignore_index=-100", _targets([1, -100, 2])),
    Case("label_smoothing=0.1", _targets([0, 1, 2]), {"label_smoothing": 0.1}),
    Case("large logits", _targets([1, 1], LARGE_CE)),
    Case("logits (N, C, L) = (2, 3, 2)", _targets([[0, 2], [1, -100]], (2, 3, 2))),
]
cross_entropy_backward = cases(
    "engine.cross-entropy-backward", CROSS_ENTROPY_BACKWARD, call=_cross_entropy
)

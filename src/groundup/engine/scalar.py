"""A scalar autodiff engine (micrograd-style): one number per node, the whole idea.

Section 4.2 Backpropagation. A :class:`Value` holds a number, the gradient of the
final output with respect to it, the values it was computed from and the operation.
Each operation defines a ``_backward`` closure applying the chain rule locally:
it *adds* ``local derivative * out.grad`` into each input's ``grad``.
:meth:`Value.backward` orders the graph topologically and calls those closures from
the output back to the inputs. :func:`draw_graph` pictures the graph.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

Number = int | float


class Value:
    """A scalar that records how it was computed.

    Args:
        data: the number.
        _prev: the Values it was computed from (internal).
        _op: the operation's name, for the picture (internal).
        label: an optional name, for the picture.

    Attributes:
        data: the number.
        grad: $\\partial \\text{output} / \\partial \\text{self}$ after ``backward()``.
    """

    def __init__(
        self, data: Number, _prev: tuple[Value, ...] = (), _op: str = "", label: str = ""
    ) -> None:
        self.data = float(data)
        self.grad = 0.0
        self._prev = _prev
        self._op = _op
        self.label = label
        self._backward: Callable[[], None] = lambda: None

    def __repr__(self) -> str:
        return f"Value(data={self.data:.4g}, grad={self.grad:.4g})"

    def __add__(self, other: Value | Number) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward() -> None:
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other: Value | Number) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward() -> None:
            # exercise: engine.value-mul
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
            # end exercise

        out._backward = _backward
        return out

    def __pow__(self, exponent: Number) -> Value:
        """``self ** exponent`` for a number exponent: $d x^p / dx = p x^{p-1}$."""
        if not isinstance(exponent, (int, float)):
            raise TypeError(f"only number exponents are supported, got {type(exponent)}")
        out = Value(self.data**exponent, (self,), f"**{exponent}")

        def _backward() -> None:
            self.grad += exponent * self.data ** (exponent - 1) * out.grad

        out._backward = _backward
        return out

    def exp(self) -> Value:
        """$e^x$; derivative $e^x$."""
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward() -> None:
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    def log(self) -> Value:
        """$\\ln x$; derivative $1/x$."""
        out = Value(math.log(self.data), (self,), "log")

        def _backward() -> None:
            self.grad += out.grad / self.data

        out._backward = _backward
        return out

    def tanh(self) -> Value:
        """$\\tanh x$; derivative $1 - \\tanh^2 x$."""
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward() -> None:
            # exercise: engine.value-tanh
            self.grad += (1.0 - t * t) * out.grad
            # end exercise

        out._backward = _backward
        return out

    def relu(self) -> Value:
        """$\\max(x, 0)$; derivative 1 for $x > 0$, else 0."""
        out = Value(max(self.data, 0.0), (self,), "relu")

        def _backward() -> None:
            self.grad += (self.data > 0) * out.grad

        out._backward = _backward
        return out

    def sigmoid(self) -> Value:
        """$1/(1 + e^{-x})$ (stable for large $|x|$); derivative $\\sigma (1 - \\sigma)$."""
        x = self.data
        s = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
        out = Value(s, (self,), "sigmoid")

        def _backward() -> None:
            self.grad += s * (1.0 - s) * out.grad

        out._backward = _backward
        return out

    def __neg__(self) -> Value:
        return self * -1

    def __radd__(self, other: Number) -> Value:
        return self + other

    def __sub__(self, other: Value | Number) -> Value:
        return self + (-other)

    def __rsub__(self, other: Number) -> Value:
        return other + (-self)

    def __rmul__(self, other: Number) -> Value:
        return self * other

    def __truediv__(self, other: Value | Number) -> Value:
        return self * other**-1

    def __rtruediv__(self, other: Number) -> Value:
        return other * self**-1

    def backward(self) -> None:
        """Sets ``grad`` of every Value this one depends on to $\\partial self / \\partial v$.

        Orders the graph so that each node comes after its inputs (depth-first, each
        node once, iteratively so that long chains do not hit the recursion limit),
        seeds ``self.grad = 1`` and runs every ``_backward`` from the output backwards.
        """
        # exercise: engine.value-backward
        order: list[Value] = []
        visited: set[int] = set()
        stack: list[tuple[Value, bool]] = [(self, False)]
        while stack:
            node, children_done = stack.pop()
            if children_done:
                order.append(node)
            elif id(node) not in visited:
                visited.add(id(node))
                stack.append((node, True))
                stack.extend((child, False) for child in node._prev)
        self.grad = 1.0
        for node in reversed(order):
            node._backward()
        # end exercise


def graph_nodes(root: Value) -> list[Value]:
    """Every Value ``root`` depends on, itself included, each once."""
    nodes: list[Value] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        nodes.append(node)
        stack.extend(node._prev)
    return nodes


def draw_graph(root: Value, figsize: tuple[float, float] | None = None) -> Any:
    """A matplotlib Figure of the computational graph of ``root``, laid out by depth.

    Each Value is a box with its label, data and grad; each operation a circle between
    its inputs and its output. Columns are the longest distance from an input (leaves
    on the left, ``root`` on the right); nodes in a column are spread vertically.

    Returns:
        ``matplotlib.figure.Figure``.
    """
    import matplotlib.pyplot as plt  # NOTE: imported here: the engine itself needs no plots

    nodes = graph_nodes(root)
    depth = _columns(nodes)
    columns: dict[int, list[Value]] = {}
    for node in nodes:
        columns.setdefault(depth[id(node)], []).append(node)
    pos: dict[int, tuple[float, float]] = {}
    for d, members in columns.items():
        for i, node in enumerate(members):
            pos[id(node)] = (float(d), (len(members) - 1) / 2.0 - i)
    width = max(depth.values()) + 1
    height = max(len(m) for m in columns.values())
    fig, ax = plt.subplots(figsize=figsize or (1.6 * width + 1, 1.1 * height + 1))
    for node in nodes:
        x, y = pos[id(node)]
        if node._op:
            ox = x - 1.0
            ax.annotate("", (x - 0.35, y), (ox + 0.15, y), arrowprops={"arrowstyle": "->"})
            for parent in node._prev:
                px, py = pos[id(parent)]
                ax.annotate("", (ox - 0.12, y), (px + 0.35, py), arrowprops={"arrowstyle": "->"})
            ax.text(
                ox,
                y,
                node._op,
                ha="center",
                va="center",
                fontsize=9,
                bbox={"boxstyle": "circle", "fc": "#fde2b8", "ec": "#c77d1a"},
            )
        name = f"{node.label} | " if node.label else ""
        ax.text(
            x,
            y,
            f"{name}data {node.data:.3g}\ngrad {node.grad:.3g}",
            ha="center",
            va="center",
            fontsize=8,
            bbox={"boxstyle": "round", "fc": "#dbe9f6", "ec": "#2b6ca3"},
        )
    ax.set_xlim(-0.7, width - 0.3)
    ax.set_ylim(-height / 2.0 - 0.2, height / 2.0 + 0.2)
    ax.axis("off")
    return fig


def _columns(nodes: list[Value]) -> dict[int, int]:
    """Each node's column: twice its longest distance from an input (room for the op circle).

    Raises every column to ``max(input columns) + 2`` until nothing changes. Columns only
    grow and never past the longest path, so this stops after at most (depth + 1) passes
    over the nodes, taken in any order: the picture needs no evaluation order.
    """
    depth = {id(node): 0 for node in nodes}
    changed = True
    while changed:
        changed = False
        for node in nodes:
            d = max((depth[id(p)] + 2 for p in node._prev), default=0)
            if d > depth[id(node)]:
                depth[id(node)] = d
                changed = True
    return depth

r"""Compositionality: building functions from functions.

Section 1.10 Advanced extras. :math:`(f \circ g)(x) = f(g(x))`. Composition is
associative, :math:`(f \circ g) \circ h = f \circ (g \circ h)`, with the identity as its
neutral element, :math:`f \circ \mathrm{id} = \mathrm{id} \circ f = f`: that is what
lets a network be written as a flat list of layers (``nn.Sequential``), and what the
chain rule differentiates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Function = Callable[[Any], Any]


def identity(x: Any) -> Any:
    """The neutral element of composition: returns its argument unchanged."""
    return x


def compose(*functions: Function) -> Function:
    r"""The composition :math:`f_1 \circ f_2 \circ \dots \circ f_k`, as in mathematics.

    ``compose(f, g)(x) == f(g(x))``: the *last* function is applied first. ``compose()``
    is the identity. Nothing is called until the result is called.

    Args:
        *functions: one-argument functions; each must accept what the next one returns.

    Returns:
        A one-argument function.

    Raises:
        TypeError: if an argument is not callable.
    """
    for i, f in enumerate(functions):
        if not callable(f):
            raise TypeError(f"argument {i} of compose is a {type(f).__name__}, not a function")
    # exercise: extras.compose

    def composed(x: Any) -> Any:
        for f in reversed(functions):  # the rightmost function acts first
            x = f(x)
        return x

    return composed
    # end exercise

"""Shared inputs and traces of sections 1.2 and 1.6: Rosenbrock's derivatives agree with
central differences, and a path's trace names the first step where two paths part."""

from __future__ import annotations

import numpy as np

from groundup.testing.compare import close
from groundup.testing.gradcheck import numerical_grad
from groundup.testing.inputs import rosenbrock, rosenbrock_grad, rosenbrock_hessian
from groundup.testing.trace import path_trace


def test_rosenbrock_derivatives_match_central_differences() -> None:
    x = np.random.default_rng(0).uniform(-1.5, 1.5, size=4)
    assert rosenbrock(np.ones(4)) == 0.0
    # eps = 1e-6 on values of order 1e2: differences carry about 1e-8 of rounding.
    np.testing.assert_allclose(rosenbrock_grad(x), numerical_grad(rosenbrock, x), atol=1e-5)
    columns = [numerical_grad(lambda z, i=i: rosenbrock_grad(z)[i], x) for i in range(4)]
    np.testing.assert_allclose(rosenbrock_hessian(x), np.stack(columns), atol=1e-5)


def test_path_trace_names_the_first_diverging_step() -> None:
    path = np.array([[1.0, 0.0], [0.5, 0.0], [0.25, 0.0]])
    assert [name for name, _ in path_trace(path)] == ["step 0: x0", "step 1: x", "step 2: x"]
    off = path.copy()
    off[2, 1] = 1e-3
    mismatch = close(path_trace(off), path_trace(path))
    assert mismatch is not None and mismatch.step == "step 2: x"
    short = close(path_trace(path[:2]), path_trace(path))
    assert short is not None and "stopped before 'step 2: x'" in short.message


def test_path_trace_keeps_a_result_that_is_not_a_path_whole() -> None:
    trace = path_trace(np.zeros(3))
    assert len(trace) == 1
    mismatch = close(trace, path_trace(np.zeros((2, 3))))
    assert mismatch is not None and mismatch.step == "step 0: x0"

"""Central-difference gradient checks: right answers pass, wrong ones are named."""

from __future__ import annotations

import numpy as np
import pytest

from groundup.testing.gradcheck import compare_gradients, gradcheck, numerical_grad


def test_numerical_grad_of_known_functions() -> None:
    x = np.array([[0.3, -1.2], [2.0, 0.5]])
    # sum(sin(x)): truncation error eps^2 / 6 * |cos| ~ 2e-13, rounding ~1e-10.
    np.testing.assert_allclose(numerical_grad(lambda z: np.sum(np.sin(z)), x), np.cos(x), atol=1e-9)
    # A quadratic: central differences are exact up to rounding.
    np.testing.assert_allclose(numerical_grad(lambda z: np.sum(z**2), x), 2 * x, atol=1e-9)


def test_numerical_grad_leaves_input_alone_and_uses_float64() -> None:
    x = np.array([1.0, 2.0], dtype=np.float32)
    before = x.copy()
    seen: list[np.dtype] = []

    def f(z: np.ndarray) -> float:
        seen.append(z.dtype)
        return float(np.sum(z**3))

    grad = numerical_grad(f, x)
    np.testing.assert_array_equal(x, before)
    assert grad.dtype == np.float64 and set(seen) == {np.dtype(np.float64)}
    np.testing.assert_allclose(grad, 3 * before.astype(float) ** 2, rtol=1e-8)
    with pytest.raises(ValueError, match="eps"):
        numerical_grad(f, x, eps=0.0)


def test_gradcheck_passes_a_correct_gradient() -> None:
    rng = np.random.default_rng(0)
    W, x = rng.normal(size=(3, 4)), rng.normal(size=4)

    def f(W: np.ndarray, x: np.ndarray, scale: float) -> float:
        return scale * float(np.sum(np.tanh(W @ x)))

    t = np.tanh(W @ x)
    dW = 2.0 * np.outer(1 - t**2, x)
    dx = 2.0 * W.T @ (1 - t**2)
    assert gradcheck(f, {"W": W, "x": x, "scale": 2.0}, {"W": dW, "x": dx}) is None


def test_gradcheck_names_argument_index_and_values() -> None:
    a, b = np.array([1.0, 2.0, 3.0]), np.array([[0.5, -1.0]])

    def f(a: np.ndarray, b: np.ndarray) -> float:
        return float(np.sum(a**2) + np.sum(b**2))

    wrong_b = 2 * b
    wrong_b[0, 1] = 7.0
    mismatch = gradcheck(f, {"a": a, "b": b}, {"a": 2 * a, "b": wrong_b})
    assert mismatch is not None
    assert "`b`" in mismatch.message and "(0, 1)" in mismatch.message
    assert "analytic 7" in mismatch.message and "numerical -2" in mismatch.message
    assert any("1 of 2 elements" in d for d in mismatch.details)


def test_gradcheck_reports_shape_nan_and_missing() -> None:
    a = np.array([1.0, 2.0])
    mismatch = compare_gradients({"a": np.ones(3)}, {"a": np.ones(2)})
    assert mismatch is not None and "shape (3,)" in mismatch.message
    mismatch = compare_gradients({"a": np.array([1.0, np.nan])}, {"a": np.ones(2)})
    assert mismatch is not None and "index (1,)" in mismatch.message and "nan" in mismatch.message
    assert compare_gradients({}, {"a": a}) is not None
    with pytest.raises(KeyError, match="not one of the inputs"):
        gradcheck(lambda a: 0.0, {"a": a}, {"z": a})


def test_gradcheck_worst_element_is_reported() -> None:
    numerical = {"w": np.array([1.0, 1.0, 1.0])}
    mismatch = compare_gradients({"w": np.array([1.1, 5.0, 1.0])}, numerical)
    assert mismatch is not None and "index (1,)" in mismatch.message


def test_the_count_of_wrong_elements_reads_in_the_right_number() -> None:
    one = compare_gradients({"x": np.array([0.8])}, {"x": np.array([1.6])}, rtol=1e-6, atol=1e-8)
    assert one is not None and one.details[0] == "1 of 1 element of d/dx differs"
    two = compare_gradients(
        {"x": np.array([0.8, 1.0, 2.0])}, {"x": np.array([1.6, 2.0, 2.0])}, rtol=1e-6, atol=1e-8
    )
    assert two is not None and two.details[0] == "2 of 3 elements of d/dx differ"

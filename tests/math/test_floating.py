"""groundup.math.floating against NumPy's finfo and exact roots."""

from __future__ import annotations

import numpy as np
import pytest

from groundup.math.floating import (
    float_types_table,
    machine_epsilon,
    quadratic_roots,
    quadratic_roots_naive,
)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_machine_epsilon_matches_finfo(dtype: type) -> None:
    # Exact: epsilon is a power of two, found by exact halvings.
    assert machine_epsilon(dtype) == float(np.finfo(dtype).eps)


def test_machine_epsilon_rejects_integers() -> None:
    with pytest.raises(ValueError, match="floating"):
        machine_epsilon(np.int32)


def test_quadratic_roots_exact_small_case() -> None:
    # (x - 2)(x - 3): integer roots, exact in float64.
    np.testing.assert_array_equal(quadratic_roots(1.0, -5.0, 6.0), [2.0, 3.0])


@pytest.mark.parametrize("b", [1e8, -1e8, 1e12])
def test_quadratic_roots_avoid_cancellation(b: float) -> None:
    # Roots of x^2 + b x + 1 are about -b and -1/b; the small one's true value to
    # float64 accuracy is -1/b * (1 + 1/b^2 + ...) = -1/b here. np.roots (eigenvalues of
    # the companion matrix) is the oracle for the large root. Stable: relative 1e-14.
    got = quadratic_roots(1.0, b, 1.0)
    small = got[np.argmin(np.abs(got))]
    large = got[np.argmax(np.abs(got))]
    assert small == pytest.approx(-1.0 / b, rel=1e-14)
    assert large == pytest.approx(np.max(np.abs(np.roots([1.0, b, 1.0]))) * -np.sign(b), rel=1e-12)
    # the naive formula loses digits of the small root (more than 1e-3 relative)
    naive = quadratic_roots_naive(1.0, b, 1.0)
    naive_small = naive[np.argmin(np.abs(naive))]
    assert abs(naive_small - (-1.0 / b)) > 1e-3 * abs(1.0 / b)


def test_quadratic_roots_double_and_zero() -> None:
    np.testing.assert_array_equal(quadratic_roots(1.0, 0.0, 0.0), [0.0, 0.0])
    np.testing.assert_array_equal(quadratic_roots(1.0, -2.0, 1.0), [1.0, 1.0])


def test_quadratic_roots_errors() -> None:
    with pytest.raises(ValueError, match="linear"):
        quadratic_roots(0.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="negative"):
        quadratic_roots(1.0, 0.0, 1.0)


def test_float_types_table_matches_finfo() -> None:
    names = [row[0] for row in float_types_table()]
    assert names == ["float16", "float32", "float64"]
    assert [row[1] for row in float_types_table()] == [11, 24, 53]

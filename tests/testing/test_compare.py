import numpy as np

from groundup.testing.compare import close, close_up_to_sign, show
from groundup.testing.trace import Trace


def test_equal_arrays_pass_and_tolerance_is_respected() -> None:
    a = np.array([1.0, 2.0, 3.0])
    assert close(a, a.copy()) is None
    assert close(a + 1e-12, a, rtol=0, atol=1e-9) is None
    assert close(a + 1e-6, a, rtol=0, atol=1e-9) is not None


def test_shape_mismatch_names_both_shapes() -> None:
    m = close(np.zeros((2, 3)), np.zeros((3, 2)))
    assert m is not None and "(2, 3)" in m.message and "(3, 2)" in m.message


def test_largest_error_is_located() -> None:
    expected = np.zeros((3, 3))
    got = expected.copy()
    got[2, 1] = 5.0
    got[0, 0] = 0.5
    m = close(got, expected)
    assert m is not None
    assert "2 of 9" in m.message
    assert "(2, 1)" in m.details[0] and "got 5" in m.details[0]


def test_nan_where_a_number_belongs_is_reported() -> None:
    m = close(np.array([1.0, np.nan]), np.array([1.0, 2.0]))
    assert m is not None and "NaN" in m.message and "(1,)" in m.message


def test_tuples_compare_item_by_item() -> None:
    m = close((np.ones(2), 3.0), (np.ones(2), 4.0))
    assert m is not None and "your result[1]" in m.message
    assert close((1.0, 2.0), [1.0]) is not None


def test_wrong_type_is_not_a_pass() -> None:
    assert close(None, np.ones(2)) is not None
    assert close("1.0", 1.0) is not None
    assert close(np.ones(2), 1.0) is not None


def test_integer_expected_rejects_floats() -> None:
    assert close(np.array([1.0, 2.0]), np.array([1, 2])) is not None


def test_sign_ambiguity_is_accepted_per_vector() -> None:
    e = np.array([[1.0, 2.0], [3.0, -1.0]])
    got = e * np.array([[-1.0], [1.0]])
    assert close_up_to_sign(got, e, 1e-9, 1e-12) is None
    assert close_up_to_sign(-e[0], e[0], 1e-9, 1e-12) is None
    assert close_up_to_sign(e[0] * 2, e[0], 1e-9, 1e-12) is not None


def test_show_summarizes_large_arrays() -> None:
    assert "shape=(100, 100)" in show(np.zeros((100, 100)))
    assert "shape=(2,)" in show(np.zeros(2))


def test_show_writes_numbers_as_a_learner_reads_them() -> None:
    assert show(np.float64(0.5)) == "0.5" and show(np.int64(3)) == "3"
    assert show(np.float32(0.1)) == "0.1 (float32)"  # the precision is part of the story
    assert show([np.float64(1.5), np.float64(2.0)]) == "[1.5, 2.0]"
    assert show((3,)) == "(3,)" and show(np.float64) == "np.float64"
    assert show(list(range(20))).endswith("... (20 items)]")
    assert show({"lr": np.float64(0.1)}) == "{'lr': 0.1}"


def test_counts_are_in_the_right_number() -> None:
    one = close(np.array([1.0]), np.array([2.0]))
    assert one is not None and one.message == "your result differs from the expected value"
    short = close((1.0,), (1.0, 2.0))
    assert short is not None and "has 1 item," in short.message
    trace_a, trace_b = Trace(), Trace()
    trace_a.record("step 1", 1.0)
    for k in (1, 2):
        trace_b.record(f"step {k}", 1.0)
    stopped = close(trace_a, trace_b)
    assert stopped is not None and "1 step, expected 2" in stopped.message


def test_float32_results_say_so() -> None:
    m = close(np.ones(3, dtype=np.float32) / 3, np.ones(3) / 3, 1e-10, 1e-12)
    assert m is not None and "float32" in m.details[0] and "float64" in m.details[0]
    assert close(np.ones(3) * 2, np.ones(3), 1e-10, 1e-12).details[0].startswith("largest")  # type: ignore[union-attr]

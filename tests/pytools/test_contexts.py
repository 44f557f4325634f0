"""Context managers of section 0.1: NumPy's own ``np.printoptions`` context is the
oracle for what "set, then restore" means; the Timer runs on a fake clock."""

from __future__ import annotations

import numpy as np
import pytest

from groundup.pytools.contexts import Timer, print_options


@pytest.fixture(autouse=True)
def restore_numpy_printoptions() -> object:
    saved = np.get_printoptions()
    yield
    np.set_printoptions(**saved)


def test_print_options_matches_numpy_printoptions() -> None:
    np.set_printoptions(precision=5, suppress=True)
    before = np.get_printoptions()
    with print_options(precision=2, threshold=4):
        ours = np.get_printoptions()
        text = str(np.array([1 / 3, 2 / 3]))
    with np.printoptions(precision=2, threshold=4):
        theirs = np.get_printoptions()
        expected = str(np.array([1 / 3, 2 / 3]))
    assert ours == theirs and text == expected == "[0.33 0.67]"
    assert np.get_printoptions() == before


def test_print_options_restores_on_exception_and_propagates_it() -> None:
    np.set_printoptions(precision=6)
    before = np.get_printoptions()
    with pytest.raises(KeyError, match="boom"), print_options(precision=1):
        raise KeyError("boom")
    assert np.get_printoptions() == before


def test_timer_measures_the_block_with_an_injected_clock() -> None:
    readings = iter([5.0, 7.5])
    with Timer(clock=lambda: next(readings)) as t:
        assert t.elapsed is None
    assert t.elapsed == 2.5


def test_timer_records_and_propagates_an_exception() -> None:
    readings = iter([1.0, 1.25])
    timer = Timer(clock=lambda: next(readings))
    with pytest.raises(ZeroDivisionError), timer:
        1 / 0  # noqa: B018
    assert timer.elapsed == 0.25

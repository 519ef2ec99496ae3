from __future__ import annotations

import time

import pytest

from hverdag.planning.stop import FirstOf, MaxIterations, MaxRuntime, NoImprovement


def test_max_iterations_counts_calls() -> None:
    stop = MaxIterations(2)
    assert [stop(1.0) for _ in range(4)] == [False, False, True, True]


def test_max_runtime_counts_from_creation() -> None:
    stop = MaxRuntime(0.05)
    assert not stop(1.0)
    time.sleep(0.06)
    assert stop(1.0)


def test_no_improvement() -> None:
    stop = NoImprovement(1)
    assert [stop(c) for c in (5, 4, 4, 4)] == [False, False, False, True]


def test_first_of_and_or_operator() -> None:
    stop = MaxIterations(100) | MaxIterations(1)
    assert isinstance(stop, FirstOf)
    assert [stop(0.0) for _ in range(3)] == [False, True, True]


def test_negative_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="seconds must be >= 0"):
        MaxRuntime(-1)
    with pytest.raises(ValueError, match="iterations must be >= 0"):
        MaxIterations(-1)

"""Stopping criteria: small callables asked once per iteration whether the search should stop.

Shaped like PyVRP's ``pyvrp.stop``: ``criterion(best_cost) -> bool``. Combine them with
:class:`FirstOf` (or the ``|`` operator).
"""

from __future__ import annotations

import time
from typing import Protocol


class StoppingCriterion(Protocol):
    def __call__(self, best_cost: float) -> bool:
        """True when the search should stop."""
        ...


class _Combinable:
    def __or__(self, other: StoppingCriterion) -> FirstOf:
        return FirstOf(self, other)  # type: ignore[arg-type]


class MaxRuntime(_Combinable):
    """Stop after ``seconds`` of wall-clock time, counted from when the criterion is created.

    Create it just before calling ``solve`` so that building the first plan counts too.
    """

    def __init__(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"MaxRuntime: seconds must be >= 0, got {seconds}")
        self.seconds = seconds
        self._start = time.perf_counter()

    def __call__(self, best_cost: float) -> bool:
        return time.perf_counter() - self._start >= self.seconds


class MaxIterations(_Combinable):
    """Stop after ``iterations`` calls (the first call is iteration 0)."""

    def __init__(self, iterations: int) -> None:
        if iterations < 0:
            raise ValueError(f"MaxIterations: iterations must be >= 0, got {iterations}")
        self.iterations = iterations
        self._calls = 0

    def __call__(self, best_cost: float) -> bool:
        self._calls += 1
        return self._calls > self.iterations


class NoImprovement(_Combinable):
    """Stop after ``iterations`` consecutive calls without a better best cost."""

    def __init__(self, iterations: int) -> None:
        self.iterations = iterations
        self._best = float("inf")
        self._since = 0

    def __call__(self, best_cost: float) -> bool:
        if best_cost < self._best:
            self._best = best_cost
            self._since = 0
        else:
            self._since += 1
        return self._since > self.iterations


class FirstOf(_Combinable):
    """Stop as soon as any of the criteria says so (all are asked, so each keeps count)."""

    def __init__(self, *criteria: StoppingCriterion) -> None:
        if not criteria:
            raise ValueError("FirstOf needs at least one criterion")
        self.criteria = criteria

    def __call__(self, best_cost: float) -> bool:
        results = [criterion(best_cost) for criterion in self.criteria]
        return any(results)

"""``solve(problem, stop, seed) -> Result``: the public entry point of the planner."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hverdag.planning import engine
from hverdag.planning.evaluate import Evaluation, evaluate
from hverdag.planning.model import Problem, Route
from hverdag.planning.stop import StoppingCriterion


@dataclass(frozen=True)
class Unassigned:
    """A visit left out of the plan, and why."""

    visit: str
    reason: str


@dataclass(frozen=True)
class Progress:
    """What an ``on_improvement`` callback receives: the new best plan so far."""

    objective: float
    iteration: int
    seconds: float
    routes: tuple[Route, ...]


@dataclass(frozen=True)
class Result:
    """The best plan found, checked by the independent evaluator."""

    routes: tuple[Route, ...]
    evaluation: Evaluation
    unassigned: tuple[Unassigned, ...]
    iterations: int
    seconds: float
    seed: int
    #: For re-planning: visits whose caregiver(s) changed versus the current plan.
    moved: int | None = None

    @property
    def objective(self) -> float:
        return self.evaluation.objective

    @property
    def feasible(self) -> bool:
        return self.evaluation.feasible


def unassigned_reason(problem: Problem, visit_id: str, planned: set[str]) -> str:
    """The most specific reason we can name for a visit being left out."""
    v = problem.visit(visit_id)
    qualified = [c for c in problem.caregivers if problem.qualified(v, c)]
    if len(qualified) < v.staff:
        if v.pinned_caregiver is not None and not qualified:
            return f"pinned caregiver {v.pinned_caregiver!r} is not qualified or not available"
        return "no qualified caregiver" if not qualified else "not enough qualified caregivers"
    latest_start = v.latest if v.hard_latest else float("inf")
    if v.pinned_start is not None:
        latest_start = min(latest_start, v.pinned_start)
    reachable = []
    for c in qualified:
        arrive = c.shift_start + problem.travel.time(c.start_location, v.location, c.transport)
        if max(arrive, v.earliest) <= latest_start + 1e-9:
            reachable.append(c)
    if len(reachable) < v.staff:
        return "window unreachable: no qualified caregiver can get there in time"
    fits = []
    for c in reachable:
        arrive = c.shift_start + problem.travel.time(c.start_location, v.location, c.transport)
        back = (
            max(arrive, v.earliest)
            + v.duration
            + problem.travel.time(v.location, c.end_location, c.transport)
        )
        if back <= c.shift_end + c.max_overtime + 1e-9:
            fits.append(c)
    if len(fits) < v.staff:
        return "shift too short: no qualified caregiver can do it and get back within the shift"
    for link in problem.links:
        other = (
            link.second
            if link.first == visit_id
            else link.first
            if link.second == visit_id
            else None
        )
        if other is not None and other not in planned:
            return f"linked visit {other!r} could not be planned either"
    return "no room: the qualified caregivers' days are full around its window"


def _result(
    problem: Problem, routes: tuple[Route, ...], iterations: int, seconds: float, seed: int
) -> Result:
    ev = evaluate(problem, routes)
    planned = {s.visit for r in routes for s in r.stops}
    reasons = tuple(Unassigned(v, unassigned_reason(problem, v, planned)) for v in ev.unassigned)
    return Result(routes, ev, reasons, iterations, seconds, seed)


def solve(
    problem: Problem,
    stop: StoppingCriterion,
    seed: int = 0,
    *,
    initial: Sequence[Route] | None = None,
    on_improvement: Callable[[Progress], None] | None = None,
    extra_cost: Callable[[int, int], float] | None = None,
) -> Result:
    """Plan ``problem`` until ``stop`` says so; deterministic for a given ``seed``.

    With a time limit the search *trajectory* is the same for a seed, but how far it gets depends
    on the machine; use :class:`~hverdag.planning.stop.MaxIterations` for bit-identical results.
    ``initial`` seeds the search with existing routes (re-planning). ``extra_cost(visit index,
    caregiver index)`` adds a cost per assignment.
    """
    t0 = time.perf_counter()
    rng = random.Random(seed)
    c = engine.compile_problem(problem, extra_cost)
    st = engine.from_routes(c, initial) if initial else engine.State(c)
    if not initial:
        engine.schedule(c, st)
    engine.construct(c, st, rng)

    def report(best: engine.State, it: int) -> None:
        if on_improvement is not None:
            routes = engine.to_routes(c, best)
            on_improvement(Progress(best.cost, it, time.perf_counter() - t0, routes))

    report(st, 0)
    best, stats = engine.search(c, st, stop, rng, report if on_improvement else None)
    return _result(
        problem, engine.to_routes(c, best), stats.iterations, time.perf_counter() - t0, seed
    )

"""``solve(problem, stop, seed) -> Result``: the public entry point of the planner.

A visit left out comes back as :class:`Unassigned` with an :class:`UnassignedReason` and the
other object the reason names, so a caller can say why in its own words.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from hverdag.planning import engine
from hverdag.planning.evaluate import Evaluation, evaluate
from hverdag.planning.model import Problem, Route
from hverdag.planning.params import Params
from hverdag.planning.stop import StoppingCriterion


class UnassignedReason(StrEnum):
    """Why a visit was left out, most specific first (the value is a stable code to store)."""

    #: ``other`` is the pinned caregiver, who lacks a skill, is forbidden or has no shift.
    PINNED_UNAVAILABLE = "pinned_unavailable"
    NO_QUALIFIED = "no_qualified"
    #: A two-person visit with only one qualified caregiver on shift.
    TOO_FEW_QUALIFIED = "too_few_qualified"
    #: No qualified caregiver can arrive before the hard latest (or pinned) start.
    WINDOW_UNREACHABLE = "window_unreachable"
    #: No qualified caregiver can do it and get back within shift and allowed overtime.
    SHIFT_TOO_SHORT = "shift_too_short"
    #: ``other`` is a linked visit that was left out too.
    LINKED_UNPLANNED = "linked_unplanned"
    #: It could be done alone, but the search found no place among the other visits.
    NO_ROOM = "no_room"


@dataclass(frozen=True)
class Unassigned:
    """A visit left out of the plan, and why; ``str()`` / ``message`` is the planner's English."""

    visit: str
    reason: UnassignedReason
    #: The other object the reason names: the linked visit, the pinned caregiver.
    other: str | None = None

    @property
    def message(self) -> str:
        r = UnassignedReason
        match self.reason:
            case r.PINNED_UNAVAILABLE:
                return f"pinned caregiver {self.other!r} is not qualified or not available"
            case r.NO_QUALIFIED:
                return "no qualified caregiver"
            case r.TOO_FEW_QUALIFIED:
                return "not enough qualified caregivers"
            case r.WINDOW_UNREACHABLE:
                return "window unreachable: no qualified caregiver can get there in time"
            case r.SHIFT_TOO_SHORT:
                return (
                    "shift too short: no qualified caregiver can do it and get back within the "
                    "shift"
                )
            case r.LINKED_UNPLANNED:
                return f"linked visit {self.other!r} could not be planned either"
            case r.NO_ROOM:
                return "no room: the qualified caregivers' days are full around its window"
        raise AssertionError(self.reason)  # pragma: no cover - every reason is handled above

    def __str__(self) -> str:
        return self.message


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


def unassigned_reason(problem: Problem, visit_id: str, planned: set[str]) -> Unassigned:
    """The most specific reason we can name for a visit being left out."""
    v = problem.visit(visit_id)
    r = UnassignedReason
    qualified = [c for c in problem.caregivers if problem.qualified(v, c)]
    if len(qualified) < v.staff:
        if v.pinned_caregiver is not None and not qualified:
            return Unassigned(visit_id, r.PINNED_UNAVAILABLE, v.pinned_caregiver)
        return Unassigned(visit_id, r.NO_QUALIFIED if not qualified else r.TOO_FEW_QUALIFIED)
    latest_start = v.latest if v.hard_latest else float("inf")
    if v.pinned_start is not None:
        latest_start = min(latest_start, v.pinned_start)
    reachable = []
    for c in qualified:
        arrive = c.shift_start + problem.travel.time(c.start_location, v.location, c.transport)
        if max(arrive, v.earliest) <= latest_start + 1e-9:
            reachable.append(c)
    if len(reachable) < v.staff:
        return Unassigned(visit_id, r.WINDOW_UNREACHABLE)
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
        return Unassigned(visit_id, r.SHIFT_TOO_SHORT)
    for link in problem.links:
        other = (
            link.second
            if link.first == visit_id
            else link.first
            if link.second == visit_id
            else None
        )
        if other is not None and other not in planned:
            return Unassigned(visit_id, r.LINKED_UNPLANNED, other)
    return Unassigned(visit_id, r.NO_ROOM)


def _result(
    problem: Problem, routes: tuple[Route, ...], iterations: int, seconds: float, seed: int
) -> Result:
    ev = evaluate(problem, routes)
    planned = {s.visit for r in routes for s in r.stops}
    reasons = tuple(unassigned_reason(problem, v, planned) for v in ev.unassigned)
    return Result(routes, ev, reasons, iterations, seconds, seed)


def solve(
    problem: Problem,
    stop: StoppingCriterion,
    seed: int = 0,
    *,
    initial: Sequence[Route] | None = None,
    on_improvement: Callable[[Progress], None] | None = None,
    extra_cost: Callable[[int, int], float] | None = None,
    params: Params | None = None,
) -> Result:
    """Plan ``problem`` until ``stop`` says so; deterministic for a given ``seed``.

    With a time limit the search *trajectory* is the same for a seed, but how far it gets depends
    on the machine; use :class:`~hverdag.planning.stop.MaxIterations` for bit-identical results.
    ``initial`` seeds the search with existing routes (re-planning). ``extra_cost(visit index,
    caregiver index)`` adds a cost per assignment. ``params`` tunes the search (default:
    :class:`~hverdag.planning.params.Params`, tuned on the HHCRSP benchmark).
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
    best, stats = engine.search(c, st, stop, rng, report if on_improvement else None, params)
    return _result(
        problem, engine.to_routes(c, best), stats.iterations, time.perf_counter() - t0, seed
    )

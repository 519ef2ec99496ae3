"""Independent evaluator: feasibility and every cost term of a plan, recomputed from scratch.

This module deliberately shares no code with the solver. It reads only the problem and the routes
(with their start times) and checks every hard rule; a broken rule is a :class:`Violation`, never
an exception: data naming the rule (:class:`ViolationKind`) and everything involved, so a caller
can say it in its own words; ``str()`` gives the planner's English sentence. Costs are computed
from the given start times, so a plan that waits longer than necessary is charged for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from hverdag.planning.model import Problem, Route, Visit

#: Tolerance in minutes for comparing times (published solutions round times to 0.001).
EPS = 2e-3


class ViolationKind(StrEnum):
    """One member per hard rule the evaluator checks (the value is a stable code to store)."""

    #: A route names a caregiver the problem does not have.
    UNKNOWN_CAREGIVER = "unknown_caregiver"
    #: A caregiver has a second route (it is ignored).
    DUPLICATE_ROUTE = "duplicate_route"
    #: A stop names a visit the problem does not have.
    UNKNOWN_VISIT = "unknown_visit"
    VISIT_TWICE = "visit_twice"
    #: ``at`` (the start) is before ``bound``, the arrival from the previous stop.
    BEFORE_ARRIVAL = "before_arrival"
    #: ``at`` is before ``bound``, the visit's earliest start.
    BEFORE_WINDOW = "before_window"
    #: ``at`` is after ``bound``, a hard latest start.
    AFTER_HARD_LATEST = "after_hard_latest"
    #: ``at`` is not ``bound``, the pinned start.
    PINNED_START = "pinned_start"
    #: The caregiver lacks ``skill`` (the first missing one, alphabetically).
    MISSING_SKILL = "missing_skill"
    FORBIDDEN = "forbidden"
    #: The visit is pinned to ``other``, another caregiver.
    PINNED_CAREGIVER = "pinned_caregiver"
    #: ``at`` is the day's load, ``bound`` the capacity.
    OVER_CAPACITY = "over_capacity"
    NO_BREAK = "no_break"
    #: The break starts at ``at``, outside ``[bound, upper]``.
    BREAK_OUTSIDE_WINDOW = "break_outside_window"
    #: The break at ``at`` overlaps a visit or the travel to it.
    BREAK_OVERLAP = "break_overlap"
    #: The day ends at ``at``, beyond ``bound`` (shift end) plus ``allowance`` (max overtime).
    OVERTIME = "overtime"
    #: The visit needs ``staff`` caregivers and has ``count``.
    STAFF_COUNT = "staff_count"
    #: The two caregivers of a two-person visit start apart: ``caregiver`` at ``at``, ``other``
    #: at ``bound``.
    PAIR_APART = "pair_apart"
    #: One visit of ``link`` is planned, the other (``visit``) is not; ``other`` is the planned one.
    LINK_HALF_PLANNED = "link_half_planned"
    #: ``link`` = (``visit``, ``other``): the second starts ``at`` minutes after the first,
    #: outside ``[bound, upper]``.
    LINK_GAP = "link_gap"
    #: Both visits of a ``distinct`` ``link`` are done by ``caregiver``.
    LINK_SAME_CAREGIVER = "link_same_caregiver"


@dataclass(frozen=True)
class Violation:
    """A broken hard rule and everything it involves; ``str()`` is the planner's English.

    Which fields a kind fills is documented on :class:`ViolationKind`; numbers are kept exactly as
    the problem gave them, so the English sentence is the same whatever reads the fields.
    """

    kind: ViolationKind
    caregiver: str | None = None
    visit: str | None = None
    #: The offending value: a start, the break, the end of the day, the load, a gap.
    at: float | None = None
    #: The bound it breaks (or the lower end of the range it must lie in).
    bound: float | None = None
    #: The upper end of the range (break window, link gap).
    upper: float | None = None
    #: Minutes allowed past ``bound`` (overtime).
    allowance: float | None = None
    #: The other thing involved: the pinned caregiver, the second caregiver of a pair, the other
    #: visit of a link.
    other: str | None = None
    #: The link as (first, second).
    link: tuple[str, str] | None = None
    skill: str | None = None
    staff: int | None = None
    count: int | None = None

    @property
    def message(self) -> str:
        return str(self)

    def __str__(self) -> str:
        k, cg, v = self.kind, self.caregiver, self.visit
        link = f"link {self.link[0]!r} -> {self.link[1]!r}" if self.link else ""
        match k:
            case ViolationKind.UNKNOWN_CAREGIVER:
                return f"route for unknown caregiver {cg!r}"
            case ViolationKind.DUPLICATE_ROUTE:
                return f"caregiver {cg!r} has more than one route"
            case ViolationKind.UNKNOWN_VISIT:
                return f"{cg}: unknown visit {v!r}"
            case ViolationKind.VISIT_TWICE:
                return f"{cg}: visit {v!r} twice on one route"
            case ViolationKind.BEFORE_ARRIVAL:
                return f"{cg}: visit {v!r} starts at {self.at:.3f} before arrival {self.bound:.3f}"
            case ViolationKind.BEFORE_WINDOW:
                return (
                    f"{cg}: visit {v!r} starts at {self.at:.3f} before its window opens "
                    f"({self.bound})"
                )
            case ViolationKind.AFTER_HARD_LATEST:
                return (
                    f"{cg}: visit {v!r} starts at {self.at:.3f} after its hard latest start "
                    f"{self.bound}"
                )
            case ViolationKind.PINNED_START:
                return f"{cg}: visit {v!r} is pinned to {self.bound}, starts {self.at:.3f}"
            case ViolationKind.MISSING_SKILL:
                return f"{cg}: lacks skill {self.skill!r} for visit {v!r}"
            case ViolationKind.FORBIDDEN:
                return f"{cg}: is forbidden for visit {v!r}"
            case ViolationKind.PINNED_CAREGIVER:
                return f"{cg}: visit {v!r} is pinned to {self.other!r}"
            case ViolationKind.OVER_CAPACITY:
                return f"{cg}: load {self.at:g} exceeds capacity {self.bound:g}"
            case ViolationKind.NO_BREAK:
                return f"{cg}: no break taken"
            case ViolationKind.BREAK_OUTSIDE_WINDOW:
                return f"{cg}: break at {self.at:.3f} outside [{self.bound}, {self.upper}]"
            case ViolationKind.BREAK_OVERLAP:
                return f"{cg}: break at {self.at:.3f} overlaps a visit or its travel"
            case ViolationKind.OVERTIME:
                return (
                    f"{cg}: shift ends at {self.at:.3f}, beyond {self.bound} + {self.allowance} "
                    "allowed overtime"
                )
            case ViolationKind.STAFF_COUNT:
                return f"visit {v!r} needs {self.staff} caregiver(s), has {self.count}"
            case ViolationKind.PAIR_APART:
                return (
                    f"visit {v!r}: the two caregivers start at {self.at:.3f} and {self.bound:.3f}"
                )
            case ViolationKind.LINK_HALF_PLANNED:
                return f"{link}: {v!r} is unassigned, the other is planned"
            case ViolationKind.LINK_GAP:
                return f"{link}: gap {self.at:.3f} outside [{self.bound}, {self.upper}]"
            case ViolationKind.LINK_SAME_CAREGIVER:
                return f"{link}: both done by {cg!r}"
        raise AssertionError(k)  # pragma: no cover - every kind is handled above


@dataclass(frozen=True)
class Evaluation:
    """Cost terms, the weighted objective, unassigned visits and rule violations of a plan."""

    objective: float
    travel: float
    total_lateness: float
    max_lateness: float
    overtime: float
    #: Visits done by a caregiver new to the client.
    continuity: int
    #: Visits with preferred caregivers done by someone else.
    preference: int
    unassigned: tuple[str, ...]
    violations: tuple[Violation, ...]

    @property
    def feasible(self) -> bool:
        """No hard rule is broken (unassigned visits are allowed and costed)."""
        return not self.violations

    @property
    def complete(self) -> bool:
        """Feasible and every visit assigned."""
        return self.feasible and not self.unassigned


def evaluate(problem: Problem, routes: Sequence[Route]) -> Evaluation:
    """Recompute feasibility and the objective of ``routes`` for ``problem``."""
    visits = {v.id: v for v in problem.visits}
    caregivers = {c.id: c for c in problem.caregivers}
    violations: list[Violation] = []
    K = ViolationKind
    travel_total = 0.0
    lateness_total = 0.0
    lateness_max = 0.0
    overtime_total = 0.0
    continuity = 0
    preference = 0
    starts: dict[str, list[tuple[float, str]]] = {}
    seen_caregivers: set[str] = set()

    for route in routes:
        cg = caregivers.get(route.caregiver)
        if cg is None:
            violations.append(Violation(K.UNKNOWN_CAREGIVER, caregiver=route.caregiver))
            continue
        if cg.id in seen_caregivers:
            violations.append(Violation(K.DUPLICATE_ROUTE, caregiver=cg.id))
            continue
        seen_caregivers.add(cg.id)
        if not route.stops:
            continue
        here = cg.start_location
        free_at = cg.shift_start  # earliest moment the caregiver can leave ``here``
        departures: list[tuple[float, int]] = [(cg.shift_start, cg.start_location)]
        on_route: set[str] = set()
        load = 0.0
        for stop in route.stops:
            v: Visit | None = visits.get(stop.visit)
            if v is None:
                violations.append(Violation(K.UNKNOWN_VISIT, cg.id, stop.visit))
                continue
            if v.id in on_route:
                violations.append(Violation(K.VISIT_TWICE, cg.id, v.id))
            on_route.add(v.id)
            starts.setdefault(v.id, []).append((stop.start, cg.id))
            leg = problem.travel.time(here, v.location, cg.transport)
            travel_total += leg
            arrival = free_at + leg
            if stop.start < arrival - EPS:
                violations.append(
                    Violation(K.BEFORE_ARRIVAL, cg.id, v.id, at=stop.start, bound=arrival)
                )
            if stop.start < v.earliest - EPS:
                violations.append(
                    Violation(K.BEFORE_WINDOW, cg.id, v.id, at=stop.start, bound=v.earliest)
                )
            late = max(0.0, stop.start - v.latest)
            if v.hard_latest and late > EPS:
                violations.append(
                    Violation(K.AFTER_HARD_LATEST, cg.id, v.id, at=stop.start, bound=v.latest)
                )
            if v.pinned_start is not None and abs(stop.start - v.pinned_start) > EPS:
                violations.append(
                    Violation(K.PINNED_START, cg.id, v.id, at=stop.start, bound=v.pinned_start)
                )
            if not v.skills <= cg.skills:
                missing = sorted(v.skills - cg.skills)
                violations.append(Violation(K.MISSING_SKILL, cg.id, v.id, skill=missing[0]))
            if cg.id in v.forbidden:
                violations.append(Violation(K.FORBIDDEN, cg.id, v.id))
            if v.pinned_caregiver is not None and v.pinned_caregiver != cg.id:
                violations.append(
                    Violation(K.PINNED_CAREGIVER, cg.id, v.id, other=v.pinned_caregiver)
                )
            load += v.demand
            lateness_total += late
            lateness_max = max(lateness_max, late)
            if (v.client, cg.id) not in problem.familiar:
                continuity += 1
            if v.preferred and cg.id not in v.preferred:
                preference += 1
            free_at = stop.start + v.duration
            here = v.location
            departures.append((free_at, here))
        if cg.capacity is not None and load > cg.capacity + EPS:
            violations.append(Violation(K.OVER_CAPACITY, cg.id, at=load, bound=cg.capacity))
        leg = problem.travel.time(here, cg.end_location, cg.transport)
        travel_total += leg
        end = free_at + leg
        rule = cg.break_rule
        if rule is not None:
            if route.break_start is None:
                violations.append(Violation(K.NO_BREAK, cg.id))
            else:
                b = route.break_start
                if b < rule.earliest - EPS or b > rule.latest + EPS:
                    violations.append(
                        Violation(
                            K.BREAK_OUTSIDE_WINDOW,
                            cg.id,
                            at=b,
                            bound=rule.earliest,
                            upper=rule.latest,
                        )
                    )
                # The break sits in the gap after some departure, before travelling on.
                fits = False
                nexts = [s.start for s in route.stops]
                for i, (dep, loc) in enumerate(departures):
                    if b < dep - EPS:
                        continue
                    if i < len(nexts):
                        nxt = visits.get(route.stops[i].visit)
                        if nxt is None:
                            continue
                        need = problem.travel.time(loc, nxt.location, cg.transport)
                        if b + rule.duration + need <= nexts[i] + EPS:
                            fits = True
                            break
                    else:
                        fits = True
                        end = max(end, b + rule.duration + leg)
                if not fits:
                    violations.append(Violation(K.BREAK_OVERLAP, cg.id, at=b))
        overtime = max(0.0, end - cg.shift_end)
        if overtime > cg.max_overtime + EPS:
            violations.append(
                Violation(K.OVERTIME, cg.id, at=end, bound=cg.shift_end, allowance=cg.max_overtime)
            )
        overtime_total += overtime

    unassigned: list[str] = []
    for v in problem.visits:
        done = starts.get(v.id, [])
        if not done:
            unassigned.append(v.id)
            continue
        if len(done) != v.staff:
            violations.append(Violation(K.STAFF_COUNT, visit=v.id, staff=v.staff, count=len(done)))
        if v.staff == 2 and len(done) == 2 and abs(done[0][0] - done[1][0]) > EPS:
            (at, first), (bound, second) = done
            violations.append(
                Violation(K.PAIR_APART, first, v.id, at=at, bound=bound, other=second)
            )
    for link in problem.links:
        firsts, seconds = starts.get(link.first, []), starts.get(link.second, [])
        if bool(firsts) != bool(seconds):
            absent = link.second if firsts else link.first
            planned = link.first if firsts else link.second
            violations.append(
                Violation(
                    K.LINK_HALF_PLANNED,
                    visit=absent,
                    other=planned,
                    link=(link.first, link.second),
                )
            )
            continue
        for sa, ca in firsts:
            for sb, cb in seconds:
                gap = sb - sa
                if gap < link.min_gap - EPS or gap > link.max_gap + EPS:
                    violations.append(
                        Violation(
                            K.LINK_GAP,
                            visit=link.first,
                            other=link.second,
                            link=(link.first, link.second),
                            at=gap,
                            bound=link.min_gap,
                            upper=link.max_gap,
                        )
                    )
                if link.distinct and ca == cb:
                    violations.append(
                        Violation(
                            K.LINK_SAME_CAREGIVER,
                            ca,
                            link.first,
                            other=link.second,
                            link=(link.first, link.second),
                        )
                    )
    w = problem.weights
    objective = (
        w.travel * travel_total
        + w.lateness * lateness_total
        + w.max_lateness * lateness_max
        + w.overtime * overtime_total
        + w.continuity * continuity
        + w.preference * preference
        + w.unassigned * len(unassigned)
    )
    return Evaluation(
        objective=objective,
        travel=travel_total,
        total_lateness=lateness_total,
        max_lateness=lateness_max,
        overtime=overtime_total,
        continuity=continuity,
        preference=preference,
        unassigned=tuple(unassigned),
        violations=tuple(violations),
    )

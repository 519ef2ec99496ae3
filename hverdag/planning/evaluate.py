"""Independent evaluator: feasibility and every cost term of a plan, recomputed from scratch.

This module deliberately shares no code with the solver. It reads only the problem and the routes
(with their start times) and checks every hard rule; a broken rule is a *violation* with a readable
message, never an exception. Costs are computed from the given start times, so a plan that waits
longer than necessary is charged for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hverdag.planning.model import Problem, Route, Visit

#: Tolerance in minutes for comparing times (published solutions round times to 0.001).
EPS = 2e-3


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
    violations: tuple[str, ...]

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
    violations: list[str] = []
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
            violations.append(f"route for unknown caregiver {route.caregiver!r}")
            continue
        if cg.id in seen_caregivers:
            violations.append(f"caregiver {cg.id!r} has more than one route")
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
                violations.append(f"{cg.id}: unknown visit {stop.visit!r}")
                continue
            if v.id in on_route:
                violations.append(f"{cg.id}: visit {v.id!r} twice on one route")
            on_route.add(v.id)
            starts.setdefault(v.id, []).append((stop.start, cg.id))
            leg = problem.travel.time(here, v.location, cg.transport)
            travel_total += leg
            arrival = free_at + leg
            if stop.start < arrival - EPS:
                violations.append(
                    f"{cg.id}: visit {v.id!r} starts at {stop.start:.3f} before arrival "
                    f"{arrival:.3f}"
                )
            if stop.start < v.earliest - EPS:
                violations.append(
                    f"{cg.id}: visit {v.id!r} starts at {stop.start:.3f} before its window opens "
                    f"({v.earliest})"
                )
            late = max(0.0, stop.start - v.latest)
            if v.hard_latest and late > EPS:
                violations.append(
                    f"{cg.id}: visit {v.id!r} starts at {stop.start:.3f} after its hard latest "
                    f"start {v.latest}"
                )
            if v.pinned_start is not None and abs(stop.start - v.pinned_start) > EPS:
                violations.append(
                    f"{cg.id}: visit {v.id!r} is pinned to {v.pinned_start}, "
                    f"starts {stop.start:.3f}"
                )
            if not v.skills <= cg.skills:
                missing = sorted(v.skills - cg.skills)
                violations.append(f"{cg.id}: lacks skill {missing[0]!r} for visit {v.id!r}")
            if cg.id in v.forbidden:
                violations.append(f"{cg.id}: is forbidden for visit {v.id!r}")
            if v.pinned_caregiver is not None and v.pinned_caregiver != cg.id:
                violations.append(f"{cg.id}: visit {v.id!r} is pinned to {v.pinned_caregiver!r}")
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
            violations.append(f"{cg.id}: load {load:g} exceeds capacity {cg.capacity:g}")
        leg = problem.travel.time(here, cg.end_location, cg.transport)
        travel_total += leg
        end = free_at + leg
        rule = cg.break_rule
        if rule is not None:
            if route.break_start is None:
                violations.append(f"{cg.id}: no break taken")
            else:
                b = route.break_start
                if b < rule.earliest - EPS or b > rule.latest + EPS:
                    violations.append(
                        f"{cg.id}: break at {b:.3f} outside [{rule.earliest}, {rule.latest}]"
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
                    violations.append(f"{cg.id}: break at {b:.3f} overlaps a visit or its travel")
        overtime = max(0.0, end - cg.shift_end)
        if overtime > cg.max_overtime + EPS:
            violations.append(
                f"{cg.id}: shift ends at {end:.3f}, beyond {cg.shift_end} + {cg.max_overtime} "
                "allowed overtime"
            )
        overtime_total += overtime

    unassigned: list[str] = []
    for v in problem.visits:
        done = starts.get(v.id, [])
        if not done:
            unassigned.append(v.id)
            continue
        if len(done) != v.staff:
            violations.append(f"visit {v.id!r} needs {v.staff} caregiver(s), has {len(done)}")
        if v.staff == 2 and len(done) == 2 and abs(done[0][0] - done[1][0]) > EPS:
            violations.append(
                f"visit {v.id!r}: the two caregivers start at {done[0][0]:.3f} and {done[1][0]:.3f}"
            )
    for link in problem.links:
        firsts, seconds = starts.get(link.first, []), starts.get(link.second, [])
        if bool(firsts) != bool(seconds):
            absent = link.second if firsts else link.first
            violations.append(
                f"link {link.first!r} -> {link.second!r}: {absent!r} is unassigned, "
                "the other is planned"
            )
            continue
        for sa, ca in firsts:
            for sb, cb in seconds:
                gap = sb - sa
                if gap < link.min_gap - EPS or gap > link.max_gap + EPS:
                    violations.append(
                        f"link {link.first!r} -> {link.second!r}: gap {gap:.3f} outside "
                        f"[{link.min_gap}, {link.max_gap}]"
                    )
                if link.distinct and ca == cb:
                    violations.append(
                        f"link {link.first!r} -> {link.second!r}: both done by {ca!r}"
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

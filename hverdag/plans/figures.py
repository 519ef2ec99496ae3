"""Key figures of one plan, and the care promises measured over published plans.

Continuity is the Swedish national indicator (distinct staff per client over 14 days, lower is
better; ../domain/continuity.md) in a Norwegian scope: every client and every visit counted.
Punctuality: the share of planned visits whose planned start lets the visit be done inside the
agreed window (later, with check-in, the share *started* inside it).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import fields
from typing import Any

from hverdag.planning import Violation, evaluate
from hverdag.plans.problem import HISTORY_DAYS, DayProblem, visit_key
from hverdag.visits.models import PlanEntry, PlanRoute, PlanStatus

EPS = 1e-6


def distribution(counts: Iterable[int]) -> dict[str, Any]:
    """Median, mean, max and the histogram of per-client distinct-caregiver counts."""
    values = sorted(counts)
    if not values:
        return {"clients": 0, "median": None, "mean": None, "max": None, "histogram": {}}
    return {
        "clients": len(values),
        "median": float(statistics.median(values)),
        "mean": round(statistics.fmean(values), 2),
        "max": values[-1],
        "histogram": {str(k): v for k, v in sorted(Counter(values).items())},
    }


def caregivers_per_client(
    client_ids: Iterable[int],
    first: dt.date,
    last: dt.date,
    *,
    replace_day: dt.date | None = None,
    day_pairs: Iterable[tuple[int, int]] = (),
) -> dict[int, int]:
    """Distinct caregivers per client in published plans of ``first`` .. ``last``.

    ``replace_day`` / ``day_pairs`` put a draft in place of that day's published plan, so a
    draft's figure reads as "the 14 days ending with this plan".
    """
    clients = list(client_ids)
    entries = PlanEntry.objects.filter(
        plan__status=PlanStatus.PUBLISHED,
        plan__date__gte=first,
        plan__date__lte=last,
        employee__isnull=False,
        visit__client_id__in=clients,
    )
    if replace_day is not None:
        entries = entries.exclude(plan__date=replace_day)
    seen: dict[int, set[int]] = defaultdict(set)
    for client, employee in entries.values_list("visit__client_id", "employee_id").distinct():
        seen[client].add(employee)
    for client, employee in day_pairs:
        seen[client].add(employee)
    return {c: len(seen[c]) for c in clients if seen.get(c)}


def plan_figures(
    day: DayProblem,
    entries: Iterable[PlanEntry],
    plan_routes: Iterable[PlanRoute],
) -> dict[str, Any]:
    """Figures for a plan's entries and routes, evaluated against the day's problem."""
    entries = list(entries)
    routes = day.routes_from_entries(entries, plan_routes)
    ev = evaluate(day.problem, routes)
    visits = day.problem.visits
    latest = {v.id: v.latest for v in visits}
    starts = {s.visit: s.start for r in routes for s in r.stops}
    inside = sum(1 for vid, start in starts.items() if start <= latest[vid] + EPS)
    pairs = {
        (day.visits[visit_key(e.visit_id)].client_id, e.employee_id)
        for e in entries
        if e.employee_id is not None and visit_key(e.visit_id) in day.visits
    }
    counts = caregivers_per_client(
        {v.client_id for v in day.visits.values()},
        day.date - dt.timedelta(days=HISTORY_DAYS - 1),
        day.date,
        replace_day=day.date,
        day_pairs=pairs,
    )
    return {
        "visits": len(visits),
        "assigned": len(starts),
        "unassigned": len(ev.unassigned),
        "caregivers": sum(1 for r in routes if r.stops),
        "travel_minutes": round(ev.travel, 1),
        "outside_window": len(starts) - inside,
        "punctuality": round(inside / len(starts), 4) if starts else None,
        "lateness_minutes": round(ev.total_lateness, 1),
        "overtime_minutes": round(ev.overtime, 1),
        "new_caregiver_visits": ev.continuity,
        "objective": round(ev.objective, 1),
        "continuity_14d": distribution(counts.values()),
        "violations": [violation_figure(v) for v in ev.violations],
    }


def violation_figure(violation: Violation) -> dict[str, Any]:
    """A broken rule as saved in ``Plan.figures``: its kind and the fields it fills (planner
    ids, minutes from the day's origin), so it is put into words, with names, when shown."""
    saved: dict[str, Any] = {"kind": violation.kind.value}
    for f in fields(violation):
        value = getattr(violation, f.name)
        if f.name != "kind" and value is not None:
            saved[f.name] = list(value) if isinstance(value, tuple) else value
    return saved

"""Care promises as numbers, from published plans (and, once visits are checked in, from them).

- Continuity: distinct caregivers per client per 14-day period (the Swedish national
  indicator's statistic, in a Norwegian scope: every client and visit), median, mean and the
  distribution; plus the Swedish scope for comparison (65+, at least two visits every day of
  the period, 07-22, home nursing not counted), clearly labelled.
- Punctuality: share of planned visits whose planned start lets them be done inside the agreed
  window; the median minutes late of those that are not.
- Travel, overtime and unassigned visits from the plans' own figures.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from typing import Any

from hverdag.core.clock import tz
from hverdag.decisions.models import ServiceCategory
from hverdag.plans.figures import distribution
from hverdag.plans.scope import Scope
from hverdag.visits.models import (
    CheckAction,
    HandBack,
    PlanEntry,
    PlanRoute,
    PlanStatus,
    Visit,
    VisitCheck,
    VisitStatus,
    latest_start,
)

PERIOD_DAYS = 14
SWEDISH_HOURS = (dt.time(7), dt.time(22))
SWEDISH_MIN_AGE = 65


def periods(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Consecutive 14-day periods from ``first``; the last one may be shorter."""
    out = []
    start = first
    while start <= last:
        end = min(last, start + dt.timedelta(days=PERIOD_DAYS - 1))
        out.append((start, end))
        start = end + dt.timedelta(days=1)
    return out


def _age(birth: dt.date | None, on: dt.date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def scope_kpis(scope: Scope, first: dt.date, last: dt.date) -> dict[str, Any]:
    """Every figure for a scope's published plans from ``first`` to ``last`` inclusive."""
    if last < first:
        raise ValueError("the range ends before it begins")
    zone = tz()
    rows = list(
        PlanEntry.objects.filter(
            plan__status=PlanStatus.PUBLISHED,
            plan__date__gte=first,
            plan__date__lte=last,
            plan__provider=scope.provider,
            plan__team=scope.team,
        ).values_list(
            "plan__date",
            "employee_id",
            "start",
            "visit__client_id",
            "visit__client__birth_date",
            "visit__window_start",
            "visit__window_end",
            "visit__minutes",
            "visit__service__category",
        )
    )
    assigned = [r for r in rows if r[1] is not None]
    inside, late = 0, []
    for _, _, start, _, _, w_start, w_end, minutes, _ in assigned:
        if start is None:  # an assigned entry always has a start (model constraint)
            continue
        latest = latest_start(w_start, w_end, minutes)
        if w_start <= start <= latest:
            inside += 1
        elif start > latest:
            late.append((start - latest).total_seconds() / 60)

    period_out = []
    all_counts: list[int] = []
    swedish_counts: list[int] = []
    for p_first, p_last in periods(first, last):
        seen: dict[int, set[int]] = defaultdict(set)
        daily: dict[int, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
        swedish_seen: dict[int, set[int]] = defaultdict(set)
        births: dict[int, dt.date | None] = {}
        for date, employee, start, client, birth, *_rest, category in assigned:
            if start is None or not p_first <= date <= p_last:
                continue
            seen[client].add(employee)
            births[client] = birth
            clock = start.astimezone(zone).time()
            if SWEDISH_HOURS[0] <= clock <= SWEDISH_HOURS[1]:
                daily[client][date] += 1
                if category != ServiceCategory.HEALTH_CARE:
                    swedish_seen[client].add(employee)
        counts = [len(s) for s in seen.values()]
        days = (p_last - p_first).days + 1
        swedish = [
            len(swedish_seen[c])
            for c, per_day in daily.items()
            if days == PERIOD_DAYS
            and swedish_seen[c]
            and (_age(births[c], p_last) or 0) >= SWEDISH_MIN_AGE
            and len(per_day) == days
            and min(per_day.values()) >= 2
        ]
        all_counts += counts
        swedish_counts += swedish
        period_out.append(
            {
                "from": p_first.isoformat(),
                "to": p_last.isoformat(),
                "complete": days == PERIOD_DAYS,
                "continuity": distribution(counts),
                "continuity_swedish_scope": distribution(swedish),
            }
        )
    routes = PlanRoute.objects.filter(
        plan__status=PlanStatus.PUBLISHED,
        plan__date__gte=first,
        plan__date__lte=last,
        plan__provider=scope.provider,
        plan__team=scope.team,
    ).values_list("travel_minutes", flat=True)
    travel = float(sum(routes))
    cancelled: dict[str, int] = defaultdict(int)
    for reason in Visit.objects.filter(
        scope.visit_filter(), date__gte=first, date__lte=last, status=VisitStatus.CANCELLED
    ).values_list("cancel_reason", flat=True):
        cancelled[reason or "unknown"] += 1
    planned_days = sorted({r[0] for r in rows})
    return {
        **_field_figures(scope, first, last),
        "scope": scope.label,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "days_with_published_plan": len(planned_days),
        "visits_in_plans": len(rows),
        "assigned": len(assigned),
        "unassigned": len(rows) - len(assigned),
        "cancelled": dict(sorted(cancelled.items())),
        "continuity": {
            "measure": "distinct caregivers per client per 14-day period (all clients, all visits)",
            **distribution(all_counts),
            "periods": period_out,
        },
        "continuity_swedish_scope": {
            "measure": (
                "Swedish national indicator's scope: clients 65+ with at least two visits every "
                "day of a full 14-day period, 07-22, home nursing not counted"
            ),
            **distribution(swedish_counts),
        },
        "punctuality": {
            "measure": "share of planned visits that can be done inside the agreed window",
            "share": round(inside / len(assigned), 4) if assigned else None,
            "inside": inside,
            "late": len(late),
            "median_minutes_late": round(statistics.median(late), 1) if late else 0.0,
        },
        "travel_minutes": round(travel, 1),
        "travel_minutes_per_visit": round(travel / len(assigned), 2) if assigned else None,
    }


def _field_figures(scope: Scope, first: dt.date, last: dt.date) -> dict[str, Any]:
    """What happened at the door: punctuality by the caregivers' check-ins (the first
    check-in of each visit), clients not home and visits handed back."""
    of_scope = scope.visit_filter("visit__")
    first_in: dict[int, tuple[dt.datetime, dt.datetime, dt.datetime, int]] = {}
    for visit_id, at, w_start, w_end, minutes in VisitCheck.objects.filter(
        of_scope, visit__date__gte=first, visit__date__lte=last, action=CheckAction.CHECK_IN
    ).values_list("visit_id", "at", "visit__window_start", "visit__window_end", "visit__minutes"):
        if visit_id not in first_in or at < first_in[visit_id][0]:
            first_in[visit_id] = (at, w_start, w_end, minutes)
    inside, early, late = 0, 0, []
    for at, w_start, w_end, minutes in first_in.values():
        latest = latest_start(w_start, w_end, minutes)
        if at < w_start:
            early += 1
        elif at <= latest:
            inside += 1
        else:
            late.append((at - latest).total_seconds() / 60)
    checked = len(first_in)
    dated = {"visit__date__gte": first, "visit__date__lte": last}
    return {
        "punctuality_actual": {
            "measure": "share of checked-in visits whose first check-in was inside the window",
            "checked_in": checked,
            "share": round(inside / checked, 4) if checked else None,
            "inside": inside,
            "early": early,
            "late": len(late),
            "median_minutes_late": round(statistics.median(late), 1) if late else 0.0,
        },
        "not_home": Visit.objects.filter(
            scope.visit_filter(), date__gte=first, date__lte=last, status=VisitStatus.NOT_HOME
        ).count(),
        "handed_back": HandBack.objects.filter(of_scope, **dated).count(),
    }

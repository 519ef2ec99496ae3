"""Continuity and punctuality computed from published plans."""

from __future__ import annotations

import datetime as dt

from hverdag.visits.kpis import periods, scope_kpis
from hverdag.visits.models import Plan, PlanEntry, PlanSource, PlanStatus
from hverdag.visits.scope import local_time_on
from tests.visits.planning_fixtures import PlanningDay, add_visit


def publish_day(day: PlanningDay, date: dt.date, who: list[int], start: str = "08:00") -> None:
    """One medication visit per client, client i by employee who[i % len(who)]."""
    plan = Plan.objects.create(
        municipality=day.world.oslo,
        provider=day.world.municipal,
        team=day.world.ost,
        date=date,
        status=PlanStatus.PUBLISHED,
        source=PlanSource.OPTIMISED,
    )
    for i, client in enumerate(day.clients[:3]):
        visit = add_visit(
            client,
            day.services["medication"],
            date,
            "08:00",
            "09:00",
            15,
            provider_id=day.world.municipal.pk,
        )
        PlanEntry.objects.create(
            plan=plan,
            visit=visit,
            employee=day.employees[who[i % len(who)]],
            start=local_time_on(date, dt.time.fromisoformat(start)),
        )


def test_periods_are_14_days_from_the_first() -> None:
    got = periods(dt.date(2026, 11, 1), dt.date(2026, 11, 20))
    assert got == [
        (dt.date(2026, 11, 1), dt.date(2026, 11, 14)),
        (dt.date(2026, 11, 15), dt.date(2026, 11, 20)),
    ]


def test_continuity_counts_distinct_caregivers_per_client(day: PlanningDay) -> None:
    first = dt.date(2026, 11, 1)
    for offset in range(14):
        # Client 0 meets employee 0 or 1 on alternate days; clients 1 and 2 always the same.
        rota = [offset % 2, 2, 3]
        publish_day(day, first + dt.timedelta(days=offset), rota)
    result = scope_kpis(day.scope, first, first + dt.timedelta(days=13))
    continuity = result["continuity"]
    assert continuity["clients"] == 3
    assert continuity["histogram"] == {"1": 2, "2": 1}
    assert continuity["median"] == 1.0 and continuity["max"] == 2
    assert result["days_with_published_plan"] == 14
    # Medication is home nursing: not counted in the Swedish scope.
    assert result["continuity_swedish_scope"]["clients"] == 0


def test_drafts_and_superseded_plans_do_not_count(day: PlanningDay) -> None:
    date = dt.date(2026, 11, 3)
    publish_day(day, date, [0])
    Plan.objects.update(status=PlanStatus.SUPERSEDED)
    result = scope_kpis(day.scope, date, date)
    assert result["visits_in_plans"] == 0 and result["continuity"]["clients"] == 0


def test_punctuality_is_the_share_done_inside_the_window(day: PlanningDay) -> None:
    publish_day(day, dt.date(2026, 11, 2), [0, 1, 2], start="08:45")  # 15 min: done by 09:00
    publish_day(day, dt.date(2026, 11, 3), [0, 1, 2], start="08:50")  # 5 minutes late
    result = scope_kpis(day.scope, dt.date(2026, 11, 2), dt.date(2026, 11, 3))
    punctuality = result["punctuality"]
    assert (punctuality["inside"], punctuality["late"]) == (3, 3)
    assert punctuality["share"] == 0.5 and punctuality["median_minutes_late"] == 5.0

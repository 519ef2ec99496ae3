"""Continuity and punctuality computed from published plans."""

from __future__ import annotations

import datetime as dt
import uuid

from hverdag.core.clock import local_time_on
from hverdag.plans.kpis import periods, scope_kpis
from hverdag.staff.models import Employee
from hverdag.visits.models import (
    CheckAction,
    Plan,
    PlanEntry,
    PlanSource,
    PlanStatus,
    Visit,
    VisitCheck,
    VisitStatus,
    latest_start,
)
from tests.builders.people import World
from tests.builders.planning_day import PlanningDay, add_visit
from tests.builders.published_day import build_published_day


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


def test_punctuality_in_the_field_is_read_from_the_first_check_in(world: World) -> None:
    pub = build_published_day(world)
    nurse = world.nurse

    def check_in(visit: Visit, at: dt.datetime, employee: Employee) -> None:
        VisitCheck.objects.create(
            visit=visit,
            employee=employee,
            action=CheckAction.CHECK_IN,
            at=at,
            idempotency_key=uuid.uuid4(),
            recorded_by=nurse,
        )

    astrid, bjorn, hans = pub.astrid_medication, pub.bjorn_hygiene, pub.hans_first
    check_in(astrid, astrid.window_start + dt.timedelta(minutes=10), pub.nils)  # inside
    late_by = latest_start(bjorn.window_start, bjorn.window_end, bjorn.minutes)
    check_in(bjorn, late_by + dt.timedelta(minutes=12), pub.nils)  # 12 minutes late
    check_in(hans, hans.window_start - dt.timedelta(minutes=5), pub.nils)  # early
    # The partner's later check-in does not count: the visit began with the first.
    check_in(hans, hans.window_start + dt.timedelta(minutes=1), pub.anne)
    Visit.objects.filter(pk=pub.hans_second.pk).update(status=VisitStatus.NOT_HOME)
    result = scope_kpis(pub.day.scope, pub.day.date, pub.day.date)
    actual = result["punctuality_actual"]
    assert (actual["checked_in"], actual["inside"], actual["early"], actual["late"]) == (3, 1, 1, 1)
    assert actual["share"] == round(1 / 3, 4) and actual["median_minutes_late"] == 12.0
    assert (result["not_home"], result["handed_back"]) == (1, 0)

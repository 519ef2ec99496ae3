"""A published plan for today written row by row, so Min dag's tests know who goes where.

Nils (world.nurse) visits Astrid at 08:00, Hans at 08:30 with Anne (the double-staffed pair)
and Bjørn at 10:00.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from hverdag.core.clock import local_time_on
from hverdag.staff.models import Employee
from hverdag.visits.models import Plan, PlanEntry, PlanSource, PlanStatus, Visit
from tests.builders.people import World
from tests.builders.planning_day import PlanningDay, build_planning_day


@dataclass
class PublishedDay:
    day: PlanningDay
    plan: Plan
    nils: Employee
    anne: Employee
    astrid_medication: Visit
    hans_first: Visit
    hans_second: Visit
    bjorn_hygiene: Visit

    @property
    def world(self) -> World:
        return self.day.world


def publish_rows(day: PlanningDay, rows: list[tuple[Visit, Employee, str]]) -> Plan:
    """A published plan for the day with these (visit, caregiver, local start) entries."""
    team = day.world.ost
    plan = Plan.objects.create(
        municipality=day.world.oslo,
        provider=day.world.municipal,
        team=team,
        date=day.date,
        status=PlanStatus.PUBLISHED,
        source=PlanSource.MANUAL,
        published_at=timezone.now(),
    )
    for visit, employee, start in rows:
        PlanEntry.objects.create(
            plan=plan,
            visit=visit,
            employee=employee,
            start=local_time_on(day.date, dt.time.fromisoformat(start)),
        )
    return plan


def build_published_day(world: World, date: dt.date | None = None) -> PublishedDay:
    day = build_planning_day(world, date=date or timezone.localdate())
    nils, anne = day.employees[0], day.employees[1]
    visits = day.visits
    astrid_medication, bjorn_hygiene = visits[0], visits[3]
    hans_first, hans_second = visits[-2], visits[-1]
    plan = publish_rows(
        day,
        [
            (astrid_medication, nils, "08:00"),
            (hans_first, nils, "08:30"),
            (hans_second, anne, "08:30"),
            (bjorn_hygiene, nils, "10:00"),
        ],
    )
    return PublishedDay(
        day, plan, nils, anne, astrid_medication, hans_first, hans_second, bjorn_hygiene
    )

"""A caregiver with a visit in the published plan (yesterday to tomorrow) may read the record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hverdag.access import policy
from hverdag.access.models import AccessReason
from hverdag.core.clock import local_time_on
from hverdag.decisions.catalogue import install_catalogue
from hverdag.decisions.models import Service
from hverdag.visits.models import Plan, PlanEntry, PlanSource, PlanStatus, Visit
from tests.builders.people import World


def plan_visit(world: World, days_from_today: int, status: PlanStatus) -> None:
    """Siri (team Vest) covers a visit to Ingrid (team Øst)."""
    install_catalogue(world.oslo)
    date = timezone.localdate() + dt.timedelta(days=days_from_today)
    visit = Visit.objects.create(
        municipality=world.oslo,
        team=world.ost,
        provider=world.municipal,
        client=world.ingrid,
        service=Service.objects.get(municipality=world.oslo, code="medication"),
        date=date,
        window_start=local_time_on(date, dt.time(8)),
        window_end=local_time_on(date, dt.time(10)),
        minutes=15,
    )
    plan = Plan.objects.create(
        municipality=world.oslo,
        provider=world.municipal,
        team=world.ost,
        date=date,
        status=status,
        source=PlanSource.OPTIMISED,
    )
    PlanEntry.objects.create(
        plan=plan, visit=visit, employee=world.nurse_vest.employee, start=visit.window_start
    )


def test_without_a_planned_visit_another_teams_nurse_has_no_relationship(world: World) -> None:
    assert policy.care_relationship(world.nurse_vest, world.ingrid) is None


@pytest.mark.parametrize("days", [-1, 0, 1])
def test_a_visit_in_the_published_plan_near_today_is_a_relationship(
    world: World, days: int
) -> None:
    plan_visit(world, days, PlanStatus.PUBLISHED)
    assert policy.care_relationship(world.nurse_vest, world.ingrid) == AccessReason.PLANNED_VISIT


@pytest.mark.parametrize(
    ("days", "status"),
    [(-3, PlanStatus.PUBLISHED), (2, PlanStatus.PUBLISHED), (0, PlanStatus.DRAFT)],
)
def test_older_later_or_draft_plans_give_no_relationship(
    world: World, days: int, status: PlanStatus
) -> None:
    plan_visit(world, days, status)
    assert policy.care_relationship(world.nurse_vest, world.ingrid) is None

"""The demo rota in the database: shifts and absences as the rota plans them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import override_settings
from pytest_django import DjangoDbBlocker

from hverdag.demo.generate import generate
from hverdag.demo.load import ROTA_DAYS_AFTER, ROTA_DAYS_BEFORE, LoadResult, load
from hverdag.demo.rota import rota
from hverdag.org.models import Team
from hverdag.staff.models import Absence, Shift
from hverdag.staff.selectors import absences_on, available_employees

SEED = 301
TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[LoadResult]:
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        yield load(generate(SEED), today=TODAY)
        transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("loaded", "db")


def test_the_rota_runs_from_two_weeks_back_to_four_weeks_ahead(loaded: LoadResult) -> None:
    first = TODAY - dt.timedelta(days=ROTA_DAYS_BEFORE)
    last = TODAY + dt.timedelta(days=ROTA_DAYS_AFTER)

    assert (loaded.rota_from, loaded.rota_to) == (first, last)
    dates = Shift.objects.values_list("date", flat=True)
    assert (min(dates), max(dates)) == (first, last)
    assert loaded.shifts == Shift.objects.count()
    assert loaded.absences == Absence.objects.count() == 8


def test_the_database_holds_the_rota_the_seed_plans(loaded: LoadResult) -> None:
    planned = rota(generate(SEED).staff, loaded.rota_from, loaded.rota_to, seed=SEED)
    stored = set(
        Shift.objects.values_list(
            "employee__user__username", "date", "kind", "starts_at", "ends_at", "break_minutes"
        )
    )

    assert stored == {
        (s.username, s.date, s.kind, s.starts_at, s.ends_at, s.break_minutes)
        for s in planned.shifts
    }


def test_a_shift_carries_its_employees_team() -> None:
    pairs = set(Shift.objects.values_list("team_id", "employee__team_id"))

    assert all(team == employee_team for team, employee_team in pairs)
    assert (None, None) in pairs  # private providers' helpers: no team


def test_absences_are_registered_by_the_team_leader() -> None:
    for absence in Absence.objects.select_related("employee", "registered_by"):
        leader = absence.registered_by.role_assignments.get()
        assert (leader.role, leader.team_id) == ("team_leader", absence.employee.team_id)
        assert absence.withdrawn_at is None


def test_the_planner_sees_who_is_at_work_and_not_the_staff_away() -> None:
    holiday = Absence.objects.filter(kind="holiday").select_related("employee").first()
    assert holiday is not None
    team = holiday.employee.team
    assert isinstance(team, Team)
    day = holiday.starts_on
    on_shift = set(
        Shift.objects.filter(employee__team=team, date=day).values_list("employee", flat=True)
    )

    available = available_employees(team, day)

    assert len(available) >= 8
    assert holiday.employee_id not in {e.pk for e, _ in available}
    if holiday.employee_id in on_shift:  # away from a planned shift: left out, not lost
        assert {e.pk for e, _ in available} == on_shift - {holiday.employee_id}
    assert absences_on(day, [holiday.employee]) == {holiday.employee_id: holiday}

"""Who is at work on a day: a shift, and no absence that covers the day."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hverdag.access.models import User
from hverdag.staff.models import Absence, AbsenceKind, Employee, Profession, Shift, ShiftKind
from hverdag.staff.selectors import absences_on, available_employees
from tests.builders.people import World

DAY = dt.date(2026, 11, 25)


def shift(
    employee: Employee, start: str = "07:30", end: str = "15:30", day: dt.date = DAY
) -> Shift:
    kind = ShiftKind.EVENING if start >= "15:00" else ShiftKind.DAY
    return Shift.objects.create(
        employee=employee,
        team=employee.team,
        date=day,
        kind=kind,
        starts_at=dt.time.fromisoformat(start),
        ends_at=dt.time.fromisoformat(end),
    )


def away(
    employee: Employee, by: User, first: dt.date, last: dt.date, *, withdrawn: bool = False
) -> Absence:
    return Absence.objects.create(
        employee=employee,
        kind=AbsenceKind.SICK,
        starts_on=first,
        ends_on=last,
        registered_by=by,
        withdrawn_at=timezone.now() if withdrawn else None,
    )


def colleague(world: World, first: str, **kw: object) -> Employee:
    values: dict[str, object] = {"team": world.ost, "provider": world.municipal, **kw}
    return Employee.objects.create(
        municipality=world.oslo,
        first_name=first,
        last_name="Kollega",
        profession=Profession.HEALTH_WORKER,
        **values,
    )


def test_the_team_at_work_in_order_of_shift_start(world: World, nils: Employee) -> None:
    anna, berit = colleague(world, "Anna"), colleague(world, "Berit")
    evening = shift(anna, "15:00", "22:30")
    day = shift(nils)
    early = shift(berit, "07:00", "15:00")

    assert available_employees(world.ost, DAY) == [(berit, early), (nils, day), (anna, evening)]


def test_only_the_day_asked_for(world: World, nils: Employee) -> None:
    shift(nils, day=DAY - dt.timedelta(days=1))

    assert available_employees(world.ost, DAY) == []


def test_only_the_team_asked_for(world: World, nils: Employee, siri: Employee) -> None:
    shift(nils)
    shift(siri)

    assert [e for e, _ in available_employees(world.vest, DAY)] == [siri]


def test_someone_away_is_not_available_for_any_day_of_the_absence(
    world: World, nils: Employee
) -> None:
    for day in (DAY - dt.timedelta(days=1), DAY, DAY + dt.timedelta(days=1)):
        shift(nils, day=day)
    away(nils, world.team_leader, DAY - dt.timedelta(days=1), DAY)

    assert available_employees(world.ost, DAY - dt.timedelta(days=1)) == []
    assert available_employees(world.ost, DAY) == []  # the last day counts
    assert [e for e, _ in available_employees(world.ost, DAY + dt.timedelta(days=1))] == [nils]


def test_a_kept_employee_is_listed_though_away(world: World, nils: Employee) -> None:
    # A re-plan after a sick call needs the absent caregiver in, to count what moves.
    shift(nils)
    away(nils, world.team_leader, DAY, DAY)

    assert available_employees(world.ost, DAY) == []
    assert [e for e, _ in available_employees(world.ost, DAY, keep=[nils.pk])] == [nils]


def test_a_withdrawn_absence_does_not_count(world: World, nils: Employee) -> None:
    shift(nils)
    away(nils, world.team_leader, DAY, DAY, withdrawn=True)

    assert [e for e, _ in available_employees(world.ost, DAY)] == [nils]


def test_an_inactive_employee_is_not_available(world: World, nils: Employee) -> None:
    shift(nils)
    nils.active = False
    nils.save()

    assert available_employees(world.ost, DAY) == []


def test_a_private_provider_has_its_own_staff_without_a_team(
    world: World, nils: Employee, helper: Employee
) -> None:
    shift(nils)
    own = shift(helper, "08:00", "15:30")

    assert available_employees(world.private, DAY) == [(helper, own)]
    # The municipal service as a provider: its staff outside the teams, not the teams.
    assert available_employees(world.municipal, DAY) == []


def test_absences_on_a_day_by_employee(
    world: World, nils: Employee, siri: Employee, helper: Employee
) -> None:
    sick = away(nils, world.team_leader, DAY, DAY + dt.timedelta(days=3))
    away(siri, world.admin, DAY, DAY, withdrawn=True)
    away(helper, world.provider_admin, DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=1))
    away(colleague(world, "Cecilie"), world.team_leader, DAY, DAY)  # not asked about

    assert absences_on(DAY, [nils, siri, helper]) == {nils.pk: sick}
    assert absences_on(DAY + dt.timedelta(days=3), [nils]) == {nils.pk: sick}
    assert absences_on(DAY + dt.timedelta(days=4), [nils]) == {}

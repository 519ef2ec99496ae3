"""Planning the rota and registering staff absences: who may, and the rules that hold."""

from __future__ import annotations

import datetime as dt

import pytest

from hverdag.access.models import AuditEvent, Role, RoleAssignment, User
from hverdag.core.errors import PermissionDenied, RuleViolation
from hverdag.org.models import Municipality
from hverdag.staff.models import Absence, AbsenceKind, Employee, Profession, Shift, ShiftKind
from hverdag.staff.services import (
    do_plan_shift,
    do_register_absence,
    do_remove_shift,
    do_withdraw_absence,
)
from tests.builders.people import World, make_staff, make_user

MONDAY = dt.date(2026, 11, 23)
TUESDAY = MONDAY + dt.timedelta(days=1)
WEDNESDAY = MONDAY + dt.timedelta(days=2)
DAY = (dt.time(7, 30), dt.time(15, 30))
EVENING = (dt.time(15, 0), dt.time(22, 30))


def rules(err: pytest.ExceptionInfo[RuleViolation]) -> dict[str, set[str]]:
    return {field: {v["rule"] for v in items} for field, items in err.value.as_dict().items()}


def plan(
    user: User,
    employee: Employee,
    date: dt.date,
    times: tuple[dt.time, dt.time],
    kind: str = ShiftKind.DAY,
) -> Shift:
    return do_plan_shift(user, employee, date, times[0], times[1], kind)


def planner_of_vest(world: World) -> User:
    return make_staff(
        world.oslo,
        world.municipal,
        "vera",
        "Vera",
        "Vest",
        Role.PLANNER,
        Profession.PLANNER,
        world.vest,
    )


# --------------------------------------------------------------------------- shifts


def test_the_planner_plans_a_day_shift_with_the_break_the_act_requires(
    world: World, nils: Employee
) -> None:
    shift = plan(world.planner, nils, MONDAY, DAY)

    assert (shift.date, shift.kind, shift.starts_at, shift.ends_at) == (MONDAY, "day", *DAY)
    assert shift.break_minutes == 30  # 8 hours: half an hour (§ 10-9 (1))
    assert shift.team == world.ost
    event = AuditEvent.objects.get(action="shift.plan")
    assert event.actor == world.planner
    assert event.object_id == str(shift.public_id)
    assert event.new["starts_at"] == "07:30:00"
    assert event.client is None


def test_an_evening_of_seven_and_a_half_hours_gets_twenty_minutes(
    world: World, nils: Employee
) -> None:
    assert plan(world.planner, nils, MONDAY, EVENING, ShiftKind.EVENING).break_minutes == 20


def test_a_short_shift_has_no_break(world: World, nils: Employee) -> None:
    assert plan(world.planner, nils, MONDAY, (dt.time(8), dt.time(13, 30))).break_minutes == 0


def test_planning_the_same_day_again_replaces_the_shift(world: World, nils: Employee) -> None:
    first = plan(world.planner, nils, MONDAY, DAY)

    again = plan(world.team_leader, nils, MONDAY, EVENING, ShiftKind.EVENING)

    assert again.pk == first.pk
    assert Shift.objects.filter(employee=nils).count() == 1
    assert (again.kind, again.starts_at, again.break_minutes) == ("evening", dt.time(15), 20)
    event = AuditEvent.objects.get(action="shift.replan")
    assert event.actor == world.team_leader
    assert event.old == {
        "kind": "day",
        "starts_at": "07:30:00",
        "ends_at": "15:30:00",
        "break_minutes": 30,
    }
    assert event.new == {
        "kind": "evening",
        "starts_at": "15:00:00",
        "ends_at": "22:30:00",
        "break_minutes": 20,
    }


def test_planning_the_same_shift_again_writes_no_audit_row(world: World, nils: Employee) -> None:
    plan(world.planner, nils, MONDAY, DAY)
    plan(world.planner, nils, MONDAY, DAY)

    assert not AuditEvent.objects.filter(action="shift.replan").exists()


def test_thirteen_hours_is_allowed_and_one_minute_more_is_not(world: World, nils: Employee) -> None:
    assert plan(world.planner, nils, MONDAY, (dt.time(8), dt.time(21))).break_minutes == 30

    with pytest.raises(RuleViolation) as err:
        plan(world.planner, nils, TUESDAY, (dt.time(8), dt.time(21, 1)))

    assert rules(err) == {"ends_at": {"max_day"}}
    assert "§ 10-6 (8)" in str(err.value)


def test_a_shift_that_ends_before_it_starts_is_refused(world: World, nils: Employee) -> None:
    with pytest.raises(RuleViolation) as err:
        plan(world.planner, nils, MONDAY, (dt.time(15, 30), dt.time(7, 30)))

    assert rules(err) == {"ends_at": {"end_before_start"}}
    assert not Shift.objects.exists()


def test_a_day_shift_after_an_evening_is_refused_for_too_little_rest(
    world: World, nils: Employee
) -> None:
    plan(world.planner, nils, MONDAY, EVENING, ShiftKind.EVENING)

    with pytest.raises(RuleViolation) as err:
        plan(world.planner, nils, TUESDAY, DAY)

    assert rules(err) == {"starts_at": {"rest_before"}}
    # Messages are in the installation's language, bokmål by default.
    assert "9 t" in err.value.violations[0].message
    assert "§ 10-8 (1)" in err.value.violations[0].message
    # Starting at 09:30 leaves exactly 11 hours.
    assert plan(world.planner, nils, TUESDAY, (dt.time(9, 30), dt.time(15, 30))).date == TUESDAY


def test_an_evening_before_a_planned_day_shift_is_refused(world: World, nils: Employee) -> None:
    plan(world.planner, nils, TUESDAY, DAY)

    with pytest.raises(RuleViolation) as err:
        plan(world.planner, nils, MONDAY, EVENING, ShiftKind.EVENING)

    assert rules(err) == {"ends_at": {"rest_after"}}


def test_replacing_a_shift_checks_the_new_times_against_both_neighbours(
    world: World, nils: Employee
) -> None:
    plan(world.planner, nils, MONDAY, DAY)
    plan(world.planner, nils, TUESDAY, DAY)
    plan(world.planner, nils, WEDNESDAY, DAY)

    with pytest.raises(RuleViolation) as err:
        plan(world.planner, nils, TUESDAY, EVENING, ShiftKind.EVENING)

    assert rules(err) == {"ends_at": {"rest_after"}}
    assert Shift.objects.get(employee=nils, date=TUESDAY).kind == "day"


def test_an_inactive_employee_gets_no_shifts(world: World, nils: Employee) -> None:
    nils.active = False
    nils.save()

    with pytest.raises(RuleViolation) as err:
        plan(world.planner, nils, MONDAY, (dt.time(7), dt.time(21)))

    # Every violation at once: the form shows them together.
    assert rules(err) == {"employee": {"inactive"}, "ends_at": {"max_day"}}


def test_a_shift_is_day_or_evening(world: World, nils: Employee) -> None:
    with pytest.raises(RuleViolation) as err:
        plan(world.planner, nils, MONDAY, DAY, "night")

    assert rules(err) == {"kind": {"choice"}}


def test_refusals_write_nothing(world: World, nils: Employee) -> None:
    with pytest.raises(RuleViolation):
        plan(world.planner, nils, MONDAY, (dt.time(6), dt.time(20, 30)))

    assert not Shift.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_team_leader_and_the_system_administrator_plan_too(
    world: World, nils: Employee
) -> None:
    assert plan(world.team_leader, nils, MONDAY, DAY).pk
    assert plan(world.admin, nils, TUESDAY, DAY).pk


def test_a_nurse_may_not_plan_shifts_not_even_her_own(world: World, nils: Employee) -> None:
    with pytest.raises(PermissionDenied):
        plan(world.nurse, nils, MONDAY, DAY)
    assert not Shift.objects.exists()


@pytest.mark.parametrize("who", ["caseworker", "client_user", "daughter"])
def test_other_roles_may_not_plan_shifts(world: World, nils: Employee, who: str) -> None:
    with pytest.raises(PermissionDenied):
        plan(getattr(world, who), nils, MONDAY, DAY)


def test_the_planner_of_team_vest_may_not_plan_ost(
    world: World, nils: Employee, siri: Employee
) -> None:
    vera = planner_of_vest(world)

    assert plan(vera, siri, MONDAY, DAY).pk
    with pytest.raises(PermissionDenied, match="eget team"):
        plan(vera, nils, MONDAY, DAY)


def test_a_district_planner_plans_every_team_of_the_district(
    world: World, nils: Employee, siri: Employee
) -> None:
    user = make_user("dina", "Dina", "Distrikt")
    RoleAssignment.objects.create(
        user=user, role=Role.PLANNER, municipality=world.oslo, district=world.gamle_oslo
    )

    assert plan(user, nils, MONDAY, DAY).pk
    assert plan(user, siri, MONDAY, DAY).pk


def test_the_provider_admin_plans_only_her_own_providers_staff(
    world: World, nils: Employee, helper: Employee
) -> None:
    assert plan(world.provider_admin, helper, MONDAY, DAY).team is None

    with pytest.raises(PermissionDenied):
        plan(world.provider_admin, nils, MONDAY, DAY)


def test_a_team_planner_may_not_plan_a_private_providers_staff(
    world: World, helper: Employee
) -> None:
    with pytest.raises(PermissionDenied):
        plan(world.planner, helper, MONDAY, DAY)


def test_a_system_administrator_of_another_municipality_may_not_plan(
    world: World, nils: Employee
) -> None:
    bergen = Municipality.objects.create(name="Bergen", number="4601")
    user = make_user("bjorn", "Bjørn", "Bergen")
    RoleAssignment.objects.create(user=user, role=Role.SYSTEM_ADMIN, municipality=bergen)

    with pytest.raises(PermissionDenied):
        plan(user, nils, MONDAY, DAY)


def test_removing_a_shift_keeps_it_in_the_audit_trail(world: World, nils: Employee) -> None:
    shift = plan(world.planner, nils, MONDAY, DAY)
    public_id = shift.public_id

    do_remove_shift(world.planner, shift)

    assert not Shift.objects.exists()
    event = AuditEvent.objects.get(action="shift.remove")
    assert event.object_id == str(public_id)
    assert event.old["date"] == MONDAY.isoformat()


def test_the_nurse_and_a_planner_of_another_team_may_not_remove_shifts(
    world: World, nils: Employee
) -> None:
    shift = plan(world.planner, nils, MONDAY, DAY)

    for user in (world.nurse, planner_of_vest(world)):
        with pytest.raises(PermissionDenied):
            do_remove_shift(user, shift)
    assert Shift.objects.filter(pk=shift.pk).exists()


# --------------------------------------------------------------------------- absences


def register(
    user: User, employee: Employee, starts_on: dt.date, ends_on: dt.date, **kw: str
) -> Absence:
    return do_register_absence(
        user, employee, kw.pop("kind", AbsenceKind.HOLIDAY), starts_on, ends_on, **kw
    )


def test_the_team_leader_registers_a_holiday(world: World, nils: Employee) -> None:
    absence = register(world.team_leader, nils, MONDAY, WEDNESDAY, note="  Høstferie ")

    assert (absence.kind, absence.starts_on, absence.ends_on) == ("holiday", MONDAY, WEDNESDAY)
    assert absence.note == "Høstferie"
    assert absence.registered_by == world.team_leader
    assert absence.withdrawn_at is None
    event = AuditEvent.objects.get(action="absence.register")
    assert event.new["kind"] == "holiday"
    assert event.new["ends_on"] == WEDNESDAY.isoformat()


def test_a_one_day_course_starts_and_ends_the_same_day(world: World, nils: Employee) -> None:
    assert register(world.planner, nils, MONDAY, MONDAY, kind=AbsenceKind.COURSE).pk


def test_an_absence_cannot_end_before_it_starts(world: World, nils: Employee) -> None:
    with pytest.raises(RuleViolation) as err:
        register(world.planner, nils, TUESDAY, MONDAY)

    assert rules(err) == {"ends_on": {"end_before_start"}}


def test_an_absence_lasts_at_most_366_days(world: World, nils: Employee) -> None:
    start = dt.date(2027, 1, 1)
    assert register(world.planner, nils, start, start + dt.timedelta(days=365)).pk  # 366 days

    with pytest.raises(RuleViolation) as err:
        register(world.planner, nils, dt.date(2028, 1, 2), dt.date(2029, 1, 2))  # 367 days

    assert rules(err) == {"ends_on": {"max_days"}}


def test_absences_of_one_employee_do_not_overlap(
    world: World, nils: Employee, siri: Employee
) -> None:
    register(world.planner, nils, MONDAY, WEDNESDAY)
    register(world.admin, siri, MONDAY, WEDNESDAY)  # another employee: no clash

    with pytest.raises(RuleViolation) as err:
        register(
            world.planner, nils, WEDNESDAY, WEDNESDAY + dt.timedelta(days=2), kind=AbsenceKind.SICK
        )

    assert rules(err) == {"starts_on": {"overlap"}}
    # The day after is free.
    assert register(
        world.planner, nils, WEDNESDAY + dt.timedelta(days=1), WEDNESDAY + dt.timedelta(days=1)
    ).pk


def test_a_withdrawn_absence_no_longer_blocks_the_days(world: World, nils: Employee) -> None:
    first = register(world.planner, nils, MONDAY, WEDNESDAY)
    do_withdraw_absence(world.planner, first)

    assert register(world.planner, nils, TUESDAY, TUESDAY, kind=AbsenceKind.SICK).pk


def test_an_absence_has_a_known_kind_and_a_short_note(world: World, nils: Employee) -> None:
    with pytest.raises(RuleViolation) as err:
        register(world.planner, nils, MONDAY, MONDAY, kind="strike", note="x" * 201)

    assert rules(err) == {"kind": {"choice"}, "note": {"max_length"}}
    assert not Absence.objects.exists()


def test_a_nurse_may_not_register_absences(world: World, nils: Employee) -> None:
    with pytest.raises(PermissionDenied):
        register(world.nurse, nils, MONDAY, MONDAY, kind=AbsenceKind.SICK)


def test_the_planner_of_vest_may_not_register_absences_on_ost(world: World, nils: Employee) -> None:
    with pytest.raises(PermissionDenied):
        register(planner_of_vest(world), nils, MONDAY, MONDAY)


def test_the_provider_admin_registers_absences_only_for_her_own_staff(
    world: World, nils: Employee, helper: Employee
) -> None:
    assert register(world.provider_admin, helper, MONDAY, MONDAY).pk
    with pytest.raises(PermissionDenied):
        register(world.provider_admin, nils, MONDAY, MONDAY)


def test_withdrawing_marks_the_absence_and_keeps_it(world: World, nils: Employee) -> None:
    absence = register(world.planner, nils, MONDAY, WEDNESDAY)

    do_withdraw_absence(world.team_leader, absence)

    absence.refresh_from_db()
    assert absence.withdrawn_at is not None
    event = AuditEvent.objects.get(action="absence.withdraw")
    assert event.actor == world.team_leader
    assert event.old == {"withdrawn_at": None}


def test_an_absence_is_withdrawn_once(world: World, nils: Employee) -> None:
    absence = register(world.planner, nils, MONDAY, WEDNESDAY)
    stale = Absence.objects.get(pk=absence.pk)
    do_withdraw_absence(world.planner, absence)

    with pytest.raises(RuleViolation) as err:
        do_withdraw_absence(world.planner, stale)  # an instance read before the withdrawal

    assert rules(err) == {"withdrawn_at": {"already_withdrawn"}}
    assert AuditEvent.objects.filter(action="absence.withdraw").count() == 1


def test_only_those_who_may_register_may_withdraw(world: World, nils: Employee) -> None:
    absence = register(world.planner, nils, MONDAY, WEDNESDAY)

    for user in (world.nurse, planner_of_vest(world), world.provider_admin):
        with pytest.raises(PermissionDenied):
            do_withdraw_absence(user, absence)
    absence.refresh_from_db()
    assert absence.withdrawn_at is None


def test_a_refusal_says_what_was_tried_in_words(world: World, nils: Employee) -> None:
    with pytest.raises(PermissionDenied) as err:
        plan(world.nurse, nils, MONDAY, DAY)
    assert str(err.value) == "Rollen din gir ikke lov til å endre vaktplanen."

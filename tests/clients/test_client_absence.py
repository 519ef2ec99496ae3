""" "Not home": the client, their proxy or the team registers days the client is away."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hverdag.access.models import AuditEvent, BreakGlass, BreakGlassTemplate, Role, User
from hverdag.clients.models import ClientAbsence
from hverdag.clients.services import do_register_client_absence, do_withdraw_client_absence
from hverdag.core.errors import PermissionDenied, RuleViolation
from hverdag.staff.models import Profession
from tests.builders.people import World, make_client, make_staff, make_user

ONE_DAY = dt.timedelta(days=1)


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


def rules(err: pytest.ExceptionInfo[RuleViolation]) -> dict[str, set[str]]:
    return {field: {v["rule"] for v in items} for field, items in err.value.as_dict().items()}


def test_the_nurse_registers_a_hospital_stay(world: World, today: dt.date) -> None:
    absence = do_register_client_absence(
        world.nurse, world.ingrid, today, today + 6 * ONE_DAY, "  Innlagt på Ullevål "
    )

    assert (absence.client, absence.starts_on, absence.ends_on) == (
        world.ingrid,
        today,
        today + 6 * ONE_DAY,
    )
    assert absence.reason == "Innlagt på Ullevål"
    assert absence.registered_by == world.nurse
    assert absence.withdrawn_at is None
    event = AuditEvent.objects.get(action="client_absence.register")
    assert event.client == world.ingrid
    assert event.actor == world.nurse
    assert event.new["reason"] == "Innlagt på Ullevål"


@pytest.mark.parametrize("who", ["caseworker", "planner", "team_leader", "client_user", "daughter"])
def test_the_team_the_client_and_the_proxy_may_register(
    world: World, today: dt.date, who: str
) -> None:
    user: User = getattr(world, who)

    assert do_register_client_absence(user, world.ingrid, today, today, "").registered_by == user


@pytest.mark.parametrize("who", ["nurse_vest", "provider_admin", "admin"])
def test_others_may_not_register(world: World, today: dt.date, who: str) -> None:
    with pytest.raises(PermissionDenied):
        do_register_client_absence(getattr(world, who), world.ingrid, today, today, "")
    assert not ClientAbsence.objects.exists()


def test_a_planner_of_another_team_may_not_register(world: World, today: dt.date) -> None:
    vera = make_staff(
        world.oslo,
        world.municipal,
        "vera",
        "Vera",
        "Vest",
        Role.PLANNER,
        Profession.PLANNER,
        world.vest,
    )

    with pytest.raises(PermissionDenied):
        do_register_client_absence(vera, world.ingrid, today, today, "")


def test_another_client_may_not_register_for_ingrid(world: World, today: dt.date) -> None:
    olav = make_client(world.oslo, world.gamle_oslo, world.ost, "Olav", "Berg", seed=2)
    user = make_user("olav", "Olav", "Berg")
    user.role_assignments.create(role=Role.CLIENT, municipality=world.oslo, client=olav)

    with pytest.raises(PermissionDenied):
        do_register_client_absence(user, world.ingrid, today, today, "")


def test_staff_with_emergency_access_may_register(world: World, today: dt.date) -> None:
    BreakGlass.objects.create(
        user=world.nurse_vest,
        client=world.ingrid,
        template=BreakGlassTemplate.STANDING_IN,
        reason_text="Står for Nils på Øst i dag.",
        expires_at=timezone.now() + dt.timedelta(hours=4),
    )

    assert do_register_client_absence(world.nurse_vest, world.ingrid, today, today, "").pk


def test_an_absence_that_began_yesterday_and_lasts_is_accepted(
    world: World, today: dt.date
) -> None:
    assert do_register_client_absence(world.nurse, world.ingrid, today - 2 * ONE_DAY, today, "").pk


def test_an_absence_that_is_over_is_refused(world: World, today: dt.date) -> None:
    with pytest.raises(RuleViolation) as err:
        do_register_client_absence(
            world.nurse, world.ingrid, today - 3 * ONE_DAY, today - ONE_DAY, ""
        )

    assert rules(err) == {"ends_on": {"not_past"}}
    assert not ClientAbsence.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_absence_cannot_end_before_it_starts(world: World, today: dt.date) -> None:
    with pytest.raises(RuleViolation) as err:
        do_register_client_absence(
            world.nurse, world.ingrid, today + 3 * ONE_DAY, today + ONE_DAY, ""
        )

    assert rules(err) == {"ends_on": {"end_before_start"}}


def test_the_reason_fits_its_column(world: World, today: dt.date) -> None:
    with pytest.raises(RuleViolation) as err:
        do_register_client_absence(world.nurse, world.ingrid, today, today, "x" * 201)

    assert rules(err) == {"reason": {"max_length"}}


def test_absences_of_a_client_do_not_overlap(world: World, today: dt.date) -> None:
    do_register_client_absence(
        world.daughter, world.ingrid, today + ONE_DAY, today + 5 * ONE_DAY, "Hytta"
    )

    with pytest.raises(RuleViolation) as err:
        do_register_client_absence(
            world.nurse, world.ingrid, today + 5 * ONE_DAY, today + 9 * ONE_DAY, ""
        )

    assert rules(err) == {"starts_on": {"overlap"}}
    assert do_register_client_absence(
        world.nurse, world.ingrid, today + 6 * ONE_DAY, today + 9 * ONE_DAY, ""
    ).pk


def test_a_withdrawn_absence_does_not_block_its_days(world: World, today: dt.date) -> None:
    first = do_register_client_absence(world.daughter, world.ingrid, today, today + ONE_DAY, "")
    do_withdraw_client_absence(world.daughter, first)

    assert do_register_client_absence(world.nurse, world.ingrid, today, today, "").pk


def test_withdrawing_marks_the_absence_and_keeps_it(world: World, today: dt.date) -> None:
    absence = do_register_client_absence(world.nurse, world.ingrid, today, today + ONE_DAY, "")

    do_withdraw_client_absence(world.client_user, absence)

    absence.refresh_from_db()
    assert absence.withdrawn_at is not None
    event = AuditEvent.objects.get(action="client_absence.withdraw")
    assert (event.actor, event.client) == (world.client_user, world.ingrid)
    assert event.old == {"withdrawn_at": None}


def test_an_absence_is_withdrawn_once(world: World, today: dt.date) -> None:
    absence = do_register_client_absence(world.nurse, world.ingrid, today, today, "")
    stale = ClientAbsence.objects.get(pk=absence.pk)
    do_withdraw_client_absence(world.nurse, absence)

    with pytest.raises(RuleViolation) as err:
        do_withdraw_client_absence(world.planner, stale)

    assert rules(err) == {"withdrawn_at": {"already_withdrawn"}}


def test_an_absence_that_is_over_cannot_be_withdrawn(world: World, today: dt.date) -> None:
    past = ClientAbsence.objects.create(
        client=world.ingrid,
        starts_on=today - 5 * ONE_DAY,
        ends_on=today - ONE_DAY,
        registered_by=world.nurse,
    )

    with pytest.raises(RuleViolation) as err:
        do_withdraw_client_absence(world.nurse, past)

    assert rules(err) == {"ends_on": {"not_past"}}
    past.refresh_from_db()
    assert past.withdrawn_at is None


def test_only_those_who_may_register_may_withdraw(world: World, today: dt.date) -> None:
    absence = do_register_client_absence(world.nurse, world.ingrid, today, today, "")

    for user in (world.nurse_vest, world.provider_admin, world.admin):
        with pytest.raises(PermissionDenied):
            do_withdraw_client_absence(user, absence)

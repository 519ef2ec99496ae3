"""Deviations (avvik): who reports, what a report needs, and that nothing is ever edited."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.utils import timezone

from hverdag.access.models import AccessLog, AuditEvent, Role, RoleAssignment
from hverdag.core.append_only import AppendOnly
from hverdag.core.errors import NotFound, PermissionDenied, RuleViolation
from hverdag.deviations import selectors
from hverdag.deviations.inputs import DeviationInput
from hverdag.deviations.models import (
    Deviation,
    DeviationEvent,
    DeviationStatus,
    EventKind,
)
from hverdag.deviations.services import do_add_follow_up, do_report_deviation
from hverdag.org.models import District, Municipality, Team, Unit
from hverdag.staff.models import Profession
from tests.builders.people import World, make_client, make_staff


def rules(err: pytest.ExceptionInfo[RuleViolation]) -> dict[str, set[str]]:
    return {field: {v["rule"] for v in items} for field, items in err.value.as_dict().items()}


def fall(world: World, **changes: object) -> DeviationInput:
    data = DeviationInput(
        kind="fall",
        severity="high",
        happened_at=timezone.now() - dt.timedelta(hours=1),
        description="Ingrid lå på badegulvet da jeg kom. Hadde ikke slått hodet.",
        immediate_action="Hjalp henne opp, ringte legevakten.",
        client=world.ingrid,
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


# --- who may report ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["nurse", "team_leader", "planner", "caseworker"])
def test_staff_of_the_clients_team_report_a_deviation(world: World, who: str) -> None:
    user = getattr(world, who)
    deviation = do_report_deviation(user, fall(world))

    assert deviation.team == world.ost
    assert deviation.municipality == world.oslo
    assert deviation.status == DeviationStatus.OPEN
    assert deviation.reported_by == user
    assert deviation.immediate_action == "Hjalp henne opp, ringte legevakten."


@pytest.mark.parametrize("who", ["client_user", "daughter", "provider_admin"])
def test_a_client_next_of_kin_or_provider_admin_may_not_report(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        do_report_deviation(getattr(world, who), fall(world))
    assert not Deviation.objects.exists()


def test_staff_without_a_care_relationship_may_not_report_about_the_client(world: World) -> None:
    with pytest.raises(PermissionDenied):
        do_report_deviation(world.nurse_vest, fall(world))
    assert not Deviation.objects.exists()


def test_a_threat_without_a_client_goes_to_the_reporters_team(world: World) -> None:
    deviation = do_report_deviation(
        world.nurse_vest, fall(world, client=None, kind="threat", severity="critical")
    )
    assert deviation.client is None
    assert deviation.team == world.vest


# --- validation ------------------------------------------------------------------------------


def test_every_broken_rule_is_named_at_once_and_nothing_is_written(world: World) -> None:
    with pytest.raises(RuleViolation) as err:
        do_report_deviation(
            world.nurse,
            fall(
                world,
                kind="slip",
                severity="huge",
                happened_at=timezone.now() + dt.timedelta(hours=2),
                description="   ",
            ),
        )
    assert rules(err) == {
        "kind": {"choice"},
        "severity": {"choice"},
        "happened_at": {"not_future"},
        "description": {"required"},
    }
    assert not Deviation.objects.exists()
    assert not AuditEvent.objects.filter(action="deviation.report").exists()


def test_a_deviation_older_than_30_days_is_refused(world: World) -> None:
    with pytest.raises(RuleViolation) as err:
        do_report_deviation(
            world.nurse, fall(world, happened_at=timezone.now() - dt.timedelta(days=31))
        )
    assert rules(err) == {"happened_at": {"max_age"}}


def test_a_naive_time_is_refused(world: World) -> None:
    with pytest.raises(RuleViolation) as err:
        do_report_deviation(world.nurse, fall(world, happened_at=dt.datetime(2026, 1, 1, 12)))
    assert rules(err) == {"happened_at": {"aware"}}


def test_texts_are_at_most_4000_characters(world: World) -> None:
    with pytest.raises(RuleViolation) as err:
        do_report_deviation(
            world.nurse, fall(world, description="x" * 4001, immediate_action="y" * 4001)
        )
    assert rules(err) == {"description": {"max_length"}, "immediate_action": {"max_length"}}
    do_report_deviation(world.nurse, fall(world, description="x" * 4000))


def test_staff_without_a_team_must_name_the_client(world: World) -> None:
    roving = make_staff(
        world.oslo,
        world.municipal,
        "rita",
        "Rita",
        "Rådgiver",
        Role.CASEWORKER,
        Profession.CASEWORKER,
        district=world.gamle_oslo,
    )
    with pytest.raises(RuleViolation) as err:
        do_report_deviation(roving, fall(world, client=None))
    assert rules(err) == {"client": {"team_required"}}


# --- audit and append-only -----------------------------------------------------------------


def test_the_report_is_audited(world: World) -> None:
    deviation = do_report_deviation(world.nurse, fall(world))
    event = AuditEvent.objects.get(action="deviation.report")
    assert event.actor == world.nurse
    assert event.client == world.ingrid
    assert event.object_id == str(deviation.public_id)
    assert event.new is not None and event.new["kind"] == "fall"


def test_the_report_is_never_edited_or_deleted(world: World) -> None:
    deviation = do_report_deviation(world.nurse, fall(world))
    deviation.description = "Noe annet"
    with pytest.raises(AppendOnly):
        deviation.save()
    with pytest.raises(AppendOnly):
        deviation.save(update_fields=["description", "status"])
    with pytest.raises(AppendOnly):
        Deviation.objects.filter(pk=deviation.pk).update(description="Noe annet")
    with pytest.raises(AppendOnly):
        deviation.delete()
    with pytest.raises(AppendOnly):
        Deviation.objects.all().delete()
    deviation.refresh_from_db()
    assert deviation.description.startswith("Ingrid lå på badegulvet")


def test_a_follow_up_is_never_edited_or_deleted(world: World) -> None:
    deviation = do_report_deviation(world.nurse, fall(world))
    event = do_add_follow_up(world.nurse, deviation, "Ingrid har fått trygghetsalarm.")
    event.text = "Endret"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        DeviationEvent.objects.update(text="Endret")
    with pytest.raises(AppendOnly):
        event.delete()


def test_the_services_offer_no_edit_or_delete() -> None:
    from hverdag.deviations import services

    names = [n for n in dir(services) if n.startswith("do_")]
    assert names == ["do_add_follow_up", "do_report_deviation"]


# --- follow-up -------------------------------------------------------------------------------


def test_the_reporter_adds_a_note_and_the_leader_handles_and_closes(world: World) -> None:
    deviation = do_report_deviation(world.nurse, fall(world))
    note = do_add_follow_up(world.nurse, deviation, "Datteren er informert.")
    assert note.kind == EventKind.NOTE and note.to_status == ""

    started = do_add_follow_up(
        world.team_leader, deviation, "", DeviationStatus.IN_PROGRESS, assign_to=world.nurse
    )
    assert (started.kind, started.from_status, started.to_status) == (
        EventKind.STATUS,
        "open",
        "in_progress",
    )
    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.IN_PROGRESS
    assert deviation.assigned_to == world.nurse

    with pytest.raises(RuleViolation) as err:
        do_add_follow_up(world.team_leader, deviation, "  ", DeviationStatus.CLOSED)
    assert rules(err) == {"text": {"required_to_close"}}

    do_add_follow_up(
        world.team_leader, deviation, "Fallrisiko vurdert, sklimatte lagt på.", "closed"
    )
    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.CLOSED
    assert list(deviation.events.values_list("kind", flat=True)) == ["note", "status", "status"]
    assert AuditEvent.objects.filter(action="deviation.follow_up").count() == 3


def test_only_the_leader_changes_status(world: World) -> None:
    deviation = do_report_deviation(world.nurse, fall(world))
    with pytest.raises(PermissionDenied):
        do_add_follow_up(world.nurse, deviation, "Lukker", DeviationStatus.CLOSED)
    with pytest.raises(PermissionDenied):
        do_add_follow_up(world.nurse, deviation, "", assign_to=world.nurse)
    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.OPEN
    assert not deviation.events.exists()


def test_the_leader_of_another_team_or_a_colleague_may_not_follow_up(world: World) -> None:
    deviation = do_report_deviation(world.nurse, fall(world))
    leader_vest = make_staff(
        world.oslo,
        world.municipal,
        "vera",
        "Vera",
        "Vestleder",
        Role.TEAM_LEADER,
        Profession.TEAM_LEADER,
        world.vest,
    )
    for user in (leader_vest, world.planner):
        with pytest.raises(PermissionDenied):
            do_add_follow_up(user, deviation, "Sett")


def test_a_follow_up_needs_a_note_or_a_change(world: World) -> None:
    deviation = do_report_deviation(world.nurse, fall(world))
    with pytest.raises(RuleViolation) as err:
        do_add_follow_up(world.team_leader, deviation, " ", DeviationStatus.OPEN)
    assert rules(err) == {"text": {"required"}}


def test_the_system_admin_may_close(world: World) -> None:
    deviation = do_report_deviation(world.nurse, fall(world, client=None))
    do_add_follow_up(world.admin, deviation, "Lukket etter møte.", DeviationStatus.CLOSED)
    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.CLOSED


# --- reading: lists, the access log and the borders ------------------------------------------


def test_the_leader_lists_open_ones_first_and_newest_first(world: World) -> None:
    old = do_report_deviation(world.nurse, fall(world, kind="other"))
    closed = do_report_deviation(world.nurse, fall(world, kind="missed_visit"))
    do_add_follow_up(world.team_leader, closed, "Ordnet.", DeviationStatus.CLOSED)
    new = do_report_deviation(world.planner, fall(world))
    in_progress = do_report_deviation(world.nurse, fall(world, kind="threat"))
    do_add_follow_up(world.team_leader, in_progress, "", DeviationStatus.IN_PROGRESS)

    assert list(selectors.deviations_for_leader(world.team_leader)) == [
        new,
        old,
        in_progress,
        closed,
    ]
    assert selectors.open_count(world.team_leader) == 2
    assert list(selectors.deviations_for_leader(world.nurse)) == []
    assert selectors.deviations_reported_by(world.planner).get() == new


def test_reading_a_clients_deviation_is_logged(world: World) -> None:
    deviation = do_report_deviation(world.nurse, fall(world))
    found, events = selectors.deviation_detail(world.team_leader, deviation.public_id)
    assert found == deviation and events == []
    log = AccessLog.objects.get(user=world.team_leader)
    assert (log.client, log.what, log.reason) == (world.ingrid, "deviation", "team")


def test_a_deviation_without_a_client_is_read_without_a_log(world: World) -> None:
    deviation = do_report_deviation(world.nurse, fall(world, client=None, kind="threat"))
    selectors.deviation_detail(world.team_leader, deviation.public_id)
    assert not AccessLog.objects.exists()


def test_no_leak_across_teams_or_municipalities(world: World) -> None:
    ost = do_report_deviation(world.nurse, fall(world))
    leader_vest = make_staff(
        world.oslo,
        world.municipal,
        "vera",
        "Vera",
        "Vestleder",
        Role.TEAM_LEADER,
        Profession.TEAM_LEADER,
        world.vest,
    )
    vest = do_report_deviation(world.nurse_vest, fall(world, client=None, kind="threat"))
    assert list(selectors.deviations_for_leader(leader_vest)) == [vest]
    assert list(selectors.deviations_for_leader(world.team_leader)) == [ost]
    with pytest.raises(NotFound):
        selectors.deviation_detail(leader_vest, ost.public_id)
    with pytest.raises(NotFound):
        selectors.deviation_detail(world.nurse_vest, ost.public_id)

    # Another municipality's administrator and leader see nothing of Oslo's.
    bergen = Municipality.objects.create(name="Bergen", number="4601")
    district = District.objects.create(municipality=bergen, name="Årstad")
    unit = Unit.objects.create(district=district, name="Hjemmetjenesten")
    team = Team.objects.create(unit=unit, municipality=bergen, name="Team Årstad", slug="ost")
    leader = make_staff(
        bergen, world.municipal, "berit", "Berit", "B", Role.TEAM_LEADER, Profession.TEAM_LEADER
    )
    RoleAssignment.objects.filter(user=leader).update(district=district)
    admin = make_staff(
        bergen, world.municipal, "bjarne", "Bjarne", "B", Role.SYSTEM_ADMIN, Profession.PLANNER
    )
    bergen_client = make_client(bergen, district, team, seed=7)
    assert bergen_client.team == team
    for user in (leader, admin):
        assert list(selectors.deviations_for_leader(user)) == []
        assert selectors.open_count(user) == 0
        with pytest.raises(NotFound):
            selectors.find_deviation(user, ost.public_id)

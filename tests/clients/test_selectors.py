"""Reads of the client record: each health read writes exactly one access-log row (who,
which client, why, the channel) from inside the selector, and a refused read writes none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from hverdag.access.models import AccessLog, AccessReason, User
from hverdag.clients import selectors
from hverdag.clients.inputs import ResourcePersonInput, WelfareTechnologyInput
from hverdag.clients.models import Client
from hverdag.clients.services import (
    do_add_resource_person,
    do_add_welfare_technology,
    do_deactivate_resource_person,
    do_remove_welfare_technology,
)
from hverdag.core.errors import NotFound, PermissionDenied
from tests.builders.people import World, make_client


def rows(after: int = 0) -> list[tuple[User, Client, str, str, str]]:
    """The access log's rows after the one with id ``after``, oldest first."""
    found = AccessLog.objects.filter(id__gt=after).order_by("id")
    return [(r.user, r.client, r.what, r.reason, r.channel) for r in found]


def with_family_and_alarm(world: World) -> int:
    """Ingrid's daughter and an old neighbour; a safety alarm and a removed GPS."""
    kari, ingrid = world.caseworker, world.ingrid
    do_add_resource_person(
        kari, ingrid, ResourcePersonInput("Hege Hansen", "child", phone="900 11 222")
    )
    old = do_add_resource_person(
        kari, ingrid, ResourcePersonInput("Per Nabo", "friend", phone="900 33 444")
    )
    do_deactivate_resource_person(kari, old)
    installed = dt.date(2026, 1, 5)
    do_add_welfare_technology(
        kari, ingrid, WelfareTechnologyInput("safety_alarm", "TA-1", "Telenor", installed)
    )
    gps = do_add_welfare_technology(
        kari, ingrid, WelfareTechnologyInput("gps", "GPS-9", "Posifon", installed)
    )
    do_remove_welfare_technology(kari, gps, dt.date(2026, 3, 1))
    # The rows the writes left, if any, are not what is tested: the id to count from.
    last = AccessLog.objects.order_by("-id").first()
    return last.pk if last else 0


# --- the access log ---------------------------------------------------------------------


def test_the_team_leader_reads_the_log_and_her_read_is_its_newest_row(world: World) -> None:
    selectors.home_notes_for(world.nurse, world.ingrid)
    log = list(selectors.access_log_for(world.team_leader, world.ingrid))
    assert [(r.user, r.what, r.reason) for r in log] == [
        (world.team_leader, "access_log", AccessReason.TEAM),
        (world.nurse, "home_notes", AccessReason.CONTACT_PERSON),
    ]
    assert rows()[-1] == (world.team_leader, world.ingrid, "access_log", AccessReason.TEAM, "web")


def test_ingrid_and_her_daughter_read_it_through_the_api(world: World) -> None:
    selectors.access_log_for(world.client_user, world.ingrid, channel="api")
    selectors.access_log_for(world.daughter, world.ingrid, channel="api")
    assert rows() == [
        (world.client_user, world.ingrid, "access_log", AccessReason.OWN_RECORD, "api"),
        (world.daughter, world.ingrid, "access_log", AccessReason.PROXY, "api"),
    ]


@pytest.mark.parametrize("who", ["nurse", "caseworker", "planner", "nurse_vest", "admin"])
def test_anyone_else_is_refused_the_log_and_nothing_is_written(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        selectors.access_log_for(getattr(world, who), world.ingrid)
    assert rows() == []


def test_the_log_holds_only_the_clients_own_rows(world: World) -> None:
    other = make_client(world.oslo, world.gamle_oslo, world.ost, "Olga", "Berg", seed=7)
    selectors.home_notes_for(world.team_leader, other)
    log = list(selectors.access_log_for(world.team_leader, world.ingrid))
    assert {r.client for r in log} == {world.ingrid}


# --- the overview, resource persons and technology --------------------------------------


def test_the_overview_is_one_logged_read_of_the_active_people_and_devices(
    world: World,
) -> None:
    after = with_family_and_alarm(world)
    overview = selectors.overview_for(world.nurse, world.ingrid)
    assert [p.name for p in overview.resource_persons] == ["Hege Hansen"]
    assert [d.serial_number for d in overview.devices] == ["TA-1"]
    assert rows(after) == [
        (world.nurse, world.ingrid, "overview", AccessReason.CONTACT_PERSON, "web"),
    ]


def test_the_api_lists_every_person_and_device_each_a_logged_read(world: World) -> None:
    after = with_family_and_alarm(world)
    people = selectors.resource_persons_for(world.team_leader, world.ingrid, channel="api")
    devices = selectors.welfare_technology_for(world.team_leader, world.ingrid, channel="api")
    assert sorted(p.name for p in people) == ["Hege Hansen", "Per Nabo"]
    assert sorted(d.serial_number for d in devices) == ["GPS-9", "TA-1"]
    assert rows(after) == [
        (world.team_leader, world.ingrid, "resource_persons", AccessReason.TEAM, "api"),
        (world.team_leader, world.ingrid, "welfare_technology", AccessReason.TEAM, "api"),
    ]


@pytest.mark.parametrize(
    "read",
    [
        lambda u, c: selectors.overview_for(u, c),
        lambda u, c: selectors.access_overview(u, c),
        lambda u, c: selectors.resource_persons_for(u, c),
        lambda u, c: selectors.welfare_technology_for(u, c),
        lambda u, c: selectors.home_notes_for(u, c),
        lambda u, c: selectors.assessments_for(u, c),
    ],
    ids=["overview", "access_overview", "persons", "devices", "home_notes", "assessments"],
)
def test_without_a_care_relationship_nothing_is_read_and_nothing_logged(
    world: World, read: Callable[[User, Client], object]
) -> None:
    after = with_family_and_alarm(world)
    with pytest.raises(PermissionDenied):
        read(world.nurse_vest, world.ingrid)
    assert rows(after) == []


def test_a_person_or_device_of_another_client_is_not_found(world: World) -> None:
    after = with_family_and_alarm(world)
    other = make_client(world.oslo, world.gamle_oslo, world.ost, "Olga", "Berg", seed=7)
    person = world.ingrid.resource_persons.first()
    device = world.ingrid.welfare_technology.first()
    assert person is not None and device is not None
    assert selectors.find_resource_person(world.ingrid, person.public_id) == person
    assert selectors.find_device(world.ingrid, device.public_id) == device
    with pytest.raises(NotFound):
        selectors.find_resource_person(other, person.public_id)
    with pytest.raises(NotFound):
        selectors.find_device(other, device.public_id)
    assert rows(after) == []

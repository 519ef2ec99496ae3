"""Reads of the key register: the menu's badge for the register's keepers, and a key found
only through the visit of its own client. Keys are not health information: no access log."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from hverdag.access.models import AccessLog
from hverdag.core.errors import NotFound
from hverdag.keys import selectors
from hverdag.keys.services import do_check_out_key, raise_key_alerts
from tests.builders.key_cabinet import Cabinet, build_cabinet
from tests.builders.people import World


@pytest.fixture
def cab(world: World) -> Cabinet:
    return build_cabinet(world)


def test_the_badge_counts_overdue_keys_for_the_keepers_and_is_none_for_others(
    cab: Cabinet,
) -> None:
    world = cab.world
    assert selectors.register_badge(world.team_leader) == 0
    at = timezone.now() - dt.timedelta(minutes=1)
    do_check_out_key(world.nurse, cab.astrid_key, cab.pub.astrid_medication, at, uuid.uuid4())
    raise_key_alerts(timezone.now() + dt.timedelta(days=1))
    assert selectors.register_badge(world.team_leader) == 1
    assert selectors.register_badge(world.planner) == 1
    for user in (world.nurse, world.caseworker, world.client_user, world.admin):
        assert selectors.register_badge(user) is None


def test_a_visits_key_is_one_of_its_clients_keys(cab: Cabinet) -> None:
    astrid_visit, bjorn_visit = cab.pub.astrid_medication, cab.pub.bjorn_hygiene
    assert selectors.find_visit_key(astrid_visit, cab.astrid_key.public_id) == cab.astrid_key
    with pytest.raises(NotFound):
        selectors.find_visit_key(bjorn_visit, cab.astrid_key.public_id)
    with pytest.raises(NotFound):
        selectors.find_visit_key(astrid_visit, "not-a-uuid")
    assert not AccessLog.objects.exists()

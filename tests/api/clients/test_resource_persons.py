"""/clients/{id}/resource-persons: changed and deactivated (never deleted), found only
under their own client, and changed by those who may only."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hverdag.access.models import AuditEvent, User
from tests.api.clients.bodies import RESOURCE_PERSON
from tests.api.conftest import Caller, Olav, counts
from tests.builders.people import World

AsUser = Callable[[User | None], Caller]


def test_change_and_deactivate_a_resource_person(world: World, as_: AsUser) -> None:
    nils = as_(world.nurse)
    base = f"/clients/{world.ingrid.public_id}/resource-persons"
    person = nils.post(base, RESOURCE_PERSON).json()
    changed = nils.put(f"{base}/{person['id']}", RESOURCE_PERSON | {"phone": "+47 411 22 333"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["phone"] == "+47 411 22 333"
    gone = nils.post(f"{base}/{person['id']}/deactivate")
    assert gone.status_code == 200
    assert gone.json()["active"] is False
    # Kept for the record, never deleted.
    assert [p["active"] for p in nils.get(base).json()] == [False]
    assert AuditEvent.objects.filter(action="resource_person.deactivate").count() == 1


def test_a_resource_person_is_found_only_under_their_own_client(
    world: World, olav: Olav, as_: AsUser
) -> None:
    kari = as_(world.caseworker)
    siri = as_(world.nurse_vest)  # Olav is on team Vest
    olavs = siri.post(f"/clients/{olav.record.public_id}/resource-persons", RESOURCE_PERSON)
    assert olavs.status_code == 201
    before = counts()
    wrong_client = f"/clients/{world.ingrid.public_id}/resource-persons/{olavs.json()['id']}"
    assert kari.put(wrong_client, RESOURCE_PERSON).status_code == 404
    assert kari.post(f"{wrong_client}/deactivate").status_code == 404
    assert counts() == before


@pytest.mark.parametrize(
    ("who", "status"), [(None, 401), ("client_user", 403), ("nurse_vest", 403)]
)
def test_who_may_not_change_a_resource_person(
    world: World, as_: AsUser, who: str | None, status: int
) -> None:
    base = f"/clients/{world.ingrid.public_id}/resource-persons"
    person = as_(world.caseworker).post(base, RESOURCE_PERSON).json()
    caller = as_(getattr(world, who) if who else None)
    before = counts()
    assert caller.put(f"{base}/{person['id']}", RESOURCE_PERSON | {"name": "X"}).status_code == (
        status
    )
    assert caller.post(f"{base}/{person['id']}/deactivate").status_code == status
    assert counts() == before

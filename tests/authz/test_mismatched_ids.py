"""Two ids in one URL: the second must belong to the first.

Kari may change Ingrid's record and Nils is planned for Astrid this morning. Neither has
anything to do with Olav (team Vest, Siri is his contact person). Each tries to reach one
of Olav's things through a URL whose first id is a client or visit they do have: the thing
does not exist there (404), and nothing changes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from hverdag.medication.models import MedicationOrder
from hverdag.medication.services import do_add_order
from hverdag.notes.models import Note
from hverdag.notes.services import do_write_note
from tests.api.conftest import Olav, olav, quiet_token_for
from tests.authz.registry import ORDER_FORM, action_key, today
from tests.authz.scenes import api_as
from tests.authz.snapshot import changes, snapshot
from tests.builders.medication_day import metformin
from tests.builders.people import World
from tests.builders.published_day import PublishedDay, build_published_day

__all__ = ["olav"]  # the API's Olav fixture, used here as it is


@dataclass
class OlavsThings:
    pub: PublishedDay
    person: str
    device: str
    order: MedicationOrder
    note: Note

    @property
    def world(self) -> World:
        return self.pub.world


@pytest.fixture
def things(world: World, olav: Olav) -> OlavsThings:
    """What Siri, as Olav's contact person, has written in his record."""
    pub = build_published_day(world)
    siri = world.nurse_vest
    write = api_as(siri)
    base = f"/clients/{olav.record.public_id}"
    person = write(
        "POST",
        f"{base}/resource-persons",
        {"name": "Kåre Berg", "relation": "child", "phone": "91234567"},
    )
    device = write(
        "POST",
        f"{base}/welfare-technology",
        {"kind": "safety_alarm", "serial_number": "V-9", "supplier": "Y", "installed_on": today()},
    )
    order = do_add_order(siri, olav.record, metformin())
    note = do_write_note(
        siri, olav.record, None, "journal", "Blodsukker 7,2.", None, timezone.now(), uuid.uuid4()
    )
    return OlavsThings(pub, person["id"], device["id"], order, note)


Url = Callable[[OlavsThings], str]
Body = Callable[[OlavsThings], dict[str, Any]]


def ingrids(name: str, child: Callable[[OlavsThings], Any]) -> Url:
    return lambda t: reverse(f"web:{name}", args=[t.world.ingrid.public_id, child(t)])


def nils_visit(name: str, child: Callable[[OlavsThings], Any]) -> Url:
    return lambda t: reverse(f"web:{name}", args=[t.pub.astrid_medication.public_id, child(t)])


def ingrid_api(path: str) -> Url:
    return lambda t: f"/api/v1/clients/{t.world.ingrid.public_id}" + path.format(t=t)


# who tries, the method, the URL and the body (an API path starts with /api/)
CASES: dict[str, tuple[str, str, Url, Body]] = {
    "deactivate his resource person on Ingrid's page": (
        "kari",
        "POST",
        ingrids("resource_person_deactivate", lambda t: t.person),
        lambda t: {},
    ),
    "change his medicine on Ingrid's list": (
        "kari",
        "POST",
        ingrids("medication_change", lambda t: t.order.public_id),
        lambda t: {**ORDER_FORM, "start_date": today()},
    ),
    "stop his medicine on Ingrid's list": (
        "kari",
        "POST",
        ingrids("medication_stop", lambda t: t.order.public_id),
        lambda t: {"end_date": today(), "end_reason": "Seponert."},
    ),
    "correct his journal note from Ingrid's record": (
        "kari",
        "POST",
        ingrids("client_note_correct", lambda t: t.note.public_id),
        lambda t: {**action_key(), "text": "Blodsukker 9.", "reason": "Feil tall."},
    ),
    "sign his medicine at the visit to Astrid": (
        "nils",
        "POST",
        nils_visit("my_day_dose", lambda t: t.order.public_id),
        lambda t: {**action_key(), "due": timezone.localtime().strftime("%Y-%m-%d %H:%M")}
        | {"outcome": "given"},
    ),
    "correct his journal note from the visit to Astrid": (
        "nils",
        "POST",
        nils_visit("my_day_note_correct", lambda t: t.note.public_id),
        lambda t: {**action_key(), "text": "Blodsukker 9.", "reason": "Feil tall."},
    ),
    "replace his resource person through Ingrid's API path": (
        "kari",
        "PUT",
        ingrid_api("/resource-persons/{t.person}"),
        lambda t: {"name": "Kåre Berg", "relation": "child", "phone": "91234567"},
    ),
    "deactivate his resource person through Ingrid's API path": (
        "kari",
        "POST",
        ingrid_api("/resource-persons/{t.person}/deactivate"),
        lambda t: {},
    ),
    "remove his safety alarm through Ingrid's API path": (
        "kari",
        "POST",
        ingrid_api("/welfare-technology/{t.device}/remove"),
        lambda t: {"removed_on": today()},
    ),
}


@pytest.mark.parametrize("story", list(CASES))
def test_olavs_things_are_not_found_under_someone_elses_id(things: OlavsThings, story: str) -> None:
    who, method, url_of, body_of = CASES[story]
    user = things.world.caseworker if who == "kari" else things.world.nurse
    http = HttpClient()
    url, body = url_of(things), body_of(things)
    if url.startswith("/api/"):
        headers = {"Authorization": f"Bearer {quiet_token_for(user)}"}
        before = snapshot()
        response = http.generic(
            method, url, json.dumps(body), content_type="application/json", headers=headers
        )
    else:
        http.force_login(user)
        before = snapshot()
        response = http.post(url, body)
    assert response.status_code == 404, response.content[:300]
    assert changes(before) == {}

"""Health information in the record, across its parts (assessments, home notes, resource
persons, welfare technology): who reads and writes each, every read logged with channel
"api", and a refused or invalid request changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from hverdag.access.models import AccessLog, AuditEvent, User
from tests.api.clients.bodies import ASSESSMENT, DEVICE, HOME_NOTES, RESOURCE_PERSON, TODAY
from tests.api.conftest import Caller, Olav, counts, errors
from tests.builders.people import World

AsUser = Callable[[User | None], Caller]


# Each record part: its path, its body for a write, and what the access log calls a read.
PARTS = {
    "assessments": (ASSESSMENT, "assessments"),
    "home-notes": (HOME_NOTES, "home_notes"),
    "resource-persons": (RESOURCE_PERSON, "resource_persons"),
    "welfare-technology": (DEVICE, "welfare_technology"),
}


# A private provider reads only what it needs to deliver its part (policy.PROVIDER_MAY_READ).
PROVIDER_READS = {"home-notes", "resource-persons"}


def user_of(world: World, olav: Olav, who: str | None) -> User | None:
    return olav.user if who == "olav" else getattr(world, who) if who else None


@pytest.fixture
def filled(world: World, as_: AsUser) -> None:
    """Ingrid's record with one of each part, written by Kari."""
    kari = as_(world.caseworker)
    for part, (body, _) in PARTS.items():
        assert kari.post(f"/clients/{world.ingrid.public_id}/{part}", body).status_code == 201


@pytest.mark.parametrize("part", list(PARTS))
@pytest.mark.parametrize(
    ("who", "status", "reason"),
    [
        (None, 401, None),
        ("client_user", 200, "own_record"),
        ("daughter", 200, "proxy"),
        ("olav", 404, None),  # another client's record does not exist for him
        ("nurse_vest", 403, None),  # field staff of another team
        ("admin", 404, None),
        ("nurse", 200, "contact_person"),
        ("provider_admin", 200, "provider"),
        ("caseworker", 200, "team"),
    ],
)
def test_who_reads_health_information_and_the_log_of_it(
    world: World,
    olav: Olav,
    as_: AsUser,
    filled: None,
    part: str,
    who: str | None,
    status: int,
    reason: str | None,
) -> None:
    if who == "provider_admin" and part not in PROVIDER_READS:
        status = 403
    caller = as_(user_of(world, olav, who))
    before = counts()
    response = caller.get(f"/clients/{world.ingrid.public_id}/{part}")
    assert response.status_code == status
    if status != 200:
        assert counts() == before
        return
    assert len(response.json()) == 1
    row = AccessLog.objects.get()  # writing the record logged no read
    assert (row.user, row.client, row.what, row.reason, row.channel) == (
        user_of(world, olav, who),
        world.ingrid,
        PARTS[part][1],
        reason,
        "api",
    )
    assert counts() == before | {"AccessLog": before["AccessLog"] + 1}


@pytest.mark.parametrize(
    ("part", "body", "expected"),
    [
        (
            "assessments",
            ASSESSMENT | {"scores": {"dressing": 6, "flying": 1}},
            {"scores.dressing": {"scale"}, "scores.flying": {"unknown_variable"}},
        ),
        (
            "assessments",
            ASSESSMENT | {"goals": [{"kind": "reablement", "description": "x"}]},
            {"goals.0.follow_up_on": {"required"}},
        ),
        (
            "assessments",
            ASSESSMENT | {"scores": {"dressing": "three"}},
            {"scores.dressing": {"int_parsing"}},
        ),
        (
            "assessments",
            ASSESSMENT | {"what_matters": " ", "assessed_on": str(TODAY + dt.timedelta(days=1))},
            {"what_matters": {"required"}, "assessed_on": {"not_future"}},
        ),
        ("home-notes", {"entry_method": "key_box"}, {"entry_code": {"required"}}),
        ("home-notes", {"entry_method": "window"}, {"entry_method": {"choice"}}),
        (
            "resource-persons",
            RESOURCE_PERSON | {"consent_to_information": False},
            {"consent_to_information": {"proxy_implies_consent"}},
        ),
        ("resource-persons", RESOURCE_PERSON | {"relation": "cousin"}, {"relation": {"choice"}}),
        (
            "welfare-technology",
            DEVICE | {"installed_on": str(TODAY + dt.timedelta(days=3))},
            {"installed_on": {"not_future"}},
        ),
        ("home-notes", HOME_NOTES | {"pets": "katt " * 41}, {"pets": {"max_length"}}),
        (
            "home-notes",
            HOME_NOTES | {"entry_instructions": "x" * 301, "other_aids": "x" * 301},
            {"entry_instructions": {"max_length"}, "other_aids": {"max_length"}},
        ),
        (
            "resource-persons",
            RESOURCE_PERSON | {"email": "x" * 250 + "@x.no", "address": "x" * 201},
            {"email": {"max_length"}, "address": {"max_length"}},
        ),
        (
            "welfare-technology",
            DEVICE | {"installed_on": "i går"},
            {"installed_on": {"date_from_datetime_parsing"}},
        ),
    ],
)
def test_bad_input_is_422_and_nothing_is_saved(
    world: World, as_: AsUser, part: str, body: dict[str, Any], expected: dict[str, set[str]]
) -> None:
    kari = as_(world.caseworker)
    before = counts()
    response = kari.post(f"/clients/{world.ingrid.public_id}/{part}", body)
    assert response.status_code == 422, response.content
    assert errors(response) == expected
    assert counts() == before


WRITERS = {
    # part: who may write it, beside the refusals every part shares
    "assessments": {"caseworker"},
    "home-notes": {"caseworker", "nurse", "team_leader"},
    "resource-persons": {"caseworker", "nurse", "team_leader"},
    "welfare-technology": {"caseworker", "nurse", "team_leader"},
}


@pytest.mark.parametrize("part", list(PARTS))
@pytest.mark.parametrize(
    "who",
    [
        None,
        "client_user",
        "daughter",
        "olav",
        "nurse_vest",
        "planner",
        "provider_admin",
        "nurse",
        "team_leader",
        "caseworker",
    ],
)
def test_who_writes_the_record(
    world: World, olav: Olav, as_: AsUser, part: str, who: str | None
) -> None:
    caller = as_(user_of(world, olav, who))
    before = counts()
    response = caller.post(f"/clients/{world.ingrid.public_id}/{part}", PARTS[part][0])
    expected = (
        401 if who is None else 404 if who == "olav" else 201 if who in WRITERS[part] else 403
    )
    assert response.status_code == expected, response.content
    if expected != 201:
        assert counts() == before
    else:
        assert AuditEvent.objects.filter(actor=user_of(world, olav, who)).count() == 1

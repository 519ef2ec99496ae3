"""Health information in the record: assessments, home notes, resource persons, welfare
technology. Every read is logged with channel "api"; a refused request changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from hverdag.access.models import AccessLog, AuditEvent, User
from hverdag.clients.models import Assessment, HomeNotes
from tests.api.conftest import Caller, Olav, counts, errors
from tests.factories import World

AsUser = Callable[[User | None], Caller]

TODAY = dt.date.today()
ASSESSMENT: dict[str, Any] = {
    "assessed_on": str(TODAY),
    "what_matters": "Å klare morgenstellet selv",
    "manages_self": "Spiser selv, kler på seg med litt hjelp",
    "resources": "Datter Hege kommer i helgene",
    "scores": {"dressing": 3, "personal_hygiene": 4},
    "goals": [
        {
            "kind": "reablement",
            "description": "Dusje selv",
            "follow_up_on": str(TODAY + dt.timedelta(days=30)),
        }
    ],
}
HOME_NOTES: dict[str, Any] = {"entry_method": "key_box", "entry_code": "4711", "pets": "Katt"}
RESOURCE_PERSON: dict[str, Any] = {
    "name": "Hege Hansen",
    "relation": "child",
    "phone": "+47 922 33 444",
    "has_proxy": True,
    "consent_to_information": True,
}
DEVICE: dict[str, Any] = {
    "kind": "safety_alarm",
    "serial_number": "TX-2231",
    "supplier": "Trygghetspakken AS",
    "installed_on": str(TODAY),
}

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


def test_the_key_box_code_is_never_sent(world: World, as_: AsUser) -> None:
    kari = as_(world.caseworker)
    written = kari.post(f"/clients/{world.ingrid.public_id}/home-notes", HOME_NOTES)
    assert written.status_code == 201
    assert "4711" not in written.content.decode()
    read = kari.get(f"/clients/{world.ingrid.public_id}/home-notes")
    assert "4711" not in read.content.decode()
    (notes,) = read.json()
    assert notes["has_entry_code"] is True
    assert "entry_code" not in notes
    assert notes["recorded_by"] == "Kari Saksbehandler"
    # At rest it is encrypted, too.
    assert "4711" not in HomeNotes.objects.get().entry_code_encrypted


def test_home_notes_keep_every_version(world: World, as_: AsUser) -> None:
    kari = as_(world.caseworker)
    path = f"/clients/{world.ingrid.public_id}/home-notes"
    kari.post(path, HOME_NOTES)
    # Same entry method, no code sent: the code is kept.
    assert kari.post(path, {"entry_method": "key_box", "pets": "To katter"}).status_code == 201
    versions = kari.get(path).json()
    assert [(v["version"], v["pets"], v["has_entry_code"]) for v in versions] == [
        (2, "To katter", True),
        (1, "Katt", True),
    ]


def test_an_assessment_round_trip(world: World, as_: AsUser) -> None:
    kari = as_(world.caseworker)
    path = f"/clients/{world.ingrid.public_id}/assessments"
    written = kari.post(path, ASSESSMENT)
    assert written.status_code == 201, written.content
    body = written.json()
    assert body["version"] == 1
    assert body["scores"] == {"dressing": 3, "personal_hygiene": 4}
    assert body["goals"][0]["description"] == "Dusje selv"
    event = AuditEvent.objects.get(action="assessment.record")
    assert event.actor == world.caseworker
    assert str(Assessment.objects.get().public_id) == body["id"]
    assert kari.get(path).json() == [body]


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


# --- changing resource persons and devices ----------------------------------------------------


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


def test_remove_a_device(world: World, as_: AsUser) -> None:
    nils = as_(world.nurse)
    base = f"/clients/{world.ingrid.public_id}/welfare-technology"
    device = nils.post(base, DEVICE).json()
    path = f"{base}/{device['id']}/remove"
    before = counts()
    too_early = nils.post(path, {"removed_on": str(TODAY - dt.timedelta(days=1))})
    assert errors(too_early) == {"removed_on": {"after_installed"}}
    assert counts() == before
    assert as_(world.nurse_vest).post(path, {"removed_on": str(TODAY)}).status_code == 403
    assert counts() == before
    removed = nils.post(path, {"removed_on": str(TODAY)})
    assert removed.status_code == 200
    assert removed.json()["removed_on"] == str(TODAY)
    assert (
        nils.post(
            f"{base}/7f0c1f2e-0000-4000-8000-000000000000/remove", {"removed_on": str(TODAY)}
        ).status_code
        == 404
    )

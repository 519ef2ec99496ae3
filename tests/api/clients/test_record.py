"""/clients: find, register, read and change the client record."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from typing import Any

import pytest

from hverdag.access.models import AccessLog, AuditEvent, User
from hverdag.clients.models import Client
from hverdag.core import identity_numbers
from hverdag.staff.models import Employee
from tests.api.conftest import Caller, Olav, counts, errors
from tests.builders.people import World

AsUser = Callable[[User | None], Caller]

BASIC_FIELDS = {
    "id",
    "first_name",
    "last_name",
    "street_address",
    "postal_code",
    "postal_place",
    "team",
    "contact_person",
}


def new_client(**overrides: Any) -> dict[str, Any]:
    number = identity_numbers.generate(dt.date(1941, 4, 9), random.Random(99), synthetic=False)
    body: dict[str, Any] = {
        "identity_number": number,
        "first_name": "Astrid",
        "last_name": "Nilsen",
        "street_address": "Kampengata 5",
        "postal_code": "0654",
        "postal_place": "Oslo",
        "team": "ost",
        "phone": "+47 912 34 567",
        "lat": 59.915,
        "lon": 10.778,
    }
    body.update(overrides)
    return body


# --- finding clients ----------------------------------------------------------------------


def test_the_list_has_basic_details_only(world: World, olav: Olav, as_: AsUser) -> None:
    response = as_(world.caseworker).get("/clients")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    ingrid = next(c for c in body["items"] if c["first_name"] == "Ingrid")
    assert set(ingrid) == BASIC_FIELDS
    assert ingrid["id"] == str(world.ingrid.public_id)
    assert ingrid["team"] == {"id": str(world.ost.public_id), "slug": "ost", "name": "Team Øst"}


@pytest.mark.parametrize(
    "who", ["caseworker", "nurse", "nurse_vest", "team_leader", "provider_admin", "client_user"]
)
def test_no_identity_number_in_any_list(world: World, olav: Olav, as_: AsUser, who: str) -> None:
    text = as_(getattr(world, who)).get("/clients").content.decode()
    for client in (world.ingrid, olav.record):
        assert client.identity_number not in text
        assert client.identity_number[6:] not in text


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("caseworker", ["Berg", "Hansen"]),  # the whole district
        ("nurse_vest", ["Berg", "Hansen"]),
        ("provider_admin", ["Hansen"]),  # a private provider: only its own clients
        ("client_user", ["Hansen"]),  # a client: only themself
        ("daughter", ["Hansen"]),
        ("admin", []),  # a system administrator has no client relationship at all
    ],
)
def test_who_finds_whom(
    world: World, olav: Olav, as_: AsUser, who: str, expected: list[str]
) -> None:
    body = as_(getattr(world, who)).get("/clients").json()
    assert [c["last_name"] for c in body["items"]] == expected
    assert body["count"] == len(expected)


def test_filter_by_team_slug_or_id_and_words(world: World, olav: Olav, as_: AsUser) -> None:
    kari = as_(world.caseworker)
    assert [c["last_name"] for c in kari.get("/clients", team="vest").json()["items"]] == ["Berg"]
    by_id = kari.get("/clients", team=str(world.ost.public_id)).json()["items"]
    assert [c["last_name"] for c in by_id] == ["Hansen"]
    assert kari.get("/clients", q="olav").json()["count"] == 1
    assert kari.get("/clients", q="tøyengata hansen").json()["count"] == 1


def test_an_unknown_team_in_the_filter_is_422(world: World, as_: AsUser) -> None:
    response = as_(world.caseworker).with_language("en").get("/clients", team="sentrum")
    assert response.status_code == 422
    assert response.json()["errors"]["team"] == [
        {"rule": "unknown", "message": "Choose one of the teams of your municipality."}
    ]


def test_paging(world: World, olav: Olav, as_: AsUser) -> None:
    page = as_(world.caseworker).get("/clients", limit=1, offset=1).json()
    assert page["count"] == 2
    assert [c["last_name"] for c in page["items"]] == ["Hansen"]
    assert errors(as_(world.caseworker).get("/clients", limit=0)) == {"limit": {"min_value"}}
    # No offset overflows the database's integer (PostgreSQL would fail with a 500).
    assert errors(as_(world.caseworker).get("/clients", offset=10**20)) == {"offset": {"max_value"}}


# --- registering ---------------------------------------------------------------------------


def test_a_caseworker_registers_a_client(world: World, as_: AsUser) -> None:
    response = as_(world.caseworker).post("/clients", new_client())
    assert response.status_code == 201, response.content
    body = response.json()
    client = Client.objects.get(public_id=body["id"])
    assert client.team == world.ost
    assert client.practical_provider == world.municipal
    assert body["identity_number_masked"] == client.identity_number[:6] + "*****"
    assert client.identity_number not in response.content.decode()
    event = AuditEvent.objects.get(action="client.register")
    assert event.actor == world.caseworker
    assert event.client == client


def test_team_contact_person_and_provider_by_id(world: World, as_: AsUser) -> None:
    nils = Employee.objects.get(user=world.nurse)
    body = new_client(
        team=str(world.ost.public_id),
        contact_person=str(nils.public_id),
        practical_provider=str(world.private.public_id),
    )
    response = as_(world.caseworker).post("/clients", body)
    assert response.status_code == 201, response.content
    assert response.json()["contact_person"] == {
        "id": str(nils.public_id),
        "name": "Nils Sykepleier",
        "profession": "nurse",
    }
    assert response.json()["practical_provider"]["name"] == "Hjemmehjelp AS"


def test_an_unknown_team_is_422_naming_field_and_rule_and_nothing_is_saved(
    world: World, as_: AsUser
) -> None:
    kari = as_(world.caseworker).with_language("en")
    before = counts()
    response = kari.post("/clients", new_client(team="sentrum"))
    assert response.status_code == 422
    assert response.json() == {
        "detail": "The input breaks a rule.",
        "errors": {
            "team": [
                {"rule": "unknown", "message": "Choose one of the teams of your municipality."}
            ]
        },
    }
    assert counts() == before


def test_every_broken_rule_is_reported_at_once(world: World, as_: AsUser) -> None:
    before = counts()
    body = new_client(
        team="00000000-0000-0000-0000-000000000000",
        postal_code="12",
        contact_person="00000000-0000-0000-0000-000000000000",
        practical_provider="00000000-0000-0000-0000-000000000000",
    )
    response = as_(world.caseworker).with_language("en").post("/clients", body)
    assert response.status_code == 422
    assert errors(response) == {
        "team": {"unknown"},
        "postal_code": {"format"},
        "contact_person": {"unknown"},
        "practical_provider": {"unknown"},
    }
    assert response.json()["detail"] == "The input breaks 4 rules."
    assert counts() == before


def test_a_refusal_is_in_bokmal_by_default_and_in_english_on_request(
    world: World, as_: AsUser
) -> None:
    body = new_client(postal_code="12")
    bokmal = as_(world.caseworker).post("/clients", body)
    english = as_(world.caseworker).with_language("en").post("/clients", body)
    assert bokmal.status_code == english.status_code == 422
    assert bokmal.json() == {
        "detail": "Opplysningene bryter en regel.",
        "errors": {
            "postal_code": [{"rule": "format", "message": "Postnummeret må ha fire sifre."}]
        },
    }
    assert english.json() == {
        "detail": "The input breaks a rule.",
        "errors": {
            "postal_code": [{"rule": "format", "message": "Postal code must be four digits."}]
        },
    }


def test_a_team_of_another_municipality_is_unknown(world: World, as_: AsUser) -> None:
    from hverdag.org.models import District, Municipality, Team, Unit

    bergen = Municipality.objects.create(name="Bergen", number="4601")
    district = District.objects.create(municipality=bergen, name="Årstad")
    unit = Unit.objects.create(district=district, name="Hjemmetjenesten")
    team = Team.objects.create(unit=unit, municipality=bergen, name="Team Nord", slug="bnord")
    for ref in ("bnord", str(team.public_id)):
        response = as_(world.caseworker).post("/clients", new_client(team=ref))
        assert errors(response) == {"team": {"unknown"}}


@pytest.mark.parametrize(
    ("body", "field", "rule"),
    [
        (new_client(first_name=3), "first_name", "string_type"),
        (new_client(lat="north"), "lat", "float_parsing"),
        (new_client(needs_interpreter="perhaps"), "needs_interpreter", "bool_parsing"),
        (new_client(birth_date="17.05.1938"), "birth_date", "date_from_datetime_parsing"),
        (new_client(contact_person=12), "contact_person", "uuid_type"),
        (new_client(team=None), "team", "string_type"),
        (new_client(nickname="Assa"), "nickname", "extra_forbidden"),
        (new_client(last_name="Nil\x00sen"), "last_name", "no_nul"),
        ({"first_name": "Astrid"}, "identity_number", "required"),
    ],
)
def test_wrong_types_are_422_naming_the_field(
    world: World, as_: AsUser, body: dict[str, Any], field: str, rule: str
) -> None:
    before = counts()
    response = as_(world.caseworker).post("/clients", body)
    assert response.status_code == 422
    assert rule in errors(response)[field]
    assert counts() == before


@pytest.mark.parametrize("raw", ["{not json", "[]", '"a string"', "null", '{"team": ', "", "a=b"])
def test_malformed_bodies_are_4xx_never_500(world: World, as_: AsUser, raw: str) -> None:
    before = counts()
    response = as_(world.caseworker).post("/clients", raw=raw)
    assert response.status_code in (400, 422)
    assert "detail" in response.json()
    assert counts() == before


def test_an_empty_body_is_422_naming_the_body(world: World, as_: AsUser) -> None:
    response = as_(world.caseworker).post("/clients", raw="")
    assert response.status_code == 422
    assert errors(response) == {"body": {"required"}}


def test_a_duplicate_identity_number_is_422(world: World, as_: AsUser) -> None:
    response = as_(world.caseworker).post(
        "/clients", new_client(identity_number=world.ingrid.identity_number)
    )
    assert errors(response) == {"identity_number": {"duplicate"}}
    # The error names the rule; it does not echo the number.
    assert world.ingrid.identity_number not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 401),
        ("client_user", 403),
        ("daughter", 403),
        ("nurse", 403),
        ("team_leader", 403),
        ("provider_admin", 403),
        ("caseworker", 201),
    ],
)
def test_who_may_register(world: World, as_: AsUser, who: str | None, status: int) -> None:
    caller = as_(getattr(world, who) if who else None)
    before = counts()
    response = caller.post("/clients", new_client())
    assert response.status_code == status
    if status != 201:
        assert counts() == before


# --- one client -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 401),
        ("client_user", 200),  # her own record
        ("daughter", 200),
        ("olav", 404),  # another client: not even told that she exists
        ("nurse_vest", 200),  # basic details are visible across the district
        ("caseworker", 200),
        ("admin", 404),
    ],
)
def test_who_reads_ingrids_record(
    world: World, olav: Olav, as_: AsUser, who: str | None, status: int
) -> None:
    user = olav.user if who == "olav" else getattr(world, who) if who else None
    before = counts()
    response = as_(user).get(f"/clients/{world.ingrid.public_id}")
    assert response.status_code == status
    # Basic details are not health information: no access-log row either way.
    assert counts() == before
    if status == 200:
        body = response.json()
        assert body["identity_number_masked"] == world.ingrid.identity_number[:6] + "*****"
        assert world.ingrid.identity_number not in response.content.decode()
        assert body["practical_provider"]["name"] == "Hjemmehjelp AS"


def test_an_unknown_or_malformed_id(world: World, as_: AsUser) -> None:
    kari = as_(world.caseworker)
    assert kari.get("/clients/7f0c1f2e-0000-4000-8000-000000000000").status_code == 404
    response = kari.get("/clients/42")
    assert response.status_code == 422
    assert errors(response) == {"client_id": {"uuid_parsing"}}


# --- changing -----------------------------------------------------------------------------------


def test_patch_changes_only_what_is_sent_with_an_audit_row(world: World, as_: AsUser) -> None:
    path = f"/clients/{world.ingrid.public_id}"
    response = as_(world.caseworker).patch(path, {"phone": "22 33 44 55", "team": "vest"})
    assert response.status_code == 200, response.content
    assert response.json()["team"]["slug"] == "vest"
    world.ingrid.refresh_from_db()
    assert (world.ingrid.phone, world.ingrid.team, world.ingrid.first_name) == (
        "22 33 44 55",
        world.vest,
        "Ingrid",
    )
    event = AuditEvent.objects.get(action="client.update")
    assert event.old == {"phone": "", "team_id": world.ost.pk}
    assert event.new == {"phone": "22 33 44 55", "team_id": world.vest.pk}


def test_patch_sets_and_clears_the_contact_person(world: World, as_: AsUser) -> None:
    nils = Employee.objects.get(user=world.nurse)
    kari = as_(world.caseworker)
    path = f"/clients/{world.ingrid.public_id}"
    assert (
        kari.patch(path, {"contact_person": str(nils.public_id)}).json()["contact_person"]["name"]
        == "Nils Sykepleier"
    )
    assert kari.patch(path, {"contact_person": None}).json()["contact_person"] is None


def test_patch_cannot_null_a_required_field(world: World, as_: AsUser) -> None:
    before = counts()
    response = as_(world.caseworker).patch(
        f"/clients/{world.ingrid.public_id}", {"first_name": None, "team": None}
    )
    assert response.status_code == 422
    assert errors(response) == {"first_name": {"not_null"}, "team": {"not_null"}}
    assert counts() == before


def test_patch_with_an_unknown_team_changes_nothing(world: World, as_: AsUser) -> None:
    before = counts()
    response = as_(world.caseworker).patch(
        f"/clients/{world.ingrid.public_id}", {"phone": "22 33 44 55", "team": "sentrum"}
    )
    assert errors(response) == {"team": {"unknown"}}
    world.ingrid.refresh_from_db()
    assert world.ingrid.phone == ""
    assert counts() == before


def test_put_replaces_the_record(world: World, as_: AsUser) -> None:
    body = new_client(identity_number=world.ingrid.identity_number, first_name="Inga")
    response = as_(world.caseworker).put(f"/clients/{world.ingrid.public_id}", body)
    assert response.status_code == 200, response.content
    world.ingrid.refresh_from_db()
    assert (world.ingrid.first_name, world.ingrid.street_address) == ("Inga", "Kampengata 5")
    missing = as_(world.caseworker).put(f"/clients/{world.ingrid.public_id}", {"team": "ost"})
    assert "first_name" in errors(missing)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 401),
        ("client_user", 403),
        ("daughter", 403),
        ("olav", 404),
        ("nurse", 403),  # field staff do not change the record
        ("nurse_vest", 403),
        ("provider_admin", 403),
        ("team_leader", 200),
        ("caseworker", 200),
    ],
)
def test_who_may_change_ingrids_record(
    world: World, olav: Olav, as_: AsUser, who: str | None, status: int
) -> None:
    user = olav.user if who == "olav" else getattr(world, who) if who else None
    before = counts()
    response = as_(user).patch(f"/clients/{world.ingrid.public_id}", {"phone": "22 33 44 55"})
    assert response.status_code == status
    world.ingrid.refresh_from_db()
    if status != 200:
        assert world.ingrid.phone == ""
        assert counts() == before
    else:
        assert world.ingrid.phone == "22 33 44 55"
        assert not AccessLog.objects.exists()


def test_a_patch_body_that_is_not_an_object_is_422(world: World, as_: AsUser) -> None:
    before = counts()
    response = as_(world.caseworker).send(
        "PATCH", f"/clients/{world.ingrid.public_id}", raw=json.dumps([1])
    )
    assert response.status_code == 422
    assert errors(response) == {"body": {"model_attributes_type"}}
    assert counts() == before


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("first_name", 100),
        ("postal_place", 60),
        ("preferred_language", 40),
        ("phone", 30),
    ],
)
def test_over_long_text_is_422_before_the_database_sees_it(
    world: World, as_: AsUser, field: str, limit: int
) -> None:
    """PostgreSQL would refuse it with an error (a 500); the schema says max_length."""
    kari = as_(world.caseworker)
    before = counts()
    response = kari.post("/clients", new_client(**{field: "x" * (limit + 1)}))
    assert response.status_code == 422
    assert "max_length" in errors(response)[field]
    patched = kari.patch(f"/clients/{world.ingrid.public_id}", {field: "x" * (limit + 1)})
    assert "max_length" in errors(patched)[field]
    assert counts() == before


def test_nul_in_a_search_is_422(world: World, as_: AsUser) -> None:
    response = as_(world.caseworker).get("/clients", q="Hansen\x00")
    assert response.status_code == 422
    assert errors(response) == {"q": {"no_nul"}}

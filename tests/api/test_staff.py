"""/staff and /teams: who works where, with no private data."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hverdag.access.models import Role, RoleAssignment, User
from hverdag.staff.models import Competence, Employee, Profession
from tests.api.conftest import Caller, errors
from tests.builders.people import World, make_user

AsUser = Callable[[User | None], Caller]


def test_staff_of_a_team_with_competences_and_nothing_private(world: World, as_: AsUser) -> None:
    nils = Employee.objects.get(user=world.nurse)
    nils.hpr_number = "123456789"
    nils.home_base_address = "Hjemmeveien 1"
    nils.save()
    nils.competences.add(*Competence.objects.filter(code__in=["wound_care", "injections"]))
    response = as_(world.planner).get("/staff", team="ost")
    assert response.status_code == 200
    body = response.json()
    assert [e["last_name"] for e in body["items"]] == [
        "Planlegger",
        "Saksbehandler",
        "Sykepleier",
        "Teamleder",
    ]
    entry = next(e for e in body["items"] if e["last_name"] == "Sykepleier")
    assert entry == {
        "id": str(nils.public_id),
        "first_name": "Nils",
        "last_name": "Sykepleier",
        "profession": "nurse",
        "team": {"id": str(world.ost.public_id), "slug": "ost", "name": "Team Øst"},
        "provider": {
            "id": str(world.municipal.public_id),
            "name": "Bydel Gamle Oslo hjemmetjeneste",
        },
        "competences": ["injections", "wound_care"],
    }
    text = response.content.decode()
    assert "123456789" not in text and "Hjemmeveien" not in text


def test_a_private_provider_sees_only_its_own_staff(world: World, as_: AsUser) -> None:
    body = as_(world.provider_admin).get("/staff").json()
    assert [e["last_name"] for e in body["items"]] == ["Privat"]


def test_a_private_providers_own_helper_sees_only_its_staff(world: World, as_: AsUser) -> None:
    helper = make_user("hanne", "Hanne", "Hjelper")
    Employee.objects.create(
        municipality=world.oslo,
        user=helper,
        first_name="Hanne",
        last_name="Hjelper",
        profession=Profession.HOME_HELPER,
        provider=world.private,
    )
    RoleAssignment.objects.create(
        user=helper, role=Role.FIELD_STAFF, municipality=world.oslo, provider=world.private
    )
    body = as_(helper).get("/staff").json()
    assert sorted(e["last_name"] for e in body["items"]) == ["Hjelper", "Privat"]


def test_an_unknown_team_is_422(world: World, as_: AsUser) -> None:
    response = as_(world.planner).get("/staff", team="sentrum")
    assert response.status_code == 422
    assert errors(response) == {"team": {"unknown"}}


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 401), ("client_user", 403), ("daughter", 403), ("nurse", 200), ("admin", 200)],
)
def test_who_lists_staff(world: World, as_: AsUser, who: str | None, status: int) -> None:
    caller = as_(getattr(world, who) if who else None)
    assert caller.get("/staff").status_code == status


def test_teams_of_the_municipality(world: World, as_: AsUser) -> None:
    response = as_(world.client_user).get("/teams")
    assert response.status_code == 200
    # In name order, which is the database's collation of "Øst": compare as a set.
    assert {(t["slug"], t["district"]) for t in response.json()} == {
        ("nord", "Bydel Gamle Oslo"),
        ("sor", "Bydel Gamle Oslo"),
        ("vest", "Bydel Gamle Oslo"),
        ("ost", "Bydel Gamle Oslo"),
    }
    assert as_(None).get("/teams").status_code == 401

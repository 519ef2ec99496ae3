"""/services: the catalogue decisions are written from."""

from __future__ import annotations

from collections.abc import Callable

from hverdag.access.models import User
from hverdag.decisions.catalogue import install_catalogue
from hverdag.decisions.models import Service
from hverdag.org.models import Municipality, Provider
from tests.api.conftest import Caller, errors
from tests.builders.people import World

AsUser = Callable[[User | None], Caller]


def test_the_catalogue_with_kpr_code_competence_minutes_and_charging(
    world: World, as_: AsUser
) -> None:
    install_catalogue(world.oslo)
    response = as_(world.caseworker).get("/services")
    assert response.status_code == 200
    services = {s["code"]: s for s in response.json()}
    assert len(services) == Service.objects.filter(municipality=world.oslo).count()
    wound = services["wound_care"]
    assert wound == {
        "id": str(Service.objects.get(code="wound_care").public_id),
        "code": "wound_care",
        "name": "Sårbehandling",
        "name_en": "Wound care",
        "category": "health_care",
        "kpr_code": "15",
        "required_competence": "wound_care",
        "default_minutes": 30,
        "chargeable": False,
        "part_of_decision": True,
    }
    assert services["cleaning"]["chargeable"] is True


def test_filter_by_category_and_inactive_services_are_left_out(world: World, as_: AsUser) -> None:
    install_catalogue(world.oslo)
    Service.objects.filter(code="laundry").update(active=False)
    found = as_(world.caseworker).get("/services", category="household").json()
    assert sorted(s["code"] for s in found) == [
        "bed_linen",
        "cleaning",
        "grocery_ordering",
        "training_daily_tasks",
    ]
    bad = as_(world.caseworker).get("/services", category="spa")
    assert bad.status_code == 422
    assert errors(bad) == {"category": {"enum"}}


def test_only_the_own_municipality(world: World, as_: AsUser) -> None:
    install_catalogue(Municipality.objects.create(name="Bærum", number="3201"))
    assert as_(world.caseworker).get("/services").json() == []
    assert as_(None).get("/services").status_code == 401


def test_providers_to_name_in_decision_lines(world: World, as_: AsUser) -> None:
    Provider.objects.create(
        municipality=world.oslo, name="Nedlagt AS", kind=Provider.Kind.PRIVATE, active=False
    )
    response = as_(world.caseworker).get("/providers")
    assert response.status_code == 200
    assert [(p["name"], p["kind"], p["categories"]) for p in response.json()] == [
        ("Bydel Gamle Oslo hjemmetjeneste", "municipal", []),
        ("Hjemmehjelp AS", "private", ["household", "personal_care"]),
    ]
    assert response.json()[1]["id"] == str(world.private.public_id)
    assert as_(None).get("/providers").status_code == 401

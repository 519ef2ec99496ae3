"""The standard catalogue: what a new municipality starts with."""

from __future__ import annotations

from hverdag.decisions import legal
from hverdag.decisions.catalogue import STANDARD_CATALOGUE, install_catalogue
from hverdag.decisions.models import (
    CHARGEABLE_BY_CATEGORY,
    LEGAL_BASIS_BY_CATEGORY,
    Service,
    ServiceCategory,
)
from hverdag.org.models import Municipality
from tests.builders.people import World


def test_installs_every_standard_service_once(world: World) -> None:
    created = install_catalogue(world.oslo)
    assert len(created) == len(STANDARD_CATALOGUE) == 14
    assert install_catalogue(world.oslo) == []
    assert Service.objects.filter(municipality=world.oslo).count() == 14


def test_keeps_what_the_municipality_already_has(world: World) -> None:
    install_catalogue(world.oslo)
    Service.objects.filter(code="cleaning").update(name="Rengjøring", default_minutes=60)
    Service.objects.filter(code="laundry").delete()
    assert [s.code for s in install_catalogue(world.oslo)] == ["laundry"]
    cleaning = Service.objects.get(municipality=world.oslo, code="cleaning")
    assert (cleaning.name, cleaning.default_minutes) == ("Rengjøring", 60)


def test_each_municipality_has_its_own_catalogue(world: World) -> None:
    baerum = Municipality.objects.create(name="Bærum", number="3201")
    install_catalogue(world.oslo)
    install_catalogue(baerum)
    assert Service.objects.filter(code="wound_care").count() == 2


def test_codes_competences_and_charging_follow_the_category(world: World) -> None:
    install_catalogue(world.oslo)
    by_code = {s.code: s for s in Service.objects.filter(municipality=world.oslo)}
    wound = by_code["wound_care"]
    assert (wound.category, wound.kpr_code, wound.chargeable) == ("health_care", "15", False)
    assert wound.required_competence is not None
    assert wound.required_competence.code == "wound_care"
    hygiene = by_code["personal_hygiene"]
    assert (hygiene.category, hygiene.kpr_code, hygiene.chargeable) == ("personal_care", "1", False)
    cleaning = by_code["cleaning"]
    assert (cleaning.category, cleaning.kpr_code, cleaning.chargeable) == ("household", "1", True)
    assert by_code["training_daily_tasks"].kpr_code == "2"
    extra = by_code["additional_services"]
    assert (extra.part_of_decision, extra.category) == (False, "additional")
    for service in by_code.values():
        assert service.chargeable == CHARGEABLE_BY_CATEGORY[ServiceCategory(service.category)]


def test_the_chargeable_flag_cannot_be_chosen(world: World) -> None:
    install_catalogue(world.oslo)
    wound = Service.objects.get(municipality=world.oslo, code="wound_care")
    wound.chargeable = True
    wound.save()
    wound.refresh_from_db()
    assert wound.chargeable is False


def test_every_decision_category_has_a_legal_basis() -> None:
    for category in ServiceCategory:
        basis = LEGAL_BASIS_BY_CATEGORY[category]
        assert basis == legal.SERVICE_BASIS[category.value]
        assert bool(basis) == (category != ServiceCategory.ADDITIONAL)
    assert LEGAL_BASIS_BY_CATEGORY[ServiceCategory.HEALTH_CARE].endswith("nr. 6 bokstav a")

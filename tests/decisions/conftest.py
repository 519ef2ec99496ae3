"""The decisions stories: Kari grants Ingrid services from the standard catalogue.

Nils (municipal) holds the clinical competences and Pia's Hjemmehjelp AS the practical
ones, so every standard service can be delivered by someone. The service day is fixed at
Tuesday 24 November 2026, so letters and validity are exact.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from hverdag.decisions import services as decision_services
from hverdag.decisions.catalogue import install_catalogue
from hverdag.decisions.inputs import DecisionInput, ServiceLineInput
from hverdag.decisions.models import Service
from hverdag.org.models import Provider
from hverdag.staff.models import Competence
from tests.builders.people import World

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(decision_services, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def catalogue(world: World) -> dict[str, Service]:
    install_catalogue(world.oslo)
    clinical = Competence.objects.filter(
        code__in=["wound_care", "medication_administration", "personal_care", "household"]
    )
    world.nurse.employee.competences.add(*clinical)
    practical = Competence.objects.filter(code__in=["household", "personal_care"])
    world.provider_admin.employee.competences.add(*practical)
    return {s.code: s for s in Service.objects.filter(municipality=world.oslo)}


def line_input(service: Service, provider: Provider, **changes: Any) -> ServiceLineInput:
    base = ServiceLineInput(
        service=service.public_id,
        provider=provider.public_id,
        times_per_day=2,
        weekdays=(1, 3, 5),
        minutes_per_visit=30,
        window_start=dt.time(8, 0),
        window_end=dt.time(10, 0),
        tasks="Skifte bandasje på venstre legg",
    )
    return dataclasses.replace(base, **changes)


def decision_input(lines: tuple[ServiceLineInput, ...], **changes: Any) -> DecisionInput:
    base = DecisionInput(
        applied_on=dt.date(2026, 11, 2),
        applied_for="hjemmesykepleie og hjelp til rengjøring",
        valid_from=dt.date(2026, 11, 23),
        valid_to=None,
        review_on=dt.date(2027, 5, 1),
        facts="Ingrid har et leggsår som må skiftes på, og klarer ikke å støvsuge selv.",
        reasons="Behovet for sårstell og hjelp til rengjøring er nødvendig hjelp.",
        lines=lines,
    )
    return dataclasses.replace(base, **changes)


def standard_input(world: World, catalogue: dict[str, Service], **changes: Any) -> DecisionInput:
    """Wound care three days a week by the municipal service, cleaning every other week."""
    return decision_input(
        (
            line_input(catalogue["wound_care"], world.municipal),
            line_input(
                catalogue["cleaning"],
                world.private,
                times_per_day=1,
                weekdays=(4,),
                every_n_weeks=2,
                minutes_per_visit=90,
                window_start=None,
                window_end=None,
                tasks="Støvsuging og vask av bad og kjøkken",
            ),
        ),
        **changes,
    )

"""The standard note templates, installed per municipality beside its service catalogue.

Why not a data migration: a template belongs to a municipality and points at the
municipality's own service rows, and both are data that arrive after the migrations
(``decisions.catalogue.install_catalogue`` installs the catalogue the same way). The demo
loader installs them; an installation runs ``install_note_templates`` for a new
municipality, and the municipality edits or adds its own in the admin.

The texts are the municipality's data in its own language (bokmål), not UI strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from hverdag.decisions.models import Service, ServiceCategory
from hverdag.notes.models import NoteTemplate
from hverdag.org.models import Municipality


@dataclass(frozen=True)
class TemplateEntry:
    title: str
    body: str
    service_code: str = ""
    category: str = ""


STANDARD_TEMPLATES: list[TemplateEntry] = [
    TemplateEntry(
        "Medikamenthåndtering",
        "Gitt: \nObservasjoner (effekt, bivirkninger): \nAvvik fra multidose/kurve: \n"
        "Videre tiltak: ",
        service_code="medication",
    ),
    TemplateEntry(
        "Sårstell",
        "Sårets tilstand (størrelse, sekresjon, lukt, sårkanter): \nUtført: \n"
        "Smerte: \nVidere tiltak / neste skift: ",
        service_code="wound_care",
    ),
    TemplateEntry(
        "Injeksjon",
        "Gitt (preparat, dose, sted): \nObservasjoner: \nVidere tiltak: ",
        service_code="injections",
    ),
    TemplateEntry(
        "Personlig hygiene",
        "Utført: \nHud og munnhule: \nHva brukeren klarte selv: \nObservasjoner: ",
        service_code="personal_hygiene",
    ),
    TemplateEntry(
        "Ernæring og måltider",
        "Måltid / hva ble spist: \nDrikke: \nAppetitt og vekt: \nVidere tiltak: ",
        service_code="nutrition",
    ),
    TemplateEntry(
        "Helsehjelp – generelt",
        "Utført: \nObservasjoner: \nBrukerens egen vurdering: \nVidere tiltak: ",
        category=ServiceCategory.HEALTH_CARE,
    ),
    TemplateEntry(
        "Rengjøring",
        "Utført: \nIkke utført (og hvorfor): \nUtstyr som mangler: \nAvtalt med bruker: ",
        service_code="cleaning",
    ),
    TemplateEntry(
        "Praktisk bistand – generelt",
        "Utført: \nAvtalt med bruker: \nTil neste gang: ",
        category=ServiceCategory.HOUSEHOLD,
    ),
]


def install_note_templates(municipality: Municipality) -> list[NoteTemplate]:
    """Create the standard templates the municipality does not have yet (by title)."""
    services = {s.code: s for s in Service.objects.filter(municipality=municipality)}
    existing = set(
        NoteTemplate.objects.filter(municipality=municipality).values_list("title", flat=True)
    )
    rows = []
    for order, entry in enumerate(STANDARD_TEMPLATES):
        if entry.title in existing:
            continue
        service = services.get(entry.service_code) if entry.service_code else None
        if entry.service_code and service is None:
            continue
        rows.append(
            NoteTemplate(
                municipality=municipality,
                service=service,
                category=entry.category,
                title=entry.title,
                body=entry.body,
                order=order,
            )
        )
    return NoteTemplate.objects.bulk_create(rows)

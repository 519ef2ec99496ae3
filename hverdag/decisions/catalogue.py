"""The standard service catalogue, built from both seed service descriptions.

Installed per municipality by ``install_catalogue``; the admin edits it afterwards. KPR
codes from kodeverk 9151: 15 home nursing, 1 practical assistance (daily tasks), 2 training
in daily tasks, 6 safety alarm, 27 electronic medication support. The chargeable flag is not
listed: it follows from the category (see models.CHARGEABLE_BY_CATEGORY).
"""

from __future__ import annotations

from dataclasses import dataclass

from hverdag.decisions.models import Service, ServiceCategory
from hverdag.org.models import Municipality
from hverdag.staff.models import Competence


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    name: str
    name_en: str
    category: ServiceCategory
    kpr_code: str
    competence: str | None
    minutes: int
    part_of_decision: bool = True


H, P, HH, A = (
    ServiceCategory.HEALTH_CARE,
    ServiceCategory.PERSONAL_CARE,
    ServiceCategory.HOUSEHOLD,
    ServiceCategory.ADDITIONAL,
)

STANDARD_CATALOGUE: list[CatalogueEntry] = [
    CatalogueEntry(
        "personal_hygiene", "Personlig hygiene", "Personal hygiene", P, "1", "personal_care", 30
    ),
    CatalogueEntry("nutrition", "Ernæring og måltider", "Nutrition", P, "1", "nutrition", 20),
    CatalogueEntry("wound_care", "Sårbehandling", "Wound care", H, "15", "wound_care", 30),
    CatalogueEntry("injections", "Injeksjoner", "Injections", H, "15", "injections", 15),
    CatalogueEntry(
        "medication",
        "Administrering av legemidler",
        "Medication administration",
        H,
        "15",
        "medication_administration",
        15,
    ),
    CatalogueEntry(
        "assistive_devices",
        "Tilpasning av hjelpemidler",
        "Adapting assistive devices",
        H,
        "15",
        "occupational_therapy",
        60,
    ),
    CatalogueEntry(
        "physiotherapy",
        "Trening med fysioterapeut i hjemmet",
        "Physiotherapy training at home",
        H,
        "15",
        "physiotherapy",
        45,
    ),
    CatalogueEntry(
        "welfare_tech_guidance",
        "Vurdering og veiledning i velferdsteknologi",
        "Welfare-technology assessment and guidance",
        H,
        "15",
        "welfare_technology",
        45,
    ),
    CatalogueEntry(
        "cleaning", "Enkel rengjøring av bolig", "Simple cleaning", HH, "1", "household", 90
    ),
    CatalogueEntry(
        "grocery_ordering", "Bestilling av matvarer", "Grocery ordering", HH, "1", "household", 20
    ),
    CatalogueEntry("laundry", "Klesvask i eget hjem", "Laundry", HH, "1", "household", 45),
    CatalogueEntry("bed_linen", "Sengetøyskift", "Bed-linen change", HH, "1", "household", 20),
    CatalogueEntry(
        "training_daily_tasks",
        "Opplæring i daglige gjøremål",
        "Training in daily tasks",
        HH,
        "2",
        "household",
        45,
    ),
    CatalogueEntry(
        "additional_services",
        "Tilleggstjenester (betales av bruker)",
        "Paid additional services",
        A,
        "",
        "household",
        60,
        part_of_decision=False,
    ),
]


def install_catalogue(municipality: Municipality) -> list[Service]:
    """Create the standard services a municipality does not have yet (by code)."""
    competences = {c.code: c for c in Competence.objects.all()}
    existing = set(Service.objects.filter(municipality=municipality).values_list("code", flat=True))
    created = []
    for entry in STANDARD_CATALOGUE:
        if entry.code in existing:
            continue
        service = Service(
            municipality=municipality,
            code=entry.code,
            name=entry.name,
            name_en=entry.name_en,
            category=entry.category,
            kpr_code=entry.kpr_code,
            required_competence=competences.get(entry.competence) if entry.competence else None,
            default_minutes=entry.minutes,
            part_of_decision=entry.part_of_decision,
        )
        service.save()
        created.append(service)
    return created

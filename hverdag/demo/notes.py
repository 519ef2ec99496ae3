"""Notes for the demo: what the caregivers wrote after a sample of the past days' visits.

Written after the plans are published (``plans.plan_demo_days``), by the caregiver each
past visit was planned for, into the record the service belongs to (the journal for
health and personal care by health personnel, the case file for practical assistance and
for personal care by a home helper). A few are marked important, a few corrected. Rows
are written in bulk, as the rest of the demo is (see ``load``): no audit, no access log.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from hverdag.decisions.models import ServiceCategory
from hverdag.notes.defaults import install_note_templates
from hverdag.notes.models import KIND_BY_CATEGORY, Note, NoteTemplate, RecordKind
from hverdag.org.models import Municipality
from hverdag.staff.models import Profession
from hverdag.visits.models import PlanEntry, PlanStatus, VisitStatus

# About one visit in six gets a note; of those, some are important, fewer corrected.
SHARE = 0.17
IMPORTANT = 0.06
CORRECTED = 0.03
PAST_DAYS = 13

# (text, important-worthy text) per service code; the catalogue's other services use
# their category's texts.
TEXTS: dict[str, list[str]] = {
    "medication": [
        "Gitt: morgendose fra multidose.\nObservasjoner: i god form, spiste frokost.\n"
        "Videre tiltak: ingen.",
        "Gitt: morgen- og kveldsdose lagt fram, morgendose tatt under tilsyn.\n"
        "Observasjoner: litt svimmel ved oppreising, BT 128/76.\nVidere tiltak: følge med.",
        "Gitt: Paracet 1 g ved behov etter ønske, smerter i venstre kne.\n"
        "Observasjoner: effekt etter 30 min.\nVidere tiltak: vurdere fast smertelindring med lege.",
        "Gitt: morgendose. Multidoserull for neste uke levert fra apoteket og satt i skapet.",
        "Gitt: kveldsdose.\nObservasjoner: sliten, la seg tidlig. Ingen smerter.\n"
        "Videre tiltak: ingen.",
        "Gitt: morgendose og øyedråper begge øyne.\nObservasjoner: øynene mindre røde.\n"
        "Videre tiltak: fortsette kuren ut uken.",
        "Gitt: morgendose. Bruker hadde glemt gårsdagens kveldsdose i posen, "
        "avvik meldt.\nVidere tiltak: fastlege varslet, følg med på blodtrykk.",
        "Gitt: Marevan etter doseringskort, 2,5 mg.\nObservasjoner: ingen blødninger.\n"
        "Videre tiltak: INR-kontroll fredag.",
        "Gitt: inhalasjon, Spiriva. Teknikk god.\nObservasjoner: mindre tungpustet enn i går.",
    ],
    "wound_care": [
        "Sår på venstre legg: mindre sekresjon, rene sårkanter. Skiftet til skumbandasje.\n"
        "Smerte 2/10. Neste skift om to dager.",
        "Trykksår sete: uendret størrelse 2x3 cm, rødt sårbunn. Renset med NaCl, ny bandasje.\n"
        "Snudd i sengen, anbefalt å sitte på pute.",
    ],
    "injections": [
        "Gitt insulin 12 E i magen, blodsukker før 8,4. Spiste etterpå.",
        "B12-injeksjon gitt i overarm. Ingen reaksjon.",
    ],
    "personal_hygiene": [
        "Dusj med hjelp, klarte overkropp selv. Huden hel, litt tørr på leggene, smurt.",
        "Stell ved vasken. Brukeren i godt humør, kledde på seg selv med litt veiledning.",
        "Morgenstell i seng. Rødme på hælene, lagt på hælavlaster.",
        "Hjelp til påkledning og støttestrømper. Bena mindre hovne enn før helgen.",
        "Dusj i dusjstol. Bruker ville ikke vaske håret i dag, avtalt torsdag.",
        "Stell utført. Kløe i hodebunnen, brukt mild sjampo. Følg med.",
    ],
    "nutrition": [
        "Smurt frokost, spiste to skiver og drakk en kopp kaffe og et glass juice.",
        "Lite matlyst i dag, spiste halv porsjon middag. Tilbudt næringsdrikk, drakk halvparten.",
        "Varmet middag fra matombringingen, fiskegrateng. Spiste alt, drakk to glass vann.",
        "Kveldsmat: yoghurt og en skive. Drikkelisten ført, ca. 1 liter i dag.",
    ],
    "cleaning": [
        "Støvsugd og vasket gulv på kjøkken og bad. Tørket støv i stua.",
        "Rengjøring utført. Støvsugerposen er full, bruker kjøper ny til neste gang.",
        "Vasket bad og kjøkken. Stua ikke tatt i dag, bruker hadde besøk.",
    ],
    "grocery_ordering": [
        "Bestilt varer på nett sammen med bruker, levering torsdag.",
        "Handleliste laget, datter handler i helgen.",
    ],
    "laundry": ["Vasket og hengt opp en maskin. Tatt inn tørt tøy og brettet."],
    "bed_linen": ["Skiftet sengetøy, skittent tøy lagt i vaskekurven."],
    "training_daily_tasks": [
        "Øvde på å lage kaffe og smøre brødskive selv. Klarte det meste med litt veiledning.",
    ],
}
CATEGORY_TEXTS: dict[str, list[str]] = {
    ServiceCategory.HEALTH_CARE: [
        "Utført som avtalt. Brukeren i vanlig form, ingen nye observasjoner.",
        "Blodtrykk 142/84, puls 76. Ingen klager.",
    ],
    ServiceCategory.PERSONAL_CARE: TEXTS["personal_hygiene"],
    ServiceCategory.HOUSEHOLD: ["Utført som avtalt."],
    ServiceCategory.ADDITIONAL: ["Utført som avtalt."],
}
IMPORTANT_TEXTS = [
    "Falt på badet i natt ifølge bruker, ikke skadet. Blåmerke på høyre hofte. "
    "Følg med på smerter og gange. Avvik meldt.",
    "Datter ringer og sier at bruker har vært mer forvirret siste dager. Sjekk temperatur "
    "og urin ved neste besøk.",
    "Nøkkelboksen henger løst, vaktmester er varslet. Bruk inngangen fra gårdsplassen.",
    "Lite drikke siste døgn, tørre slimhinner. Oppfordre til drikke ved hvert besøk.",
    "Hunden er ny og engstelig, bruker ber om at den får være på soverommet.",
]
# Why a note was corrected, and what the correction adds.
CORRECTIONS = [
    ("Manglet observasjon", "\nObservasjoner (tillegg): BT 134/80, puls 72."),
    ("Feil klokkeslett", "\n(Besøket var ca. 30 min senere enn planlagt.)"),
    ("Utfyllende opplysninger", "\nTillegg: brukeren ønsket å hvile etterpå."),
]


@dataclass(frozen=True)
class DemoNotes:
    notes: int
    important: int
    corrected: int


def seed_demo_notes(
    municipality: Municipality, today: dt.date, *, seed: int = 7, share: float = SHARE
) -> DemoNotes:
    """Notes on a sample of the published visits of the past days (before ``today``)."""
    install_note_templates(municipality)
    rng = random.Random(seed)
    templates = {
        t.service_id: t
        for t in NoteTemplate.objects.filter(municipality=municipality, service__isnull=False)
    }
    entries = (
        PlanEntry.objects.filter(
            plan__municipality=municipality,
            plan__status=PlanStatus.PUBLISHED,
            plan__date__gte=today - dt.timedelta(days=PAST_DAYS),
            plan__date__lt=today,
            employee__isnull=False,
            employee__user__isnull=False,
        )
        .exclude(visit__status=VisitStatus.CANCELLED)
        .select_related("visit__service", "employee")
        .order_by("plan__date", "start", "id")
    )
    originals: list[Note] = []
    for entry in entries.iterator(chunk_size=2000):
        if rng.random() >= share:
            continue
        visit, employee = entry.visit, entry.employee
        assert employee is not None and employee.user_id is not None and entry.start is not None
        category = visit.service.category
        kind = KIND_BY_CATEGORY[ServiceCategory(category)]
        home_helper = employee.profession == Profession.HOME_HELPER
        if home_helper:
            if kind == RecordKind.JOURNAL and category != ServiceCategory.PERSONAL_CARE:
                continue  # a home helper does not give health care
            kind = RecordKind.CASE_FILE
        important = rng.random() < IMPORTANT
        choices = TEXTS.get(visit.service.code) or CATEGORY_TEXTS[category]
        text = rng.choice(IMPORTANT_TEXTS) if important else rng.choice(choices)
        at = entry.start + dt.timedelta(minutes=visit.minutes + rng.randint(0, 20))
        originals.append(
            Note(
                municipality=municipality,
                client_id=visit.client_id,
                visit=visit,
                kind=kind,
                text=text,
                template=templates.get(visit.service_id),
                important=important,
                author_id=employee.user_id,
                author_employee=employee,
                at=at,
                idempotency_key=uuid.UUID(int=rng.getrandbits(128)),
            )
        )
    Note.objects.bulk_create(originals, batch_size=1000)
    written = [n for n in originals if n.pk is not None] or list(
        Note.objects.filter(municipality=municipality).order_by("id")
    )
    corrections = []
    for note in written:
        if rng.random() >= CORRECTED:
            continue
        reason, addition = rng.choice(CORRECTIONS)
        corrections.append(
            Note(
                municipality=municipality,
                client_id=note.client_id,
                visit_id=note.visit_id,
                kind=note.kind,
                text=note.text + addition,
                template_id=note.template_id,
                important=note.important,
                series=note.series,
                version=2,
                corrects=note,
                correction_reason=reason,
                author_id=note.author_id,
                author_employee_id=note.author_employee_id,
                at=note.at + dt.timedelta(minutes=rng.randint(30, 240)),
                idempotency_key=uuid.UUID(int=rng.getrandbits(128)),
            )
        )
    Note.objects.bulk_create(corrections, batch_size=1000)
    return DemoNotes(
        notes=len(originals),
        important=sum(1 for n in originals if n.important),
        corrected=len(corrections),
    )

"""Medication lists for the demo's clients who have medicines given by the home service.

Each client with the service "medication" gets a list whose times fall inside the agreed
windows of their medication visits (08:00 in the morning window, 13:00 at lunch, 20:00 in
the evening), so Min dag shows the doses due at each visit. Clients whose medicines come
from a dispenser (weekly fill) have them listed as given by the dispenser. Some have an
as-needed painkiller. Same seed, same lists.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from hverdag.access.models import User
from hverdag.clients.models import Client
from hverdag.demo.spec import ClientSpec
from hverdag.medication.models import GivenBy, MedicationOrder

# (window start, the time the medicine is given) for the demo's medication windows.
SLOTS = {"07:30": "08:00", "08:00": "08:30", "11:30": "13:00", "17:00": "20:00"}
PRESCRIBERS = ("fastlege Dr. Berg", "fastlege Dr. Nguyen", "fastlege Dr. Haugen", "sykehjemslege")

# drug, strength, form, dose, route, slots (morning/lunch/evening), note
MORNING = [
    ("Albyl-E", "75 mg", "tablet", "1 tablett", "oral", ""),
    (
        "Furosemid",
        "40 mg",
        "tablet",
        "1 tablett",
        "oral",
        "Veies hver mandag; meld økning over 2 kg.",
    ),
    ("Levaxin", "50 mikrog", "tablet", "1 tablett", "oral", "Gis fastende, 30 min før frokost."),
    ("Metoprolol depot", "50 mg", "tablet", "1 tablett", "oral", ""),
]
TWICE = [
    ("Metformin", "500 mg", "tablet", "1 tablett", "oral", "Gis til måltid."),
    ("Paracetamol", "500 mg", "tablet", "2 tabletter", "oral", "Høyst 6 tabletter i døgnet."),
]
EVENING = [
    ("Simvastatin", "20 mg", "tablet", "1 tablett", "oral", ""),
    ("Marevan", "2,5 mg", "tablet", "Etter INR-skjema", "oral",
     "INR-mål 2,0–3,0. Dose etter gjeldende INR-skjema fra fastlegen; neste INR-kontroll "
     "tirsdag."),
    ("Xalatan", "50 mikrog/ml", "eye_drops", "1 dråpe i hvert øye", "eye", ""),
]  # fmt: skip


def medication_orders(
    clients: list[Client],
    specs: tuple[ClientSpec, ...] | list[ClientSpec],
    users: dict[str, User],
    *,
    today: dt.date,
    seed: int,
) -> list[MedicationOrder]:
    rng = random.Random(seed * 31 + 7)
    rows: list[MedicationOrder] = []
    for client, spec in zip(clients, specs, strict=True):
        lines = [line for line in spec.decision.lines if line.service == "medication"]
        if not lines:
            continue
        dispenser = any(w.kind == "medicine_dispenser" for w in spec.welfare_technology)
        times = sorted({SLOTS[line.window[0]] for line in lines if line.window[0] in SLOTS})
        if dispenser or not times:
            times = ["08:00", "20:00"]
        given_by = GivenBy.DISPENSER if dispenser else GivenBy.STAFF
        morning = [t for t in times if t < "12:00"]
        evening = [t for t in times if t >= "17:00"]
        chosen: list[tuple[tuple[str, str, str, str, str, str], list[str]]] = []
        if morning:
            for entry in rng.sample(MORNING, rng.randint(1, 2)):
                chosen.append((entry, morning[:1]))
        if morning and evening:
            chosen.append((rng.choice(TWICE), [morning[0], evening[-1]]))
        if evening:
            chosen.append((rng.choice(EVENING), evening[-1:]))
        prescriber = rng.choice(PRESCRIBERS)
        start = today - dt.timedelta(days=rng.randint(20, 400))
        recorded_by = users[spec.decision.caseworker]
        for (drug, strength, form, dose, route, note), at in chosen:
            rows.append(
                MedicationOrder(
                    municipality_id=client.municipality_id,
                    client=client,
                    drug=drug,
                    strength=strength,
                    form=form,
                    dose=dose,
                    dose_amount=Decimal(dose.split()[0]) if dose[0].isdigit() else None,
                    dose_unit=dose.split()[1] if dose[0].isdigit() else "",
                    route=route,
                    times=at,
                    given_by=given_by,
                    start_date=start,
                    prescriber=prescriber,
                    note=note,
                    recorded_by=recorded_by,
                )
            )
        if not dispenser and rng.random() < 0.25:
            rows.append(
                MedicationOrder(
                    municipality_id=client.municipality_id,
                    client=client,
                    drug="Oxynorm",
                    strength="5 mg",
                    form="other",
                    dose="1 kapsel",
                    dose_amount=Decimal(1),
                    dose_unit="kapsel",
                    route="oral",
                    times=[],
                    as_needed=True,
                    indication="Gjennombruddssmerter",
                    max_per_day=4,
                    given_by=GivenBy.STAFF,
                    start_date=start,
                    prescriber=prescriber,
                    note="Følg opp effekt etter 30–60 min.",
                    recorded_by=recorded_by,
                )
            )
    return MedicationOrder.objects.bulk_create(rows)

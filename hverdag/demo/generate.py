"""The demo district as plain data: people, homes, needs and decisions, from one seed.

Pure Python (no Django), so it can be generated, inspected and tested without a database;
``hverdag.demo.load`` writes it. Everything comes from one ``random.Random(seed)``: the
same seed gives the same district, down to names and identity numbers.

Dates. People are anchored to a fixed reference date (REFERENCE_DATE): birth dates and
identity numbers never change with the day the demo is loaded. The case calendar is
stored as day offsets (``*_days_ago``, ``*_in_days``) that the loader adds to the day of
loading, so a demo loaded on any day has active decisions, recent assessments and
follow-ups due in the coming weeks. Same seed and same day give the same database.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from hverdag.core import identity_numbers
from hverdag.demo import geography, names
from hverdag.demo.geography import Place

REFERENCE_DATE = dt.date(2026, 1, 1)
DEFAULT_SEED = 301  # Oslo's municipality number, minus the leading zero
DEMO_PASSWORD = "hverdag-demo"

MUNICIPAL = "municipal"
PRIVATE_PROVIDERS = ("trivsel", "partner")
# Share of practical-assistance clients who chose a private provider (Stavanger's 16 %).
PRIVATE_SHARE = 0.16

T = TypeVar("T")


# --------------------------------------------------------------------------- the shapes


@dataclass(frozen=True)
class ProviderSpec:
    key: str
    name: str
    kind: str  # org.Provider.Kind value
    categories: tuple[str, ...]
    office: Place


@dataclass(frozen=True)
class StaffSpec:
    username: str
    first_name: str
    last_name: str
    profession: str  # staff.Profession value
    role: str  # access.Role value
    provider: str  # ProviderSpec.key
    team: str | None  # team slug; None for district-wide and private staff
    competences: tuple[str, ...]
    employment_percent: int
    transport_mode: str
    home_base: Place


@dataclass(frozen=True)
class KinSpec:
    name: str
    relation: str  # clients.ResourcePerson.Relation value
    phone: str
    email: str
    address: str
    is_next_of_kin: bool
    has_proxy: bool
    consent_to_information: bool


@dataclass(frozen=True)
class HomeNotesSpec:
    entry_method: str
    entry_code: str  # plaintext here; the loader encrypts it
    entry_instructions: str
    pets: str
    pets_in_separate_room: bool
    smoking: bool
    cleaning_equipment: bool
    hospital_bed: bool
    patient_lift: bool
    other_aids: str
    risk_notes: str


@dataclass(frozen=True)
class WelfareTechSpec:
    kind: str
    serial_number: str
    supplier: str
    installed_days_ago: int


@dataclass(frozen=True)
class GoalSpec:
    kind: str
    description: str
    follow_up_in_days: int  # negative: the follow-up is overdue


@dataclass(frozen=True)
class AssessmentSpec:
    days_ago: int
    what_matters: str
    manages_self: str
    resources: str
    notes: str
    home_visit: bool
    scores: tuple[tuple[str, int], ...]
    goals: tuple[GoalSpec, ...]


@dataclass(frozen=True)
class LineSpec:
    service: str  # catalogue code
    times_per_day: int
    weekdays: tuple[int, ...]
    every_n_weeks: int
    minutes: int
    window: tuple[str, str]
    staff_count: int
    provider: str
    tasks: str

    @property
    def visits_per_week(self) -> float:
        return self.times_per_day * len(self.weekdays) / self.every_n_weeks


@dataclass(frozen=True)
class DecisionSpec:
    applied_days_ago: int
    valid_from_days_ago: int
    valid_for_days: int | None  # None: until further notice
    review_in_days: int
    informed_how: str
    facts: str
    reasons: str
    caseworker: str  # username
    approved_by: str  # username
    lines: tuple[LineSpec, ...]


@dataclass(frozen=True)
class ClientSpec:
    first_name: str
    last_name: str
    birth_date: dt.date
    identity_number: str
    identity_kind: str
    street_address: str
    postal_code: str
    postal_place: str
    lat: float
    lon: float
    phone: str
    preferred_language: str
    needs_interpreter: bool
    team: str
    practical_provider: str | None
    contact_person: str  # username
    kin: tuple[KinSpec, ...]
    home_notes: HomeNotesSpec
    welfare_technology: tuple[WelfareTechSpec, ...]
    assessment: AssessmentSpec
    decision: DecisionSpec
    profile: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class PortalUserSpec:
    username: str
    first_name: str
    last_name: str
    role: str  # client or next_of_kin
    client_index: int


@dataclass(frozen=True)
class DemoData:
    seed: int
    providers: tuple[ProviderSpec, ...]
    staff: tuple[StaffSpec, ...]
    clients: tuple[ClientSpec, ...]
    portal_users: tuple[PortalUserSpec, ...]
    admin_username: str = "admin"
    centres: tuple[tuple[str, str], ...] = geography.CENTRES

    def staff_by_username(self) -> dict[str, StaffSpec]:
        return {s.username: s for s in self.staff}


# --------------------------------------------------------------------------- helpers


def ascii_slug(text: str) -> str:
    """Lower-case ASCII for usernames: Ø→o, Å→a, Æ→ae, accents dropped."""
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a").replace("ı", "i")
    text = text.replace("ł", "l")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in ".-"))


def weighted(rng: random.Random, options: Sequence[tuple[T, float]]) -> T:
    values = [o for o, _ in options]
    weights = [w for _, w in options]
    return rng.choices(values, weights=weights, k=1)[0]


def mobile(rng: random.Random) -> str:
    first = rng.choice("49")
    digits = first + "".join(str(rng.randint(0, 9)) for _ in range(7))
    return f"{digits[:3]} {digits[3:5]} {digits[5:]}"


# --------------------------------------------------------------------------- providers


def providers() -> tuple[ProviderSpec, ...]:
    practical = ("household", "personal_care")
    return (
        ProviderSpec(
            MUNICIPAL,
            "Bydel Gamle Oslo hjemmetjeneste",
            "municipal",
            ("health_care", "personal_care", "household", "additional"),
            geography.DISTRICT_OFFICE,
        ),
        ProviderSpec(
            "trivsel",
            "Trivsel Hjemmehjelp AS",
            "private",
            practical,
            geography.PROVIDER_OFFICES["trivsel"],
        ),
        ProviderSpec(
            "partner",
            "Omsorgspartner Oslo AS",
            "private",
            practical,
            geography.PROVIDER_OFFICES["partner"],
        ),
    )


# --------------------------------------------------------------------------- staff

NURSE_COMPETENCES = ("medication_administration", "injections", "wound_care", "catheter_care")
EMPLOYMENT = ((100, 45.0), (80, 25.0), (75, 20.0), (50, 10.0))
FIELD_TRANSPORT = (("walk", 25.0), ("bike", 30.0), ("car", 25.0), ("public_transport", 20.0))
OFFICE_TRANSPORT = (("walk", 30.0), ("bike", 30.0), ("public_transport", 40.0))
THERAPIST_TRANSPORT = (("car", 60.0), ("bike", 20.0), ("public_transport", 20.0))

# Named people the docs and tests talk about (the same story as tests/factories.py).
PINNED_STAFF: dict[tuple[str, str], tuple[str, str]] = {
    # (team, profession) -> (first name, last name)
    ("ost", "team_leader"): ("Tone", "Teamleder"),
    ("ost", "planner"): ("Per", "Planlegger"),
    ("ost", "caseworker"): ("Kari", "Saksbehandler"),
    ("ost", "nurse"): ("Nils", "Sykepleier"),
    ("vest", "nurse"): ("Siri", "Vestby"),
    ("trivsel", "admin"): ("Pia", "Privat"),
}
DISTRICT_WIDE: tuple[tuple[str, str, int], ...] = (
    # profession, username suffix, how many
    ("physiotherapist", "fysio", 2),
    ("occupational_therapist", "ergo", 2),
    ("clinical_nutritionist", "ernaering", 1),
    ("advanced_clinical_nurse", "aks", 1),
    ("dementia_coordinator", "demens", 1),
    ("cancer_coordinator", "kreft", 1),
)


def _competences(profession: str, rng: random.Random) -> tuple[str, ...]:
    found: list[str] = []
    if profession in ("nurse", "advanced_clinical_nurse"):
        found += NURSE_COMPETENCES
        if rng.random() < 0.7:
            found.append("patient_lift")
        if rng.random() < 0.2:
            found.append("welfare_technology")
    elif profession == "health_worker":
        if rng.random() < 0.65:
            found.append("medication_administration")
        found += ["personal_care", "nutrition"]
        if rng.random() < 0.8:
            found.append("patient_lift")
    elif profession == "home_helper":
        found += ["household", "personal_care"]
    elif profession == "physiotherapist":
        found += ["physiotherapy", "patient_lift"]
    elif profession == "occupational_therapist":
        found += ["occupational_therapy", "welfare_technology"]
    elif profession == "clinical_nutritionist":
        found.append("nutrition")
    elif profession == "dementia_coordinator":
        found += ["medication_administration", "welfare_technology"]
    elif profession == "cancer_coordinator":
        found += ["medication_administration", "injections", "catheter_care", "wound_care"]
    return tuple(found)


class _NamePool:
    """Staff first names, each handed out once so that logins stay short and unique."""

    def __init__(self, rng: random.Random) -> None:
        self._names = list(names.STAFF_FIRST_NAMES)
        rng.shuffle(self._names)
        self._rng = rng

    def take(self) -> tuple[str, str]:
        return self._names.pop(), self._rng.choice(names.STAFF_LAST_NAMES)


def generate_staff(rng: random.Random) -> tuple[StaffSpec, ...]:
    pool = _NamePool(rng)
    staff: list[StaffSpec] = []

    def add(
        profession: str,
        role: str,
        suffix: str,
        *,
        team: str | None,
        provider: str = MUNICIPAL,
        base: Place,
        pinned: tuple[str, str] | None = None,
        transport: Sequence[tuple[str, float]] = FIELD_TRANSPORT,
        percent: int | None = None,
    ) -> None:
        first, last = pinned or pool.take()
        staff.append(
            StaffSpec(
                username=f"{ascii_slug(first)}.{suffix}",
                first_name=first,
                last_name=last,
                profession=profession,
                role=role,
                provider=provider,
                team=team,
                competences=_competences(profession, rng),
                employment_percent=percent or weighted(rng, EMPLOYMENT),
                transport_mode=weighted(rng, transport),
                home_base=base,
            )
        )

    for slug in geography.TEAM_SLUGS:
        base = geography.TEAM_BASES[slug]
        counts = {
            "team_leader": 1,
            "planner": 1,
            "caseworker": rng.randint(1, 2),
            "nurse": rng.randint(6, 8),
            "health_worker": rng.randint(6, 8),
            "home_helper": rng.randint(3, 4),
        }
        for profession, count in counts.items():
            desk = profession in ("team_leader", "planner", "caseworker")
            role = profession if desk else "field_staff"
            for i in range(count):
                pinned = PINNED_STAFF.get((slug, profession)) if i == 0 else None
                add(
                    profession,
                    role,
                    slug,
                    team=slug,
                    base=base,
                    pinned=pinned,
                    transport=OFFICE_TRANSPORT if desk else FIELD_TRANSPORT,
                    percent=100 if desk else None,
                )
    for profession, suffix, count in DISTRICT_WIDE:
        therapist = profession in ("physiotherapist", "occupational_therapist")
        for _ in range(count):
            add(
                profession,
                "field_staff",
                suffix,
                team=None,
                base=geography.DISTRICT_OFFICE,
                transport=THERAPIST_TRANSPORT if therapist else OFFICE_TRANSPORT,
                percent=None if therapist else 100,
            )
    for key in PRIVATE_PROVIDERS:
        office = geography.PROVIDER_OFFICES[key]
        add(
            "home_helper",
            "provider_admin",
            key,
            team=None,
            provider=key,
            base=office,
            pinned=PINNED_STAFF.get((key, "admin")),
            transport=OFFICE_TRANSPORT,
            percent=100,
        )
        for _ in range(rng.randint(3, 4)):
            add("home_helper", "field_staff", key, team=None, provider=key, base=office)
    return tuple(_private_helpers_cook(staff))


def _private_helpers_cook(staff: list[StaffSpec]) -> list[StaffSpec]:
    """Each private provider's first two helpers are trained in meals (nutrition lines)."""
    seen: dict[str, int] = {}
    result = []
    for s in staff:
        if s.provider != MUNICIPAL and s.role == "field_staff":
            seen[s.provider] = seen.get(s.provider, 0) + 1
            if seen[s.provider] <= 2:
                s = replace(s, competences=(*s.competences, "nutrition"))
        result.append(s)
    return result


# --------------------------------------------------------------------------- client needs

WINDOW_MORNING_MEDS = ("08:00", "10:00")
WINDOW_MORNING_CARE = ("07:30", "10:00")
WINDOW_MORNING_DOUBLE = ("08:00", "10:30")
WINDOW_LUNCH = ("12:00", "13:30")
WINDOW_EVENING_MEDS = ("19:00", "21:00")
WINDOW_EVENING_CARE = ("20:00", "22:00")
WINDOW_DAYTIME = ("10:00", "14:00")
WINDOW_CLEANING = ("09:00", "15:00")
ALL_WEEK = (1, 2, 3, 4, 5, 6, 7)

PROFILES: tuple[tuple[str, float], ...] = (
    ("medication", 24.0),
    ("practical", 23.0),
    ("medication_practical", 20.0),
    ("personal_care", 17.0),
    ("heavy", 5.0),
    ("reablement", 6.0),
    ("nursing", 5.0),
)
PRACTICAL_CATEGORIES = ("household", "personal_care")
SERVICE_CATEGORY = {
    "personal_hygiene": "personal_care",
    "nutrition": "personal_care",
    "wound_care": "health_care",
    "injections": "health_care",
    "medication": "health_care",
    "physiotherapy": "health_care",
    "cleaning": "household",
    "grocery_ordering": "household",
    "laundry": "household",
    "bed_linen": "household",
    "training_daily_tasks": "household",
}


@dataclass
class _Needs:
    """A client's needs while they are being drawn; becomes lines, scores and notes."""

    profile: str
    dementia: bool = False
    dispenser: bool = False
    lines: list[LineSpec] = field(default_factory=list)

    def add(
        self,
        service: str,
        window: tuple[str, str],
        tasks: str,
        *,
        weekdays: tuple[int, ...] = ALL_WEEK,
        minutes: int,
        every_n_weeks: int = 1,
        staff_count: int = 1,
    ) -> None:
        self.lines.append(
            LineSpec(
                service=service,
                times_per_day=1,
                weekdays=weekdays,
                every_n_weeks=every_n_weeks,
                minutes=minutes,
                window=window,
                staff_count=staff_count,
                provider=MUNICIPAL,  # practical lines are re-pointed once the provider is chosen
                tasks=tasks,
            )
        )

    def has(self, *services: str) -> bool:
        return any(line.service in services for line in self.lines)

    @property
    def double_staffed(self) -> bool:
        return any(line.staff_count == 2 for line in self.lines)

    @property
    def practical(self) -> bool:
        return any(SERVICE_CATEGORY[line.service] in PRACTICAL_CATEGORIES for line in self.lines)


def _weekday(rng: random.Random) -> tuple[int, ...]:
    return (rng.randint(1, 5),)


def _medication(needs: _Needs, rng: random.Random, times: int) -> None:
    if needs.dispenser:
        needs.add(
            "medication",
            WINDOW_DAYTIME,
            "Fylle medisindispenseren for neste uke og kontrollere at dosene er tatt.",
            weekdays=_weekday(rng),
            minutes=20,
        )
        return
    needs.add(
        "medication",
        WINDOW_MORNING_MEDS,
        "Gi morgenmedisiner fra multidose. Observere allmenntilstand.",
        minutes=15,
    )
    if times == 3:
        needs.add("medication", WINDOW_LUNCH, "Gi middagsmedisiner fra multidose.", minutes=15)
    if times >= 2:
        needs.add(
            "medication", WINDOW_EVENING_MEDS, "Gi kveldsmedisiner fra multidose.", minutes=15
        )


def _practical(needs: _Needs, rng: random.Random, *, heavy: bool = False) -> None:
    needs.add(
        "cleaning",
        WINDOW_CLEANING,
        "Støvsuge og vaske gulv i stue, kjøkken, soverom og gang. Vaske bad og toalett. "
        "Tørke støv på flater i brukshøyde.",
        weekdays=_weekday(rng),
        minutes=90,
        every_n_weeks=2,
    )
    if heavy or rng.random() < 0.5:
        needs.add(
            "grocery_ordering",
            WINDOW_DAYTIME,
            "Bestille matvarer på nett sammen med bruker, sette varene på plass ved levering.",
            weekdays=_weekday(rng),
            minutes=20,
        )
    if heavy or rng.random() < 0.35:
        needs.add(
            "laundry",
            WINDOW_DAYTIME,
            "Vaske, henge opp og legge sammen klær i eget vaskerom.",
            weekdays=_weekday(rng),
            minutes=45,
        )
    if heavy or rng.random() < 0.2:
        needs.add(
            "bed_linen",
            WINDOW_CLEANING,
            "Skifte sengetøy.",
            weekdays=_weekday(rng),
            minutes=20,
            every_n_weeks=2,
        )


def _draw_needs(rng: random.Random, age: int) -> _Needs:
    profile = weighted(rng, PROFILES)
    if age < 67 and profile == "heavy":
        profile = "personal_care"
    needs = _Needs(profile)
    needs.dementia = profile in ("personal_care", "heavy", "medication") and rng.random() < 0.18
    if profile in ("medication", "medication_practical") and not needs.dementia:
        needs.dispenser = rng.random() < 0.2

    if profile in ("medication", "medication_practical"):
        _medication(needs, rng, weighted(rng, ((1, 70.0), (2, 22.0), (3, 8.0))))
        if rng.random() < 0.25:
            needs.add(
                "personal_hygiene",
                WINDOW_DAYTIME,
                "Hjelp til dusj med dusjstol, vask av hår og stell av føtter.",
                weekdays=(rng.choice((2, 3, 4)),),
                minutes=45,
            )
        if profile == "medication_practical":
            _practical(needs, rng)
    elif profile == "practical":
        _practical(needs, rng)
    elif profile == "personal_care":
        _medication(needs, rng, weighted(rng, ((1, 50.0), (2, 35.0), (3, 15.0))))
        if rng.random() < 0.6:
            needs.add(
                "personal_hygiene",
                WINDOW_MORNING_CARE,
                "Hjelp til morgenstell ved vasken, av- og påkledning. Smøre legger med krem.",
                minutes=30,
            )
        else:
            needs.add(
                "personal_hygiene",
                WINDOW_DAYTIME,
                "Hjelp til dusj med dusjstol, vask av hår og stell av føtter.",
                weekdays=(2, 5),
                minutes=45,
            )
        if rng.random() < 0.3:
            needs.add(
                "nutrition",
                WINDOW_LUNCH,
                "Tilrettelegge lunsj og sørge for nok drikke. Notere matinntak ved vekttap.",
                minutes=20,
            )
        _practical(needs, rng)
    elif profile == "heavy":
        _medication(needs, rng, 3)
        needs.add(
            "personal_hygiene",
            WINDOW_MORNING_DOUBLE,
            "Morgenstell i seng og forflytning med personløfter til rullestol. To tjenesteytere.",
            minutes=45,
            staff_count=2,
        )
        needs.add(
            "personal_hygiene",
            WINDOW_EVENING_CARE,
            "Kveldsstell og forflytning med personløfter til seng. Snu i seng, sjekke huden.",
            minutes=30,
            staff_count=2,
        )
        needs.add(
            "nutrition",
            WINDOW_LUNCH,
            "Lage i stand lunsj, hjelpe til ved måltidet, sørge for nok drikke.",
            minutes=20,
        )
        _practical(needs, rng, heavy=True)
    elif profile == "reablement":
        needs.add(
            "physiotherapy",
            WINDOW_DAYTIME,
            "Styrke- og balansetrening etter program, gangtrening i trapp og ute.",
            weekdays=(1, 4),
            minutes=45,
        )
        needs.add(
            "training_daily_tasks",
            WINDOW_DAYTIME,
            "Hverdagsrehabilitering: trene på å lage frokost og dusje selv.",
            weekdays=(2, 3, 5),
            minutes=45,
        )
    elif profile == "nursing":
        needs.add(
            "wound_care",
            WINDOW_DAYTIME,
            "Skifte bandasje på leggsår etter prosedyre fra sårpoliklinikken. Vurdere såret.",
            weekdays=(1, 3, 5),
            minutes=30,
        )
        if rng.random() < 0.5:
            _medication(needs, rng, 1)

    # Add-ons that come on top of any profile with a health need.
    if profile in ("personal_care", "heavy", "medication") and rng.random() < 0.1:
        needs.add(
            "wound_care",
            WINDOW_DAYTIME,
            "Stell av trykksår etter sårplan, kontroll av hud over hæler og sete.",
            weekdays=(2, 5),
            minutes=30,
        )
    if profile in ("medication", "personal_care", "nursing") and rng.random() < 0.08:
        needs.add(
            "injections",
            ("07:30", "09:00"),
            "Måle blodsukker og sette insulin etter skjema før frokost.",
            minutes=15,
        )
    elif profile != "practical" and rng.random() < 0.05:
        needs.add(
            "injections",
            WINDOW_DAYTIME,
            "Sette B12-injeksjon.",
            weekdays=_weekday(rng),
            every_n_weeks=4,
            minutes=15,
        )
    if profile in ("personal_care", "heavy") and rng.random() < 0.06:
        needs.add(
            "physiotherapy",
            WINDOW_DAYTIME,
            "Vedlikeholdstrening av gange og forflytning, veilede i bruk av rullator.",
            weekdays=(3,),
            minutes=45,
        )
    return needs


# --------------------------------------------------------------------------- IPLOS scores


def _scores(needs: _Needs, rng: random.Random, age: int) -> dict[str, int]:
    base = {
        "practical": 1,
        "medication": 1,
        "medication_practical": 1,
        "nursing": 1,
        "reablement": 2,
        "personal_care": 2,
        "heavy": 3,
    }[needs.profile]
    scores = {
        code: min(5, base + weighted(rng, ((0, 60.0), (1, 35.0), (2, 5.0))))
        for code in (
            "social_participation",
            "daily_decisions",
            "behaviour",
            "housework",
            "shopping",
            "own_health",
            "personal_hygiene",
            "dressing",
            "cooking",
            "eating",
            "toilet",
            "moving_indoors",
            "moving_outdoors",
            "memory",
            "communication",
            "vision",
            "hearing",
        )
    }
    scores["behaviour"] = min(scores["behaviour"], 2)
    scores["eating"] = min(scores["eating"], 2)
    if age > 85:
        scores["hearing"] = max(scores["hearing"], rng.choice((2, 2, 3)))
        scores["vision"] = max(scores["vision"], rng.choice((1, 2, 2)))

    def at_least(code: str, value: int) -> None:
        scores[code] = max(scores[code], value)

    for line in needs.lines:
        if line.service in ("medication", "wound_care", "injections"):
            at_least("own_health", 3)
        elif line.service == "personal_hygiene":
            at_least("personal_hygiene", 3)
            if line.window != WINDOW_DAYTIME:
                at_least("dressing", 3)
        elif line.service == "nutrition":
            at_least("cooking", 4)
            at_least("eating", 2)
        elif line.service in ("cleaning", "laundry", "bed_linen"):
            at_least("housework", 3)
        elif line.service == "grocery_ordering":
            at_least("shopping", 3)
        elif line.service == "physiotherapy":
            at_least("moving_outdoors", 3)
            at_least("moving_indoors", 2)
        elif line.service == "training_daily_tasks":
            at_least("cooking", 3)
            at_least("personal_hygiene", 3)
    if needs.double_staffed:
        for code, value in (
            ("personal_hygiene", 5),
            ("dressing", 5),
            ("toilet", 4),
            ("moving_indoors", 4),
            ("moving_outdoors", 5),
            ("housework", 5),
            ("cooking", 5),
        ):
            at_least(code, value)
    if needs.dementia:
        at_least("memory", rng.choice((3, 4, 4)))
        at_least("daily_decisions", 3)
        at_least("own_health", 4)
    # Score 9: not relevant, e.g. cooking for someone whose meals have always been made by
    # the spouse and who has no need now (Helsedirektoratet's example of use).
    if scores["cooking"] <= 2 and rng.random() < 0.08:
        scores["cooking"] = 9
    return scores


# --------------------------------------------------------------------------- texts

PLACES_NEARBY = (
    "Tøyen torg",
    "Botanisk hage",
    "Middelalderparken",
    "Kampen park",
    "Vålerenga kirke",
    "Klosterenga park",
    "Grønland basarer",
    "Enerhaugen",
)
CENTRE_NAMES = [name for name, _ in geography.CENTRES]


def _what_matters(needs: _Needs, rng: random.Random, kin_first: str | None, origin: str) -> str:
    options = [
        "Å bo hjemme i leiligheten min så lenge det går.",
        "At det er kjente folk som kommer, og at de kommer når de har sagt.",
        f"Å komme meg ut en tur hver dag, helst bort til {rng.choice(PLACES_NEARBY)}.",
        "Å ha det rent og ryddig rundt meg – det har jeg alltid hatt.",
        f"Å få være med på middagen på {rng.choice(CENTRE_NAMES)} på torsdager.",
        "Å kunne lese avisen og løse kryssord i fred om morgenen.",
        "Å få stelle blomstene på balkongen.",
        "Å være sammen med barnebarna når de kommer på besøk.",
    ]
    if kin_first:
        options.append(f"At {kin_first} slipper å bekymre seg så mye for meg.")
    if origin != "norsk":
        options.append(f"Å kunne snakke {origin} med noen i hverdagen.")
        if origin in ("urdu", "somali", "arabisk", "tyrkisk"):
            options.append("Å komme meg til fredagsbønnen når helsa tillater det.")
    first: list[str] = []
    if needs.profile == "reablement":
        first.append("Å klare meg selv igjen, slik som før bruddet.")
    elif needs.profile == "heavy":
        first.append("Å få bli i min egen seng og ikke måtte flytte på sykehjem.")
    elif needs.profile == "personal_care" and rng.random() < 0.5:
        first.append("Å klare mer av morgenstellet selv.")
    picked = first + rng.sample(options, k=2 - len(first) if first else rng.randint(1, 2))
    return " ".join(picked)


def _manages_self(scores: dict[str, int], rng: random.Random) -> str:
    can = []
    if scores["eating"] <= 2:
        can.append("Spiser selv")
    if scores["cooking"] <= 2:
        can.append(rng.choice(("lager frokost og enkle måltider", "varmer middag selv")))
    if scores["dressing"] <= 2:
        can.append("kler på seg selv, men trenger god tid")
    if scores["personal_hygiene"] <= 2:
        can.append("vasker seg ved vasken")
    if scores["moving_indoors"] <= 2:
        can.append(rng.choice(("går med rullator innendørs", "går trygt innendørs")))
    if scores["shopping"] <= 2:
        can.append("handler selv i butikken på hjørnet")
    if scores["own_health"] <= 2:
        can.append("tar medisinene selv fra dosett")
    if scores["housework"] <= 2:
        can.append("holder orden på kjøkkenet")
    if scores["moving_outdoors"] <= 2:
        can.append("går korte turer ute når det ikke er glatt")
    if not can:
        return (
            "Klarer lite selv nå, men sier tydelig fra om hva som er viktig og hjelper til "
            "ved forflytning så godt det går."
        )
    can = can[:4]
    sentence = ", ".join(can[:-1]) + (" og " if len(can) > 1 else "") + can[-1]
    return sentence[0].upper() + sentence[1:] + "."


RELATION_WORDS = {
    ("child", "f"): "Datteren",
    ("child", "m"): "Sønnen",
    ("spouse", "f"): "Kona",
    ("spouse", "m"): "Ektemannen",
    ("sibling", "f"): "Søsteren",
    ("sibling", "m"): "Broren",
    ("friend", "f"): "Naboen",
    ("friend", "m"): "Naboen",
    ("other_family", "f"): "Niesen",
    ("other_family", "m"): "Nevøen",
}
KIN_HABITS = (
    "bor i nærheten og kommer innom et par ganger i uka",
    "bor i Drammen og ringer hver dag",
    "kommer hver søndag og handler inn det som mangler",
    "har ekstranøkkel og kan komme hvis det haster",
    "følger til legetimer og hjelper med post og regninger",
    "bor i Bergen, men er på besøk annenhver måned",
)


@dataclass(frozen=True)
class _Kin:
    spec: KinSpec
    first: str
    sex: str


def _resources(kin: list[_Kin], rng: random.Random) -> str:
    parts = []
    for k in kin:
        word = RELATION_WORDS.get((k.spec.relation, k.sex), "Ressurspersonen")
        if k.spec.relation == "spouse":
            parts.append(f"Bor sammen med {word.lower()} {k.first}, som selv har begrenset helse.")
        else:
            parts.append(f"{word} {k.first} {rng.choice(KIN_HABITS)}.")
    if not parts:
        parts.append("Har lite nettverk i Oslo; en nevø i Trondheim ringer av og til.")
    if rng.random() < 0.3:
        parts.append(f"Går på {rng.choice(CENTRE_NAMES)} en dag i uka.")
    return " ".join(parts)


SERVICE_PHRASES = {
    "medication": "legemiddelhåndtering",
    "personal_hygiene": "personlig hygiene",
    "nutrition": "måltider",
    "wound_care": "sårstell",
    "injections": "injeksjoner",
    "physiotherapy": "trening med fysioterapeut",
    "cleaning": "rengjøring",
    "grocery_ordering": "bestilling av matvarer",
    "laundry": "klesvask",
    "bed_linen": "skift av sengetøy",
    "training_daily_tasks": "opplæring i daglige gjøremål",
}
APPLICANTS = (
    "Søknad fra bruker selv.",
    "Søknad fra datter/sønn på vegne av bruker, med samtykke.",
    "Henvisning fra fastlegen.",
    "Melding om utskrivning fra Oslo universitetssykehus, Ullevål.",
    "Melding om utskrivning fra Lovisenberg Diakonale Sykehus.",
)


def _facts(
    first: str,
    age: int,
    street: str,
    with_spouse: bool,
    needs: _Needs,
    scores: dict[str, int],
    rng: random.Random,
) -> str:
    lives = "bor sammen med ektefellen" if with_spouse else "bor alene"
    lift = rng.choice(("med heis", "uten heis"))
    floor = rng.randint(1, 5)
    high = [code for code, value in scores.items() if 3 <= value <= 5]
    level = "omfattende" if needs.double_staffed else ("middels" if len(high) > 4 else "avgrenset")
    return (
        f"{rng.choice(APPLICANTS)} {first} er {age} år, {lives} i {street}, "
        f"{floor}. etasje {lift}. Kartleggingssamtale med hjemmebesøk er gjennomført, "
        f"og funksjonskartleggingen (IPLOS) viser {level} bistandsbehov."
    )


def _reasons(first: str, needs: _Needs, what_matters: str) -> str:
    services = []
    for line in needs.lines:
        phrase = SERVICE_PHRASES[line.service]
        if phrase not in services:
            services.append(phrase)
    listed = ", ".join(services[:-1]) + (" og " if len(services) > 1 else "") + services[-1]
    health = any(SERVICE_CATEGORY[line.service] == "health_care" for line in needs.lines)
    letters = "a og b" if health and needs.practical else ("a" if health else "b")
    return (
        f"{first} har behov for hjelp til {listed} for å kunne bo trygt hjemme. "
        f"Tjenestene tildeles etter helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 "
        f"{letters} og pasient- og brukerrettighetsloven § 2-1 a. Vi har lagt vekt på det "
        f"{first} selv sier er viktig: «{what_matters.split('.')[0]}». Tjenesten skal "
        "støtte det bruker mestrer selv (hjelp til selvhjelp)."
    )


GOALS_REABLEMENT = (
    "Dusje selv med dusjstol innen seks uker",
    "Gå trappen ned til postkassen og opp igjen uten hvile",
    "Lage frokost selv hver dag",
    "Gå med rullator til butikken og hjem igjen",
)
GOALS_MASTERY = (
    "Ta medisinene selv fra dosett med påminnelse fra dispenser",
    "Komme seg ut på tur minst tre ganger i uka",
    "Delta på middag på seniorsenteret en gang i uka",
    "Klare av- og påkledning av overkroppen selv",
    "Holde vekten stabil med mellommåltider",
)


def _goals(needs: _Needs, rng: random.Random) -> tuple[GoalSpec, ...]:
    if needs.profile == "reablement":
        picked = rng.sample(GOALS_REABLEMENT, k=2)
        return tuple(
            GoalSpec("reablement", text, rng.randint(7, 42) if i else rng.randint(3, 21))
            for i, text in enumerate(picked)
        )
    if rng.random() < 0.2:
        return (
            GoalSpec(
                "everyday_mastery",
                rng.choice(GOALS_MASTERY),
                rng.randint(-10, -1) if rng.random() < 0.1 else rng.randint(7, 90),
            ),
        )
    return ()


# --------------------------------------------------------------------------- home and tech

ENTRY_INSTRUCTIONS = {
    "client_opens": (
        "Ring på – bruker åpner, men trenger tid til døren.",
        "Ringeklokken virker dårlig: bank hardt og vent.",
        "Ring på porttelefonen, oppgang B, heis til toppen.",
    ),
    "key_box": (
        "Nøkkelboks til venstre for inngangsdøren.",
        "Nøkkelboks på veggen ved postkassene i oppgangen.",
        "Nøkkelboks ved kjellerdøren i bakgården. Legg nøkkelen tilbake!",
    ),
    "service_key": (
        "Tjenestens nøkkel henger i nøkkelskapet på basen.",
        "Nøkkel i nøkkelskapet på basen; porten har egen brikke på samme ring.",
    ),
    "digital_lock": (
        "Digital lås: lås opp i appen, PIN bare hvis appen svikter. Lås etter deg.",
        "Digital lås på leilighetsdøren; porten står åpen på dagtid.",
    ),
}
PETS = (
    ("Katt", False),
    ("To katter", False),
    ("Liten hund, snill", True),
    ("Hund – blir urolig av fremmede", True),
    ("Undulat", False),
)
AIDS = ("Rullator", "Dusjstol", "Toalettforhøyer", "Gripetang", "Støttehåndtak på badet")
RISK_NOTES = (
    "Løse tepper i gangen – fallfare.",
    "Glatt og bratt inngangsparti om vinteren.",
    "Oksygenbehandling: ingen åpen flamme, ikke røyk i leiligheten.",
    "Bruker kan bli urolig på kveldstid – snakk rolig og forklar hva du skal gjøre.",
    "Trang trapp uten gelender opp til leiligheten.",
    "Stearinlys brukes mye – sjekk at de er slukket før du går.",
)
SUPPLIERS = {
    "safety_alarm": ("Nordisk Trygghet AS", "TA"),
    "medicine_dispenser": ("Dosetta Helse AS", "MD"),
    "gps": ("Sporbar AS", "GPS"),
    "digital_supervision": ("Nattro Tilsyn AS", "DT"),
}


def _home_notes(needs: _Needs, rng: random.Random) -> HomeNotesSpec:
    if needs.double_staffed or needs.dementia:
        method = weighted(rng, (("key_box", 55.0), ("service_key", 30.0), ("digital_lock", 15.0)))
    else:
        method = weighted(
            rng,
            (
                ("client_opens", 45.0),
                ("key_box", 35.0),
                ("service_key", 10.0),
                ("digital_lock", 10.0),
            ),
        )
    code = ""
    if method == "key_box":
        code = f"{rng.randint(0, 9999):04d}"
    elif method == "digital_lock":
        code = f"{rng.randint(0, 999999):06d}"
    pets, separate = ("", False)
    if rng.random() < 0.15:
        pets, dog = rng.choice(PETS)
        separate = dog or rng.random() < 0.3
    aids = []
    if needs.profile in ("personal_care", "heavy", "reablement") or rng.random() < 0.3:
        aids = rng.sample(AIDS, k=rng.randint(1, 3))
    if needs.double_staffed:
        aids.insert(0, "Rullestol")
    hospital_bed = needs.double_staffed or (needs.profile == "personal_care" and rng.random() < 0.3)
    risk = []
    if rng.random() < 0.22:
        risk.append(rng.choice(RISK_NOTES))
    if needs.dementia and rng.random() < 0.5:
        risk.append("Kan glemme at det kommer hjemmetjeneste – presenter deg tydelig.")
    return HomeNotesSpec(
        entry_method=method,
        entry_code=code,
        entry_instructions=rng.choice(ENTRY_INSTRUCTIONS[method]),
        pets=pets,
        pets_in_separate_room=separate,
        smoking=rng.random() < 0.12,
        cleaning_equipment=rng.random() < (0.9 if needs.practical else 0.7),
        hospital_bed=hospital_bed,
        patient_lift=needs.double_staffed,
        other_aids=", ".join(aids),
        risk_notes=" ".join(risk),
    )


def _tech(needs: _Needs, rng: random.Random, serials: set[str]) -> tuple[WelfareTechSpec, ...]:
    kinds = []
    alarm_chance = 0.85 if needs.profile in ("personal_care", "heavy") or needs.dementia else 0.5
    if rng.random() < alarm_chance:
        kinds.append("safety_alarm")
    if needs.dispenser:
        kinds.append("medicine_dispenser")
    if needs.dementia and rng.random() < 0.3:
        kinds.append("gps")
    if (needs.dementia or needs.profile == "heavy") and rng.random() < 0.25:
        kinds.append("digital_supervision")
    found = []
    for kind in kinds:
        supplier, prefix = SUPPLIERS[kind]
        while True:
            serial = f"{prefix}-{rng.randint(100000, 999999)}"
            if serial not in serials:
                serials.add(serial)
                break
        found.append(WelfareTechSpec(kind, serial, supplier, rng.randint(20, 1500)))
    return tuple(found)


# --------------------------------------------------------------------------- clients


@dataclass(frozen=True)
class _Person:
    first: str
    last: str
    sex: str
    language: str
    interpreter: bool
    origin: names.Origin | None = None  # a minority language community, if any


def _person(rng: random.Random) -> _Person:
    sex = "f" if rng.random() < 0.64 else "m"  # most home-care clients are women
    if rng.random() < 0.2:
        origins = names.MINORITY_ORIGINS
        origin = weighted(rng, [(o, float(w)) for o, w in origins])
        first = rng.choice(origin.women if sex == "f" else origin.men)
        last = rng.choice(origin.last_names)
        if rng.random() < 0.25:  # has lived here long: prefers Norwegian
            return _Person(first, last, sex, "norsk", False, origin)
        interpreter = rng.random() < origin.interpreter_share
        return _Person(first, last, sex, origin.language, interpreter, origin)
    first = rng.choice(names.OLDER_WOMEN if sex == "f" else names.OLDER_MEN)
    return _Person(first, rng.choice(names.LAST_NAMES), sex, "norsk", False)


def _age(rng: random.Random) -> int:
    if rng.random() < 0.08:
        return rng.randint(38, 66)
    return min(98, max(67, round(rng.triangular(67, 99, 86))))


def _birth_date(rng: random.Random, age: int) -> dt.date:
    year = REFERENCE_DATE.year - age - 1
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))


KIN_RELATIONS = (("child", 70.0), ("sibling", 10.0), ("friend", 10.0), ("other_family", 10.0))
KIN_TOWNS = ("", "", "Oslo", "Lørenskog", "Drammen", "Bærum", "Ski")


def _kin(person: _Person, age: int, rng: random.Random, dementia: bool) -> list[_Kin]:
    count = weighted(rng, ((0, 10.0), (1, 50.0), (2, 35.0), (3, 5.0)))
    found: list[_Kin] = []
    relations = []
    if count and age < 88 and rng.random() < 0.3:
        relations.append("spouse")
    while len(relations) < count:
        relations.append(weighted(rng, KIN_RELATIONS))
    proxy_given = False
    for relation in relations:
        sex = ("m" if person.sex == "f" else "f") if relation == "spouse" else rng.choice("fm")
        if person.origin:  # family names from the same community
            pool = person.origin.women if sex == "f" else person.origin.men
        elif relation == "spouse":
            pool = names.OLDER_WOMEN if sex == "f" else names.OLDER_MEN
        else:
            pool = names.KIN_WOMEN if sex == "f" else names.KIN_MEN
        first = rng.choice(pool)
        same_name = relation == "spouse" or (
            relation in ("child", "sibling") and (person.origin or rng.random() < 0.6)
        )
        last = person.last if same_name else rng.choice(names.LAST_NAMES)
        proxy = (
            not proxy_given and relation == "child" and rng.random() < (0.7 if dementia else 0.15)
        )
        proxy_given = proxy_given or proxy
        email = ""
        if relation != "spouse" and rng.random() < 0.5:
            email = f"{ascii_slug(first)}.{ascii_slug(last).replace(' ', '')}@example.com"
        found.append(
            _Kin(
                KinSpec(
                    name=f"{first} {last}",
                    relation=relation,
                    phone=mobile(rng),
                    email=email,
                    address="" if relation == "spouse" else rng.choice(KIN_TOWNS),
                    is_next_of_kin=relation in ("spouse", "child", "sibling"),
                    has_proxy=proxy,
                    consent_to_information=proxy or relation in ("spouse", "child"),
                ),
                first,
                sex,
            )
        )
    return found


def _address(rng: random.Random) -> tuple[str, str, float, float]:
    streets = geography.STREETS
    street = rng.choices(streets, weights=[s.weight for s in streets], k=1)[0]
    number = rng.randint(1, street.max_number)
    suffix = rng.choice(("", "", "", "A", "B", "C"))
    while True:
        lat, lon = geography.jitter(street.lat, street.lon, 180, rng.random(), rng.random())
        if geography.inside_district(lat, lon):
            break
    return f"{street.name} {number}{suffix}", street.postal_code, round(lat, 6), round(lon, 6)


@dataclass
class _Draft:
    """A client before the practical provider is chosen (that needs all clients drawn)."""

    person: _Person
    birth: dt.date
    number: str
    kind: str
    street: str
    postal_code: str
    lat: float
    lon: float
    phone: str
    team: str
    needs: _Needs
    kin: tuple[KinSpec, ...]
    home_notes: HomeNotesSpec
    tech: tuple[WelfareTechSpec, ...]
    assessment: AssessmentSpec
    decision: DecisionSpec
    contact: str

    def build(self, provider: str | None) -> ClientSpec:
        lines = tuple(
            replace(line, provider=provider)
            if provider and SERVICE_CATEGORY[line.service] in PRACTICAL_CATEGORIES
            else line
            for line in self.needs.lines
        )
        return ClientSpec(
            first_name=self.person.first,
            last_name=self.person.last,
            birth_date=self.birth,
            identity_number=self.number,
            identity_kind=self.kind,
            street_address=self.street,
            postal_code=self.postal_code,
            postal_place=geography.POSTAL_PLACE,
            lat=self.lat,
            lon=self.lon,
            phone=self.phone,
            preferred_language=self.person.language,
            needs_interpreter=self.person.interpreter,
            team=self.team,
            practical_provider=provider,
            contact_person=self.contact,
            kin=self.kin,
            home_notes=self.home_notes,
            welfare_technology=self.tech,
            assessment=self.assessment,
            decision=replace(self.decision, lines=lines),
            profile=self.needs.profile,
        )


def _identity_number(
    birth: dt.date, kind: identity_numbers.IdentityKind, rng: random.Random, used: set[str]
) -> str:
    while True:
        number = identity_numbers.generate(birth, rng, kind=kind, synthetic=True)
        if number not in used:
            used.add(number)
            return number


def _draft(
    index: int,
    rng: random.Random,
    by_team: dict[str, dict[str, list[StaffSpec]]],
    used_numbers: set[str],
    serials: set[str],
) -> _Draft:
    person = _person(rng)
    age = _age(rng)
    if index == 0:  # Ingrid Hansen, the client the docs and tests talk about
        person = _Person("Ingrid", "Hansen", "f", "norsk", False)
        age = 88
    birth = _birth_date(rng, age)
    kind = identity_numbers.IdentityKind.FNR
    if person.origin and rng.random() < 0.12:
        kind = identity_numbers.IdentityKind.DNR
    number = _identity_number(birth, kind, rng, used_numbers)
    street, postal_code, lat, lon = _address(rng)
    needs = _draw_needs(rng, age)
    kin = _kin(person, age, rng, needs.dementia)
    if index == 0:
        street, postal_code, lat, lon = "Vålerenggata 24", "0656", 59.90905, 10.78640
        needs = _Needs("medication_practical")
        _medication(needs, rng, 1)
        _practical(needs, rng)
        hege = KinSpec(
            "Hege Hansen", "child", mobile(rng), "hege.hansen@example.com",
            "Ensjøveien 12, 0655 Oslo", True, True, True,
        )  # fmt: skip
        kin = [_Kin(hege, "Hege", "f")]
    team = geography.team_for(lat, lon)
    scores = _scores(needs, rng, age)
    what_matters = _what_matters(needs, rng, kin[0].first if kin else None, person.language)
    assessment_days_ago = rng.randint(20, 700)
    if needs.profile == "reablement":
        assessment_days_ago = rng.randint(5, 20)
    notes = ""
    if person.interpreter:
        notes = f"Samtalen ble gjennomført med kvalifisert tolk ({person.language})."
    elif kin and rng.random() < 0.3:
        notes = f"{kin[0].spec.name} var til stede under samtalen."
    assessment = AssessmentSpec(
        days_ago=assessment_days_ago,
        what_matters=what_matters,
        manages_self=_manages_self(scores, rng),
        resources=_resources(kin, rng),
        notes=notes,
        home_visit=rng.random() < 0.9,
        scores=tuple(scores.items()),
        goals=_goals(needs, rng),
    )
    valid_from_days_ago = max(1, assessment_days_ago - rng.randint(2, 10))
    valid_for = None
    if needs.profile == "reablement":  # time-limited, still running
        valid_for = valid_from_days_ago + rng.randint(21, 42)
    decision = DecisionSpec(
        applied_days_ago=assessment_days_ago + rng.randint(3, 21),
        valid_from_days_ago=valid_from_days_ago,
        valid_for_days=valid_for,
        review_in_days=rng.randint(-14, 330),
        informed_how=weighted(rng, (("both", 60.0), ("in_writing", 30.0), ("orally", 10.0))),
        facts=_facts(
            person.first,
            age,
            street,
            any(k.spec.relation == "spouse" for k in kin),
            needs,
            scores,
            rng,
        ),
        reasons=_reasons(person.first, needs, what_matters),
        caseworker=rng.choice(by_team[team]["caseworker"]).username,
        approved_by=by_team[team]["team_leader"][0].username,
        lines=(),  # set by _Draft.build once the practical provider is chosen
    )
    return _Draft(
        person=person,
        birth=birth,
        number=number,
        kind=kind.value,
        street=street,
        postal_code=postal_code,
        lat=lat,
        lon=lon,
        phone=mobile(rng) if rng.random() < 0.85 else "",
        team=team,
        needs=needs,
        kin=tuple(k.spec for k in kin),
        home_notes=_home_notes(needs, rng),
        tech=_tech(needs, rng, serials),
        assessment=assessment,
        decision=decision,
        contact="",  # set below, round-robin over the team's nurses and health workers
    )


def generate(seed: int = DEFAULT_SEED, clients: int = 300) -> DemoData:
    """The whole demo district for ``seed``; the same seed always gives the same data."""
    rng = random.Random(seed)
    staff = generate_staff(rng)
    by_team: dict[str, dict[str, list[StaffSpec]]] = {}
    for s in staff:
        if s.team:
            by_team.setdefault(s.team, {}).setdefault(s.profession, []).append(s)
    carers: dict[str, list[str]] = {}
    for slug, groups in by_team.items():
        carers[slug] = [s.username for s in groups["nurse"] + groups["health_worker"]]
        rng.shuffle(carers[slug])

    used_numbers: set[str] = set()
    serials: set[str] = set()
    drafts = [_draft(i, rng, by_team, used_numbers, serials) for i in range(clients)]
    turns = dict.fromkeys(by_team, 0)
    for draft in drafts:
        pool = carers[draft.team]
        draft.contact = pool[turns[draft.team] % len(pool)]
        turns[draft.team] += 1
    chosen = _choose_practical_providers(drafts, rng)
    built = [draft.build(provider) for draft, provider in zip(drafts, chosen, strict=True)]
    return DemoData(
        seed=seed,
        providers=providers(),
        staff=staff,
        clients=tuple(built),
        portal_users=_portal_users(built),
    )


def _choose_practical_providers(drafts: list[_Draft], rng: random.Random) -> list[str | None]:
    """Free user choice: about 16 % of practical-assistance clients chose a private provider.

    Clients with double staffing or time-limited reablement stay with the municipal
    service, which has the lifts and the therapists. Ingrid Hansen (the first) chose Trivsel.
    """
    practical = [i for i, d in enumerate(drafts) if d.needs.practical]
    eligible = [
        i
        for i in practical
        if i != 0 and not drafts[i].needs.double_staffed and drafts[i].needs.profile != "reablement"
    ]
    private_count = round(PRIVATE_SHARE * len(practical))
    chosen = sorted(rng.sample(eligible, k=private_count - 1))
    result: list[str | None] = [MUNICIPAL if d.needs.practical else None for d in drafts]
    result[0] = "trivsel"
    for turn, i in enumerate(chosen):
        result[i] = PRIVATE_PROVIDERS[(turn + 1) % 2]
    return result


def _portal_users(clients: list[ClientSpec]) -> tuple[PortalUserSpec, ...]:
    """Ingrid and her daughter Hege, two more clients and one more proxy next of kin."""
    users = [
        PortalUserSpec("ingrid", "Ingrid", "Hansen", "client", 0),
        PortalUserSpec("hege", "Hege", "Hansen", "next_of_kin", 0),
    ]
    taken = {"ingrid", "hege"}
    for i, c in enumerate(clients):
        if len(users) >= 4:
            break
        name = ascii_slug(c.first_name)
        if (
            i
            and name not in taken
            and c.preferred_language == "norsk"
            and c.phone
            and c.profile in ("medication", "medication_practical", "practical")
        ):
            users.append(PortalUserSpec(name, c.first_name, c.last_name, "client", i))
            taken.add(name)
    for i, c in enumerate(clients):
        proxies = [k for k in c.kin if k.has_proxy]
        if i and proxies:
            first, _, last = proxies[0].name.partition(" ")
            name = ascii_slug(first)
            if name not in taken:
                users.append(PortalUserSpec(name, first, last, "next_of_kin", i))
                break
    return tuple(users)


# --------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class Mix:
    """What a generated district contains, for the command's summary and the tests."""

    clients: int
    staff: int
    staff_by_profession: dict[str, int]
    clients_by_team: dict[str, int]
    decision_lines: int
    visits_per_week: float
    double_staffed_clients: int
    practical_clients: int
    private_practical_clients: int

    @property
    def private_share(self) -> float:
        return self.private_practical_clients / self.practical_clients


def mix(data: DemoData) -> Mix:
    professions: dict[str, int] = {}
    for s in data.staff:
        professions[s.profession] = professions.get(s.profession, 0) + 1
    teams: dict[str, int] = {}
    for c in data.clients:
        teams[c.team] = teams.get(c.team, 0) + 1
    lines = [line for c in data.clients for line in c.decision.lines]
    return Mix(
        clients=len(data.clients),
        staff=len(data.staff),
        staff_by_profession=professions,
        clients_by_team=teams,
        decision_lines=len(lines),
        visits_per_week=sum(line.visits_per_week for line in lines),
        double_staffed_clients=sum(
            any(line.staff_count == 2 for line in c.decision.lines) for c in data.clients
        ),
        practical_clients=sum(c.practical_provider is not None for c in data.clients),
        private_practical_clients=sum(
            c.practical_provider in PRIVATE_PROVIDERS for c in data.clients
        ),
    )

"""The shapes of the demo district: plain frozen data, no Django.

``hverdag.demo.generate`` fills them from a seed; ``hverdag.demo.load`` writes them.
Dates of the case calendar are day offsets from the day of loading (see generate).
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from hverdag.demo import geography
from hverdag.demo.geography import Place

MUNICIPAL = "municipal"
PRIVATE_PROVIDERS = ("trivsel", "partner")

T = TypeVar("T")


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
    outcome: str = "granted"  # or partly_granted: less than applied for, see refused

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
    applied_for: str
    facts: str
    reasons: str
    refused: str  # what was applied for and not granted, and why
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

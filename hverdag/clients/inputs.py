"""Typed input for client writes, shared by the pages and the API."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field


@dataclass
class ClientInput:
    identity_number: str
    first_name: str
    last_name: str
    street_address: str
    postal_code: str
    postal_place: str
    # Rows are named by their public ids, as everywhere outside the database.
    team: uuid.UUID | None
    phone: str = ""
    lat: float | None = None
    lon: float | None = None
    birth_date: dt.date | None = None
    preferred_language: str = "norsk"
    needs_interpreter: bool = False
    contact_person: uuid.UUID | None = None
    practical_provider: uuid.UUID | None = None


@dataclass
class ResourcePersonInput:
    name: str
    relation: str
    phone: str = ""
    email: str = ""
    address: str = ""
    is_next_of_kin: bool = True
    has_proxy: bool = False
    consent_to_information: bool = False


@dataclass
class HomeNotesInput:
    entry_method: str
    entry_code: str = ""
    entry_instructions: str = ""
    pets: str = ""
    pets_in_separate_room: bool = False
    smoking: bool = False
    cleaning_equipment: bool = False
    hospital_bed: bool = False
    patient_lift: bool = False
    other_aids: str = ""
    risk_notes: str = ""


@dataclass
class WelfareTechnologyInput:
    kind: str
    serial_number: str
    supplier: str
    installed_on: dt.date


@dataclass
class GoalInput:
    kind: str
    description: str
    follow_up_on: dt.date


@dataclass
class AssessmentInput:
    assessed_on: dt.date
    what_matters: str
    manages_self: str
    resources: str
    notes: str = ""
    home_visit: bool = True
    # IPLOS variable code -> score (1-5 or 9)
    scores: dict[str, int] = field(default_factory=dict)
    goals: list[GoalInput] = field(default_factory=list)

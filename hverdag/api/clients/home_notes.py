"""/clients/{id}/home-notes: what to know before the door, every version (a logged read);
the entry code is write-only."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from hverdag.api.auth import actor
from hverdag.api.schemas import ERRORS, InSchema, column, person_name
from hverdag.clients import selectors, services
from hverdag.clients.inputs import HomeNotesInput
from hverdag.clients.models import HomeNotes

router = Router(tags=["clients"])


class HomeNotesIn(InSchema):
    entry_method: str = Field(
        description="`client_opens`, `key_box`, `service_key` or `digital_lock`."
    )
    entry_code: str = Field(
        "",
        description="Key-box code or lock PIN. Write-only: stored encrypted, never returned. "
        "Leave out to keep the current code when the entry method is unchanged.",
    )
    entry_instructions: str = column(HomeNotes, "entry_instructions", "")
    pets: str = column(HomeNotes, "pets", "")
    pets_in_separate_room: bool = False
    smoking: bool = False
    cleaning_equipment: bool = False
    hospital_bed: bool = False
    patient_lift: bool = False
    other_aids: str = column(HomeNotes, "other_aids", "")
    risk_notes: str = ""


class HomeNotesOut(Schema):
    """What staff need to know before the door; the entry code itself is never sent."""

    version: int
    entry_method: str
    has_entry_code: bool
    entry_instructions: str
    pets: str
    pets_in_separate_room: bool
    smoking: bool
    cleaning_equipment: bool
    hospital_bed: bool
    patient_lift: bool
    other_aids: str
    risk_notes: str
    recorded_by: str
    recorded_at: dt.datetime


def home_notes_out(n: HomeNotes) -> HomeNotesOut:
    return HomeNotesOut(
        version=n.version,
        entry_method=n.entry_method,
        has_entry_code=bool(n.entry_code_encrypted),
        entry_instructions=n.entry_instructions,
        pets=n.pets,
        pets_in_separate_room=n.pets_in_separate_room,
        smoking=n.smoking,
        cleaning_equipment=n.cleaning_equipment,
        hospital_bed=n.hospital_bed,
        patient_lift=n.patient_lift,
        other_aids=n.other_aids,
        risk_notes=n.risk_notes,
        recorded_by=person_name(n.recorded_by),
        recorded_at=n.recorded_at,
    )


@router.get(
    "/clients/{client_id}/home-notes",
    response={200: list[HomeNotesOut], **ERRORS},
    summary="Home notes, every version (logged read)",
    operation_id="hverdag_api_clients_list_home_notes",
)
def list_home_notes(request: HttpRequest, client_id: uuid.UUID) -> list[HomeNotesOut]:
    user = actor(request)
    client = selectors.find_client(user, client_id)
    return [home_notes_out(n) for n in selectors.home_notes_for(user, client, channel="api")]


@router.post(
    "/clients/{client_id}/home-notes",
    response={201: HomeNotesOut, **ERRORS},
    summary="Record home notes (a new version)",
    operation_id="hverdag_api_clients_record_home_notes",
)
def record_home_notes(
    request: HttpRequest, client_id: uuid.UUID, payload: HomeNotesIn
) -> Status[HomeNotesOut]:
    user = actor(request)
    client = selectors.find_client(user, client_id)
    notes = services.do_record_home_notes(user, client, HomeNotesInput(**payload.model_dump()))
    return Status(201, home_notes_out(notes))

"""/clients: the client record, its health information (every read logged) and its access log.

Views are thin: parse, resolve the client through the selectors (which hide clients the
user may not know about), call one service or selector, serialise. Permission is decided
by ``hverdag.access.policy``; every read of health information goes through
``access_health`` with ``channel="api"``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import field_validator

from hverdag.access import policy
from hverdag.access.logging import access_health
from hverdag.access.models import AccessLog, User
from hverdag.api.auth import actor
from hverdag.api.refs import find_team, require_team
from hverdag.api.schemas import (
    ERRORS,
    EmployeeRef,
    InSchema,
    PageQuery,
    RowOut,
    TeamRef,
    column,
    not_null,
    person_name,
)
from hverdag.clients import selectors, services
from hverdag.clients.inputs import (
    AssessmentInput,
    ClientInput,
    GoalInput,
    HomeNotesInput,
    ResourcePersonInput,
    WelfareTechnologyInput,
)
from hverdag.clients.models import (
    Assessment,
    Client,
    Goal,
    HomeNotes,
    ResourcePerson,
    WelfareTechnology,
)
from hverdag.core.errors import NotFound, PermissionDenied

router = Router(tags=["clients"])

# --- the record -------------------------------------------------------------------------


class ProviderRef(Schema):
    id: uuid.UUID
    name: str
    kind: str


class ClientOut(Schema):
    """Basic details: what staff of the district may look up to answer a phone call."""

    id: uuid.UUID
    first_name: str
    last_name: str
    street_address: str
    postal_code: str
    postal_place: str
    team: TeamRef
    contact_person: EmployeeRef | None


class ClientDetailOut(ClientOut):
    """One client: basic details, contact data, and the identity number masked."""

    identity_number_masked: str = Field(
        description="Birth date part only; the personal digits are never sent."
    )
    identity_kind: str
    birth_date: dt.date | None
    phone: str
    lat: float | None
    lon: float | None
    preferred_language: str
    needs_interpreter: bool
    practical_provider: ProviderRef | None
    active: bool


class ClientPage(Schema):
    count: int
    items: list[ClientOut]


class ClientIn(InSchema):
    identity_number: str = column(Client, "identity_number")
    first_name: str = column(Client, "first_name")
    last_name: str = column(Client, "last_name")
    street_address: str = column(Client, "street_address")
    postal_code: str = column(Client, "postal_code")
    postal_place: str = column(Client, "postal_place")
    team: str = Field(description="The team's id or short name (slug), e.g. `ost`.")
    phone: str = column(Client, "phone", "")
    lat: float | None = None
    lon: float | None = None
    birth_date: dt.date | None = None
    preferred_language: str = column(Client, "preferred_language", "norsk")
    needs_interpreter: bool = False
    contact_person: uuid.UUID | None = Field(None, description="An employee's id.")
    practical_provider: uuid.UUID | None = Field(
        None, description="A provider's id; the municipal service when left out."
    )


class ClientPatch(InSchema):
    """Only the fields sent are changed; send null to clear an optional one."""

    identity_number: str | None = column(Client, "identity_number", None)
    first_name: str | None = column(Client, "first_name", None)
    last_name: str | None = column(Client, "last_name", None)
    street_address: str | None = column(Client, "street_address", None)
    postal_code: str | None = column(Client, "postal_code", None)
    postal_place: str | None = column(Client, "postal_place", None)
    team: str | None = None
    phone: str | None = column(Client, "phone", None)
    lat: float | None = None
    lon: float | None = None
    birth_date: dt.date | None = None
    preferred_language: str | None = column(Client, "preferred_language", None)
    needs_interpreter: bool | None = None
    contact_person: uuid.UUID | None = None
    practical_provider: uuid.UUID | None = None

    _required = field_validator(
        "identity_number",
        "first_name",
        "last_name",
        "street_address",
        "postal_code",
        "postal_place",
        "team",
        "phone",
        "preferred_language",
        "needs_interpreter",
    )(not_null)


def mask(identity_number: str) -> str:
    """The same masking as the audit trail: the six birth-date digits, then stars."""
    return identity_number[:6] + "*****"


def client_out(client: Client) -> ClientOut:
    return ClientOut(
        id=client.public_id,
        first_name=client.first_name,
        last_name=client.last_name,
        street_address=client.street_address,
        postal_code=client.postal_code,
        postal_place=client.postal_place,
        team=TeamRef.of(client.team),
        contact_person=EmployeeRef.of(client.contact_person) if client.contact_person else None,
    )


def client_detail_out(client: Client) -> ClientDetailOut:
    provider = client.practical_provider
    return ClientDetailOut(
        **client_out(client).model_dump(),
        identity_number_masked=mask(client.identity_number),
        identity_kind=client.identity_kind,
        birth_date=client.birth_date,
        phone=client.phone,
        lat=client.lat,
        lon=client.lon,
        preferred_language=client.preferred_language,
        needs_interpreter=client.needs_interpreter,
        practical_provider=(
            ProviderRef(id=provider.public_id, name=provider.name, kind=provider.kind)
            if provider
            else None
        ),
        active=client.active,
    )


def client_input(user: User, values: dict[str, Any]) -> ClientInput:
    """Service input from API values: references resolved, strings as the service expects."""
    values = dict(values)
    team = values.pop("team")
    contact_person = values.pop("contact_person", None)
    practical_provider = values.pop("practical_provider", None)
    found = find_team(user, team) if team is not None else None
    return ClientInput(
        **values,
        # An unknown team reaches the service as None, which it reports as team/unknown
        # together with every other rule the input breaks.
        team=found.public_id if found is not None else None,
        contact_person=contact_person,
        practical_provider=practical_provider,
    )


def current_values(client: Client) -> dict[str, Any]:
    """The record as API values, the base a PATCH is applied to."""
    return {
        "identity_number": client.identity_number,
        "first_name": client.first_name,
        "last_name": client.last_name,
        "street_address": client.street_address,
        "postal_code": client.postal_code,
        "postal_place": client.postal_place,
        "team": str(client.team.public_id),
        "phone": client.phone,
        "lat": client.lat,
        "lon": client.lon,
        "birth_date": client.birth_date,
        "preferred_language": client.preferred_language,
        "needs_interpreter": client.needs_interpreter,
        "contact_person": client.contact_person.public_id if client.contact_person else None,
        "practical_provider": (
            client.practical_provider.public_id if client.practical_provider else None
        ),
    }


class ClientQuery(PageQuery):
    q: str = Field("", description="Words to find in name or address.")
    team: str | None = Field(None, description="Only this team (id or short name).")


@router.get("/clients", response={200: ClientPage, **ERRORS}, summary="Find clients")
def list_clients(request: HttpRequest, filters: Query[ClientQuery]) -> ClientPage:
    """Basic details only (name, address, team, contact person), never identity numbers
    or health information. Staff find the clients of their district, a private provider
    its own clients, a client or next of kin only their own record."""
    user = actor(request)
    found = selectors.search_clients(user, filters.q).select_related("contact_person")
    if filters.team is not None:
        found = found.filter(team=require_team(user, filters.team))
    page = found[filters.offset : filters.offset + filters.limit]
    return ClientPage(count=found.count(), items=[client_out(c) for c in page])


@router.post("/clients", response={201: ClientDetailOut, **ERRORS}, summary="Register a client")
def register_client(request: HttpRequest, payload: ClientIn) -> Status[ClientDetailOut]:
    user = actor(request)
    client = services.do_register_client(user, client_input(user, payload.model_dump()))
    return Status(201, client_detail_out(client))


@router.get("/clients/{client_id}", response={200: ClientDetailOut, **ERRORS}, summary="One client")
def get_client(request: HttpRequest, client_id: uuid.UUID) -> ClientDetailOut:
    return client_detail_out(selectors.find_client(actor(request), client_id))


@router.put("/clients/{client_id}", response={200: ClientDetailOut, **ERRORS}, summary="Replace")
def replace_client(
    request: HttpRequest, client_id: uuid.UUID, payload: ClientIn
) -> ClientDetailOut:
    user = actor(request)
    client = selectors.find_client(user, client_id)
    # The client as the write left it, even if a new team puts it outside the caller's view.
    return client_detail_out(
        services.do_update_client(user, client, client_input(user, payload.model_dump()))
    )


@router.patch("/clients/{client_id}", response={200: ClientDetailOut, **ERRORS}, summary="Change")
def change_client(
    request: HttpRequest, client_id: uuid.UUID, payload: ClientPatch
) -> ClientDetailOut:
    user = actor(request)
    client = selectors.find_client(user, client_id)
    values = current_values(client) | payload.model_dump(exclude_unset=True)
    return client_detail_out(services.do_update_client(user, client, client_input(user, values)))


# --- health information: every read goes through access_health and is logged -----------


class GoalIn(InSchema):
    kind: str = Field(description="`everyday_mastery` or `reablement`.")
    description: str = column(Goal, "description")
    follow_up_on: dt.date


class AssessmentIn(InSchema):
    assessed_on: dt.date
    what_matters: str
    manages_self: str
    resources: str
    notes: str = ""
    home_visit: bool = True
    scores: dict[str, int] = Field(
        default_factory=dict, description="IPLOS function variable code → score 1–5 or 9."
    )
    goals: list[GoalIn] = Field(default_factory=list)


class GoalOut(Schema):
    kind: str
    description: str
    follow_up_on: dt.date


class AssessmentOut(Schema):
    id: uuid.UUID
    version: int
    assessed_on: dt.date
    what_matters: str
    manages_self: str
    resources: str
    notes: str
    home_visit: bool
    scores: dict[str, int]
    goals: list[GoalOut]
    recorded_by: str
    recorded_at: dt.datetime


def assessment_out(a: Assessment) -> AssessmentOut:
    return AssessmentOut(
        id=a.public_id,
        version=a.version,
        assessed_on=a.assessed_on,
        what_matters=a.what_matters,
        manages_self=a.manages_self,
        resources=a.resources,
        notes=a.notes,
        home_visit=a.home_visit,
        scores={s.variable.code: s.score for s in a.scores.all()},
        goals=[
            GoalOut(kind=g.kind, description=g.description, follow_up_on=g.follow_up_on)
            for g in a.goals.all()
        ],
        recorded_by=person_name(a.recorded_by),
        recorded_at=a.recorded_at,
    )


@router.get(
    "/clients/{client_id}/assessments",
    response={200: list[AssessmentOut], **ERRORS},
    summary="Intake assessments (logged read)",
)
def list_assessments(request: HttpRequest, client_id: uuid.UUID) -> list[AssessmentOut]:
    """Every version, newest first. Health information: the read is written to the
    client's access log with the reason it was allowed."""
    user = actor(request)
    client = selectors.find_client(user, client_id)
    found = selectors.assessments_for(user, client, channel="api")
    return [assessment_out(a) for a in found]


@router.post(
    "/clients/{client_id}/assessments",
    response={201: AssessmentOut, **ERRORS},
    summary="Record an assessment",
)
def record_assessment(
    request: HttpRequest, client_id: uuid.UUID, payload: AssessmentIn
) -> Status[AssessmentOut]:
    """A new version; earlier ones stay as they were."""
    user = actor(request)
    client = selectors.find_client(user, client_id)
    values = payload.model_dump(exclude={"goals"})
    data = AssessmentInput(**values, goals=[GoalInput(**g.model_dump()) for g in payload.goals])
    assessment = services.do_record_assessment(user, client, data)
    fresh = (
        Assessment.objects.select_related("recorded_by")
        .prefetch_related("scores__variable", "goals")
        .get(pk=assessment.pk)
    )
    return Status(201, assessment_out(fresh))


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
)
def list_home_notes(request: HttpRequest, client_id: uuid.UUID) -> list[HomeNotesOut]:
    user = actor(request)
    client = selectors.find_client(user, client_id)
    return [home_notes_out(n) for n in selectors.home_notes_for(user, client, channel="api")]


@router.post(
    "/clients/{client_id}/home-notes",
    response={201: HomeNotesOut, **ERRORS},
    summary="Record home notes (a new version)",
)
def record_home_notes(
    request: HttpRequest, client_id: uuid.UUID, payload: HomeNotesIn
) -> Status[HomeNotesOut]:
    user = actor(request)
    client = selectors.find_client(user, client_id)
    notes = services.do_record_home_notes(user, client, HomeNotesInput(**payload.model_dump()))
    return Status(201, home_notes_out(notes))


# --- resource persons and welfare technology: part of the record, reads logged ----------


class ResourcePersonIn(InSchema):
    name: str = column(ResourcePerson, "name")
    relation: str = Field(
        description="`spouse`, `child`, `parent`, `sibling`, `other_family`, `friend`, "
        "`guardian` or `other`."
    )
    phone: str = column(ResourcePerson, "phone", "")
    email: str = column(ResourcePerson, "email", "")
    address: str = column(ResourcePerson, "address", "")
    is_next_of_kin: bool = True
    has_proxy: bool = False
    consent_to_information: bool = False


class ResourcePersonOut(RowOut):
    name: str
    relation: str
    phone: str
    email: str
    address: str
    is_next_of_kin: bool
    has_proxy: bool
    consent_to_information: bool
    active: bool


@router.get(
    "/clients/{client_id}/resource-persons",
    response={200: list[ResourcePersonOut], **ERRORS},
    summary="Next of kin and other resource persons (logged read)",
)
def list_resource_persons(request: HttpRequest, client_id: uuid.UUID) -> list[ResourcePersonOut]:
    user = actor(request)
    client = selectors.find_client(user, client_id)
    access_health(user, client, "resource_persons", channel="api")
    return [ResourcePersonOut.from_orm(p) for p in client.resource_persons.all()]


@router.post(
    "/clients/{client_id}/resource-persons",
    response={201: ResourcePersonOut, **ERRORS},
    summary="Add a resource person",
)
def add_resource_person(
    request: HttpRequest, client_id: uuid.UUID, payload: ResourcePersonIn
) -> Status[ResourcePersonOut]:
    user = actor(request)
    client = selectors.find_client(user, client_id)
    data = ResourcePersonInput(**payload.model_dump())
    return Status(
        201, ResourcePersonOut.from_orm(services.do_add_resource_person(user, client, data))
    )


def person_of(client: Client, person_id: uuid.UUID) -> ResourcePerson:
    person = client.resource_persons.filter(public_id=person_id).first()
    if person is None:
        raise NotFound("No such resource person.")
    return person


@router.put(
    "/clients/{client_id}/resource-persons/{person_id}",
    response={200: ResourcePersonOut, **ERRORS},
    summary="Change a resource person",
)
def update_resource_person(
    request: HttpRequest, client_id: uuid.UUID, person_id: uuid.UUID, payload: ResourcePersonIn
) -> ResourcePersonOut:
    user = actor(request)
    person = person_of(selectors.find_client(user, client_id), person_id)
    data = ResourcePersonInput(**payload.model_dump())
    return ResourcePersonOut.from_orm(services.do_update_resource_person(user, person, data))


@router.post(
    "/clients/{client_id}/resource-persons/{person_id}/deactivate",
    response={200: ResourcePersonOut, **ERRORS},
    summary="Mark a resource person inactive (kept for the record, never deleted)",
)
def deactivate_resource_person(
    request: HttpRequest, client_id: uuid.UUID, person_id: uuid.UUID
) -> ResourcePersonOut:
    user = actor(request)
    person = person_of(selectors.find_client(user, client_id), person_id)
    return ResourcePersonOut.from_orm(services.do_deactivate_resource_person(user, person))


class WelfareTechnologyIn(InSchema):
    kind: str = Field(
        description="`safety_alarm`, `medicine_dispenser`, `gps` or `digital_supervision`."
    )
    serial_number: str = column(WelfareTechnology, "serial_number")
    supplier: str = column(WelfareTechnology, "supplier")
    installed_on: dt.date


class WelfareTechnologyOut(RowOut):
    kind: str
    serial_number: str
    supplier: str
    installed_on: dt.date
    removed_on: dt.date | None


@router.get(
    "/clients/{client_id}/welfare-technology",
    response={200: list[WelfareTechnologyOut], **ERRORS},
    summary="Installed welfare technology (logged read)",
)
def list_welfare_technology(
    request: HttpRequest, client_id: uuid.UUID
) -> list[WelfareTechnologyOut]:
    user = actor(request)
    client = selectors.find_client(user, client_id)
    access_health(user, client, "welfare_technology", channel="api")
    return [WelfareTechnologyOut.from_orm(d) for d in client.welfare_technology.all()]


@router.post(
    "/clients/{client_id}/welfare-technology",
    response={201: WelfareTechnologyOut, **ERRORS},
    summary="Register installed welfare technology",
)
def add_welfare_technology(
    request: HttpRequest, client_id: uuid.UUID, payload: WelfareTechnologyIn
) -> Status[WelfareTechnologyOut]:
    user = actor(request)
    client = selectors.find_client(user, client_id)
    data = WelfareTechnologyInput(**payload.model_dump())
    device = services.do_add_welfare_technology(user, client, data)
    return Status(201, WelfareTechnologyOut.from_orm(device))


class RemovalIn(InSchema):
    removed_on: dt.date


@router.post(
    "/clients/{client_id}/welfare-technology/{device_id}/remove",
    response={200: WelfareTechnologyOut, **ERRORS},
    summary="Record that a device was removed",
)
def remove_welfare_technology(
    request: HttpRequest, client_id: uuid.UUID, device_id: uuid.UUID, payload: RemovalIn
) -> WelfareTechnologyOut:
    user = actor(request)
    client = selectors.find_client(user, client_id)
    device = client.welfare_technology.filter(public_id=device_id).first()
    if device is None:
        raise NotFound("No such device.")
    removed = services.do_remove_welfare_technology(user, device, payload.removed_on)
    return WelfareTechnologyOut.from_orm(removed)


# --- who has read the record ------------------------------------------------------------


class AccessLogOut(Schema):
    at: dt.datetime
    who: str
    role: str
    what: str
    reason: str = Field(description="Why the read was allowed (team, contact person, …).")
    emergency: bool = Field(description="Opened by emergency access; reviewed by a leader.")
    emergency_reason: str = Field(
        description="The chosen reason template; the written free text is not shown."
    )
    channel: str


class AccessLogPage(Schema):
    count: int
    items: list[AccessLogOut]


@router.get(
    "/clients/{client_id}/access-log",
    response={200: AccessLogPage, **ERRORS},
    summary="Who has read this client's health information",
)
def access_log(request: HttpRequest, client_id: uuid.UUID, page: Query[PageQuery]) -> AccessLogPage:
    """Readable by the client, their next of kin, and the team leader of the client's team.
    Newest first. The read itself is logged (what: `access_log`)."""
    user = actor(request)
    client = selectors.find_client(user, client_id)
    if not policy.may_read_access_log(user, client):
        raise PermissionDenied("Only the client, their next of kin and the team leader may.")
    # Reading who read is itself a read of the record, logged like the pages log it.
    access_health(user, client, "access_log", channel="api")
    rows = AccessLog.objects.filter(client=client).select_related("user", "break_glass")
    return AccessLogPage(
        count=rows.count(),
        items=[
            AccessLogOut(
                at=row.at,
                who=person_name(row.user),
                role=row.role,
                what=row.what,
                reason=row.reason,
                emergency=row.break_glass_id is not None,
                emergency_reason=row.break_glass.template if row.break_glass else "",
                channel=row.channel,
            )
            for row in rows[page.offset : page.offset + page.limit]
        ],
    )

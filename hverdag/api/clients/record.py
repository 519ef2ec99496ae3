"""/clients and /clients/{id}: find, register, read and change the record's basic details.

The identity number goes in but only its masked birth-date part comes out.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import field_validator

from hverdag.access.models import User
from hverdag.api.auth import actor
from hverdag.api.refs import find_team, require_team
from hverdag.api.schemas import ERRORS, EmployeeRef, InSchema, PageQuery, TeamRef, column, not_null
from hverdag.clients import selectors, services
from hverdag.clients.inputs import ClientInput
from hverdag.clients.models import Client

router = Router(tags=["clients"])


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


@router.get(
    "/clients",
    response={200: ClientPage, **ERRORS},
    summary="Find clients",
    operation_id="hverdag_api_clients_list_clients",
)
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


@router.post(
    "/clients",
    response={201: ClientDetailOut, **ERRORS},
    summary="Register a client",
    operation_id="hverdag_api_clients_register_client",
)
def register_client(request: HttpRequest, payload: ClientIn) -> Status[ClientDetailOut]:
    user = actor(request)
    client = services.do_register_client(user, client_input(user, payload.model_dump()))
    return Status(201, client_detail_out(client))


@router.get(
    "/clients/{client_id}",
    response={200: ClientDetailOut, **ERRORS},
    summary="One client",
    operation_id="hverdag_api_clients_get_client",
)
def get_client(request: HttpRequest, client_id: uuid.UUID) -> ClientDetailOut:
    return client_detail_out(selectors.find_client(actor(request), client_id))


@router.put(
    "/clients/{client_id}",
    response={200: ClientDetailOut, **ERRORS},
    summary="Replace",
    operation_id="hverdag_api_clients_replace_client",
)
def replace_client(
    request: HttpRequest, client_id: uuid.UUID, payload: ClientIn
) -> ClientDetailOut:
    user = actor(request)
    client = selectors.find_client(user, client_id)
    # The client as the write left it, even if a new team puts it outside the caller's view.
    return client_detail_out(
        services.do_update_client(user, client, client_input(user, payload.model_dump()))
    )


@router.patch(
    "/clients/{client_id}",
    response={200: ClientDetailOut, **ERRORS},
    summary="Change",
    operation_id="hverdag_api_clients_change_client",
)
def change_client(
    request: HttpRequest, client_id: uuid.UUID, payload: ClientPatch
) -> ClientDetailOut:
    user = actor(request)
    client = selectors.find_client(user, client_id)
    values = current_values(client) | payload.model_dump(exclude_unset=True)
    return client_detail_out(services.do_update_client(user, client, client_input(user, values)))

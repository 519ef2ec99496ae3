"""/clients/{id}/resource-persons: next of kin and other resource persons (a logged
read); never deleted, marked inactive instead."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Field, Router
from ninja.responses import Status

from hverdag.api.auth import actor
from hverdag.api.schemas import ERRORS, InSchema, RowOut, column
from hverdag.clients import selectors, services
from hverdag.clients.inputs import ResourcePersonInput
from hverdag.clients.models import ResourcePerson

router = Router(tags=["clients"])


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
    operation_id="hverdag_api_clients_list_resource_persons",
)
def list_resource_persons(request: HttpRequest, client_id: uuid.UUID) -> list[ResourcePersonOut]:
    user = actor(request)
    client = selectors.find_client(user, client_id)
    persons = selectors.resource_persons_for(user, client, channel="api")
    return [ResourcePersonOut.from_orm(p) for p in persons]


@router.post(
    "/clients/{client_id}/resource-persons",
    response={201: ResourcePersonOut, **ERRORS},
    summary="Add a resource person",
    operation_id="hverdag_api_clients_add_resource_person",
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


@router.put(
    "/clients/{client_id}/resource-persons/{person_id}",
    response={200: ResourcePersonOut, **ERRORS},
    summary="Change a resource person",
    operation_id="hverdag_api_clients_update_resource_person",
)
def update_resource_person(
    request: HttpRequest, client_id: uuid.UUID, person_id: uuid.UUID, payload: ResourcePersonIn
) -> ResourcePersonOut:
    user = actor(request)
    person = selectors.find_resource_person(selectors.find_client(user, client_id), person_id)
    data = ResourcePersonInput(**payload.model_dump())
    return ResourcePersonOut.from_orm(services.do_update_resource_person(user, person, data))


@router.post(
    "/clients/{client_id}/resource-persons/{person_id}/deactivate",
    response={200: ResourcePersonOut, **ERRORS},
    summary="Mark a resource person inactive (kept for the record, never deleted)",
    operation_id="hverdag_api_clients_deactivate_resource_person",
)
def deactivate_resource_person(
    request: HttpRequest, client_id: uuid.UUID, person_id: uuid.UUID
) -> ResourcePersonOut:
    user = actor(request)
    person = selectors.find_resource_person(selectors.find_client(user, client_id), person_id)
    return ResourcePersonOut.from_orm(services.do_deactivate_resource_person(user, person))

"""/clients/{id}/welfare-technology: installed devices (a logged read) and their removal."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Router
from ninja.responses import Status

from hverdag.api.auth import actor
from hverdag.api.schemas import ERRORS, InSchema, RowOut, column
from hverdag.clients import selectors, services
from hverdag.clients.inputs import WelfareTechnologyInput
from hverdag.clients.models import WelfareTechnology

router = Router(tags=["clients"])


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
    operation_id="hverdag_api_clients_list_welfare_technology",
)
def list_welfare_technology(
    request: HttpRequest, client_id: uuid.UUID
) -> list[WelfareTechnologyOut]:
    user = actor(request)
    client = selectors.find_client(user, client_id)
    devices = selectors.welfare_technology_for(user, client, channel="api")
    return [WelfareTechnologyOut.from_orm(d) for d in devices]


@router.post(
    "/clients/{client_id}/welfare-technology",
    response={201: WelfareTechnologyOut, **ERRORS},
    summary="Register installed welfare technology",
    operation_id="hverdag_api_clients_add_welfare_technology",
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
    operation_id="hverdag_api_clients_remove_welfare_technology",
)
def remove_welfare_technology(
    request: HttpRequest, client_id: uuid.UUID, device_id: uuid.UUID, payload: RemovalIn
) -> WelfareTechnologyOut:
    user = actor(request)
    client = selectors.find_client(user, client_id)
    device = selectors.find_device(client, device_id)
    removed = services.do_remove_welfare_technology(user, device, payload.removed_on)
    return WelfareTechnologyOut.from_orm(removed)

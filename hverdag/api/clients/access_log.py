"""/clients/{id}/access-log: who has read the client's health information (itself a
logged read)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from hverdag.api.auth import actor
from hverdag.api.schemas import ERRORS, PageQuery, person_name
from hverdag.clients import selectors

router = Router(tags=["clients"])


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
    operation_id="hverdag_api_clients_access_log",
)
def access_log(request: HttpRequest, client_id: uuid.UUID, page: Query[PageQuery]) -> AccessLogPage:
    """Readable by the client, their next of kin, and the team leader of the client's team.
    Newest first. The read itself is logged (what: `access_log`)."""
    user = actor(request)
    client = selectors.find_client(user, client_id)
    # Reading who read is itself a read of the record, logged like the pages log it.
    rows = selectors.access_log_for(user, client, channel="api")
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

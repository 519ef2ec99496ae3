"""/decisions: a client's decisions (vedtak), their lifecycle and their letters.

Reads go through ``hverdag.decisions.selectors`` (logged, channel "api"; clients and next
of kin never see drafts). Writes go through ``hverdag.decisions.services``, which check
the role and care relationship, validate everything at once, and write in one transaction.
A write's response shows the decision as the write left it; the audit row records it.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from hverdag.api.auth import actor
from hverdag.api.schemas import ERRORS, InSchema, person_name
from hverdag.clients import selectors as client_selectors
from hverdag.core.errors import NotFound
from hverdag.decisions import selectors, services
from hverdag.decisions.inputs import DecisionInput, ServiceLineInput
from hverdag.decisions.models import Decision, Letter, ServiceLine

router = Router(tags=["decisions"])


class LineIn(InSchema):
    service: uuid.UUID = Field(description="A service's id from `GET /services`.")
    provider: uuid.UUID = Field(description="The provider that delivers it.")
    times_per_day: int
    weekdays: list[int] = Field(description="ISO weekdays, 1 = Monday … 7 = Sunday.")
    minutes_per_visit: int
    every_n_weeks: int = 1
    window_start: dt.time | None = None
    window_end: dt.time | None = None
    staff_count: int = 1
    tasks: str = ""
    outcome: str = Field("granted", description="`granted` or `partly_granted`.")


class DecisionIn(InSchema):
    applied_on: dt.date
    applied_for: str
    valid_from: dt.date
    facts: str
    reasons: str
    lines: list[LineIn] = Field(default_factory=list)
    valid_to: dt.date | None = None
    review_on: dt.date | None = None
    refused: str = Field("", description="What was applied for and not granted, and why.")

    def to_input(self) -> DecisionInput:
        values = self.model_dump(exclude={"lines"})
        lines = tuple(
            ServiceLineInput(**(line.model_dump() | {"weekdays": tuple(line.weekdays)}))
            for line in self.lines
        )
        return DecisionInput(**values, lines=lines)


class SendIn(InSchema):
    informed_how: str = Field(description="`orally`, `in_writing` or `both`.")
    informed_on: dt.date | None = None


class TerminateIn(InSchema):
    end_date: dt.date = Field(description="The last day the services are given.")
    reasons: str
    facts: str = ""


class ServiceRef(Schema):
    id: uuid.UUID
    code: str
    name: str


class ProviderRef(Schema):
    id: uuid.UUID
    name: str


class LineOut(Schema):
    id: uuid.UUID
    service: ServiceRef
    provider: ProviderRef
    times_per_day: int
    weekdays: list[int]
    every_n_weeks: int
    minutes_per_visit: int
    window_start: dt.time | None
    window_end: dt.time | None
    staff_count: int
    tasks: str
    outcome: str
    hours_per_week: float


class LetterOut(Schema):
    id: uuid.UUID
    created_at: dt.datetime
    template_version: str
    sha256: str
    pdf: str = Field(description="Where to download the letter as sent.")


class DecisionOut(Schema):
    id: uuid.UUID
    reference: str
    client: uuid.UUID
    series: uuid.UUID
    version: int
    previous: uuid.UUID | None
    kind: str
    status: str
    applied_on: dt.date
    applied_for: str
    valid_from: dt.date
    valid_to: dt.date | None
    review_on: dt.date | None
    facts: str
    reasons: str
    refused: str
    informed_how: str
    informed_on: dt.date | None
    caseworker: str
    approved_by: str | None
    approved_at: dt.datetime | None
    sent_at: dt.datetime | None
    ended_at: dt.datetime | None
    lines: list[LineOut]
    letters: list[LetterOut]


def line_out(line: ServiceLine) -> LineOut:
    return LineOut(
        id=line.public_id,
        service=ServiceRef(
            id=line.service.public_id, code=line.service.code, name=line.service.name
        ),
        provider=ProviderRef(id=line.provider.public_id, name=line.provider.name),
        times_per_day=line.times_per_day,
        weekdays=list(line.weekdays),
        every_n_weeks=line.every_n_weeks,
        minutes_per_visit=line.minutes_per_visit,
        window_start=line.window_start,
        window_end=line.window_end,
        staff_count=line.staff_count,
        tasks=line.tasks,
        outcome=line.outcome,
        hours_per_week=round(line.hours_per_week, 2),
    )


def letter_path(decision: Decision, letter: Letter) -> str:
    return f"/api/v1/decisions/{decision.public_id}/letters/{letter.public_id}.pdf"


def decision_out(d: Decision) -> DecisionOut:
    lines = d.lines.select_related("service", "provider").order_by("id")
    letters = d.letters.only("public_id", "created_at", "template_version", "sha256")
    return DecisionOut(
        id=d.public_id,
        reference=d.reference,
        client=d.client.public_id,
        series=d.series,
        version=d.version,
        previous=d.previous.public_id if d.previous else None,
        kind=d.kind,
        status=d.status,
        applied_on=d.applied_on,
        applied_for=d.applied_for,
        valid_from=d.valid_from,
        valid_to=d.valid_to,
        review_on=d.review_on,
        facts=d.facts,
        reasons=d.reasons,
        refused=d.refused,
        informed_how=d.informed_how,
        informed_on=d.informed_on,
        caseworker=person_name(d.caseworker),
        approved_by=person_name(d.approved_by) if d.approved_by else None,
        approved_at=d.approved_at,
        sent_at=d.sent_at,
        ended_at=d.ended_at,
        lines=[line_out(line) for line in lines],
        letters=[
            LetterOut(
                id=letter.public_id,
                created_at=letter.created_at,
                template_version=letter.template_version,
                sha256=letter.sha256,
                pdf=letter_path(d, letter),
            )
            for letter in letters.order_by("-created_at")
        ],
    )


def fresh(decision: Decision) -> DecisionOut:
    return decision_out(selectors.reloaded(decision))


@router.get(
    "/clients/{client_id}/decisions",
    response={200: list[DecisionOut], **ERRORS},
    summary="A client's decisions (logged read)",
)
def list_decisions(request: HttpRequest, client_id: uuid.UUID) -> list[DecisionOut]:
    """Every version of every decision, newest first. A client or next of kin sees only
    decisions that were sent."""
    user = actor(request)
    client = client_selectors.find_client(user, client_id)
    return [decision_out(d) for d in selectors.decisions_for(user, client, channel="api")]


@router.post(
    "/clients/{client_id}/decisions",
    response={201: DecisionOut, **ERRORS},
    summary="Create a draft decision",
)
def create_decision(
    request: HttpRequest, client_id: uuid.UUID, payload: DecisionIn
) -> Status[DecisionOut]:
    user = actor(request)
    client = client_selectors.find_client(user, client_id)
    decision = services.do_create_decision(user, client, payload.to_input())
    return Status(201, fresh(decision))


@router.get(
    "/decisions/{decision_id}", response={200: DecisionOut, **ERRORS}, summary="One decision"
)
def get_decision(request: HttpRequest, decision_id: uuid.UUID) -> DecisionOut:
    """A logged read of health information."""
    return decision_out(selectors.access_decision(actor(request), decision_id, channel="api"))


@router.put(
    "/decisions/{decision_id}",
    response={200: DecisionOut, **ERRORS},
    summary="Replace a draft's content and lines",
)
def update_draft(request: HttpRequest, decision_id: uuid.UUID, payload: DecisionIn) -> DecisionOut:
    user = actor(request)
    decision = selectors.decision_to_write(user, decision_id)
    return fresh(services.do_update_draft(user, decision, payload.to_input()))


@router.delete(
    "/decisions/{decision_id}",
    response={204: None, **ERRORS},
    summary="Discard a draft or approved decision that was never sent",
)
def discard(request: HttpRequest, decision_id: uuid.UUID) -> Status[None]:
    user = actor(request)
    services.do_discard_draft(user, selectors.decision_to_write(user, decision_id))
    return Status(204, None)


@router.post(
    "/decisions/{decision_id}/approve",
    response={200: DecisionOut, **ERRORS},
    summary="Approve a draft",
)
def approve(request: HttpRequest, decision_id: uuid.UUID) -> DecisionOut:
    user = actor(request)
    return fresh(services.do_approve(user, selectors.decision_to_write(user, decision_id)))


@router.post(
    "/decisions/{decision_id}/send",
    response={200: DecisionOut, **ERRORS},
    summary="Send: store the letter; activates at once when already valid",
)
def send(request: HttpRequest, decision_id: uuid.UUID, payload: SendIn) -> DecisionOut:
    user = actor(request)
    decision = selectors.decision_to_write(user, decision_id)
    services.do_send(user, decision, payload.informed_how, payload.informed_on)
    return fresh(decision)


@router.post(
    "/decisions/{decision_id}/change",
    response={201: DecisionOut, **ERRORS},
    summary="Start a change: a new draft version",
)
def change(
    request: HttpRequest, decision_id: uuid.UUID, payload: DecisionIn
) -> Status[DecisionOut]:
    user = actor(request)
    decision = selectors.decision_to_write(user, decision_id)
    return Status(201, fresh(services.do_change(user, decision, payload.to_input())))


@router.post(
    "/decisions/{decision_id}/terminate",
    response={201: DecisionOut, **ERRORS},
    summary="Start a termination: a new draft version ending the services",
)
def terminate(
    request: HttpRequest, decision_id: uuid.UUID, payload: TerminateIn
) -> Status[DecisionOut]:
    user = actor(request)
    decision = selectors.decision_to_write(user, decision_id)
    new = services.do_terminate(
        user, decision, payload.end_date, payload.reasons, facts=payload.facts
    )
    return Status(201, fresh(new))


PDF_RESPONSE = {
    "responses": {
        "200": {
            "description": "The letter exactly as sent.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get(
    "/decisions/{decision_id}/letters/{letter_id}.pdf",
    response={**ERRORS},
    summary="A decision letter as PDF (logged read)",
    openapi_extra=PDF_RESPONSE,
)
def letter_pdf(request: HttpRequest, decision_id: uuid.UUID, letter_id: uuid.UUID) -> HttpResponse:
    letter = selectors.access_letter(actor(request), letter_id, channel="api")
    if letter.decision.public_id != decision_id:
        raise NotFound(_("No such letter."))
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    name = f"vedtak-{letter.decision.reference}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

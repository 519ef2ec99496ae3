"""/clients/{id}/assessments: the intake assessments, every version (a logged read)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from hverdag.api.auth import actor
from hverdag.api.schemas import ERRORS, InSchema, column, person_name
from hverdag.clients import selectors, services
from hverdag.clients.inputs import AssessmentInput, GoalInput
from hverdag.clients.models import Assessment, Goal

router = Router(tags=["clients"])


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
    operation_id="hverdag_api_clients_list_assessments",
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
    operation_id="hverdag_api_clients_record_assessment",
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
    return Status(201, assessment_out(selectors.assessment_with_details(assessment)))

"""/clients/{id}/notes: a client's journal or case file, and writing a note.

The same services and rules as the pages: a note on a visit is written by the caregiver
planned for it and goes to the record of the visit's service; without a visit the caller
names the record and needs a care relationship. Home helpers never read or write the
journal. Every read is access-logged with channel ``api``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from hverdag.api.auth import actor
from hverdag.api.schemas import ERRORS, InSchema, QuerySchema, person_name
from hverdag.clients import selectors as client_selectors
from hverdag.core.errors import RuleViolation
from hverdag.notes import selectors
from hverdag.notes.models import Note
from hverdag.notes.services import MAX_TEXT, do_write_note

router = Router(tags=["notes"])

Kind = Literal["journal", "case_file"]


class NoteOut(Schema):
    id: uuid.UUID
    series: uuid.UUID
    version: int
    kind: str
    visit: uuid.UUID | None
    text: str
    important: bool
    template: str | None = Field(description="The template's title, if one was used.")
    corrected: bool = Field(description="A later version replaces this one.")
    correction_reason: str
    author: str
    at: dt.datetime
    recorded_at: dt.datetime


def note_out(note: Note, *, corrected: bool = False) -> NoteOut:
    return NoteOut(
        id=note.public_id,
        series=note.series,
        version=note.version,
        kind=note.kind,
        visit=note.visit.public_id if note.visit else None,
        text=note.text,
        important=note.important,
        template=note.template.title if note.template else None,
        corrected=corrected,
        correction_reason=note.correction_reason,
        author=person_name(note.author),
        at=note.at,
        recorded_at=note.recorded_at,
    )


class NotesQuery(QuerySchema):
    kind: Kind = Field(description="journal (health care) or case_file (practical assistance).")


@router.get(
    "/clients/{client_id}/notes",
    response={200: list[NoteOut], **ERRORS},
    summary="A client's journal or case file, every version, newest first (logged read)",
)
def list_notes(
    request: HttpRequest, client_id: uuid.UUID, query: Query[NotesQuery]
) -> list[NoteOut]:
    user = actor(request)
    client = client_selectors.find_client(user, client_id)
    out = []
    for thread in selectors.notes_for_client(user, client, query.kind, channel="api"):
        out.append(note_out(thread.current))
        out += [note_out(n, corrected=True) for n in thread.earlier]
    return out


class NoteIn(InSchema):
    key: uuid.UUID = Field(description="Idempotency key: the same key applies the note once.")
    at: dt.datetime | None = Field(None, description="When it was written; now if left out.")
    text: str = Field(max_length=MAX_TEXT)
    visit: uuid.UUID | None = Field(None, description="The visit; its service names the record.")
    kind: Kind | None = Field(None, description="Required without a visit.")
    template: uuid.UUID | None = None
    important: bool = False


@router.post(
    "/clients/{client_id}/notes",
    response={201: NoteOut, **ERRORS},
    summary="Write a note (journal or case file)",
)
def write_note(request: HttpRequest, client_id: uuid.UUID, payload: NoteIn) -> Status[NoteOut]:
    user = actor(request)
    client = client_selectors.find_client(user, client_id)
    visit = None
    if payload.visit is not None:
        visit = selectors.find_client_visit(client, payload.visit)
        if visit is None:
            raise RuleViolation.single("visit", "unknown", _("No such visit of this client."))
    template = None
    if payload.template is not None:
        template = selectors.find_template(
            client.municipality_id, payload.template, active_only=False
        )
        if template is None:
            raise RuleViolation.single("template", "unknown", _("No such template."))
    note = do_write_note(
        user,
        client,
        visit,
        payload.kind,
        payload.text,
        template,
        payload.at or timezone.now(),
        payload.key,
        important=payload.important,
    )
    return Status(201, note_out(note))

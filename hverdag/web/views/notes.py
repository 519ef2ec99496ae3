"""Notes per visit: write from the visit page, correct, the client record's journal and case
file, and the contact person's "My clients".

Writes follow the staff app's offline protocol (``web.offline``): a form post or JSON with
an idempotency key and the phone's time.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from hverdag.access import policy
from hverdag.access.models import User
from hverdag.clients import selectors as client_selectors
from hverdag.clients.models import Client
from hverdag.core.errors import NotFound
from hverdag.notes import selectors
from hverdag.notes.models import Note, RecordKind
from hverdag.notes.services import (
    MAX_REASON,
    MAX_TEXT,
    corrector,
    do_correct_note,
    do_write_note,
    kind_for_visit,
)
from hverdag.staff.permissions import may_use_journal
from hverdag.visits.models import Visit
from hverdag.visits.selectors import Stop, find_my_visit
from hverdag.web.errors import staff_page
from hverdag.web.offline import ActionForm, offline_action, run_action
from hverdag.web.views.my_day import visit_page_url


class NoteForm(ActionForm):
    text = forms.CharField(
        label=gettext_lazy("Note"), max_length=MAX_TEXT, widget=forms.Textarea, strip=True
    )
    template = forms.UUIDField(required=False)
    important = forms.BooleanField(required=False)


class CorrectionForm(ActionForm):
    text = forms.CharField(
        label=gettext_lazy("Corrected note"), max_length=MAX_TEXT, widget=forms.Textarea
    )
    reason = forms.CharField(label=gettext_lazy("Why corrected"), max_length=MAX_REASON)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def note_json(note: Note) -> dict[str, Any]:
    return {
        "id": str(note.public_id),
        "series": str(note.series),
        "version": note.version,
        "kind": note.kind,
        "client": str(note.client.public_id),
        "visit": str(note.visit.public_id) if note.visit_id and note.visit else None,
        "text": note.text,
        "important": note.important,
        "at": note.at.isoformat(),
        "recorded_at": note.recorded_at.isoformat(),
        "idempotency_key": str(note.idempotency_key),
    }


def _saved_message(note: Note) -> str:
    if note.kind == RecordKind.JOURNAL:
        return _("Note saved in the journal.")
    return _("Note saved in the case file.")


@login_required
@require_POST
@offline_action
def visit_note(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    visit, _entry, _employee = find_my_visit(user, public_id)

    def apply(form: NoteForm) -> Note:
        template = selectors.find_template(
            visit.client.municipality_id, form.cleaned_data.get("template")
        )
        return do_write_note(
            user,
            visit.client,
            visit,
            None,
            form.cleaned_data["text"],
            template,
            form.moment(),
            form.cleaned_data["key"],
            important=form.cleaned_data["important"],
        )

    return run_action(
        request,
        NoteForm,
        apply,
        page=visit_page_url(visit, "notes"),
        done=_saved_message,
        payload=lambda note: {"note": note_json(note)},
    )


def _correct(request: HttpRequest, user: User, note: Note, page: str) -> HttpResponse:
    return run_action(
        request,
        CorrectionForm,
        lambda form: do_correct_note(
            user,
            note,
            form.cleaned_data["text"],
            form.cleaned_data["reason"],
            form.moment(),
            form.cleaned_data["key"],
        ),
        page=page,
        done=lambda n: _("Correction saved as version %(version)d.") % {"version": n.version},
        payload=lambda n: {"note": note_json(n)},
    )


@login_required
@require_POST
@offline_action
def visit_note_correct(request: HttpRequest, public_id: str, note_id: str) -> HttpResponse:
    user = _user(request)
    visit, _entry, _employee = find_my_visit(user, public_id)
    note = selectors.find_visit_note(user, visit, note_id)
    page = visit_page_url(visit, "notes")
    return _correct(request, user, note, page)


@login_required
@require_POST
@offline_action
def client_note_correct(request: HttpRequest, public_id: str, note_id: str) -> HttpResponse:
    user = _user(request)
    client = client_selectors.find_client(user, public_id)
    note = selectors.find_record_note(user, client, note_id)
    page = reverse("web:client_section", args=[client.public_id, note.kind])
    return _correct(request, user, note, page)


@login_required
@require_POST
@offline_action
def client_note(request: HttpRequest, public_id: str, kind: str) -> HttpResponse:
    """A note from the client record: no visit, the record named by the page's section."""
    user = _user(request)
    client = client_selectors.find_client(user, public_id)
    if kind not in RecordKind.values:
        raise NotFound(gettext_lazy("No such record."))

    def apply(form: NoteForm) -> Note:
        return do_write_note(
            user,
            client,
            None,
            kind,
            form.cleaned_data["text"],
            selectors.find_template(client.municipality_id, form.cleaned_data.get("template")),
            form.moment(),
            form.cleaned_data["key"],
            important=form.cleaned_data["important"],
        )

    return run_action(
        request,
        NoteForm,
        apply,
        page=reverse("web:client_section", args=[client.public_id, kind]),
        done=_saved_message,
        payload=lambda note: {"note": note_json(note)},
    )


def visit_section(user: User, visit: Visit) -> dict[str, Any]:
    """The visit page's notes: the last ones on the client (the selector logs the read as
    for a planned visit), the templates, and the form for the record of the visit's
    service."""
    threads = selectors.recent_notes_for_visit(user, visit)
    templates = selectors.templates_for(visit.service, visit.municipality_id)
    may = corrector(user, visit.client)
    kind = kind_for_visit(visit, journal_allowed=may_use_journal(user))
    return {
        "threads": threads,
        "correctable": {t.current.pk for t in threads if may(t.current)},
        "templates": templates,
        # Without a script the service's own template is already in the text box.
        "prefill": next((t for t in templates if t.service_id == visit.service_id), None),
        "kind": kind,
        "is_journal": kind == RecordKind.JOURNAL,
        "max_text": MAX_TEXT,
        "max_reason": MAX_REASON,
    }


def important_clients(user: User, stops: list[Stop]) -> set[int]:
    """Min dag's mark: which of the day's clients have an important note of the last days
    (one query; says only that there is something to read, so nothing is logged)."""
    return selectors.important_client_ids(user, [s.client.pk for s in stops])


def record_context(user: User, client: Client, kind: str) -> dict[str, Any]:
    """The client page's journal or case-file section (the read is logged)."""
    found = selectors.notes_for_client(user, client, kind)
    may = corrector(user, client)
    return {
        "threads": found,
        "record_kind": kind,
        "correctable": {t.current.pk for t in found if may(t.current)},
        "can_write_note": policy.has_role(user, *policy.ACTION_ROLES["note.write"]),
        "note_templates": selectors.templates_for(None, client.municipality_id),
        "max_text": MAX_TEXT,
        "max_reason": MAX_REASON,
    }


@login_required
@require_GET
@staff_page
def my_clients_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "web/notes/my_clients.html",
        {"nav": "my_day", "rows": selectors.my_clients_notes(user)},
    )

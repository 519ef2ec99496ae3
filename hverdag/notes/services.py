"""Writes of the notes context: write a note, correct it. Nothing here edits or deletes.

A note from a visit is written by the caregiver planned for it (published plan, yesterday to
tomorrow) and goes to the record its service belongs to; a note from the client record
needs a care relationship and names its record. Home helpers are not health personnel:
they write to the case file and never to the journal. A correction is a new version, by
the note's author or the leader of the client's team.

Every action carries an idempotency key (``core.idempotency``): the same action sent again
returns the row the first one wrote; the key reused for another action is a conflict.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from hverdag.access import policy
from hverdag.access.logging import audit, snapshot
from hverdag.access.models import AccessReason, Role, User
from hverdag.clients.models import Client
from hverdag.core.errors import Collector, PermissionDenied, RuleViolation
from hverdag.core.i18n import interpolate, lowercase
from hverdag.core.idempotency import parse_key, replayed, save_once
from hverdag.core.phone_time import phone_time_violations
from hverdag.decisions.models import ServiceCategory
from hverdag.notes.models import KIND_BY_CATEGORY, Note, NoteTemplate, RecordKind
from hverdag.staff.permissions import may_use_journal
from hverdag.staff.selectors import employee_of
from hverdag.visits.models import Visit
from hverdag.visits.permissions import require_caregiver, require_planned
from hverdag.visits.services import check_visit_days

MAX_TEXT = 4000
MAX_REASON = 500


def kind_for_visit(visit: Visit, *, journal_allowed: bool) -> RecordKind:
    """The record a visit's note goes to.

    By the service's category; personal care goes to the journal when health personnel
    give it, and to the case file when a home helper does (it is then practical
    assistance, with no journal duty).
    """
    category = ServiceCategory(visit.service.category)
    if category == ServiceCategory.PERSONAL_CARE and not journal_allowed:
        return RecordKind.CASE_FILE
    return KIND_BY_CATEGORY[category]


def _text(errors: Collector, field: str, value: str, limit: int, message: StrOrPromise) -> str:
    value = (value or "").strip()
    if not value:
        errors.add(field, "required", message)
    elif len(value) > limit:
        errors.add(
            field, "max_length", interpolate(_("At most %(limit)d characters."), {"limit": limit})
        )
    return value


def _check_template(
    errors: Collector, template: NoteTemplate | None, client: Client
) -> NoteTemplate | None:
    if template is not None and (
        template.municipality_id != client.municipality_id or not template.active
    ):
        errors.add("template", "unknown", _("Choose one of the listed templates."))
    return template


def _same_write(
    user: User, client: Client, visit: Visit | None, text: str
) -> Callable[[Note], bool]:
    def same(found: Note) -> bool:
        return (
            found.author_id == user.pk
            and found.client_id == client.pk
            and found.visit_id == (visit.pk if visit else None)
            and found.version == 1
            and found.text == text
        )

    return same


def do_write_note(
    user: User,
    client: Client,
    visit: Visit | None,
    kind: str | None,
    text: str,
    template: NoteTemplate | None,
    at: dt.datetime,
    key: uuid.UUID | str,
    important: bool = False,
) -> Note:
    """Write a note about the client, from a visit (``kind`` follows its service) or not."""
    key = parse_key(key)
    text = (text or "").strip()
    same = _same_write(user, client, visit, text)
    journal_allowed = may_use_journal(user)
    employee = employee_of(user)
    found = replayed(Note, key, same)
    if found is not None:
        return found
    if visit is not None:
        if visit.client_id != client.pk:
            raise RuleViolation.single("visit", "same_client", _("The visit is not this client's."))
        refusal = _("Only the caregiver planned for the visit writes its note.")
        require_planned(require_caregiver(user, refusal), visit, refusal)
        check_visit_days(visit, _("Write notes on visits from yesterday to tomorrow."))
        derived = kind_for_visit(visit, journal_allowed=journal_allowed)
        if kind and kind != derived:
            raise RuleViolation.single(
                "kind",
                "follows_visit",
                interpolate(
                    _("A visit's note goes to the %(record)s."),
                    {"record": lowercase(derived.label)},
                ),
            )
        kind = derived
    else:
        if kind not in RecordKind.values:
            raise RuleViolation.single(
                "kind", "choice", _("Choose whether the note goes to the journal or the case file.")
            )
        policy.require_action(user, "note.write", client)
    if kind == RecordKind.JOURNAL and not journal_allowed:
        raise PermissionDenied(
            _("Home helpers are not health personnel: write to the case file, not the journal.")
        )
    errors = Collector()
    text = _text(errors, "text", text, MAX_TEXT, _("Write the note."))
    errors.violations += phone_time_violations(at, near=visit.date if visit else None)
    _check_template(errors, template, client)
    errors.raise_if_any()
    with transaction.atomic():
        note, written = save_once(
            Note(
                municipality_id=client.municipality_id,
                client=client,
                visit=visit,
                kind=kind,
                text=text,
                template=template,
                important=important,
                author=user,
                author_employee=employee,
                at=at,
                idempotency_key=key,
            ),
            same,
        )
        if written:
            audit(user, "note.write", note, client=client, new=snapshot(note))
    return note


def corrector(user: User, client: Client) -> Callable[[Note], bool]:
    """Which of the client's notes the user may correct (asks the policy once).

    The note's author while they still have a care relationship, or the leader of the
    client's team (or district).
    """
    as_author = policy.care_relationship(user, client) is not None
    leads = policy.care_relationship(user, client, for_roles={Role.TEAM_LEADER})
    as_leader = leads in (AccessReason.TEAM, AccessReason.DISTRICT)
    journal = may_use_journal(user)

    def may(note: Note) -> bool:
        if note.kind == RecordKind.JOURNAL and not journal:
            return False
        return as_leader or (as_author and note.author_id == user.pk)

    return may


def may_correct(user: User, note: Note) -> bool:
    return corrector(user, note.client)(note)


def _same_correction(user: User, note: Note, text: str) -> Callable[[Note], bool]:
    def same(found: Note) -> bool:
        return (
            found.author_id == user.pk
            and found.series == note.series
            and found.corrects_id == note.pk
            and found.text == text
        )

    return same


def do_correct_note(
    user: User,
    note: Note,
    text: str,
    reason: str,
    at: dt.datetime,
    key: uuid.UUID | str,
) -> Note:
    """Correct a note: a new version in its series, with the reason; the old one stays."""
    key = parse_key(key)
    text = (text or "").strip()
    same = _same_correction(user, note, text)
    found = replayed(Note, key, same)
    if found is not None:
        return found
    if note.kind == RecordKind.JOURNAL and not may_use_journal(user):
        raise PermissionDenied(
            _("Home helpers are not health personnel: write to the case file, not the journal.")
        )
    if not may_correct(user, note):
        raise PermissionDenied(_("Only the note's author or the team's leader corrects a note."))
    errors = Collector()
    text = _text(errors, "text", text, MAX_TEXT, _("Write the corrected note."))
    reason = _text(errors, "reason", reason, MAX_REASON, _("Say why the note is corrected."))
    errors.violations += phone_time_violations(at)
    if text and text == note.text:
        errors.add("text", "unchanged", _("The correction says the same as the note."))
    errors.raise_if_any()
    with transaction.atomic():
        latest = (
            Note.objects.select_for_update().filter(series=note.series).order_by("-version").first()
        )
        assert latest is not None
        if latest.pk != note.pk:
            raise RuleViolation.single(
                "note", "not_current", _("The note has been corrected since; correct the latest.")
            )
        correction, written = save_once(
            Note(
                municipality_id=note.municipality_id,
                client_id=note.client_id,
                visit_id=note.visit_id,
                kind=note.kind,
                text=text,
                template_id=note.template_id,
                important=note.important,
                series=note.series,
                version=note.version + 1,
                corrects=note,
                correction_reason=reason,
                author=user,
                author_employee=employee_of(user),
                at=at,
                idempotency_key=key,
            ),
            same,
        )
        if written:
            audit(
                user,
                "note.correct",
                correction,
                client=note.client,
                old=snapshot(note, ["text", "version"]),
                new=snapshot(correction),
            )
    return correction

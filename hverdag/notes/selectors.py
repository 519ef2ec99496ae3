"""Reads of the notes context. Every read of a client's notes is access-logged.

The section logged is the record read: ``journal`` or ``case_file``. A home helper never
gets journal notes, whatever the reason they have for the client.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hverdag.access import policy
from hverdag.access.logging import log_read
from hverdag.access.models import AccessReason, User
from hverdag.clients.models import Client
from hverdag.core.errors import NotFound, PermissionDenied
from hverdag.decisions.models import Service
from hverdag.notes.models import Note, NoteTemplate, RecordKind
from hverdag.staff.permissions import may_use_journal
from hverdag.staff.selectors import employee_of
from hverdag.visits.models import Visit
from hverdag.visits.permissions import planned_entry

# The visit page shows the last few notes on the client.
RECENT_FOR_VISIT = 5
# An important note is shown to the next caregivers for this long.
IMPORTANT_FOR = dt.timedelta(days=3)
# The contact person's list: notes of the last two weeks, a few per client.
CONTACT_WINDOW = dt.timedelta(days=14)
CONTACT_PER_CLIENT = 3


@dataclass
class NoteThread:
    """A note as it reads now, with the versions it corrected (newest first)."""

    current: Note
    earlier: list[Note] = field(default_factory=list)

    @property
    def corrected(self) -> bool:
        return bool(self.earlier)

    @property
    def highlight(self) -> bool:
        """An important note of the last days: the next caregivers should read it."""
        return is_fresh_important(self.current)


def is_fresh_important(note: Note) -> bool:
    return note.important and note.at >= timezone.now() - IMPORTANT_FOR


def readable_kinds(user: User) -> list[str]:
    """The records the user's profession lets them read (home helpers: the case file)."""
    if may_use_journal(user):
        return [RecordKind.JOURNAL, RecordKind.CASE_FILE]
    return [RecordKind.CASE_FILE]


def threads(notes: list[Note]) -> list[NoteThread]:
    """Group versions by series, the current version first; newest note first."""
    by_series: dict[object, list[Note]] = defaultdict(list)
    for note in notes:
        by_series[note.series].append(note)
    out = []
    for versions in by_series.values():
        versions.sort(key=lambda n: n.version, reverse=True)
        out.append(NoteThread(versions[0], versions[1:]))
    out.sort(key=lambda t: (t.current.at, t.current.pk), reverse=True)
    return out


def notes_for_client(
    user: User, client: Client, kind: str, *, channel: str = "web"
) -> list[NoteThread]:
    """Every note of one record of the client, every version; the read is logged."""
    if kind not in RecordKind.values:
        raise PermissionDenied(_("No such record."))
    if kind == RecordKind.JOURNAL and not may_use_journal(user):
        raise PermissionDenied(
            _("Home helpers are not health personnel and do not read the journal.")
        )
    found = policy.health_reason(user, client, kind)
    if found is None:
        raise PermissionDenied(_("You have no care relationship with this client."))
    reason, glass = found
    log_read(user, client, kind, reason, glass, channel=channel)
    notes = list(
        Note.objects.filter(client=client, kind=kind).select_related(
            "author", "author_employee", "template", "visit__service"
        )
    )
    return threads(notes)


def recent_notes_for_visit(
    user: User, visit: Visit, limit: int = RECENT_FOR_VISIT
) -> list[NoteThread]:
    """The last notes on the visit's client, for the caregiver planned for the visit.

    Logged as a read for a planned visit, one row per record shown.
    """
    employee = employee_of(user)
    if employee is None or planned_entry(employee, visit) is None:
        raise PermissionDenied(_("Only the caregiver planned for the visit reads its notes here."))
    kinds = readable_kinds(user)
    for kind in kinds:
        log_read(user, visit.client, kind, AccessReason.PLANNED_VISIT)
    current = list(
        Note.objects.current()
        .filter(client_id=visit.client_id, kind__in=kinds)
        .select_related("author", "author_employee", "template", "visit__service")
        .order_by("-at", "-id")[:limit]
    )
    return [NoteThread(n) for n in current]


def important_client_ids(user: User, client_ids: list[int]) -> set[int]:
    """Which of these clients have an important note of the last days (one query).

    Says only that there is something to read; the note itself is on the visit page.
    """
    since = timezone.now() - IMPORTANT_FOR
    return set(
        Note.objects.current()
        .filter(
            client_id__in=client_ids,
            kind__in=readable_kinds(user),
            important=True,
            at__gte=since,
        )
        .values_list("client_id", flat=True)
    )


@dataclass
class ClientNotes:
    client: Client
    notes: list[Note]

    @property
    def highlighted(self) -> set[int]:
        return {n.pk for n in self.notes if is_fresh_important(n)}


def my_clients_notes(user: User, per_client: int = CONTACT_PER_CLIENT) -> list[ClientNotes]:
    """The contact person's clients with their latest notes; each client's read logged."""
    employee = employee_of(user)
    if employee is None:
        return []
    # Being the contact person is a care relationship for the clinical roles only.
    if not policy.has_role(user, *policy.CLINICAL_ROLES):
        return []
    clients = list(
        Client.objects.filter(
            contact_person=employee, active=True, municipality_id__in=policy.municipality_ids(user)
        ).order_by("last_name", "first_name")
    )
    kinds = readable_kinds(user)
    since = timezone.now() - CONTACT_WINDOW
    by_client: dict[int, list[Note]] = defaultdict(list)
    for note in (
        Note.objects.current()
        .filter(client__in=clients, kind__in=kinds, at__gte=since)
        .select_related("author", "author_employee", "visit__service")
        .order_by("-at", "-id")
    ):
        if len(by_client[note.client_id]) < per_client:
            by_client[note.client_id].append(note)
    for client in clients:
        for kind in kinds:
            log_read(user, client, kind, AccessReason.CONTACT_PERSON)
    return [ClientNotes(c, by_client.get(c.pk, [])) for c in clients]


def find_template(
    municipality_id: int, public_id: uuid.UUID | str | None, *, active_only: bool = True
) -> NoteTemplate | None:
    """A template of the municipality, or None (a note may be written without). The pages
    offer active ones only; the API has always accepted any of the municipality's."""
    if not public_id:
        return None
    found = NoteTemplate.objects.filter(public_id=public_id, municipality_id=municipality_id)
    return (found.filter(active=True) if active_only else found).first()


def find_client_visit(client: Client, public_id: uuid.UUID) -> Visit | None:
    """A visit of the client, for a note written about it; None when there is none."""
    return (
        Visit.objects.filter(public_id=public_id, client=client)
        .select_related("service", "client")
        .first()
    )


def find_visit_note(user: User, visit: Visit, public_id: uuid.UUID | str) -> Note:
    """A note on the visit's client, in a record the user's profession lets them read, for
    the planned caregiver to correct; NotFound otherwise. Nothing of it is shown here, so
    nothing is logged (the service decides who may correct)."""
    note = Note.objects.filter(public_id=public_id, client_id=visit.client_id).first()
    if note is None or note.kind not in readable_kinds(user):
        raise NotFound(_("No such note."))
    return note


def find_record_note(user: User, client: Client, public_id: uuid.UUID | str) -> Note:
    """A note of the client in a record the user has a reason to read, for a correction
    from the client page; NotFound otherwise (nothing shown, nothing logged)."""
    note = Note.objects.filter(public_id=public_id, client=client).first()
    if note is None or policy.health_reason(user, client, note.kind) is None:
        raise NotFound(_("No such note."))
    return note


def templates_for(service: Service | None, municipality_id: int) -> list[NoteTemplate]:
    """The templates to offer: the service's own first, then its category's, then general."""
    rows = list(NoteTemplate.objects.filter(municipality_id=municipality_id, active=True))
    if service is None:
        return rows

    def rank(t: NoteTemplate) -> int:
        if t.service_id == service.pk:
            return 0
        if not t.service_id and t.category == service.category:
            return 1
        if not t.service_id and not t.category:
            return 2
        return 3

    return sorted((t for t in rows if rank(t) < 3), key=lambda t: (rank(t), t.order, t.title))

"""Reads of the key register: where each key is, who holds it since when, what is overdue.

The holder of a key is whoever its latest event says: taken → that employee; returned → in
its place; reported lost → lost. Events are ordered as they were recorded (the order the
service checked its rules in), not by the phones' clocks. Every read here takes a fixed
number of queries however many keys there are.

Where a key is kept is not health information (it says nothing of the client's health), so
these reads are scoped to the user's teams and visits but not written to the access log.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max, QuerySet
from django.utils.translation import gettext_lazy as _

from hverdag.access import policy
from hverdag.access.models import User
from hverdag.clients.models import Client
from hverdag.core.errors import NotFound
from hverdag.keys.models import Key, KeyAlert, KeyEvent, KeyEventKind
from hverdag.keys.permissions import keeps_any, kept_teams
from hverdag.org.models import Team
from hverdag.staff.models import Employee
from hverdag.visits.models import Visit

IN_PLACE, OUT, LOST = "in_place", "out", "lost"


@dataclass
class KeyState:
    key: Key
    last: KeyEvent | None
    alert: KeyAlert | None = None

    @property
    def status(self) -> str:
        if self.last is None or self.last.kind == KeyEventKind.RETURNED:
            return IN_PLACE
        if self.last.kind == KeyEventKind.CHECKED_OUT:
            return OUT
        return LOST

    @property
    def holder(self) -> Employee | None:
        if self.last is not None and self.last.kind == KeyEventKind.CHECKED_OUT:
            return self.last.employee
        return None

    @property
    def since(self) -> dt.datetime | None:
        return self.last.at if self.last is not None else None

    @property
    def overdue(self) -> bool:
        return self.alert is not None and self.alert.resolved_at is None


def last_events(keys: Iterable[Key]) -> dict[int, KeyEvent]:
    """The latest event of each key, by key id (one query)."""
    ids = [k.pk for k in keys]
    if not ids:
        return {}
    latest = (
        KeyEvent.objects.filter(key_id__in=ids)
        .values("key_id")
        .annotate(last=Max("id"))
        .values_list("last", flat=True)
    )
    events = KeyEvent.objects.filter(pk__in=list(latest)).select_related("employee", "visit")
    return {e.key_id: e for e in events}


def states(keys: Iterable[Key]) -> list[KeyState]:
    """Each key with its latest event and open alert, in the order given (three queries)."""
    keys = list(keys)
    last = last_events(keys)
    alerts = {
        a.key_id: a
        for a in KeyAlert.objects.filter(key__in=keys, resolved_at__isnull=True).order_by("id")
    }
    return [KeyState(k, last.get(k.pk), alerts.get(k.pk)) for k in keys]


def state_of(key: Key) -> KeyState:
    return states([key])[0]


def client_keys(client: Client) -> list[KeyState]:
    """The client's keys in use: physical keys first, then key boxes and locks."""
    keys = Key.objects.filter(client=client, active=True).select_related("team")
    return states(sorted(keys, key=lambda k: (not k.portable, k.tag, k.pk)))


def held_by(employee: Employee) -> list[KeyState]:
    """The keys checked out to the employee now, longest out first."""
    taken = KeyEvent.objects.filter(employee=employee, kind=KeyEventKind.CHECKED_OUT)
    latest = (
        KeyEvent.objects.filter(key_id__in=taken.values("key_id"))
        .values("key_id")
        .annotate(last=Max("id"))
        .values_list("last", flat=True)
    )
    out = (
        KeyEvent.objects.filter(pk__in=latest, kind=KeyEventKind.CHECKED_OUT, employee=employee)
        .select_related("key__client", "key__team", "employee", "visit")
        .order_by("at", "id")
    )
    found = list(out)
    alerts = {
        a.key_id: a
        for a in KeyAlert.objects.filter(
            key_id__in=[e.key_id for e in found], resolved_at__isnull=True
        )
    }
    return [KeyState(e.key, e, alerts.get(e.key_id)) for e in found]


def open_alerts_for(employee: Employee) -> list[KeyAlert]:
    return list(
        KeyAlert.objects.filter(holder=employee, resolved_at__isnull=True).select_related(
            "key__client", "key__team"
        )
    )


def register(team: Team, *, retired: bool = False) -> list[KeyState]:
    """Every key the team keeps, by key number: the register page (a few queries)."""
    keys = (
        Key.objects.filter(team=team, active=not retired)
        .select_related("client", "team", "retired_by")
        .order_by("tag", "label", "id")
    )
    return states(keys)


def open_alert_count(user: User) -> int:
    """The navigation badge: keys overdue in the teams whose register the user keeps."""
    return KeyAlert.objects.filter(team__in=kept_teams(user), resolved_at__isnull=True).count()


def register_badge(user: User) -> int | None:
    """The menu's link to the key register: None for anyone who keeps no register, else
    the number of keys overdue there (two queries)."""
    if not (user.is_authenticated and policy.is_staff_user(user) and keeps_any(user)):
        return None
    return open_alert_count(user)


def find_visit_key(visit: Visit, public_id: uuid.UUID | str) -> Key:
    """One of the visit's client's keys (the caller found the visit as the user's own)."""
    try:
        key_id = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise NotFound(_("No such key.")) from exc
    key = Key.objects.filter(public_id=key_id, client_id=visit.client_id).first()
    if key is None:
        raise NotFound(_("No such key."))
    return key


def team_clients(team: Team) -> QuerySet[Client]:
    return Client.objects.filter(team=team, active=True).order_by("last_name", "first_name")


def find_kept_key(user: User, public_id: uuid.UUID | str) -> Key:
    """A key in a register the user keeps; NotFound otherwise (no existence leak)."""
    try:
        key_id = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise NotFound(_("No such key.")) from exc
    key = (
        Key.objects.filter(team__in=kept_teams(user), public_id=key_id)
        .select_related("client", "team")
        .first()
    )
    if key is None:
        raise NotFound(_("No such key."))
    return key

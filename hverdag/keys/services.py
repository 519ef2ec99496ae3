"""Writes of the key register: register and retire keys; take, return, report lost; alerts.

Each ``do_*``: permission, validation naming the field and the rule, one transaction, audit.
Taking and returning come from the staff app and may be queued offline: they carry the
phone's idempotency key (applied once, ``core.idempotency``) and the phone's time ``at``.

Rules: a key is out to one person at a time; a caregiver takes a client's key only for a
visit planned for them from yesterday to tomorrow; the holder returns it, or a team leader
or planner of the team that keeps it registers the return for them; a retired key is not
taken. Nothing here edits an event or deletes anything.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from hverdag.access.logging import audit, snapshot
from hverdag.access.models import User
from hverdag.clients.models import Client
from hverdag.core.clock import hhmm
from hverdag.core.errors import Collector, PermissionDenied, RuleViolation
from hverdag.core.i18n import interpolate, lowercase
from hverdag.core.idempotency import parse_key, replayed, save_once
from hverdag.core.phone_time import CLOCK_SKEW, check_phone_time
from hverdag.keys.models import Key, KeyAlert, KeyEvent, KeyEventKind, KeyKind
from hverdag.keys.permissions import keeps
from hverdag.keys.selectors import IN_PLACE, LOST, OUT, KeyState, state_of
from hverdag.org.models import Team
from hverdag.staff.models import Employee, Shift
from hverdag.staff.selectors import employee_of
from hverdag.visits.models import PlanEntry, PlanStatus, Visit, VisitStatus
from hverdag.visits.permissions import DAYS_AROUND_TODAY, require_caregiver, require_planned
from hverdag.visits.services import check_visit_open

DEFAULT_GRACE_MINUTES = 30
MAX_NOTE = 300


def grace() -> dt.timedelta:
    """How long after the holder's shift a key may still be out before the alert."""
    minutes = getattr(settings, "KEY_RETURN_GRACE_MINUTES", DEFAULT_GRACE_MINUTES)
    return dt.timedelta(minutes=int(minutes))


# --- the register ------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyInput:
    client: Client
    label: str
    kind: str
    tag: str = ""
    location: str = ""
    team: Team | None = None  # the client's team when not given


def do_register_key(user: User, data: KeyInput) -> Key:
    """Enter a key (or a key box, a digital lock) to a client's home in a team's register."""
    team = data.team or data.client.team
    if team is None or not keeps(user, team.pk):
        raise PermissionDenied(_("Only the team's leader or planner keeps its key register."))
    errors = Collector()
    if data.client.municipality_id != team.municipality_id or data.client.team_id != team.pk:
        errors.add("client", "other_team", _("The client is not one of this team's clients."))
    label = data.label.strip()
    if not label:
        errors.add("label", "required", _("Say which key it is, e.g. “Front door + mailbox”."))
    elif len(label) > 100:
        errors.add(
            "label", "max_length", interpolate(_("At most %(limit)d characters."), {"limit": 100})
        )
    if data.kind not in KeyKind.values:
        errors.add("kind", "choice", _("Choose a key, a key box or a digital lock."))
    tag, location = data.tag.strip(), data.location.strip()
    if data.kind == KeyKind.KEY and not tag:
        errors.add("tag", "required", _("Give the key's number (its tag in the cabinet)."))
    elif len(tag) > 30:
        errors.add(
            "tag", "max_length", interpolate(_("At most %(limit)d characters."), {"limit": 30})
        )
    elif tag and Key.objects.filter(team=team, tag=tag).exists():
        errors.add(
            "tag",
            "unique",
            interpolate(_("The team already has a key numbered %(tag)s."), {"tag": tag}),
        )
    if data.kind == KeyKind.KEY and not location:
        errors.add("location", "required", _("Say where the key is kept, e.g. cabinet and hook."))
    elif len(location) > 150:
        errors.add(
            "location",
            "max_length",
            interpolate(_("At most %(limit)d characters."), {"limit": 150}),
        )
    errors.raise_if_any()
    try:
        with transaction.atomic():
            key = Key.objects.create(
                municipality_id=team.municipality_id,
                client=data.client,
                team=team,
                label=label,
                kind=data.kind,
                tag=tag,
                location=location,
                registered_by=user,
            )
            audit(user, "key.register", key, client=data.client, new=snapshot(key))
    except IntegrityError as exc:  # another leader took the number a moment ago
        raise RuleViolation.single(
            "tag",
            "unique",
            interpolate(_("The team already has a key numbered %(tag)s."), {"tag": tag}),
        ) from exc
    return key


def do_retire_key(user: User, key: Key) -> Key:
    """Take a key out of use (given back to the client, replaced). It stays in the history."""
    if not keeps(user, key.team_id):
        raise PermissionDenied(_("Only the team's leader or planner keeps its key register."))
    with transaction.atomic():
        current = Key.objects.select_for_update().get(pk=key.pk)
        if not current.active:
            raise RuleViolation.single("key", "retired", _("The key is already retired."))
        state = state_of(current)
        if state.status == OUT:
            raise RuleViolation.single(
                "key",
                "checked_out",
                interpolate(
                    _("%(name)s has the key: register its return (or report it lost) first."),
                    {"name": _holder_name(state)},
                ),
            )
        old = snapshot(current, Key.MUTABLE_FIELDS)
        current.active = False
        current.retired_at = timezone.now()
        current.retired_by = user
        current.save(update_fields=["active", "retired_at", "retired_by"])
        audit(
            user,
            "key.retire",
            current,
            client=current.client,
            old=old,
            new=snapshot(current, Key.MUTABLE_FIELDS),
        )
    key.active, key.retired_at, key.retired_by = False, current.retired_at, user
    return current


# --- taking and returning -----------------------------------------------------------------


def _holder_name(state: KeyState) -> StrOrPromise:
    return state.holder.full_name if state.holder is not None else _("someone")


def _note(note: str) -> str:
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise RuleViolation.single(
            "note",
            "max_length",
            interpolate(_("At most %(limit)d characters."), {"limit": MAX_NOTE}),
        )
    return note


def _same(kind: str, key: Key, user: User) -> Callable[[KeyEvent], bool]:
    def same(found: KeyEvent) -> bool:
        return (found.kind, found.key_id, found.recorded_by_id) == (kind, key.pk, user.pk)

    return same


def _planned_visit_for(employee: Employee, client_id: int) -> Visit | None:
    """The employee's visit to the client in a published plan, yesterday to tomorrow."""
    today = timezone.localdate()
    entries = (
        PlanEntry.objects.filter(
            employee=employee,
            visit__client_id=client_id,
            plan__status=PlanStatus.PUBLISHED,
            plan__date__gte=today - dt.timedelta(days=DAYS_AROUND_TODAY),
            plan__date__lte=today + dt.timedelta(days=DAYS_AROUND_TODAY),
        )
        .exclude(visit__status=VisitStatus.CANCELLED)
        .select_related("visit")
        .order_by("start")
    )
    found = list(entries)
    found.sort(key=lambda e: abs((e.visit.date - today).days))  # today's first
    return found[0].visit if found else None


def _write(
    user: User, key: Key, event: KeyEvent, same: Callable[[KeyEvent], bool]
) -> tuple[KeyEvent, bool]:
    row, written = save_once(event, same)
    if written:
        audit(user, f"key.{event.kind}", row, client=key.client, new=snapshot(row))
    return row, written


def do_check_out_key(
    user: User,
    key: Key,
    visit: Visit | None,
    at: dt.datetime,
    idem_key: uuid.UUID | str,
    note: str = "",
) -> KeyEvent:
    """The caregiver takes the client's key from the cabinet for a visit planned for them.

    Without a visit, the caregiver's planned visit to the client (today's first) is used; a
    team leader or planner of the key's team may take it without one.
    """
    idem = parse_key(idem_key)
    same = _same(KeyEventKind.CHECKED_OUT, key, user)
    employee = require_caregiver(user, _("Only staff who make visits take keys."))
    with transaction.atomic():
        locked = Key.objects.select_for_update().select_related("client").get(pk=key.pk)
        found = replayed(KeyEvent, idem, same)
        if found is not None:
            return found
        if visit is not None:
            if visit.client_id != locked.client_id:
                raise RuleViolation.single(
                    "visit", "other_client", _("The key is not to this visit's client.")
                )
            require_planned(
                employee, visit, _("Take a client's key only for a visit planned for you.")
            )
            check_visit_open(visit, _("Take keys only for visits from yesterday to tomorrow."))
        else:
            visit = _planned_visit_for(employee, locked.client_id)
            if visit is None and not keeps(user, locked.team_id):
                raise PermissionDenied(_("Take a client's key only for a visit planned for you."))
        check_phone_time(at)
        note = _note(note)
        if not locked.active:
            raise RuleViolation.single("key", "retired", _("The key is retired."))
        if not locked.portable:
            raise RuleViolation.single(
                "key",
                "not_portable",
                interpolate(
                    _("A %(kind)s stays at the door; it is not taken."),
                    {"kind": lowercase(KeyKind(locked.kind).label)},
                ),
            )
        state = state_of(locked)
        if state.status == OUT:
            since = hhmm(state.since)
            raise RuleViolation.single(
                "key",
                "checked_out",
                interpolate(
                    _("%(name)s has the key (taken %(time)s)."),
                    {"name": _holder_name(state), "time": since},
                ),
            )
        if state.status == LOST:
            raise RuleViolation.single(
                "key", "lost", _("The key is reported lost; ask the team leader.")
            )
        event = KeyEvent(
            key=locked,
            kind=KeyEventKind.CHECKED_OUT,
            employee=employee,
            visit=visit,
            at=at,
            recorded_by=user,
            note=note,
            idempotency_key=idem,
        )
        return _write(user, locked, event, same)[0]


def do_return_key(
    user: User,
    key: Key,
    at: dt.datetime,
    idem_key: uuid.UUID | str,
    on_behalf_of: Employee | None = None,
    note: str = "",
) -> KeyEvent:
    """The key is back in its place: by its holder, or registered by the team's leader or
    planner for the holder (``on_behalf_of``, who must be the holder). Resolves its alert.

    A key reported lost and found again is returned by the team's leader or planner.
    """
    idem = parse_key(idem_key)
    same = _same(KeyEventKind.RETURNED, key, user)
    employee = employee_of(user)
    keeper = keeps(user, key.team_id)
    with transaction.atomic():
        locked = Key.objects.select_for_update().select_related("client").get(pk=key.pk)
        found = replayed(KeyEvent, idem, same)
        if found is not None:
            return found
        state = state_of(locked)
        holder = state.holder
        is_holder = employee is not None and holder is not None and holder.pk == employee.pk
        was_holder = (
            employee is not None
            and state.last is not None
            and state.last.employee_id == employee.pk
        )
        if state.status == IN_PLACE and (keeper or was_holder):
            raise RuleViolation.single("key", "not_out", _("The key is already back in its place."))
        if not is_holder and not keeper:
            raise PermissionDenied(
                _("Only the one who has the key, or the team's leader or planner, returns it.")
            )
        check_phone_time(at)
        note = _note(note)
        if on_behalf_of is not None and (holder is None or on_behalf_of.pk != holder.pk):
            raise RuleViolation.single(
                "on_behalf_of",
                "not_holder",
                interpolate(_("%(name)s does not have the key."), {"name": on_behalf_of.full_name}),
            )
        if state.last is not None and at < state.last.at - CLOCK_SKEW:
            raise RuleViolation.single(
                "at", "before_taken", _("The return is before the key was taken.")
            )
        event = KeyEvent(
            key=locked,
            kind=KeyEventKind.RETURNED,
            employee=holder or (state.last.employee if state.last else None),
            at=at,
            recorded_by=user,
            note=note,
            idempotency_key=idem,
        )
        row, written = _write(user, locked, event, same)
        if written:
            _resolve_alerts(user, locked, row)
        return row


def _resolve_alerts(user: User, key: Key, event: KeyEvent) -> None:
    now = timezone.now()
    for alert in KeyAlert.objects.filter(key=key, resolved_at__isnull=True):
        alert.resolved_at, alert.resolved_by = now, event
        alert.save(update_fields=["resolved_at", "resolved_by"])
        audit(
            user,
            "key.alert_resolved",
            alert,
            client=key.client,
            new=snapshot(alert, ["resolved_at", "resolved_by"]),
        )


def do_report_key_lost(
    user: User, key: Key, at: dt.datetime, idem_key: uuid.UUID | str, note: str
) -> KeyEvent:
    """The key is missing: reported by its holder or by the team's leader or planner.

    The note says what happened (the leader decides whether the lock must be changed).
    """
    idem = parse_key(idem_key)
    same = _same(KeyEventKind.REPORTED_LOST, key, user)
    employee = employee_of(user)
    keeper = keeps(user, key.team_id)
    with transaction.atomic():
        locked = Key.objects.select_for_update().select_related("client").get(pk=key.pk)
        found = replayed(KeyEvent, idem, same)
        if found is not None:
            return found
        state = state_of(locked)
        holder = state.holder
        is_holder = employee is not None and holder is not None and holder.pk == employee.pk
        if not is_holder and not keeper:
            raise PermissionDenied(
                _("Only the one who has the key, or the team's leader or planner, reports it lost.")
            )
        check_phone_time(at)
        text = _note(note)
        if not text:
            raise RuleViolation.single(
                "note", "required", _("Say what happened to the key, and when it was last seen.")
            )
        if not locked.active or not locked.portable:
            raise RuleViolation.single("key", "not_portable", _("Only a key in use can be lost."))
        if state.status == LOST:
            raise RuleViolation.single("key", "lost", _("The key is already reported lost."))
        event = KeyEvent(
            key=locked,
            kind=KeyEventKind.REPORTED_LOST,
            employee=holder or employee,
            at=at,
            recorded_by=user,
            note=text,
            idempotency_key=idem,
        )
        return _write(user, locked, event, same)[0]


# --- alerts -------------------------------------------------------------------------------


def due_back(taken_at: dt.datetime, shift: Shift | None) -> dt.datetime:
    """When a key taken at ``taken_at`` must be back: the holder's shift end plus the grace.

    Without a shift that day (or taken after it ended) the key is due at the end of the day.
    """
    local = timezone.localtime(taken_at)
    if shift is not None:
        end = timezone.make_aware(dt.datetime.combine(shift.date, shift.ends_at))
        if end >= taken_at:
            return end + grace()
    midnight = timezone.make_aware(
        dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0, 0))
    )
    return midnight + grace()


def current_checkouts() -> list[KeyEvent]:
    """The checkout events of every key out now (latest event of its key is the checkout)."""
    latest = KeyEvent.objects.values("key_id").annotate(last=Max("id")).values_list("last")
    return list(
        KeyEvent.objects.filter(pk__in=latest, kind=KeyEventKind.CHECKED_OUT)
        .select_related("key__client", "employee")
        .order_by("id")
    )


def shifts_for(events: list[KeyEvent]) -> dict[tuple[int, dt.date], Shift]:
    """The holder's shift on the (local) day each key was taken, by (employee id, date)."""
    days = {timezone.localtime(e.at).date() for e in events}
    ids = {e.employee_id for e in events if e.employee_id}
    return {
        (s.employee_id, s.date): s for s in Shift.objects.filter(employee_id__in=ids, date__in=days)
    }


def raise_key_alerts(now: dt.datetime | None = None) -> list[KeyAlert]:
    """An alert for each key still out after its holder's shift (plus the grace).

    Idempotent: one alert per checkout, however often this runs; returns the new ones.
    """
    now = now or timezone.now()
    out = [e for e in current_checkouts() if e.employee_id is not None]
    alerted = set(KeyAlert.objects.filter(checkout__in=out).values_list("checkout_id", flat=True))
    pending = [e for e in out if e.pk not in alerted]
    shifts = shifts_for(pending)
    raised: list[KeyAlert] = []
    for event in pending:
        holder = event.employee
        assert holder is not None
        due = due_back(event.at, shifts.get((holder.pk, timezone.localtime(event.at).date())))
        if now < due:
            continue
        with transaction.atomic():
            alert, created = KeyAlert.objects.get_or_create(
                checkout=event,
                defaults={
                    "key": event.key,
                    "holder": holder,
                    "team_id": event.key.team_id,
                    "due_at": due,
                },
            )
            if created:
                audit(None, "key.alert", alert, client=event.key.client, new=snapshot(alert))
                raised.append(alert)
    return raised

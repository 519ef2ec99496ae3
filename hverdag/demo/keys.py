"""The demo district's key register: each team's key cabinet, key boxes and digital locks.

Written after the published plans (``load_demo``), from the clients' home notes:

- a client whose home notes say the service holds a key has it on a hook in the team's key
  cabinet; so do about two in three key-box clients (the service keeps a spare), which puts
  about a third of the clients' keys in the cabinets;
- every key box and digital lock is entered too, without its code (that stays encrypted in
  the home notes);
- today, a few caregivers whose shift is still on have taken the key for a visit planned
  for them (and an earlier one has been taken and returned); one key taken yesterday was
  never brought back, which raises the key alert for the caregiver and the team leader.

Rows are written with the ORM, like the rest of the demo; the alert by the service's own
``raise_key_alerts``.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from hverdag.access.models import Role, RoleAssignment, User
from hverdag.clients.models import Client, EntryMethod, HomeNotes
from hverdag.keys.models import Key, KeyEvent, KeyEventKind, KeyKind
from hverdag.keys.services import grace, raise_key_alerts
from hverdag.org.models import Municipality, Team
from hverdag.staff.models import Shift
from hverdag.visits.models import PlanEntry, PlanStatus, VisitStatus

SPARE_KEY_SHARE = 0.65  # key-box clients whose spare key the service keeps
CHECKED_OUT_TODAY = 5  # per team, at most
KEY_LABELS = (
    "Hovednøkkel",
    "Hovednøkkel + postkasse",
    "Hoveddør + bod",
    "Systemnøkkel, inngang og leilighet",
    "Leilighetsdør + oppgang",
    "Hoveddør (to nøkler på ring)",
)
BOX_PLACES = (
    "Ved inngangsdøra",
    "På veggen til venstre for døra",
    "Ved postkassene i oppgangen",
    "Bak porten, på høyre side",
)


@dataclass(frozen=True)
class DemoKeys:
    keys: int
    cabinet_keys: int
    out_now: int
    alerts: int


def _prefix(team: Team) -> str:
    return team.name.removeprefix("Team ").strip()[:1].upper() or "N"


def _leader(team: Team) -> User:
    found = (
        RoleAssignment.objects.filter(team=team, role=Role.TEAM_LEADER)
        .select_related("user")
        .first()
    )
    if found is None:
        found = RoleAssignment.objects.filter(
            municipality_id=team.municipality_id, role=Role.SYSTEM_ADMIN
        ).first()
    assert found is not None, "the demo has a team leader per team and an administrator"
    return found.user


def _register(team: Team, clients: list[Client], rng: random.Random) -> list[Key]:
    notes = {
        n.client_id: n
        for n in HomeNotes.objects.filter(client__in=clients).order_by("client_id", "version")
    }
    leader = _leader(team)
    cabinet = f"Nøkkelskap {team.name.removeprefix('Team ').strip()}"
    rows: list[Key] = []
    hook = 0
    for client in clients:
        note = notes.get(client.pk)
        method = note.entry_method if note else EntryMethod.CLIENT_OPENS
        cabinet_key = method == EntryMethod.SERVICE_KEY or (
            method == EntryMethod.KEY_BOX and rng.random() < SPARE_KEY_SHARE
        )
        if cabinet_key:
            hook += 1
            rows.append(
                Key(
                    municipality_id=team.municipality_id,
                    client=client,
                    team=team,
                    label=rng.choice(KEY_LABELS),
                    kind=KeyKind.KEY,
                    tag=f"{_prefix(team)}-{hook}",
                    location=f"{cabinet}, krok {hook}",
                    registered_by=leader,
                )
            )
        if method in (EntryMethod.KEY_BOX, EntryMethod.DIGITAL_LOCK):
            box = method == EntryMethod.KEY_BOX
            rows.append(
                Key(
                    municipality_id=team.municipality_id,
                    client=client,
                    team=team,
                    label="Nøkkelboks med hovednøkkel" if box else "Digital lås på inngangsdøra",
                    kind=KeyKind.KEY_BOX if box else KeyKind.DIGITAL_LOCK,
                    location=rng.choice(BOX_PLACES) if box else "",
                    registered_by=leader,
                )
            )
    return Key.objects.bulk_create(rows)


def _entries(team: Team, day: dt.date) -> list[PlanEntry]:
    return list(
        PlanEntry.objects.filter(
            plan__team=team,
            plan__date=day,
            plan__status=PlanStatus.PUBLISHED,
            employee__isnull=False,
            start__isnull=False,
        )
        .exclude(visit__status=VisitStatus.CANCELLED)
        .select_related("employee__user", "visit")
        .order_by("start", "id")
    )


def _shift_end(shift: Shift) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(shift.date, shift.ends_at))


def _event(key: Key, kind: str, entry: PlanEntry, at: dt.datetime, note: str = "") -> KeyEvent:
    employee = entry.employee
    assert employee is not None and employee.user is not None
    return KeyEvent(
        key=key,
        kind=kind,
        employee=employee,
        visit=entry.visit if kind == KeyEventKind.CHECKED_OUT else None,
        at=at,
        recorded_by=employee.user,
        note=note,
        idempotency_key=uuid.uuid4(),
    )


def _movements(
    team: Team,
    keys: list[Key],
    today: dt.date,
    now: dt.datetime,
    rng: random.Random,
    *,
    overdue: bool,
) -> tuple[list[KeyEvent], int]:
    """Today's keys out (shift still on), one taken and returned, one overdue from yesterday."""
    by_client = {k.client_id: k for k in keys if k.kind == KeyKind.KEY}
    shifts = {
        (s.employee_id, s.date): s
        for s in Shift.objects.filter(
            employee__team=team, date__in=[today, today - dt.timedelta(1)]
        )
    }
    events: list[KeyEvent] = []
    used: set[int] = set()
    holders: set[int] = set()
    out = 0
    # Yesterday: one key taken for a morning visit and not brought back (one team only).
    yesterday = today - dt.timedelta(days=1)
    for entry in _entries(team, yesterday) if overdue else []:
        key = by_client.get(entry.visit.client_id)
        if key is None or entry.start is None:
            continue
        events.append(
            _event(key, KeyEventKind.CHECKED_OUT, entry, entry.start - dt.timedelta(minutes=12))
        )
        used.add(key.pk)
        holders.add(entry.employee_id or 0)
        break
    candidates = [
        e
        for e in _entries(team, today)
        if e.visit.client_id in by_client and (e.employee_id, today) in shifts
    ]
    rng.shuffle(candidates)
    for entry in sorted(candidates, key=lambda e: e.start or now):
        key = by_client[entry.visit.client_id]
        assert entry.start is not None
        taken = entry.start - dt.timedelta(minutes=rng.randint(5, 20))
        shift = shifts[(entry.employee_id or 0, today)]
        if key.pk in used or taken > now:
            continue
        if _shift_end(shift) + grace() <= now:
            # The shift is over: the key went back at the end of the visit.
            if len(used) - out < 3:
                back = entry.start + dt.timedelta(minutes=entry.visit.minutes + 5)
                events.append(_event(key, KeyEventKind.CHECKED_OUT, entry, taken))
                events.append(_event(key, KeyEventKind.RETURNED, entry, min(back, now)))
                used.add(key.pk)
            continue
        if out >= CHECKED_OUT_TODAY or entry.employee_id in holders:
            continue
        events.append(_event(key, KeyEventKind.CHECKED_OUT, entry, taken))
        used.add(key.pk)
        holders.add(entry.employee_id or 0)
        out += 1
    return events, out


@transaction.atomic
def load_keys(municipality: Municipality, today: dt.date, *, seed: int) -> DemoKeys:
    rng = random.Random(seed * 31 + 7)
    now = timezone.now()
    total = cabinet = out = 0
    for team in Team.objects.filter(municipality=municipality).order_by("name"):
        clients = list(Client.objects.filter(team=team).order_by("last_name", "first_name", "id"))
        keys = _register(team, clients, rng)
        total += len(keys)
        cabinet += sum(1 for k in keys if k.kind == KeyKind.KEY)
        events, team_out = _movements(team, keys, today, now, rng, overdue=team.slug == "ost")
        for event in events:  # one by one: the order they were recorded in is the history
            event.save(force_insert=True)
        out += team_out
    alerts = raise_key_alerts(now)
    return DemoKeys(total, cabinet, out, len(alerts))

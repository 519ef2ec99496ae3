"""What happened at the door on the demo's past visits, so the staff app and the figures
start from a lived-in district rather than a plan nobody carried out.

For every visit of the published plans from 13 days ago up to now whose planned end has
passed: its caregivers checked in and out (a little before or after the plan, now and then
late), recorded the tasks (a few not done, with a reason) and signed the doses due (a few
refused or not given). About one visit in 150 found the client not home. Written in bulk,
as the rest of the demo: no audit, no access log. Same seed, same history.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from hverdag.medication.models import DoseOutcome, DoseRecord, MedicationOrder
from hverdag.medication.rules import due_at_visit
from hverdag.org.models import Municipality
from hverdag.visits.care_tasks import tasks_of
from hverdag.visits.models import (
    CheckAction,
    NotHomeReport,
    PlanEntry,
    PlanStatus,
    SkipReason,
    TaskRecord,
    Visit,
    VisitCheck,
    VisitStatus,
)

PAST_DAYS = 13
NOT_HOME = 1 / 150
TASK_SKIPPED = 0.04
DOSE_REFUSED = 0.02

NOT_HOME_TEXTS = [
    (True, "Datteren sier hun ble hentet til dagsenteret i dag; glemt å melde fra."),
    (True, "Naboen så ham gå til butikken. Ringte ham, han kom ikke hjem før neste besøk."),
    (False, "Ingen åpner, telefonen ringer inne. Pårørende svarer ikke. Teamleder varslet."),
    (True, "Innlagt på sykehus i natt, ifølge sønnen. Planleggeren må avlyse resten av uken."),
]
SKIP_COMMENTS = {
    SkipReason.CLIENT_DECLINED: "Ville ikke i dag, spurte igjen før jeg gikk.",
    SkipReason.NOT_NEEDED: "Gjort i går.",
    SkipReason.NO_TIME: "Forsinket fra forrige besøk; meldt til planleggeren.",
}
REFUSALS = [
    (DoseOutcome.REFUSED, "Ville ikke ta tabletten, sa den gjør henne kvalm."),
    (DoseOutcome.NOT_GIVEN, "Lå og sov; dosen lagt fram, ringt sykepleier på vakt."),
]


@dataclass(frozen=True)
class FieldHistory:
    visits_done: int
    not_home: int
    checks: int
    tasks: int
    doses: int


def seed_field_history(municipality: Municipality, today: dt.date, *, seed: int) -> FieldHistory:
    rng = random.Random(seed * 131 + 5)
    now = timezone.now()
    entries = list(
        PlanEntry.objects.filter(
            plan__municipality=municipality,
            plan__status=PlanStatus.PUBLISHED,
            plan__date__gte=today - dt.timedelta(days=PAST_DAYS),
            plan__date__lte=today,
            employee__isnull=False,
            visit__status=VisitStatus.PLANNED,
        )
        .select_related("visit__line", "visit__service", "employee__user")
        .order_by("plan__date", "start", "id")
    )
    orders = _orders_by_client(municipality)
    by_visit: dict[int, list[PlanEntry]] = defaultdict(list)
    for entry in entries:
        assert entry.start is not None  # an assigned entry has a start (constraint)
        if entry.start + dt.timedelta(minutes=entry.visit.minutes) < now:
            by_visit[entry.visit_id].append(entry)

    checks: list[VisitCheck] = []
    tasks: list[TaskRecord] = []
    doses: list[DoseRecord] = []
    reports: list[NotHomeReport] = []
    done: set[int] = set()
    not_home: set[int] = set()
    # Two visits' windows may both hold a dose's time: the first visit signs it.
    signed: set[tuple[uuid.UUID, dt.datetime]] = set()
    for visit_id, group in by_visit.items():
        visit = group[0].visit
        if visit_id in not_home or visit_id in done:
            continue
        first = group[0]
        if rng.random() < NOT_HOME and visit.partner_id not in done:
            reports.append(_not_home(first, rng))
            not_home.update({visit_id, *([visit.partner_id] if visit.partner_id else [])})
            continue
        arrived = _arrival(first, rng)
        for entry in group:
            checks += _checks(entry, arrived, now, rng)
        tasks += _tasks(first, arrived, rng)
        doses += _doses(first, orders.get(visit.client_id, []), arrived, rng, signed)
        done.add(visit_id)

    VisitCheck.objects.bulk_create(checks, batch_size=2000)
    TaskRecord.objects.bulk_create(tasks, batch_size=2000)
    DoseRecord.objects.bulk_create(doses, batch_size=2000)
    NotHomeReport.objects.bulk_create(reports, batch_size=500)
    # A visit is done when all its caregivers checked out: each half of a pair has its own.
    Visit.objects.filter(pk__in=done).update(status=VisitStatus.DONE, updated_at=now)
    Visit.objects.filter(pk__in=not_home).update(status=VisitStatus.NOT_HOME, updated_at=now)
    return FieldHistory(len(done), len(reports), len(checks), len(tasks), len(doses))


def _orders_by_client(municipality: Municipality) -> dict[int, list[MedicationOrder]]:
    out: dict[int, list[MedicationOrder]] = defaultdict(list)
    for order in MedicationOrder.objects.filter(
        municipality=municipality, next_version__isnull=True
    ):
        out[order.client_id].append(order)
    return out


def _arrival(entry: PlanEntry, rng: random.Random) -> dt.datetime:
    """Most arrive within a few minutes of the plan; now and then a visit runs late."""
    assert entry.start is not None
    late = rng.random() < 0.08
    minutes = rng.uniform(10, 35) if late else rng.gauss(2, 4)
    return entry.start + dt.timedelta(minutes=round(minutes))


def _checks(
    entry: PlanEntry, arrived: dt.datetime, now: dt.datetime, rng: random.Random
) -> list[VisitCheck]:
    assert entry.employee is not None and entry.employee.user is not None
    stay = max(5, round(entry.visit.minutes + rng.gauss(0, 3)))
    left = min(arrived + dt.timedelta(minutes=stay), now)
    return [
        VisitCheck(
            visit_id=entry.visit_id,
            employee=entry.employee,
            action=action,
            at=at,
            idempotency_key=uuid.UUID(int=rng.getrandbits(128), version=4),
            recorded_by=entry.employee.user,
        )
        for action, at in ((CheckAction.CHECK_IN, arrived), (CheckAction.CHECK_OUT, left))
    ]


def _tasks(entry: PlanEntry, arrived: dt.datetime, rng: random.Random) -> list[TaskRecord]:
    assert entry.employee is not None and entry.employee.user is not None
    out = []
    for number, text in enumerate(tasks_of(entry.visit), start=1):
        skipped = rng.random() < TASK_SKIPPED
        reason = rng.choice(list(SKIP_COMMENTS)) if skipped else ""
        out.append(
            TaskRecord(
                visit_id=entry.visit_id,
                employee=entry.employee,
                number=number,
                text=text[:500],
                done=not skipped,
                reason=reason,
                comment=SKIP_COMMENTS[SkipReason(reason)] if skipped else "",
                at=arrived + dt.timedelta(minutes=number * 3),
                idempotency_key=uuid.UUID(int=rng.getrandbits(128), version=4),
                recorded_by=entry.employee.user,
            )
        )
    return out


def _doses(
    entry: PlanEntry,
    orders: list[MedicationOrder],
    arrived: dt.datetime,
    rng: random.Random,
    signed: set[tuple[uuid.UUID, dt.datetime]],
) -> list[DoseRecord]:
    assert entry.employee is not None and entry.employee.user is not None
    out = []
    for order, due in due_at_visit(orders, entry.visit):
        if (order.series, due) in signed:
            continue
        signed.add((order.series, due))
        outcome, reason = DoseOutcome.GIVEN, ""
        if rng.random() < DOSE_REFUSED:
            outcome, reason = rng.choice(REFUSALS)
        out.append(
            DoseRecord(
                order=order,
                series=order.series,
                client_id=order.client_id,
                visit_id=entry.visit_id,
                due_at=due,
                outcome=outcome,
                reason=reason,
                at=arrived + dt.timedelta(minutes=2),
                employee=entry.employee,
                recorded_by=entry.employee.user,
                idempotency_key=uuid.UUID(int=rng.getrandbits(128), version=4),
            )
        )
    return out


def _not_home(entry: PlanEntry, rng: random.Random) -> NotHomeReport:
    assert entry.employee is not None and entry.employee.user is not None
    known, text = rng.choice(NOT_HOME_TEXTS)
    assert entry.start is not None
    return NotHomeReport(
        visit_id=entry.visit_id,
        employee=entry.employee,
        called_client=True,
        called_next_of_kin=True,
        whereabouts_known=known,
        explanation=text,
        at=entry.start + dt.timedelta(minutes=10),
        idempotency_key=uuid.UUID(int=rng.getrandbits(128), version=4),
        recorded_by=entry.employee.user,
    )

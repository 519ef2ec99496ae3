"""Reads of the visits context: a caregiver's day from the published plans ("Min dag"), what
to know before the door, and the care tasks of a visit with what was recorded.

``my_day`` reads in a fixed number of queries however many visits the day has. The visit
page's reads of the client's record (home notes, next of kin, the key-box code) go through
``log_read`` with the reason the caregiver has: the visit planned for them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hverdag.access.logging import log_read, log_reads_once_a_day
from hverdag.access.models import AccessReason, User
from hverdag.clients.models import Client, HomeNotes, ResourcePerson
from hverdag.core import crypto
from hverdag.core.errors import NotFound, PermissionDenied
from hverdag.planning.travel import HaversineTravel, TransportMode
from hverdag.staff.models import Employee
from hverdag.staff.selectors import employee_of
from hverdag.visits.care_tasks import tasks_of
from hverdag.visits.models import (
    CheckAction,
    PlanEntry,
    PlanStatus,
    TaskRecord,
    Visit,
    VisitCheck,
    VisitStatus,
)
from hverdag.visits.permissions import DAYS_AROUND_TODAY


@dataclass
class Stop:
    """One visit of the caregiver's day, in the order of the plan."""

    visit: Visit
    client: Client
    start: dt.datetime
    end: dt.datetime
    #: Minutes from the previous stop (the home base before the first); None without coordinates.
    travel_minutes: float | None
    partner_name: str = ""
    check_in: VisitCheck | None = None
    check_out: VisitCheck | None = None

    @property
    def address(self) -> str:
        c = self.client
        return f"{c.street_address}, {c.postal_code} {c.postal_place}"

    @property
    def state(self) -> str:
        if self.visit.status == VisitStatus.NOT_HOME:
            return "not_home"
        if self.check_out is not None:
            return "done"
        if self.check_in is not None:
            return "in_progress"
        return "planned"


@dataclass
class MyDay:
    date: dt.date
    employee: Employee | None
    stops: list[Stop] = field(default_factory=list)

    @property
    def travel_minutes(self) -> float:
        return sum(s.travel_minutes or 0 for s in self.stops)


def days_open(today: dt.date | None = None) -> list[dt.date]:
    """The days a caregiver may open: yesterday, today and tomorrow."""
    today = today or timezone.localdate()
    return [today + dt.timedelta(days=d) for d in range(-DAYS_AROUND_TODAY, DAYS_AROUND_TODAY + 1)]


def my_day(user: User, date: dt.date) -> MyDay:
    """The user's visits on ``date`` in the published plans, in order (four queries)."""
    employee = employee_of(user)
    if employee is None:
        return MyDay(date, None)
    entries = list(
        PlanEntry.objects.filter(
            employee=employee, plan__status=PlanStatus.PUBLISHED, plan__date=date
        )
        .exclude(visit__status=VisitStatus.CANCELLED)
        .select_related("visit__client", "visit__service")
        .order_by("start", "id")
    )
    travel = _travel(employee, [e.visit.client for e in entries])
    return MyDay(date, employee, _stops(employee, entries, travel))


def _stops(employee: Employee, entries: list[PlanEntry], travel: list[float | None]) -> list[Stop]:
    """The stops for the caregiver's entries: partner and check-ins read in two queries."""
    partner_ids = [e.visit.partner_id for e in entries if e.visit.partner_id]
    partners = {
        p.visit_id: p.employee.full_name if p.employee else _("not assigned yet")
        for p in PlanEntry.objects.filter(
            visit_id__in=partner_ids, plan__status=PlanStatus.PUBLISHED
        ).select_related("employee")
    }
    checks = latest_checks(employee, [e.visit_id for e in entries])
    stops = []
    for entry, minutes in zip(entries, travel, strict=True):
        visit = entry.visit
        assert entry.start is not None  # an assigned entry has a start (constraint)
        partner = ""
        if visit.partner_id:
            partner = partners.get(visit.partner_id, _("not assigned yet"))
        stops.append(
            Stop(
                visit=visit,
                client=visit.client,
                start=entry.start,
                end=entry.start + dt.timedelta(minutes=visit.minutes),
                travel_minutes=minutes,
                partner_name=partner,
                check_in=checks.get((visit.pk, CheckAction.CHECK_IN)),
                check_out=checks.get((visit.pk, CheckAction.CHECK_OUT)),
            )
        )
    return stops


def log_day_list(user: User, day: MyDay) -> None:
    """The day list names each client with the service they get, which says something about
    their health: logged once per client and day, for the planned visits."""
    log_reads_once_a_day(
        user, [s.client for s in day.stops], "day_list", AccessReason.PLANNED_VISIT
    )


def latest_checks(employee: Employee, visit_ids: list[int]) -> dict[tuple[int, str], VisitCheck]:
    """The current (highest version) check-in and check-out per visit (one query)."""
    out: dict[tuple[int, str], VisitCheck] = {}
    for check in VisitCheck.objects.filter(visit_id__in=visit_ids, employee=employee).order_by(
        "version"
    ):
        out[(check.visit_id, check.action)] = check
    return out


def _travel(employee: Employee, clients: list[Client]) -> list[float | None]:
    """Minutes from the previous stop, as the planner reckons them (haversine, own mode)."""
    start: tuple[float, float] | None = None
    if employee.home_base_lat is not None and employee.home_base_lon is not None:
        start = (employee.home_base_lat, employee.home_base_lon)
    points: list[tuple[float, float] | None] = [start] + [
        (c.lat, c.lon) if c.lat is not None and c.lon is not None else None for c in clients
    ]
    known = [p for p in points if p is not None]
    if not known:
        return [None] * len(clients)
    index = {i: k for k, i in enumerate(i for i, p in enumerate(points) if p is not None)}
    matrix = HaversineTravel(known)
    mode = TransportMode(employee.transport_mode)
    out: list[float | None] = []
    for i in range(1, len(points)):
        if points[i - 1] is None or points[i] is None:
            out.append(None)
        else:
            out.append(round(matrix.time(index[i - 1], index[i], mode)))
    return out


@dataclass
class VisitCard:
    """The visit page: the stop, the partner, and what to know before the door."""

    stop: Stop
    notes: HomeNotes | None
    next_of_kin: list[ResourcePerson]
    may_reveal_code: bool


def find_my_visit(user: User, public_id: uuid.UUID | str) -> tuple[Visit, PlanEntry, Employee]:
    """A visit planned for the user in a published plan, yesterday to tomorrow; else NotFound.

    Another caregiver's visit is not found (no existence leak), whatever the team.
    """
    employee = employee_of(user)
    try:
        key = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise NotFound(gettext_lazy("No such visit.")) from exc
    if employee is None:
        raise NotFound(gettext_lazy("No such visit."))
    open_days = days_open()
    entry = (
        PlanEntry.objects.filter(
            visit__public_id=key,
            employee=employee,
            plan__status=PlanStatus.PUBLISHED,
            plan__date__gte=open_days[0],
            plan__date__lte=open_days[-1],
        )
        .select_related("visit__client", "visit__service", "plan")
        .first()
    )
    if entry is None:
        raise NotFound(gettext_lazy("No such visit."))
    return entry.visit, entry, employee


def visit_card(user: User, public_id: uuid.UUID | str) -> VisitCard:
    """The visit page's data; the reads of the record are logged as for a planned visit."""
    visit, entry, employee = find_my_visit(user, public_id)
    client = visit.client
    if visit.status == VisitStatus.CANCELLED:  # cancelled since the page was listed
        raise NotFound(gettext_lazy("No such visit."))
    # The visit page shows no travel: only this stop is read, not the caregiver's whole day.
    (stop,) = _stops(employee, [entry], [None])
    notes = client.home_notes.order_by("-version").first()
    log_read(user, client, "home_notes", AccessReason.PLANNED_VISIT)
    next_of_kin = list(client.resource_persons.filter(active=True, is_next_of_kin=True))
    log_read(user, client, "resource_persons", AccessReason.PLANNED_VISIT)
    return VisitCard(
        stop=stop,
        notes=notes,
        next_of_kin=next_of_kin,
        may_reveal_code=visit.date == timezone.localdate(),
    )


def reveal_visit_entry_code(user: User, public_id: uuid.UUID | str) -> str:
    """The key-box code, for the caregiver planned for the client today; each showing logged."""
    visit, _entry, _employee = find_my_visit(user, public_id)
    if visit.date != timezone.localdate():
        raise PermissionDenied(_("The code is shown only on the day of the visit."))
    log_read(user, visit.client, "entry_code", AccessReason.PLANNED_VISIT)
    notes = visit.client.home_notes.order_by("-version").first()
    return (
        crypto.decrypt(notes.entry_code_encrypted) if notes and notes.entry_code_encrypted else ""
    )


@dataclass(frozen=True)
class VisitTask:
    number: int
    text: str
    record: TaskRecord | None  # the current (latest) record, None when not yet recorded


def visit_tasks(visit: Visit) -> list[VisitTask]:
    """The visit's tasks with what was recorded on each (one query after the line)."""
    latest: dict[int, TaskRecord] = {}
    for record in TaskRecord.objects.filter(visit=visit).order_by("number", "version"):
        latest[record.number] = record
    return [
        VisitTask(number, text, latest.get(number))
        for number, text in enumerate(tasks_of(visit), start=1)
    ]

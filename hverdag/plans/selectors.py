"""Reads of the planning workflow: the planning board's data for one scope and day.

The board shows what is saved: PlanEntry and PlanRoute rows, and the key figures computed when
the plan was saved (``Plan.figures``). It never builds the planning problem: that costs a
solver-sized amount of work and queries per request, and the board must stay fast for a team
of 25 caregivers and 300 visits. Every query here is one per board, never one per row; the
query-count test in tests/web/test_planning_board.py pins that.

What comes back is domain data only: visits, caregivers' days, times (as moments and as minutes
from the day's local midnight), why a visit is unassigned as a code, figures as numbers and
broken rules as saved. Words, layout and drawing are the web layer's (``web.board_layout``).
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from hverdag.core.clock import day_origin, local_time_on, minutes_of
from hverdag.planning import HaversineTravel, TransportMode
from hverdag.plans.jobs import current_job
from hverdag.plans.models import OptimisationJob
from hverdag.plans.scope import Scope
from hverdag.staff.models import Absence, Employee, Shift
from hverdag.visits.models import Plan, PlanEntry, PlanRoute, PlanStatus, Visit, VisitStatus

# A day with nothing on it still gets a range to draw: 07:00 to 16:00.
EMPTY_DAY = (7 * 60.0, 16 * 60.0)


@dataclass
class BoardVisit:
    """One visit of the shown plan: planned (caregiver, start) or unassigned (and why)."""

    pk: int
    public_id: uuid.UUID
    client: str
    first_name: str
    last_name: str
    service: str
    window_start: dt.datetime
    window_end: dt.datetime
    minutes: int
    lat: float | None
    lon: float | None
    partner_pk: int | None
    employee_pk: int | None = None
    start: dt.datetime | None = None
    locked: bool = False
    #: Minutes from the day's origin (``core.clock.day_origin``), when planned.
    start_min: float | None = None
    end_min: float | None = None
    late_minutes: int = 0
    early: bool = False
    caregiver: str = ""
    partner_caregiver: str = ""
    #: Why it is unassigned: a ``visits.EntryReason`` code ("" for an entry saved before the
    #: codes whose sentence matched none), the planner id the reason names, the caregiver's
    #: words for a hand back, and the saved English sentence.
    reason: str = ""
    reason_other: str = ""
    reason_words: str = ""
    reason_text: str = ""

    @property
    def end(self) -> dt.datetime | None:
        return self.start + dt.timedelta(minutes=self.minutes) if self.start else None

    @property
    def double(self) -> bool:
        return self.partner_pk is not None

    @property
    def outside_window(self) -> bool:
        return self.late_minutes > 0 or self.early

    @property
    def assigned(self) -> bool:
        return self.employee_pk is not None


@dataclass
class CaregiverDay:
    """A caregiver's day on the board: the shift, the break, the visits in order, the travel."""

    pk: int
    public_id: uuid.UUID
    name: str
    absent: bool
    shift_start: dt.datetime
    shift_end: dt.datetime
    shift_min: tuple[float, float]
    lat: float | None
    lon: float | None
    transport: str = TransportMode.CAR
    planned: bool = False
    break_start: dt.datetime | None = None
    break_end: dt.datetime | None = None
    break_min: tuple[float, float] | None = None
    travel_minutes: float = 0.0
    visits: list[BoardVisit] = field(default_factory=list)
    #: The travel legs as (leave, arrive) in minutes of the day, as the planner reckons them.
    travel: list[tuple[float, float]] = field(default_factory=list)


@dataclass
class BoardData:
    scope: Scope
    date: dt.date
    today: dt.date
    origin: dt.datetime
    draft: Plan | None
    published: Plan | None
    job: OptimisationJob | None
    caregivers: list[CaregiverDay]
    unassigned: list[BoardVisit]
    #: Every visit of the shown plan by pk (planned and unassigned).
    visits: dict[int, BoardVisit]
    #: First and last minute anything happens (shifts, visits), to scale a timeline to.
    span: tuple[float, float]
    visits_total: int
    not_in_plan: int
    on_shift: int

    @property
    def plan(self) -> Plan | None:
        """The plan the board shows: the draft being worked on, else the published one."""
        return self.draft or self.published

    @property
    def figures(self) -> Mapping[str, Any]:
        return self.plan.figures if self.plan is not None else {}

    @property
    def violations(self) -> Sequence[Mapping[str, Any] | str]:
        """The rules the shown plan breaks as saved: dicts (``plans.figures.violation_figure``),
        or English sentences in a plan saved before they were data."""
        return list(self.figures.get("violations", []))

    @property
    def moved(self) -> list[Mapping[str, str]]:
        """A re-plan's "what moved" rows as the job saved them (client, from, to, visit)."""
        return list(self.figures.get("moved", []))

    @property
    def absent_name(self) -> str:
        return str(self.figures.get("absent", ""))

    @property
    def past(self) -> bool:
        return self.date < self.today

    @property
    def job_active(self) -> bool:
        return self.job is not None and self.job.active

    @property
    def editable(self) -> bool:
        return self.draft is not None and not self.job_active and not self.past

    @property
    def planned_visits(self) -> list[BoardVisit]:
        return [v for c in self.caregivers for v in c.visits]

    def swap_candidates(self, visit: BoardVisit) -> list[BoardVisit]:
        """Visits ``visit`` could swap caregivers with: planned, unlocked, someone else's."""
        return [
            v
            for v in sorted(self.planned_visits, key=lambda v: (v.start_min or 0.0, v.client))
            if v.pk != visit.pk and v.employee_pk != visit.employee_pk and not v.locked
        ]

    def find(self, visit_id: uuid.UUID | str) -> BoardVisit | None:
        wanted = str(visit_id)
        return next((v for v in self.visits.values() if str(v.public_id) == wanted), None)


def _travel_minutes(a: tuple[float, float], b: tuple[float, float], mode: str) -> float:
    """One leg as the planner reckons it, so drawn travel matches planned travel."""
    if a == b:
        return 0.0
    m = TransportMode(mode) if mode in TransportMode.__members__.values() else TransportMode.CAR
    return HaversineTravel((a, b)).time(0, 1, m)


def _travel_legs(day: CaregiverDay) -> list[tuple[float, float]]:
    """Travel legs: to the first visit ending at its start, then after each visit (and after
    the break if it comes first), and home after the last."""
    if day.lat is None or day.lon is None or not day.visits:
        return []
    legs: list[tuple[float, float]] = []
    home = (day.lat, day.lon)
    brk = day.break_min
    here, free = home, None
    for v in day.visits:
        if v.lat is None or v.lon is None or v.start_min is None or v.end_min is None:
            continue
        leg = _travel_minutes(here, (v.lat, v.lon), day.transport)
        if leg > 0:
            if free is None:
                dep = v.start_min - leg
            else:
                dep = free
                if brk is not None and free - 1e-6 <= brk[0] <= v.start_min:
                    dep = max(free, brk[1])
            legs.append((dep, min(dep + leg, v.start_min)))
        here, free = (v.lat, v.lon), v.end_min
    if free is not None:
        leg = _travel_minutes(here, home, day.transport)
        if leg > 0:
            dep = brk[1] if brk is not None and brk[0] >= free - 1e-6 else free
            legs.append((dep, dep + leg))
    return legs


# What the board reads of each plan entry: name here -> column path.
_ENTRY_FIELDS = {
    "visit": "visit_id",
    "employee": "employee_id",
    "start": "start",
    "locked": "locked",
    "reason": "reason_code",
    "reason_other": "reason_other",
    "reason_words": "reason_words",
    "reason_text": "reason",
    "public_id": "visit__public_id",
    "partner": "visit__partner_id",
    "window_start": "visit__window_start",
    "window_end": "visit__window_end",
    "minutes": "visit__minutes",
    "service": "visit__service__name",
    "first_name": "visit__client__first_name",
    "last_name": "visit__client__last_name",
    "lat": "visit__client__lat",
    "lon": "visit__client__lon",
}


def board_data(scope: Scope, date: dt.date, *, today: dt.date | None = None) -> BoardData:
    """Everything the board shows for the scope and day, in a fixed number of queries."""
    today = today or timezone.localdate()
    origin = day_origin(date)
    staff = Employee.objects.filter(scope.employee_filter())

    # 1: draft and published plan of the day.
    draft = published = None
    for plan in Plan.objects.filter(
        scope.plan_filter(), date=date, status__in=[PlanStatus.DRAFT, PlanStatus.PUBLISHED]
    ).select_related("created_by", "published_by"):
        if plan.status == PlanStatus.DRAFT:
            draft = plan
        else:
            published = plan
    shown = draft or published
    # 2: the latest optimisation touching the day.
    job = current_job(scope, date)
    # 3: the day's planned visits (to say how many are not in the plan yet).
    day_visits = set(
        Visit.objects.filter(
            scope.visit_filter(), date=date, status=VisitStatus.PLANNED
        ).values_list("pk", flat=True)
    )
    # 4, 5: shifts and absences of the day.
    shifts = list(
        Shift.objects.filter(date=date, employee__active=True, employee__in=staff)
        .select_related("employee")
        .order_by("starts_at", "employee__last_name", "employee__first_name")
    )
    absent = set(
        Absence.objects.filter(
            starts_on__lte=date, ends_on__gte=date, withdrawn_at__isnull=True, employee__in=staff
        ).values_list("employee_id", flat=True)
    )

    entries: list[dict[str, Any]] = []
    routes: list[PlanRoute] = []
    if shown is not None:
        # 6, 7: the shown plan's entries with their visits, and its routes with their people.
        # Plain rows, not model instances: building 300 entries with their visits, clients and
        # services as objects was a fifth of the board's time.
        entries = list(
            PlanEntry.objects.filter(plan=shown).values(*_ENTRY_FIELDS.values()).iterator()
        )
        routes = list(PlanRoute.objects.filter(plan=shown).select_related("employee"))

    days: list[CaregiverDay] = []
    by_employee: dict[int, CaregiverDay] = {}

    def add_day(employee: Employee, start: dt.datetime, end: dt.datetime) -> CaregiverDay:
        day = CaregiverDay(
            pk=employee.pk,
            public_id=employee.public_id,
            name=employee.full_name,
            absent=employee.pk in absent,
            shift_start=start,
            shift_end=end,
            shift_min=(minutes_of(start, origin), minutes_of(end, origin)),
            lat=employee.home_base_lat,
            lon=employee.home_base_lon,
            transport=employee.transport_mode,
        )
        days.append(day)
        by_employee[employee.pk] = day
        spans.append(day.shift_min)
        return day

    spans: list[tuple[float, float]] = []
    if shown is not None:
        for r in sorted(routes, key=lambda r: (r.shift_start, r.employee.last_name, r.employee.pk)):
            day = add_day(r.employee, r.shift_start, r.shift_end)
            day.planned = True
            day.travel_minutes = r.travel_minutes
            if r.break_start is not None and r.break_minutes:
                b = minutes_of(r.break_start, origin)
                day.break_start = r.break_start
                day.break_end = r.break_start + dt.timedelta(minutes=r.break_minutes)
                day.break_min = (b, b + r.break_minutes)
    else:
        for s in shifts:
            add_day(s.employee, local_time_on(date, s.starts_at), local_time_on(date, s.ends_at))

    visits: dict[int, BoardVisit] = {}
    unassigned: list[BoardVisit] = []
    for raw in entries:
        e = {name: raw[column] for name, column in _ENTRY_FIELDS.items()}
        minutes = e["minutes"]
        bv = BoardVisit(
            pk=e["visit"],
            public_id=e["public_id"],
            client=f"{e['first_name']} {e['last_name']}",
            first_name=e["first_name"],
            last_name=e["last_name"],
            service=e["service"],
            window_start=e["window_start"],
            window_end=e["window_end"],
            minutes=minutes,
            lat=e["lat"],
            lon=e["lon"],
            partner_pk=e["partner"],
            employee_pk=e["employee"],
            locked=e["locked"],
        )
        visits[bv.pk] = bv
        if e["employee"] is None or e["start"] is None:
            bv.reason, bv.reason_other = e["reason"], e["reason_other"]
            bv.reason_words, bv.reason_text = e["reason_words"], e["reason_text"]
            unassigned.append(bv)
            continue
        start = minutes_of(e["start"], origin)
        bv.start = e["start"]
        bv.start_min, bv.end_min = start, start + minutes
        window_end = minutes_of(e["window_end"], origin)
        bv.late_minutes = max(0, math.ceil(bv.end_min - window_end - 1e-6))
        bv.early = start < minutes_of(e["window_start"], origin) - 1e-6
        spans.append((start, bv.end_min))
        owner = by_employee.get(e["employee"])
        if owner is None:  # plans are saved with a route per caregiver; never seen in practice
            continue
        owner.visits.append(bv)
        bv.caregiver = owner.name

    for bv in visits.values():
        if bv.partner_pk is not None and bv.partner_pk in visits:
            bv.partner_caregiver = visits[bv.partner_pk].caregiver
    for day in days:
        day.visits.sort(key=lambda v: (v.start_min or 0.0, v.pk))
        day.travel = _travel_legs(day)
    unassigned.sort(key=lambda v: (v.window_start, v.window_end, v.client))

    if not spans:
        spans = [EMPTY_DAY]
    return BoardData(
        scope=scope,
        date=date,
        today=today,
        origin=origin,
        draft=draft,
        published=published,
        job=job,
        caregivers=days,
        unassigned=unassigned,
        visits=visits,
        span=(min(s for s, _ in spans), max(e for _, e in spans)),
        visits_total=len(day_visits),
        not_in_plan=len(day_visits - set(visits)),
        on_shift=sum(1 for s in shifts if s.employee_id not in absent),
    )

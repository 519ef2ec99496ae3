"""From the database to a ``hverdag.planning.Problem`` for one scope and day, and back.

Minutes count real elapsed time from local midnight (see ``scope.day_origin``). A visit's
agreed window is the time it should be *done* in, so its latest start is the window's end
minus its duration. Double-staffed visits are two visits joined by a synchronised, distinct
link. Continuity: the (client, caregiver) pairs of the last 14 days' published plans are
"familiar", and the client's contact person is preferred.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hverdag.core.clock import day_origin, local_time_on, minutes_of, moment_at
from hverdag.core.errors import RuleViolation
from hverdag.planning import (
    Break,
    Caregiver,
    HaversineTravel,
    Link,
    Problem,
    Route,
    Stop,
    TransportMode,
    Weights,
)
from hverdag.planning import Visit as PlanVisit
from hverdag.plans.scope import Scope
from hverdag.staff.models import Employee, Shift
from hverdag.staff.selectors import available_employees
from hverdag.visits.models import PlanEntry, PlanRoute, PlanStatus, Visit, VisitStatus, latest_start

HISTORY_DAYS = 14
# Minutes a route may run past the shift end, costed as overtime; the shift rules keep the
# total within the Working Environment Act's 13 hours (staff.working_time).
DEFAULT_OVERTIME_CAP = 30.0
MAX_TOTAL_MINUTES = 13 * 60

# Weights in minutes of travel: a visit by a caregiver new to the client costs as much as
# 8 minutes of driving (bench/continuity.py: the demo's median halves for under 5 % more
# travel; at 12 travel rose by 5.7 %), a minute late three minutes of travel.
CONTINUITY_WEIGHTS = Weights(
    travel=1.0, lateness=3.0, overtime=3.0, continuity=8.0, preference=3.0, unassigned=10_000.0
)
TRAVEL_ONLY_WEIGHTS = Weights(
    travel=1.0, lateness=3.0, overtime=3.0, continuity=0.0, preference=0.0, unassigned=10_000.0
)


def visit_key(pk: int) -> str:
    """Planner ids carry a letter per kind, so a message naming one is never ambiguous."""
    return f"v{pk}"


def employee_key(pk: int) -> str:
    return f"e{pk}"


def client_key(pk: int) -> str:
    return f"c{pk}"


def pk_of(key: str) -> int:
    return int(key[1:])


@dataclass(frozen=True)
class DayProblem:
    """A planning problem and the rows its string ids stand for."""

    scope: Scope
    date: dt.date
    origin: dt.datetime
    problem: Problem
    visits: Mapping[str, Visit]
    employees: Mapping[str, Employee]
    shifts: Mapping[str, Shift]
    #: Visits of the day that are not in the problem (e.g. cancelled) are not here at all.
    skipped: tuple[str, ...] = field(default=())

    def visit_id(self, visit: Visit) -> str:
        return visit_key(visit.pk)

    def employee_id(self, employee: Employee) -> str:
        return employee_key(employee.pk)

    def routes_from_entries(
        self, entries: Iterable[PlanEntry], plan_routes: Iterable[PlanRoute] = ()
    ) -> tuple[Route, ...]:
        """A saved plan as planner routes (entries of unknown visits or caregivers dropped).

        ``plan_routes`` (the plan's ``PlanRoute`` rows) give each route its break.
        """
        breaks = {
            employee_key(r.employee_id): minutes_of(r.break_start, self.origin)
            for r in plan_routes
            if r.break_start is not None
        }
        stops: dict[str, list[Stop]] = {}
        for e in entries:
            if e.employee_id is None or e.start is None:
                continue
            vid, eid = visit_key(e.visit_id), employee_key(e.employee_id)
            if vid not in self.visits or eid not in self.employees:
                continue
            stops.setdefault(eid, []).append(Stop(vid, minutes_of(e.start, self.origin)))
        return tuple(
            Route(eid, tuple(sorted(s, key=lambda stop: stop.start)), breaks.get(eid))
            for eid, s in stops.items()
        )


def no_staff(scope: Scope, date: dt.date) -> RuleViolation:
    """The refusal for a day nobody of the scope works (building its problem, starting a job)."""
    return RuleViolation.single(
        "date",
        "no_staff",
        _(
            "No caregiver of %(scope)s has a shift on %(date)s (or all are absent): register "
            "shifts before planning the day."
        )
        % {"scope": scope.label, "date": f"{date:%d.%m.%Y}"},
    )


def available(
    scope: Scope, date: dt.date, *, also: Iterable[int] = ()
) -> list[tuple[Employee, Shift]]:
    """Employees of the scope with a shift on ``date`` and no absence (``also``: keep these)."""
    return available_employees(scope.team or scope.provider, date, keep=also)


def familiar_pairs(
    client_ids: Iterable[int], date: dt.date, days: int = HISTORY_DAYS
) -> set[tuple[int, int]]:
    """(client, employee) pairs with a visit in a published plan of the ``days`` before."""
    return set(
        PlanEntry.objects.filter(
            plan__status=PlanStatus.PUBLISHED,
            plan__date__gte=date - dt.timedelta(days=days),
            plan__date__lt=date,
            employee__isnull=False,
            visit__client_id__in=list(client_ids),
        )
        .values_list("visit__client_id", "employee_id")
        .distinct()
    )


def _break_rule(start: float, end: float, minutes: int, overtime: float) -> Break | None:
    if minutes <= 0:
        return None
    # Mid-shift: the Act wants the break taken when it relieves, not first or last thing.
    middle = (start + end) / 2
    earliest = max(start, middle - 90)
    latest = min(end + overtime - minutes, middle + 60)
    return Break(earliest, max(earliest, latest), float(minutes))


def build_day_problem(
    scope: Scope,
    date: dt.date,
    *,
    continuity: bool = True,
    extra_familiar: Iterable[tuple[int, int]] = (),
    locked: Mapping[int, tuple[int, dt.datetime]] | None = None,
    include_absent: Iterable[int] = (),
) -> DayProblem:
    """The planning problem for ``scope`` on ``date``.

    ``extra_familiar`` adds (client, employee) pairs not yet published (a week planned day by
    day); ``locked`` pins visit pk -> (employee pk, start); ``include_absent`` keeps these
    employees in even if absent (a re-plan removes them itself, counting what moves).
    """
    origin = day_origin(date)
    staff = available(scope, date, also=include_absent)
    if not staff:
        raise no_staff(scope, date)
    rows = list(
        Visit.objects.filter(scope.visit_filter(), date=date, status=VisitStatus.PLANNED)
        .select_related("client", "service__required_competence")
        .order_by("window_start", "id")
    )
    points: list[tuple[float, float]] = []
    index: dict[tuple[float, float], int] = {}

    def location(lat: float | None, lon: float | None) -> int:
        key = (
            round(lat if lat is not None else fallback[0], 6),
            round(lon if lon is not None else fallback[1], 6),
        )
        if key not in index:
            index[key] = len(points)
            points.append(key)
        return index[key]

    known = [(v.client.lat, v.client.lon) for v in rows if v.client.lat is not None]
    known += [(e.home_base_lat, e.home_base_lon) for e, _ in staff if e.home_base_lat is not None]
    fallback = (
        (sum(p[0] for p in known) / len(known), sum(p[1] for p in known) / len(known))  # type: ignore[misc]
        if known
        else (59.9139, 10.7522)  # Oslo city hall: a scope with no coordinates at all
    )

    caregivers: list[Caregiver] = []
    employees: dict[str, Employee] = {}
    shifts: dict[str, Shift] = {}
    for employee, shift in staff:
        cid = employee_key(employee.pk)
        start = minutes_of(local_time_on(date, shift.starts_at), origin)
        end = minutes_of(local_time_on(date, shift.ends_at), origin)
        overtime = max(0.0, min(DEFAULT_OVERTIME_CAP, MAX_TOTAL_MINUTES - (end - start)))
        home = location(employee.home_base_lat, employee.home_base_lon)
        caregivers.append(
            Caregiver(
                id=cid,
                shift_start=start,
                shift_end=end,
                start_location=home,
                end_location=home,
                skills=frozenset(c.code for c in employee.competences.all()),
                transport=TransportMode(employee.transport_mode),
                break_rule=_break_rule(start, end, shift.break_minutes, overtime),
                max_overtime=overtime,
            )
        )
        employees[cid] = employee
        shifts[cid] = shift

    pinned = locked or {}
    contact = {v.client_id: v.client.contact_person_id for v in rows}
    plan_visits: list[PlanVisit] = []
    links: list[Link] = []
    by_id: dict[str, Visit] = {}
    for v in rows:
        vid = visit_key(v.pk)
        earliest = minutes_of(v.window_start, origin)
        latest = minutes_of(latest_start(v.window_start, v.window_end, v.minutes), origin)
        competence = v.service.required_competence
        preferred: frozenset[str] = frozenset()
        contact_person = contact[v.client_id]
        if continuity and contact_person is not None:
            preferred = frozenset({employee_key(contact_person)}) & employees.keys()
        pin = pinned.get(v.pk)
        pin_caregiver = employee_key(pin[0]) if pin and employee_key(pin[0]) in employees else None
        pin_start = max(earliest, minutes_of(pin[1], origin)) if pin and pin_caregiver else None
        plan_visits.append(
            PlanVisit(
                id=vid,
                client=client_key(v.client_id),
                location=location(v.client.lat, v.client.lon),
                earliest=earliest,
                latest=latest,
                duration=float(v.minutes),
                skills=frozenset({competence.code}) if competence else frozenset(),
                preferred=preferred,
                pinned_caregiver=pin_caregiver,
                pinned_start=pin_start,
            )
        )
        by_id[vid] = v
        if v.position == 1 and v.partner_id is not None:
            links.append(Link(vid, visit_key(v.partner_id), 0.0, 0.0, distinct=True))
    # A partner whose other half is not planned (cancelled) is an ordinary single visit.
    links = [lk for lk in links if lk.second in by_id]

    familiar: set[tuple[str, str]] = set()
    if continuity:
        pairs = familiar_pairs({v.client_id for v in rows}, date) | set(extra_familiar)
        familiar = {
            (client_key(c), employee_key(e)) for c, e in pairs if employee_key(e) in employees
        }
    skills = frozenset().union(*(c.skills for c in caregivers), *(v.skills for v in plan_visits))
    problem = Problem(
        caregivers=tuple(caregivers),
        visits=tuple(plan_visits),
        travel=HaversineTravel(points),
        links=tuple(links),
        skills=skills,
        familiar=frozenset(familiar),
        weights=CONTINUITY_WEIGHTS if continuity else TRAVEL_ONLY_WEIGHTS,
    )
    return DayProblem(scope, date, origin, problem, by_id, employees, shifts)


def start_moment(day: DayProblem, minutes: float) -> dt.datetime:
    return moment_at(minutes, day.origin)

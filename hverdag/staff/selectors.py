"""Reads of the staff context: who is at work on a day, and the rota of a week.

The rota is not health information and is read without a care relationship; pages that
show it are for staff only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from hverdag.access.models import User
from hverdag.org.models import Provider, Team
from hverdag.staff.models import Absence, Employee, Profession, Shift

# Desk staff work office hours and are not on the field rota; they are shown only in a week
# where they have a shift after all (someone filling in on a route).
DESK_PROFESSIONS = frozenset({Profession.TEAM_LEADER, Profession.PLANNER, Profession.CASEWORKER})
DAYS = 7

_UNSET = object()


def employee_of(user: User) -> Employee | None:
    """The user's active employee record, read once per request's user object: access rules
    and every section of a page ask for it."""
    cached = getattr(user, "_employee_cache", _UNSET)
    if cached is _UNSET:
        cached = None
        if user.is_authenticated:
            cached = Employee.objects.filter(user=user, active=True).first()
        user._employee_cache = cached  # type: ignore[attr-defined]
    return cached  # type: ignore[return-value]


def _away_on(day: dt.date) -> QuerySet[Absence]:
    return Absence.objects.filter(withdrawn_at__isnull=True, starts_on__lte=day, ends_on__gte=day)


def available_employees(
    scope: Team | Provider, day: dt.date, *, keep: Iterable[int] = ()
) -> list[tuple[Employee, Shift]]:
    """Active employees with a shift on ``day`` and no absence covering it, with the shift.

    ``scope`` is a team (its employees) or a provider (its employees who belong to no team:
    a private provider's staff, or the municipal service's district-wide staff). Ordered by
    shift start, then name, as the planner lists them. ``keep``: employee ids listed even
    when away (a re-plan after a sick call takes the absent caregiver out itself, counting
    what moves). Competences come prefetched, for the planner's skills.
    """
    shifts = (
        Shift.objects.filter(date=day, employee__active=True)
        .select_related("employee")
        .prefetch_related("employee__competences")
    )
    if isinstance(scope, Team):
        shifts = shifts.filter(employee__team=scope)
    else:
        shifts = shifts.filter(employee__provider=scope, employee__team__isnull=True)
    away = _away_on(day).exclude(employee_id__in=list(keep)).values("employee")
    shifts = shifts.exclude(employee__in=away).order_by(
        "starts_at", "employee__last_name", "employee__first_name", "employee_id"
    )
    return [(shift.employee, shift) for shift in shifts]


def absences_on(day: dt.date, employees: Iterable[Employee]) -> dict[int, Absence]:
    """The registered (not withdrawn) absence covering ``day`` of each employee away, by id."""
    ids = [e.pk for e in employees]
    found: dict[int, Absence] = {}
    # Absences of one employee do not overlap (do_register_absence); should two ever do,
    # the one that started first is the one shown.
    for absence in _away_on(day).filter(employee_id__in=ids).order_by("-starts_on", "-id"):
        found[absence.employee_id] = absence
    return found


def staff_list(user: User, team: Team | None = None) -> QuerySet[Employee]:
    """Active employees the user may see (``permissions.visible_employees``), by name."""
    from hverdag.staff.permissions import visible_employees

    found = (
        Employee.objects.filter(visible_employees(user), active=True)
        .select_related("team", "provider")
        .prefetch_related("competences")
        .order_by("last_name", "first_name", "pk")
    )
    return found.filter(team=team) if team is not None else found


def week_of(day: dt.date) -> dt.date:
    """The Monday of the week (Monday to Sunday) that contains ``day``."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeekRota:
    """A week's rota as stored: who, their shifts and their absences, Monday to Sunday."""

    monday: dt.date
    days: tuple[dt.date, ...]
    #: Every active employee matching the filter (desk staff included), by name.
    employees: list[Employee]
    #: Who is on the field rota this week: field staff, and desk staff with a shift.
    on_rota: list[Employee]
    shifts: dict[tuple[int, dt.date], Shift]
    #: The registered absences that touch the week, by start.
    absences: list[Absence]
    #: (employee id, day) -> the absence covering it.
    away: dict[tuple[int, dt.date], Absence]


def week_rota(employees: Q, day: dt.date) -> WeekRota:
    """The rota of the week containing ``day`` for the active employees matching ``employees``
    (a plan scope's ``employee_filter()``, so staff does not depend on how visits are planned).

    Three queries whatever the size of the team: the employees, their shifts of the week and
    their absences overlapping it; the query-count test in tests/web/test_rota_page.py pins it.
    """
    monday = week_of(day)
    days = tuple(monday + dt.timedelta(days=i) for i in range(DAYS))
    sunday = days[-1]
    people = list(
        Employee.objects.filter(employees, active=True).order_by("last_name", "first_name", "id")
    )
    ids = [e.pk for e in people]
    shifts = {
        (s.employee_id, s.date): s
        for s in Shift.objects.filter(employee_id__in=ids, date__range=(monday, sunday))
    }
    absences = list(
        Absence.objects.filter(
            employee_id__in=ids,
            withdrawn_at__isnull=True,
            starts_on__lte=sunday,
            ends_on__gte=monday,
        )
        .select_related("employee", "registered_by")
        .order_by("starts_on", "employee__last_name", "employee__first_name", "id")
    )
    # Absences of one employee do not overlap (do_register_absence); should two ever do, the
    # one that started last wins the day, as absences_on shows it.
    away: dict[tuple[int, dt.date], Absence] = {}
    for absence in absences:
        for d in days:
            if absence.starts_on <= d <= absence.ends_on:
                away[(absence.employee_id, d)] = absence
    with_shift = {employee_id for employee_id, _ in shifts}
    on_rota = [e for e in people if e.profession not in DESK_PROFESSIONS or e.pk in with_shift]
    return WeekRota(monday, days, people, on_rota, shifts, absences, away)

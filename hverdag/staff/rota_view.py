"""Read-only data for the week rota page ("Vaktplan"): one set of employees, one week.

Three queries whatever the size of the team: the employees, their shifts of the week and
their absences overlapping it. Everything else (cells, day totals) is put together here in
Python, so the page never asks the database per row or per cell; the query-count test in
tests/web/test_rota_page.py pins that.

The caller says whose rota it is with a ``Q`` on Employee (a plan scope's
``employee_filter()``), so the staff context does not depend on how visits are planned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from hverdag.staff import working_time
from hverdag.staff.models import Absence, Employee, Profession, Shift, ShiftKind

# Desk staff work office hours and are not on the field rota; they are shown only in a week
# where they have a shift after all (someone filling in on a route).
DESK_PROFESSIONS = frozenset({Profession.TEAM_LEADER, Profession.PLANNER, Profession.CASEWORKER})
DAYS = 7


def week_of(day: dt.date) -> dt.date:
    """The Monday of the week (Monday to Sunday) that contains ``day``."""
    return day - dt.timedelta(days=day.weekday())


@dataclass
class RotaCell:
    date: dt.date
    shift: Shift | None = None
    absence: Absence | None = None

    @property
    def minutes(self) -> int:
        if self.shift is None:
            return 0
        return working_time.minutes_between(
            working_time.local(self.date, self.shift.starts_at),
            working_time.local(self.date, self.shift.ends_at),
        )

    @property
    def at_work(self) -> bool:
        """On the rota this day and not away (whom the planner can give visits)."""
        return self.shift is not None and self.absence is None


@dataclass
class RotaRow:
    employee: Employee
    cells: list[RotaCell]

    @property
    def shift_count(self) -> int:
        return sum(1 for c in self.cells if c.shift is not None)

    @property
    def hours(self) -> float:
        """Planned hours in the week, break included (as working_time counts them)."""
        return sum(c.minutes for c in self.cells) / 60


@dataclass
class DayTotal:
    date: dt.date
    day: int = 0
    evening: int = 0
    away: int = 0


@dataclass
class RotaWeek:
    monday: dt.date
    days: list[dt.date]
    rows: list[RotaRow]
    totals: list[DayTotal]
    # Every active employee of the scope (desk staff included), for the forms' choices.
    employees: list[Employee]
    # The registered absences that touch the week, for the list with "withdraw".
    absences: list[Absence] = field(default_factory=list)

    @property
    def sunday(self) -> dt.date:
        return self.days[-1]

    @property
    def week_number(self) -> int:
        return self.monday.isocalendar().week


def load_week(employees: Q, day: dt.date) -> RotaWeek:
    """The rota of the week containing ``day`` for the active employees matching ``employees``.

    Rows: field staff, plus desk staff who have a shift this week; ordered by name. A cell has
    the day's shift, the absence covering the day, both (the shift stays on the rota while
    the employee is away), or neither. Day totals count day and evening shifts of those at
    work, and everyone away.
    """
    monday = week_of(day)
    days = [monday + dt.timedelta(days=i) for i in range(DAYS)]
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
    # one that started last wins the cell, as absences_on shows it.
    away: dict[tuple[int, dt.date], Absence] = {}
    for absence in absences:
        for d in days:
            if absence.starts_on <= d <= absence.ends_on:
                away[(absence.employee_id, d)] = absence
    with_shift = {employee_id for employee_id, _ in shifts}
    rows = []
    for e in people:
        if e.profession in DESK_PROFESSIONS and e.pk not in with_shift:
            continue
        cells = [RotaCell(d, shifts.get((e.pk, d)), away.get((e.pk, d))) for d in days]
        rows.append(RotaRow(e, cells))
    totals = [DayTotal(d) for d in days]
    for row in rows:
        for total, cell in zip(totals, row.cells, strict=True):
            if cell.absence is not None:
                total.away += 1
            elif cell.shift is not None:
                if cell.shift.kind == ShiftKind.EVENING:
                    total.evening += 1
                else:
                    total.day += 1
    return RotaWeek(monday, days, rows, totals, people, absences)

"""The week rota ("Vaktplan") laid out: a row per employee, a cell per day, day totals.

The data is ``staff.selectors.week_rota`` (three queries); everything here is put together in
Python from it, so the page never asks the database per row or per cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from hverdag.staff import working_time
from hverdag.staff.models import Absence, Employee, Shift, ShiftKind
from hverdag.staff.selectors import WeekRota, week_rota


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


def lay_out_week(rota: WeekRota) -> RotaWeek:
    """Rows: the employees on the rota, by name. A cell has the day's shift, the absence
    covering the day, both (the shift stays on the rota while the employee is away), or
    neither. Day totals count day and evening shifts of those at work, and everyone away."""
    days = list(rota.days)
    rows = [
        RotaRow(
            e, [RotaCell(d, rota.shifts.get((e.pk, d)), rota.away.get((e.pk, d))) for d in days]
        )
        for e in rota.on_rota
    ]
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
    return RotaWeek(rota.monday, days, rows, totals, rota.employees, rota.absences)


def load_week(employees: Q, day: dt.date) -> RotaWeek:
    """The rota page's week containing ``day`` for the active employees matching ``employees``."""
    return lay_out_week(week_rota(employees, day))

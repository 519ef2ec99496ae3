"""The rota's grid from the week's data: a cell per day, day totals of those at work."""

from __future__ import annotations

import datetime as dt

from hverdag.staff.models import Absence, AbsenceKind, Employee, Shift, ShiftKind
from hverdag.staff.selectors import WeekRota
from hverdag.web.rota_layout import lay_out_week

MONDAY = dt.date(2026, 11, 30)


def test_cells_rows_and_day_totals() -> None:
    days = tuple(MONDAY + dt.timedelta(days=i) for i in range(7))
    anne, bo = Employee(pk=1, first_name="Anne"), Employee(pk=2, first_name="Bo")
    day = Shift(
        employee=anne,
        date=days[0],
        kind=ShiftKind.DAY,
        starts_at=dt.time(7, 30),
        ends_at=dt.time(15, 30),
    )
    evening = Shift(
        employee=bo,
        date=days[0],
        kind=ShiftKind.EVENING,
        starts_at=dt.time(15),
        ends_at=dt.time(22, 30),
    )
    sick = Absence(employee=bo, kind=AbsenceKind.SICK, starts_on=days[1], ends_on=days[1])
    late = Shift(
        employee=bo,
        date=days[1],
        kind=ShiftKind.DAY,
        starts_at=dt.time(7, 30),
        ends_at=dt.time(15, 30),
    )
    rota = WeekRota(
        monday=MONDAY,
        days=days,
        employees=[anne, bo],
        on_rota=[anne, bo],
        shifts={(1, days[0]): day, (2, days[0]): evening, (2, days[1]): late},
        absences=[sick],
        away={(2, days[1]): sick},
    )
    week = lay_out_week(rota)
    assert week.week_number == 49 and week.sunday == days[-1]
    assert [r.employee for r in week.rows] == [anne, bo]
    assert week.rows[0].hours == 8.0 and week.rows[0].shift_count == 1
    bo_tuesday = week.rows[1].cells[1]
    assert bo_tuesday.shift is late and bo_tuesday.absence is sick and not bo_tuesday.at_work
    monday, tuesday = week.totals[0], week.totals[1]
    assert (monday.day, monday.evening, monday.away) == (1, 1, 0)
    assert (tuesday.day, tuesday.evening, tuesday.away) == (0, 0, 1)  # away, not at work

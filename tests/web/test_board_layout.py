"""The board laid out: CSS positions on the day's axis, figures side by side, the map."""

from __future__ import annotations

import datetime as dt
import uuid

from hverdag.core.clock import day_origin
from hverdag.plans.selectors import BoardVisit, CaregiverDay
from hverdag.visits.models import Plan
from hverdag.web.board_layout import PALETTE, Axis, _row, compare_figures, histogram, project

ORIGIN = day_origin(dt.date(2026, 6, 1))


def _visit(pk: int, start: float, lat: float, lon: float, minutes: int = 30) -> BoardVisit:
    at = ORIGIN + dt.timedelta(minutes=start)
    return BoardVisit(
        pk=pk,
        public_id=uuid.uuid4(),
        client=f"Klient {pk}",
        first_name="Klient",
        last_name=str(pk),
        service="Personlig hygiene",
        window_start=at,
        window_end=at + dt.timedelta(minutes=60),
        minutes=minutes,
        lat=lat,
        lon=lon,
        partner_pk=None,
        employee_pk=1,
        start=at,
        start_min=start,
        end_min=start + minutes,
        caregiver="Anne Aas",
    )


def _day(visits: list[BoardVisit]) -> CaregiverDay:
    return CaregiverDay(
        pk=1,
        public_id=uuid.uuid4(),
        name="Anne Aas",
        absent=False,
        shift_start=ORIGIN + dt.timedelta(minutes=450),
        shift_end=ORIGIN + dt.timedelta(minutes=930),
        shift_min=(450.0, 930.0),
        lat=59.91,
        lon=10.77,
        visits=visits,
        travel=[(470.0, 480.0)],
    )


def test_the_axis_is_whole_hours_and_positions_are_percentages() -> None:
    axis = Axis(ORIGIN, 450, 930)  # 07:30-15:30 -> 07:00-16:00
    assert (axis.lo, axis.hi) == (420, 960)
    assert axis.style(420, 960) == "left:0.00%;width:100.00%"
    assert axis.style(600, 600) == "left:33.33%;width:0.15%"  # never thinner than a line
    hours = axis.hours()
    assert hours[0] == ("07", "left:0.00%") and hours[-1] == ("16", "left:100.00%")


def test_a_row_has_its_colour_shift_travel_and_visit_blocks() -> None:
    axis = Axis(ORIGIN, 420, 960)
    row = _row(13, _day([_visit(7, 480, 59.92, 10.78)]), axis)
    assert row.colour == PALETTE[1] and row.dash == "6 3"  # the second round of colours
    assert row.shift == "07:30–15:30" and row.shift_style == "left:5.56%;width:88.89%"
    assert row.travel == ["left:9.26%;width:1.85%"]
    (block,) = row.visits
    assert block.style == "left:11.11%;width:5.56%" and block.label
    assert block.start == "08:00" and block.end == "08:30" and block.client_short == "Klient 7."
    assert block.title.startswith("Klient 7 – Personlig hygiene")


def test_figures_side_by_side_say_which_way_is_better() -> None:
    draft = Plan(figures={"travel_minutes": 300.0, "punctuality": 0.95, "unassigned": 1})
    published = Plan(figures={"travel_minutes": 310.0, "punctuality": 1.0, "unassigned": 1})
    rows = {r.label: r for r in compare_figures(draft, published)}
    travel = rows["Reisetid (minutter)"]
    assert (travel.draft, travel.published, travel.delta, travel.trend) == (
        "300",
        "310",
        "▼ −10",
        "better",
    )
    assert rows["Ikke planlagte besøk"].trend == "same"
    # 95 % against 100 % is five points worse (it was shown as "=": divided by 100 twice).
    assert rows["Punktlighet"].delta == "▼ −5 %-p" and rows["Punktlighet"].trend == "worse"
    assert histogram({"continuity_14d": {"histogram": {"1": 2, "2": 4}}}) == [
        ("1", 2, "width:50.0%"),
        ("2", 4, "width:100.0%"),
    ]


def test_the_map_is_fitted_to_the_days_points() -> None:
    days = [_day([_visit(7, 480, 59.92, 10.78), _visit(8, 540, 59.90, 10.76)])]
    rows = [_row(0, days[0], Axis(ORIGIN, 420, 960))]
    unassigned = [_visit(9, 600, 59.915, 10.79)]
    drawn = project(days, rows, unassigned)
    assert drawn is not None and drawn.width == 640.0
    (route,) = drawn.routes
    points = route.points.split()
    assert len(points) == 4 and points[0] == points[-1]  # from the base and back
    assert route.colour == PALETTE[0]
    assert [p.unassigned for p in drawn.clients] == [False, False, True]
    for p in [*drawn.clients, *drawn.bases]:
        assert 0 <= p.x <= drawn.width and 0 <= p.y <= drawn.height
    assert project([], [], []) is None

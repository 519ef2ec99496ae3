"""The Working Environment Act's limits, as the rota plans by them."""

from __future__ import annotations

import datetime as dt

import pytest

from hverdag.staff import working_time as wt
from hverdag.staff.working_time import Breach, check_shift, local

DAY = dt.date(2026, 11, 24)
MONDAY = DAY - dt.timedelta(days=1)


def at(day: dt.date, hhmm: str) -> dt.datetime:
    return local(day, dt.time.fromisoformat(hhmm))


def rules(breaches: list[Breach]) -> set[str]:
    return {b.rule for b in breaches}


def test_the_constants_are_those_of_the_act() -> None:
    assert wt.ORDINARY_DAY_MINUTES == 9 * 60  # § 10-4 (1)
    assert wt.MAX_DAY_MINUTES == 13 * 60  # § 10-6 (8)
    assert wt.MIN_REST_MINUTES == 11 * 60  # § 10-8 (1)
    assert wt.BREAK_AFTER_MINUTES == 330  # § 10-9 (1): more than 5.5 hours
    assert wt.LONG_DAY_MINUTES == 480  # § 10-9 (1): 8 hours or more
    assert wt.DEFAULT_OVERTIME_CAP_MINUTES == 60


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (0, 0),
        (330, 0),  # exactly 5.5 hours: the Act asks for a break only when the day exceeds it
        (331, 20),
        (450, 20),  # 07:30–15:00 or an evening 15:00–22:30
        (479, 20),
        (480, 30),  # 8 hours: half an hour in total
        (780, 30),
    ],
)
def test_required_break_follows_section_10_9(minutes: int, expected: int) -> None:
    assert wt.required_break_minutes(minutes) == expected


def test_overtime_is_the_part_beyond_nine_hours() -> None:
    assert wt.overtime_minutes(480) == 0
    assert wt.overtime_minutes(540) == 0
    assert wt.overtime_minutes(600) == 60


@pytest.mark.parametrize(
    ("shift", "cap", "expected"),
    [
        (480, 60, 60),  # an ordinary day: the cap
        (480, 120, 120),
        (720, 60, 60),  # 12 h + 1 h = 13 h
        (750, 60, 30),  # only half an hour left of the 13
        (780, 60, 0),
        (800, 60, 0),  # already over: nothing, never negative
    ],
)
def test_allowed_overtime_keeps_the_day_within_13_hours(
    shift: int, cap: int, expected: int
) -> None:
    assert wt.allowed_overtime_minutes(shift, cap) == expected


def test_allowed_overtime_keeps_11_hours_of_rest_before_the_next_shift() -> None:
    # Day shift ends 15:30; the next starts 02:50 after 11 h 20 min: only 20 minutes left.
    assert wt.allowed_overtime_minutes(480, minutes_to_next_shift=11 * 60 + 20) == 20
    assert wt.allowed_overtime_minutes(480, minutes_to_next_shift=10 * 60) == 0
    assert wt.allowed_overtime_minutes(480, minutes_to_next_shift=16 * 60) == 60


def test_a_day_shift_after_a_day_shift_is_fine() -> None:
    yesterday = DAY - dt.timedelta(days=1)
    assert (
        check_shift(at(DAY, "07:30"), at(DAY, "15:30"), previous_end=at(yesterday, "15:30")) == []
    )


def test_a_shift_must_end_after_it_starts() -> None:
    assert check_shift(at(DAY, "15:30"), at(DAY, "07:30")) == [
        Breach("ends_at", "end_before_start", 1, -480)
    ]
    assert rules(check_shift(at(DAY, "08:00"), at(DAY, "08:00"))) == {"end_before_start"}


def test_thirteen_hours_is_the_longest_day() -> None:
    assert check_shift(at(DAY, "08:00"), at(DAY, "21:00")) == []
    assert check_shift(at(DAY, "08:00"), at(DAY, "21:01")) == [
        Breach("ends_at", "max_day", 780, 781)
    ]


def test_eleven_hours_of_rest_after_the_previous_days_shift() -> None:
    evening_before = at(DAY - dt.timedelta(days=1), "22:30")
    # Evening until 22:30, day shift at 07:30: the "quick return" the Act does not allow.
    assert check_shift(at(DAY, "07:30"), at(DAY, "15:30"), previous_end=evening_before) == [
        Breach("starts_at", "rest_before", 660, 540)
    ]
    assert check_shift(at(DAY, "09:30"), at(DAY, "15:30"), previous_end=evening_before) == []


def test_eleven_hours_of_rest_before_the_next_days_shift() -> None:
    next_morning = at(DAY + dt.timedelta(days=1), "07:30")
    assert check_shift(at(DAY, "15:00"), at(DAY, "22:30"), next_start=next_morning) == [
        Breach("ends_at", "rest_after", 660, 540)
    ]
    assert check_shift(at(DAY, "14:00"), at(DAY, "20:30"), next_start=next_morning) == []


def test_rest_counts_real_hours_across_the_change_to_summer_time() -> None:
    # 29 March 2026: the clocks go from 02:00 to 03:00. 22:00 to 09:00 looks like 11 hours
    # on the clock but is 10.
    saturday, sunday = dt.date(2026, 3, 28), dt.date(2026, 3, 29)
    found = check_shift(
        at(sunday, "09:00"), at(sunday, "15:00"), previous_end=at(saturday, "22:00")
    )
    assert found == [Breach("starts_at", "rest_before", 660, 600)]
    assert wt.minutes_between(at(saturday, "22:00"), at(sunday, "10:00")) == 660


WEEK = (at(MONDAY, "00:00"), at(MONDAY + dt.timedelta(days=7), "00:00"))


def week_of(*shifts: tuple[int, str, str]) -> list[tuple[dt.datetime, dt.datetime]]:
    """Shifts as (day of the week 0-6 from MONDAY, start, end)."""
    return [
        (at(MONDAY + dt.timedelta(days=d), s), at(MONDAY + dt.timedelta(days=d), e))
        for d, s, e in shifts
    ]


def test_a_weekday_week_rests_over_the_weekend() -> None:
    shifts = week_of(*[(d, "07:30", "15:30") for d in range(5)])

    # Friday 15:30 to the end of Sunday: 56.5 hours.
    assert wt.longest_rest_minutes(shifts, *WEEK) == 56 * 60 + 30
    assert wt.MIN_WEEKLY_REST_MINUTES == 35 * 60  # § 10-8 (2)


def test_one_day_off_between_day_shifts_is_40_hours_between_evening_and_day_33() -> None:
    days = week_of(
        (0, "07:30", "15:30"),
        (2, "07:30", "15:30"),
        (3, "07:30", "15:30"),
        (4, "07:30", "15:30"),
        (5, "07:30", "15:30"),
        (6, "07:30", "15:30"),
    )
    evening_then_day = week_of(
        (0, "15:00", "22:30"),
        (2, "07:30", "15:30"),
        (3, "07:30", "15:30"),
        (4, "07:30", "15:30"),
        (5, "07:30", "15:30"),
        (6, "07:30", "15:30"),
    )

    assert wt.longest_rest_minutes(days, *WEEK) == 40 * 60
    assert wt.longest_rest_minutes(evening_then_day, *WEEK) == 33 * 60


def test_rest_counts_only_inside_the_period() -> None:
    # Off from the previous Friday to Tuesday morning, then every day: inside this week
    # the rest is Monday midnight to Tuesday 07:30.
    shifts = [
        (at(MONDAY - dt.timedelta(days=3), "07:30"), at(MONDAY - dt.timedelta(days=3), "15:30"))
    ]
    shifts += week_of(*[(d, "07:30", "15:30") for d in range(1, 7)])

    assert wt.longest_rest_minutes(shifts, *WEEK) == 31 * 60 + 30
    assert wt.longest_rest_minutes([], *WEEK) == 7 * 24 * 60

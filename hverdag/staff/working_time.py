"""The limits of the Working Environment Act (arbeidsmiljøloven) that rotas are planned by.

Pure Python, no Django: the rota services, the demo rota and the planner's overtime all ask
here, so the law is written down once. Durations are minutes. Instants are timezone-aware
datetimes on the Oslo wall clock (``local``); durations between them are taken in UTC, so
the night the clocks change counts the hours that actually pass, not the ones on the clock.

The whole span of a shift, break included, counts as working time here. In home care the
break is taken on the route and staff cannot freely leave (§ 10-9 (1) second sentence), and
counting it keeps every limit on the safe side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")

# § 10-4 (1): ordinary working time at most 9 hours in 24 hours. Beyond it is overtime.
ORDINARY_DAY_MINUTES = 9 * 60
# § 10-6 (8): working time including overtime at most 13 hours in 24 hours.
MAX_DAY_MINUTES = 13 * 60
# § 10-8 (1): at least 11 hours of continuous rest in 24 hours, i.e. between two shifts.
MIN_REST_MINUTES = 11 * 60
# § 10-8 (2): at least 35 hours of continuous rest in seven days.
MIN_WEEKLY_REST_MINUTES = 35 * 60
# § 10-9 (1): at least one break when the daily working time exceeds 5.5 hours …
BREAK_AFTER_MINUTES = 5 * 60 + 30
# … and breaks of at least half an hour in total when it is 8 hours or more.
LONG_DAY_MINUTES = 8 * 60
LONG_BREAK_MINUTES = 30
# The Act sets no length for the break of a day under 8 hours; 20 minutes is a meal break
# that is still a break and not a pause between two visits.
SHORT_BREAK_MINUTES = 20
# How far a planner may run a route over the shift end (a house rule, not the Act: an hour
# of unplanned overtime is what the team leaders accept without asking first).
DEFAULT_OVERTIME_CAP_MINUTES = 60


@dataclass(frozen=True)
class Breach:
    """A broken limit: which end of the shift to move, the rule, the limit and what it was."""

    field: str  # "starts_at" or "ends_at"
    rule: str
    limit_minutes: int
    actual_minutes: int


def local(day: dt.date, time: dt.time) -> dt.datetime:
    """``time`` on ``day`` on the Oslo wall clock, as an aware datetime."""
    return dt.datetime.combine(day, time, tzinfo=OSLO)


def minutes_between(start: dt.datetime, end: dt.datetime) -> int:
    """Whole minutes that pass from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    # Aware datetimes in the same zone subtract as wall-clock times; UTC counts real time.
    seconds = (end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds()
    return int(seconds // 60)


def required_break_minutes(shift_minutes: int) -> int:
    """The break the shift must include under § 10-9 (1)."""
    if shift_minutes <= BREAK_AFTER_MINUTES:
        return 0
    if shift_minutes < LONG_DAY_MINUTES:
        return SHORT_BREAK_MINUTES
    return LONG_BREAK_MINUTES


def overtime_minutes(shift_minutes: int) -> int:
    """The part of a planned shift beyond the ordinary working day (§ 10-4 (1))."""
    return max(0, shift_minutes - ORDINARY_DAY_MINUTES)


def allowed_overtime_minutes(
    shift_minutes: int,
    cap: int = DEFAULT_OVERTIME_CAP_MINUTES,
    *,
    minutes_to_next_shift: int | None = None,
) -> int:
    """How long a route may run past the shift end without breaking the Act.

    At most ``cap``; never beyond 13 hours in the day (§ 10-6 (8)); and, when the next
    shift is known (minutes from this shift's end to its start), never into the 11 hours
    of rest before it (§ 10-8 (1)).
    """
    allowed = min(cap, MAX_DAY_MINUTES - shift_minutes)
    if minutes_to_next_shift is not None:
        allowed = min(allowed, minutes_to_next_shift - MIN_REST_MINUTES)
    return max(0, allowed)


def longest_rest_minutes(
    shifts: Iterable[tuple[dt.datetime, dt.datetime]], start: dt.datetime, end: dt.datetime
) -> int:
    """The longest time off from ``start`` to ``end`` between the shifts (start, end).

    Rest that begins before ``start`` or lasts beyond ``end`` counts only inside the period,
    as § 10-8 (2) asks for the 35 hours within the seven days.
    """
    longest, free_from = 0, start
    for shift_start, shift_end in sorted(shifts):
        if shift_end <= start or shift_start >= end:
            continue
        longest = max(longest, minutes_between(free_from, shift_start))
        if minutes_between(free_from, shift_end) > 0:
            free_from = shift_end
    return max(longest, minutes_between(free_from, end))


def check_shift(
    starts: dt.datetime,
    ends: dt.datetime,
    *,
    previous_end: dt.datetime | None = None,
    next_start: dt.datetime | None = None,
) -> list[Breach]:
    """Every limit the shift breaks, given where the neighbouring shifts end and start.

    A shift ends after it starts on the same day; it lasts at most 13 hours; there are at
    least 11 hours between it and the shift before (``previous_end``) and after
    (``next_start``). A day longer than 9 hours is not a breach: it is planned overtime,
    which § 10-6 allows within the 13 hours.
    """
    found: list[Breach] = []
    span = minutes_between(starts, ends)
    if span <= 0:
        found.append(Breach("ends_at", "end_before_start", 1, span))
    elif span > MAX_DAY_MINUTES:
        found.append(Breach("ends_at", "max_day", MAX_DAY_MINUTES, span))
    if previous_end is not None:
        rest = minutes_between(previous_end, starts)
        if rest < MIN_REST_MINUTES:
            found.append(Breach("starts_at", "rest_before", MIN_REST_MINUTES, rest))
    if next_start is not None and span > 0:
        rest = minutes_between(ends, next_start)
        if rest < MIN_REST_MINUTES:
            found.append(Breach("ends_at", "rest_after", MIN_REST_MINUTES, rest))
    return found

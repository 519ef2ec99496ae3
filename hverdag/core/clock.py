"""The service's clock: Europe/Oslo wall-clock time and minutes of a planning day.

Stored times are UTC; people and plans read local time. A planning day counts real elapsed
minutes from local midnight, so a day with a daylight-saving change has 23 or 25 hours and a
visit series keeps its local clock time.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings


def tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def day_origin(date: dt.date) -> dt.datetime:
    """Local midnight of ``date`` as an aware UTC datetime: minute 0 of the planning day.

    Minutes are counted in real elapsed time from here, so a day with a daylight-saving change
    has 23 or 25 hours and a visit series keeps its local clock time.
    """
    local = dt.datetime.combine(date, dt.time(0), tzinfo=tz())
    return local.astimezone(dt.UTC)


def minutes_of(moment: dt.datetime, origin: dt.datetime) -> float:
    return (moment - origin).total_seconds() / 60.0


def moment_at(minutes: float, origin: dt.datetime) -> dt.datetime:
    return origin + dt.timedelta(minutes=minutes)


def hhmm(moment: dt.datetime | None) -> str:
    """A moment as local wall-clock time, "07:45"; empty for none."""
    return moment.astimezone(tz()).strftime("%H:%M") if moment is not None else ""


def local_time_on(date: dt.date, clock: dt.time) -> dt.datetime:
    """Aware datetime for a wall-clock time on a local date (Europe/Oslo), in UTC."""
    return dt.datetime.combine(date, clock, tzinfo=tz()).astimezone(dt.UTC)

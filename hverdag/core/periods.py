"""Whole-day periods (absences of staff and clients): ``starts_on`` .. ``ends_on`` inclusive,
withdrawn when ``withdrawn_at`` is set."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def first_overlapping(periods: QuerySet[M], starts_on: dt.date, ends_on: dt.date) -> M | None:
    """The earliest registered period of ``periods`` that shares a day with the given one."""
    return (
        periods.filter(withdrawn_at__isnull=True, starts_on__lte=ends_on, ends_on__gte=starts_on)
        .order_by("starts_on")
        .first()
    )

"""Background job: keep the rolling horizon of visits generated (daily, from beat).

It lives outside ``tasks.py`` (another part of the visits context); ``VisitsConfig.ready``
imports it, because Celery's autodiscovery looks only for ``tasks`` modules.
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from hverdag.visits.generation import HORIZON_DAYS, generate_all


@shared_task(name="visits.generate_visits")
def generate_visits_task(first: str | None = None) -> dict[str, dict[str, int | float]]:
    """Generate every municipality's visits from ``first`` (ISO date; default today) on.

    Idempotent, so a missed day is caught up by the next run. Returns the report per
    municipality number, so the worker log shows what happened.
    """
    start = dt.date.fromisoformat(first) if first else timezone.localdate()
    last = start + dt.timedelta(days=HORIZON_DAYS - 1)
    return {number: report.as_dict() for number, report in generate_all(start, last).items()}

"""Background jobs of the visits context."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone

from hverdag.clients.models import Client
from hverdag.core.background import REGENERATE_CLIENT_VISITS
from hverdag.visits.generation import HORIZON_DAYS, generate_all, generate_for_client

logger = logging.getLogger(__name__)


@shared_task(name="visits.generate_visits")
def generate_visits_task(first: str | None = None) -> dict[str, dict[str, int | float]]:
    """Generate every municipality's visits from ``first`` (ISO date; default today) on.

    Idempotent, so a missed day is caught up by the next run. Returns the report per
    municipality number, so the worker log shows what happened.
    """
    start = dt.date.fromisoformat(first) if first else timezone.localdate()
    last = start + dt.timedelta(days=HORIZON_DAYS - 1)
    return {number: report.as_dict() for number, report in generate_all(start, last).items()}


@shared_task(name=REGENERATE_CLIENT_VISITS)
def regenerate_client_task(client_id: int) -> dict[str, int | float] | None:
    """One client's visits over the horizon, after a decision or a "not home" period changed.

    Queued after the commit by the decisions and clients services. A failure fails the task
    (the worker logs it); the scheduled run (every six hours) is idempotent and catches up.
    """
    client = Client.objects.select_related("municipality").filter(pk=client_id).first()
    if client is None:
        logger.warning("visit generation: client %s no longer exists", client_id)
        return None
    today = timezone.localdate()
    report = generate_for_client(client, today, today + dt.timedelta(days=HORIZON_DAYS - 1))
    return report.as_dict()

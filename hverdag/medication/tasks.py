"""Background jobs of the medication context."""

from __future__ import annotations

from celery import shared_task

from hverdag.medication.services import raise_unsigned_alerts


# Every 10 minutes (settings.CELERY_BEAT_SCHEDULE); idempotent, so a late or doubled run is safe.
@shared_task(name="medication.raise_unsigned_alerts")
def raise_unsigned_alerts_task() -> int:
    return raise_unsigned_alerts()

"""Background jobs of the key register."""

from __future__ import annotations

from celery import shared_task

from hverdag.keys.services import raise_key_alerts


# Every 15 minutes (settings.CELERY_BEAT_SCHEDULE); idempotent, so a late or doubled run
# raises each alert once.
@shared_task(name="keys.raise_key_alerts")
def raise_key_alerts_task() -> int:
    return len(raise_key_alerts())

"""Keep a client's visits in step the moment a decision or a "not home" period changes.

The scheduled generation (every six hours) would catch up anyway; this makes a sent decision
or a registered absence show in the plan at once. It runs after the commit, outside the
caseworker's transaction, and a failure is logged rather than undoing their work.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from hverdag.clients.models import Client, ClientAbsence
from hverdag.decisions.models import Decision, DecisionStatus

logger = logging.getLogger(__name__)

# A decision in these states has, or just stopped having, visits to make.
AFFECTS_VISITS = frozenset(
    {DecisionStatus.SENT, DecisionStatus.ACTIVE, DecisionStatus.CHANGED, DecisionStatus.ENDED}
)


def regenerate_client(client_id: int) -> None:
    from hverdag.visits.generation import HORIZON_DAYS, generate_for_client

    try:
        client = Client.objects.select_related("municipality").get(pk=client_id)
        today = timezone.localdate()
        generate_for_client(client, today, today + dt.timedelta(days=HORIZON_DAYS - 1))
    except Exception:
        logger.exception("visit generation for client %s failed; the next run retries", client_id)


def _decision_saved(sender: type[Decision], instance: Decision, **kwargs: Any) -> None:
    if instance.status in AFFECTS_VISITS:
        client_id = instance.client_id
        transaction.on_commit(lambda: regenerate_client(client_id))


def _absence_saved(sender: type[ClientAbsence], instance: ClientAbsence, **kwargs: Any) -> None:
    client_id = instance.client_id
    transaction.on_commit(lambda: regenerate_client(client_id))


def connect() -> None:
    post_save.connect(_decision_saved, sender=Decision, dispatch_uid="visits.decision_saved")
    post_save.connect(_absence_saved, sender=ClientAbsence, dispatch_uid="visits.absence_saved")

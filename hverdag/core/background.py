"""Background work asked for by name, sent after the transaction that asked commits.

A context low in the layers (decisions, clients) may need work done by one above it (visits
regenerates a client's visits when a decision is sent). It names the task instead of
importing it: the task is registered by its own app's ``tasks`` module, and the names of
such cross-context tasks are listed here so both sides spell them the same way.
"""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)

#: visits: bring one client's visits in step with their decisions and absences now.
REGENERATE_CLIENT_VISITS = "visits.regenerate_client"


def enqueue_on_commit(task_name: str, *args: object) -> None:
    """Queue ``task_name(*args)`` once the current transaction commits.

    A broker that cannot be reached is logged, not raised: the caller's work is committed,
    and the scheduled jobs catch up.
    """

    def send() -> None:
        from hverdag.celery import app

        try:
            # Through the registered task, not send_task: eager mode (tests, a one-process
            # demo) then runs it in place, as the settings say. The apps' tasks modules are
            # imported lazily; make sure they are before the lookup.
            app.loader.import_default_modules()
            app.tasks[task_name].delay(*args)
        except Exception:
            logger.exception("could not queue %s%r; the scheduled run catches up", task_name, args)

    transaction.on_commit(send)

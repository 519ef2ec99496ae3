"""Background jobs of the decisions context."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from hverdag.decisions.services import apply_due_transitions


@shared_task(name="decisions.apply_due_transitions")
def apply_due_transitions_task(day: str | None = None) -> list[str]:
    """Daily: activate decisions whose first day has come, end those past their last day.

    Returns the public ids it changed, so a caller (or the worker log) sees what happened.
    """
    touched = apply_due_transitions(dt.date.fromisoformat(day) if day else None)
    return [str(decision.public_id) for decision in touched]

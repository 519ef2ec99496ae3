"""Plain input for the decision service functions, shared by the pages and the API.

Services and providers are named by their public ids, so a form and a JSON body build
the same input; the service functions resolve and validate them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from hverdag.decisions.models import Decision, LineOutcome


@dataclass(frozen=True)
class ServiceLineInput:
    service: uuid.UUID
    provider: uuid.UUID
    times_per_day: int
    # ISO weekdays, 1 = Monday … 7 = Sunday.
    weekdays: tuple[int, ...]
    minutes_per_visit: int
    every_n_weeks: int = 1
    window_start: dt.time | None = None
    window_end: dt.time | None = None
    staff_count: int = 1
    tasks: str = ""
    outcome: str = LineOutcome.GRANTED


@dataclass(frozen=True)
class DecisionInput:
    applied_on: dt.date
    applied_for: str
    valid_from: dt.date
    facts: str
    reasons: str
    lines: tuple[ServiceLineInput, ...] = field(default_factory=tuple)
    valid_to: dt.date | None = None
    review_on: dt.date | None = None
    # Services applied for and not granted, with why (a decision may refuse everything).
    refused: str = ""


def input_from_decision(decision: Decision) -> DecisionInput:
    """The input that would recreate ``decision``: the starting point of a change."""
    return DecisionInput(
        applied_on=decision.applied_on,
        applied_for=decision.applied_for,
        valid_from=decision.valid_from,
        facts=decision.facts,
        reasons=decision.reasons,
        valid_to=decision.valid_to,
        review_on=decision.review_on,
        refused=decision.refused,
        lines=tuple(
            ServiceLineInput(
                service=line.service.public_id,
                provider=line.provider.public_id,
                times_per_day=line.times_per_day,
                weekdays=tuple(line.weekdays),
                minutes_per_visit=line.minutes_per_visit,
                every_n_weeks=line.every_n_weeks,
                window_start=line.window_start,
                window_end=line.window_end,
                staff_count=line.staff_count,
                tasks=line.tasks,
                outcome=line.outcome,
            )
            for line in decision.lines.select_related("service", "provider").order_by("id")
        ),
    )

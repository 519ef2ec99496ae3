"""Plain input for the decision service functions, shared by the pages and the API.

Services and providers are named by their public ids, so a form and a JSON body build
the same input; the service functions resolve and validate them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from hverdag.decisions.models import LineOutcome


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

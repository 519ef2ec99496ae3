"""Published plans for the demo: the past 13 days, today and tomorrow, optimised in turn.

Each day is optimised after the one before it is published, so continuity counts the days
before it exactly as it does in daily use, and the 14-day figures on the board are real.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from hverdag.org.models import Municipality
from hverdag.plans.jobs import optimise_now
from hverdag.plans.models import JobStatus
from hverdag.plans.problem import available
from hverdag.plans.scope import all_scopes
from hverdag.visits.generation import HORIZON_DAYS, generate_visits

PAST_DAYS = 13
AHEAD_DAYS = 1


@dataclass(frozen=True)
class DemoPlans:
    visits_created: int
    plans: int
    failed: tuple[str, ...]
    seconds: float


def plan_demo_days(
    municipality: Municipality,
    today: dt.date,
    *,
    seconds: float = 1.0,
    log: Callable[[str], None] | None = None,
) -> DemoPlans:
    t0 = time.perf_counter()
    first = today - dt.timedelta(days=PAST_DAYS)
    report = generate_visits(
        municipality, first, today + dt.timedelta(days=HORIZON_DAYS - 1), today=first
    )
    plans, failed = 0, []
    for offset in range(PAST_DAYS + 1 + AHEAD_DAYS):
        day = first + dt.timedelta(days=offset)
        for scope in all_scopes(municipality):
            if not available(scope, day):
                continue
            job = optimise_now(scope, day, seconds=seconds, publish=True)
            if job.status == JobStatus.SUCCEEDED:
                plans += 1
            else:
                failed.append(f"{scope.label} {day}: {job.error}")
        if log is not None:
            log(f"  planned {day:%a %d.%m} ({plans} plans so far)")
    return DemoPlans(report.created, plans, tuple(failed), time.perf_counter() - t0)

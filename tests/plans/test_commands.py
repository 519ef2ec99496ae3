"""The command-line twins of the board: optimise_day and plan_kpis."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from hverdag.plans.services import plans_for
from hverdag.visits.models import PlanStatus
from tests.builders.planning_day import PlanningDay


def run(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command(*args, stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def test_optimise_day_publishes_and_plan_kpis_reads_it(day: PlanningDay) -> None:
    date = day.date.isoformat()
    result = run("optimise_day", "--team", "ost", "--date", date, "--seconds", "1", "--publish")
    plans: list[dict[str, Any]] = result["plans"]
    (plan,) = plans
    assert plan["status"] == PlanStatus.PUBLISHED and plan["figures"]["unassigned"] == 0
    draft, published = plans_for(day.scope, day.date)
    assert draft is None and published is not None
    kpis = run("plan_kpis", "--team", "ost", "--from", date, "--to", date)
    assert kpis["assigned"] == len(day.visits)
    assert kpis["continuity"]["clients"] == len(day.clients)
    assert kpis["punctuality"]["share"] is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--team", "nowhere", "--from", "2026-11-01", "--to", "2026-11-14"], "--team"),
        (["--team", "ost", "--from", "2026-13-01", "--to", "2026-11-14"], "--from"),
        (["--team", "ost", "--from", "2026-11-14", "--to", "2026-11-01"], "--to"),
    ],
)
def test_plan_kpis_names_the_bad_option(day: PlanningDay, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("plan_kpis", *args)


def test_optimise_day_explains_a_day_without_staff(day: PlanningDay) -> None:
    # The command speaks the installation's language; this reads its English.
    with translation.override("en"), pytest.raises(CommandError, match="No caregiver"):
        call_command("optimise_day", "--team", "ost", "--date", "2030-01-01", "--seconds", "1")

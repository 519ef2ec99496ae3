"""The board's data: domain values only (codes, moments, minutes of the day), in seven queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hverdag.core.clock import minutes_of
from hverdag.plans.jobs import do_start_optimisation, run_job
from hverdag.plans.models import JobStatus
from hverdag.plans.selectors import board_data
from hverdag.plans.services import do_unassign, plans_for
from hverdag.visits.models import EntryReason, Plan
from tests.builders.planning_day import PlanningDay


def optimised(day: PlanningDay) -> Plan:
    job = do_start_optimisation(day.world.planner, day.scope, day.date, seconds=1.0)
    assert run_job(job.pk) == JobStatus.SUCCEEDED
    draft, _ = plans_for(day.scope, day.date)
    assert draft is not None
    return draft


def test_the_board_data_of_a_draft_with_a_visit_taken_out(day: PlanningDay) -> None:
    draft = optimised(day)
    taken = day.visits[0]
    do_unassign(day.world.planner, draft, draft.version, taken)

    with CaptureQueriesContext(connection) as queries:
        data = board_data(day.scope, day.date)
    assert len(queries) == 7, [q["sql"] for q in queries]

    assert data.draft is not None and data.plan == data.draft and data.editable
    assert {c.pk for c in data.caregivers} == {e.pk for e in day.employees}
    (out,) = data.unassigned
    assert out.pk == taken.pk and out.reason == EntryReason.TAKEN_OUT and not out.assigned
    for caregiver in data.caregivers:
        starts = [v.start_min for v in caregiver.visits]
        assert starts == sorted(starts)  # type: ignore[type-var]
        for v in caregiver.visits:
            assert v.start is not None and v.start_min == minutes_of(v.start, data.origin)
            assert v.caregiver == caregiver.name and v.employee_pk == caregiver.pk
        for leave, arrive in caregiver.travel:
            assert leave <= arrive
    # Figures stay numbers and broken rules stay data; words are the web layer's.
    assert isinstance(data.figures["travel_minutes"], float)
    assert all(isinstance(v, dict) and "kind" in v for v in data.violations)
    lo, hi = data.span
    assert lo <= min(c.shift_min[0] for c in data.caregivers) and hi >= lo
    assert data.visits_total == len(day.visits) and data.not_in_plan == 0


def test_a_day_without_a_plan_lists_the_shifts(day: PlanningDay) -> None:
    data = board_data(day.scope, day.date)
    assert data.plan is None and not data.unassigned and data.visits_total == len(day.visits)
    assert [c.pk for c in data.caregivers] and all(not c.planned for c in data.caregivers)
    assert data.on_shift == len(day.employees)

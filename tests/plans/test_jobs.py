"""Optimisation jobs: start, run, refuse a second, cancel, fail cleanly, reap a dead worker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from hverdag.core.errors import PermissionDenied, RuleViolation
from hverdag.plans import jobs
from hverdag.plans.jobs import do_cancel, do_start_optimisation, reap_stale_jobs, run_job
from hverdag.plans.models import JobStatus, OptimisationJob
from hverdag.plans.services import do_publish, plans_for
from hverdag.visits.models import Plan, PlanEntry, PlanStatus
from tests.builders.planning_day import PlanningDay


def optimise(day: PlanningDay, seconds: float = 1.0, **kw: Any) -> OptimisationJob:
    job = do_start_optimisation(day.world.planner, day.scope, day.date, seconds=seconds, **kw)
    assert run_job(job.pk) == JobStatus.SUCCEEDED
    job.refresh_from_db()
    return job


def test_an_optimisation_makes_a_complete_draft_with_figures(day: PlanningDay) -> None:
    job = optimise(day)
    draft, published = plans_for(day.scope, day.date)
    assert published is None and draft is not None
    assert job.progress["plans"] == [str(draft.public_id)]
    entries = list(draft.entries.all())
    assert len(entries) == len(day.visits)
    assert all(e.employee_id is not None for e in entries), [e.reason for e in entries]
    figures = draft.figures
    assert figures["visits"] == figures["assigned"] == len(day.visits)
    assert figures["violations"] == []
    assert figures["travel_minutes"] > 0
    assert 0 <= figures["punctuality"] <= 1
    assert figures["continuity_14d"]["clients"] == len(day.clients)
    # The double-staffed pair: two caregivers, the same start.
    a, b = (PlanEntry.objects.get(plan=draft, visit=v) for v in day.visits[-2:])
    assert a.employee_id != b.employee_id and a.start == b.start


def test_a_second_optimisation_of_the_same_day_is_refused_while_one_runs(
    day: PlanningDay,
) -> None:
    do_start_optimisation(day.world.planner, day.scope, day.date, seconds=1)
    with pytest.raises(RuleViolation) as caught:
        do_start_optimisation(day.world.team_leader, day.scope, day.date, seconds=1)
    (v,) = caught.value.violations
    assert v.rule == "job_running" and "Per Planlegger" in v.message
    # A week overlapping the day is refused too.
    with pytest.raises(RuleViolation):
        do_start_optimisation(
            day.world.planner, day.scope, day.date - dt.timedelta(days=0), days=3, seconds=1
        )


@pytest.mark.parametrize(
    ("changes", "field", "rule"),
    [
        ({"days": 0}, "days", "range"),
        ({"days": 8}, "days", "range"),
        ({"seconds": 0.1}, "seconds", "range"),
    ],
)
def test_bad_input_names_the_field(
    day: PlanningDay, changes: dict[str, Any], field: str, rule: str
) -> None:
    with pytest.raises(RuleViolation) as caught:
        do_start_optimisation(day.world.planner, day.scope, day.date, **changes)
    assert (caught.value.violations[0].field, caught.value.violations[0].rule) == (field, rule)
    assert not OptimisationJob.objects.exists()


def test_a_past_day_and_a_day_without_staff_are_refused(day: PlanningDay) -> None:
    with pytest.raises(RuleViolation) as past:
        do_start_optimisation(day.world.planner, day.scope, day.date - dt.timedelta(days=3))
    assert past.value.violations[0].rule == "past"
    with pytest.raises(RuleViolation) as empty:
        do_start_optimisation(day.world.planner, day.scope, day.date + dt.timedelta(days=1))
    assert empty.value.violations[0].rule == "no_staff"


def test_only_the_teams_planners_may_optimise(day: PlanningDay) -> None:
    with pytest.raises(PermissionDenied):
        do_start_optimisation(day.world.nurse, day.scope, day.date)
    with pytest.raises(PermissionDenied):
        do_start_optimisation(day.world.provider_admin, day.scope, day.date)


def test_a_cancelled_queued_job_never_runs(day: PlanningDay) -> None:
    job = do_start_optimisation(day.world.planner, day.scope, day.date, seconds=1)
    do_cancel(day.world.planner, job)
    assert run_job(job.pk) == JobStatus.CANCELLED
    assert not Plan.objects.exists()
    with pytest.raises(RuleViolation):
        do_cancel(day.world.planner, job)


def test_a_running_job_stops_when_cancelled_and_writes_nothing(
    day: PlanningDay, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = do_start_optimisation(day.world.planner, day.scope, day.date, seconds=30)
    real_solve = jobs.solve

    def solve_then_cancel(*args: Any, **kwargs: Any) -> Any:
        OptimisationJob.objects.filter(pk=job.pk).update(cancel_requested=True)
        monkeypatch.setattr(jobs, "HEARTBEAT_EVERY", 0.0)
        return real_solve(*args, **kwargs)

    monkeypatch.setattr(jobs, "solve", solve_then_cancel)
    assert run_job(job.pk) == JobStatus.CANCELLED
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.finished_at is not None
    assert not Plan.objects.exists()


def test_a_failing_solve_marks_the_job_failed_and_leaves_the_plan(
    day: PlanningDay, monkeypatch: pytest.MonkeyPatch
) -> None:
    optimise(day)
    draft, _ = plans_for(day.scope, day.date)
    assert draft is not None
    do_publish(day.world.planner, draft, draft.version)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise MemoryError("worker ran out of memory")

    monkeypatch.setattr(jobs, "solve", broken)
    job = do_start_optimisation(day.world.planner, day.scope, day.date, seconds=1)
    with pytest.raises(MemoryError):
        run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "MemoryError" in job.error
    assert list(Plan.objects.values_list("status", flat=True)) == [PlanStatus.PUBLISHED]


def test_a_dead_worker_is_reaped_and_its_result_never_written(day: PlanningDay) -> None:
    job = do_start_optimisation(day.world.planner, day.scope, day.date, seconds=1)
    long_ago = timezone.now() - dt.timedelta(minutes=5)
    OptimisationJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago
    )
    # A redelivered message finds the job running and leaves it alone.
    assert run_job(job.pk) == JobStatus.RUNNING
    assert reap_stale_jobs() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "stopped answering" in job.error
    assert not Plan.objects.exists()
    # ... and the day can be optimised again.
    optimise(day)


def test_a_week_is_planned_day_by_day_with_continuity_across_it(day: PlanningDay) -> None:
    from tests.builders.planning_day import add_shift, add_visit

    second_day = day.date + dt.timedelta(days=1)
    for e in day.employees:
        add_shift(e, second_day)
    for c in day.clients:
        add_visit(
            c,
            day.services["medication"],
            second_day,
            "08:00",
            "10:00",
            15,
            provider_id=day.world.municipal.pk,
        )
    job = do_start_optimisation(day.world.planner, day.scope, day.date, days=2, seconds=1)
    assert run_job(job.pk) == JobStatus.SUCCEEDED
    job.refresh_from_db()
    assert len(job.progress["plans"]) == 2
    second, _ = plans_for(day.scope, second_day)
    assert second is not None
    # Day two's morning medication goes to someone each client met on day one.
    first, _ = plans_for(day.scope, day.date)
    met = set(first.entries.values_list("visit__client_id", "employee_id"))  # type: ignore[union-attr]
    pairs = set(second.entries.values_list("visit__client_id", "employee_id"))
    assert pairs <= met


def test_the_job_is_queued_on_celery_after_commit(
    day: PlanningDay,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from hverdag.celery import app

    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = do_start_optimisation(day.world.planner, day.scope, day.date, seconds=1)
    finally:
        app.conf.task_always_eager = False
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.task_id


def test_a_sick_call_replans_with_few_moves_and_says_what_moved(day: PlanningDay) -> None:
    from hverdag.plans.jobs import do_report_sick
    from hverdag.plans.models import JobKind
    from hverdag.staff.models import Absence, AbsenceKind

    optimise(day)
    draft, _ = plans_for(day.scope, day.date)
    assert draft is not None
    before = dict(draft.entries.values_list("visit_id", "employee_id"))
    sick = max(day.employees, key=lambda e: list(before.values()).count(e.pk))
    theirs = {v for v, e in before.items() if e == sick.pk}
    assert theirs, "the sick caregiver had visits"
    job = do_report_sick(day.world.planner, day.scope, day.date, sick, seconds=1)
    assert job.kind == JobKind.REPLAN
    assert Absence.objects.get(employee=sick).kind == AbsenceKind.SICK
    assert run_job(job.pk) == JobStatus.SUCCEEDED
    replanned, _ = plans_for(day.scope, day.date)
    assert replanned is not None and replanned.version == draft.version + 1
    after = dict(replanned.entries.values_list("visit_id", "employee_id"))
    assert sick.pk not in after.values()
    changed = {v for v in before if after.get(v) != before[v]}
    moved = replanned.figures["moved"]
    assert {m["visit"] for m in moved} == {str(v.public_id) for v in day.visits if v.pk in changed}
    # Few moves: the others keep their caregivers; only the sick one's visits must move.
    assert changed >= theirs and len(changed - theirs) <= 2
    assert all(m["from"] for m in moved)


def test_a_job_no_worker_takes_is_failed_after_a_while(day: PlanningDay) -> None:
    job = do_start_optimisation(day.world.planner, day.scope, day.date, seconds=1)
    assert reap_stale_jobs() == 0  # just queued: a worker may be busy
    OptimisationJob.objects.filter(pk=job.pk).update(
        requested_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert reap_stale_jobs() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "worker" in job.error

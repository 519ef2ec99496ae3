"""Optimisation as a background job: start, run (in a Celery worker), watch, cancel, reap.

The worker solves every day of the job first and writes the drafts only at the end, in one
transaction, so a job that is cancelled, fails or dies leaves the plans as they were. A worker
that dies stops sending heartbeats; ``reap_stale_jobs`` marks its job failed.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hverdag.access.logging import audit
from hverdag.access.models import User
from hverdag.core.errors import Collector, RuleViolation
from hverdag.planning.replan import CaregiverSick, replan
from hverdag.planning.solve import Progress, Result, solve
from hverdag.planning.stop import MaxRuntime
from hverdag.plans.models import ACTIVE_JOB_STATUSES, JobKind, JobStatus, OptimisationJob
from hverdag.plans.permissions import require_planner
from hverdag.plans.problem import (
    DayProblem,
    available,
    build_day_problem,
    employee_key,
    no_staff,
    pk_of,
)
from hverdag.plans.scope import Scope, scope_of
from hverdag.plans.services import locked_entries, plans_for, publish_plan, save_result
from hverdag.staff.models import Employee
from hverdag.visits.models import Plan, PlanSource, PlanStatus

STALE_AFTER = dt.timedelta(seconds=90)
# A queued job no worker has taken: long enough for a worker busy with a week's solve.
UNCLAIMED_AFTER = dt.timedelta(minutes=30)
HEARTBEAT_EVERY = 1.0  # seconds between progress writes / cancel checks
MAX_DAYS = 7
SECONDS_RANGE = (1.0, 600.0)


class JobCancelled(Exception):
    pass


def reap_stale_jobs(now: dt.datetime | None = None) -> int:
    """Fail jobs whose worker went silent, or that no worker took; return how many."""
    now = now or timezone.now()
    dead = OptimisationJob.objects.filter(
        status=JobStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER
    ).update(
        status=JobStatus.FAILED,
        finished_at=now,
        error="The worker stopped answering mid-solve; the plan was left as it was. Start again.",
    )
    unclaimed = OptimisationJob.objects.filter(
        status=JobStatus.QUEUED, requested_at__lt=now - UNCLAIMED_AFTER
    ).update(
        status=JobStatus.FAILED,
        finished_at=now,
        error="No worker took the job within 30 minutes: is the Celery worker running?",
    )
    return dead + unclaimed


def _running_message(job: OptimisationJob) -> str:
    values = {
        "scope": scope_of(job).label,
        "date": f"{job.date:%d.%m.%Y}",
        "status": str(job.get_status_display()).lower(),
        "who": job.requested_by.get_full_name() if job.requested_by else "",
    }
    if values["who"]:
        return (
            _(
                "An optimisation of %(scope)s for %(date)s is already %(status)s (started by "
                "%(who)s). Wait for it to finish or cancel it."
            )
            % values
        )
    return (
        _(
            "An optimisation of %(scope)s for %(date)s is already %(status)s. Wait for it to "
            "finish or cancel it."
        )
        % values
    )


def do_start_optimisation(
    user: User,
    scope: Scope,
    date: dt.date,
    *,
    days: int = 1,
    seconds: float = 20.0,
    continuity: bool = True,
    kind: JobKind = JobKind.OPTIMISE,
    absent_employee: Employee | None = None,
    today: dt.date | None = None,
) -> OptimisationJob:
    """Queue a solve of ``days`` days from ``date``; the web request returns at once."""
    require_planner(user, scope)
    today = today or timezone.localdate()
    errors = Collector()
    if date < today:
        errors.add("date", "past", _("A day that has passed cannot be planned again."))
    if not 1 <= days <= MAX_DAYS:
        errors.add(
            "days", "range", _("Plan between 1 and %(most)s days at a time.") % {"most": MAX_DAYS}
        )
    if not SECONDS_RANGE[0] <= seconds <= SECONDS_RANGE[1]:
        errors.add(
            "seconds",
            "range",
            _("The time limit must be between %(least)s and %(most)s seconds.")
            % {"least": f"{SECONDS_RANGE[0]:g}", "most": f"{SECONDS_RANGE[1]:g}"},
        )
    errors.raise_if_any()
    job = _create_job(
        scope,
        date,
        days,
        user=user,
        seconds=seconds,
        continuity=continuity,
        kind=kind,
        absent_employee=absent_employee,
    )
    transaction.on_commit(lambda: enqueue(job))
    return job


def _create_job(
    scope: Scope,
    date: dt.date,
    days: int,
    *,
    user: User | None,
    seconds: float,
    continuity: bool,
    kind: JobKind,
    absent_employee: Employee | None,
) -> OptimisationJob:
    """Refuse a second job over the same days and a day without staff; record the job."""
    last = date + dt.timedelta(days=days - 1)
    reap_stale_jobs()
    running = (
        OptimisationJob.objects.filter(
            scope.plan_filter(), status__in=ACTIVE_JOB_STATUSES, date__lte=last, last_date__gte=date
        )
        .select_related("requested_by", "provider", "team")
        .first()
    )
    if running is not None:
        raise RuleViolation.single("date", "job_running", _running_message(running))
    for offset in range(days):
        day = date + dt.timedelta(days=offset)
        if not available(scope, day):
            raise no_staff(scope, day)
    try:
        with transaction.atomic():
            job = OptimisationJob.objects.create(
                municipality=scope.municipality,
                provider=scope.provider,
                team=scope.team,
                date=date,
                last_date=last,
                kind=kind,
                seconds=seconds,
                continuity=continuity,
                absent_employee=absent_employee,
                requested_by=user,
            )
            audit(user, f"plan.{kind}", job, new={"date": date, "days": days, "seconds": seconds})
    except IntegrityError:
        # Two planners pressed the button at the same moment: the database let one in.
        raise RuleViolation.single(
            "date",
            "job_running",
            _("An optimisation of this day was just started by someone else."),
        ) from None
    return job


def optimise_now(
    scope: Scope,
    date: dt.date,
    *,
    days: int = 1,
    seconds: float = 20.0,
    continuity: bool = True,
    publish: bool = False,
    user: User | None = None,
) -> OptimisationJob:
    """Optimise in this process, as the board's job does (command line, demo loader).

    Past days are allowed: an operator re-planning history does it deliberately. With
    ``publish`` the drafts are published at once.
    """
    job = _create_job(
        scope,
        date,
        days,
        user=user,
        seconds=seconds,
        continuity=continuity,
        kind=JobKind.OPTIMISE,
        absent_employee=None,
    )
    run_job(job.pk)
    job.refresh_from_db()
    if publish and job.status == JobStatus.SUCCEEDED:
        for plan in Plan.objects.filter(public_id__in=job.progress["plans"]):
            publish_plan(plan, user)
    return job


def enqueue(job: OptimisationJob) -> None:
    from hverdag.plans.tasks import run_optimisation_task

    result = run_optimisation_task.delay(job.pk)
    OptimisationJob.objects.filter(pk=job.pk, task_id="").update(task_id=result.id or "")


def do_cancel(user: User, job: OptimisationJob) -> OptimisationJob:
    """Ask the job to stop; a queued job stops at once, a running one at its next check."""
    require_planner(user, scope_of(job))
    with transaction.atomic():
        job = OptimisationJob.objects.select_for_update(of=("self",)).get(pk=job.pk)
        if not job.active:
            raise RuleViolation.single(
                "job", "finished", _("The optimisation has already finished.")
            )
        job.cancel_requested = True
        fields = ["cancel_requested"]
        if job.status == JobStatus.QUEUED:
            job.status, job.finished_at = JobStatus.CANCELLED, timezone.now()
            fields += ["status", "finished_at"]
        job.save(update_fields=fields)
        audit(user, "plan.cancel", job)
    return job


@dataclass
class _Watch:
    """Stopping criterion: the time limit, or a cancel request read from the job row."""

    job_id: int
    seconds: float
    progress: dict[str, Any] = field(default_factory=dict)
    _limit: MaxRuntime | None = None
    _next_check: float = 0.0

    def __post_init__(self) -> None:
        self._limit = MaxRuntime(self.seconds)

    def beat(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now < self._next_check:
            return
        self._next_check = now + HEARTBEAT_EVERY
        flags = OptimisationJob.objects.filter(pk=self.job_id).values_list(
            "cancel_requested", "status"
        )
        cancel, status = flags.get()
        if cancel or status != JobStatus.RUNNING:
            raise JobCancelled
        OptimisationJob.objects.filter(pk=self.job_id).update(
            progress=dict(self.progress), heartbeat_at=timezone.now()
        )

    def __call__(self, best_cost: float) -> bool:
        self.beat()
        assert self._limit is not None
        return self._limit(best_cost)

    def improved(self, p: Progress) -> None:
        self.progress.update(
            iterations=p.iteration, objective=round(p.objective, 1), seconds=round(p.seconds, 1)
        )


def _moved(day: DayProblem, before: dict[str, str], result: Result) -> list[dict[str, str]]:
    after = {s.visit: r.caregiver for r in result.routes for s in r.stops}
    out = []
    for vid, was in before.items():
        now = after.get(vid)
        if now != was and vid in day.visits:
            v = day.visits[vid]
            out.append(
                {
                    "visit": str(v.public_id),
                    "client": v.client.full_name,
                    "from": str(day.employees[was]) if was in day.employees else "",
                    "to": str(day.employees[now])
                    if now is not None and now in day.employees
                    else "",
                }
            )
    return out


def _solve_day(
    job: OptimisationJob, date: dt.date, watch: _Watch, familiar: set[tuple[int, int]]
) -> tuple[DayProblem, Result, dict[str, Any]]:
    scope = scope_of(job)
    draft, published = plans_for(scope, date)
    base = draft or published
    if job.kind == JobKind.REPLAN and job.absent_employee_id is not None:
        day = build_day_problem(
            scope,
            date,
            continuity=job.continuity,
            extra_familiar=familiar,
            locked=locked_entries(base),
            include_absent=[job.absent_employee_id],
        )
        current = (
            list(day.routes_from_entries(base.entries.all(), base.routes.all())) if base else []
        )
        before = {s.visit: r.caregiver for r in current for s in r.stops}
        result = replan(
            day.problem,
            current,
            CaregiverSick(employee_key(job.absent_employee_id)),
            watch,
            seed=job.pk,
        )
        return (
            day,
            result,
            {"moved": _moved(day, before, result), "absent": str(job.absent_employee)},
        )
    day = build_day_problem(
        scope,
        date,
        continuity=job.continuity,
        extra_familiar=familiar,
        locked=locked_entries(base),
    )
    result = solve(day.problem, watch, seed=job.pk, on_improvement=watch.improved)
    return day, result, {}


def run_job(job_id: int) -> str:
    """The worker's side. Returns the final status; safe to call twice (runs once)."""
    with transaction.atomic():
        job = (
            OptimisationJob.objects.select_for_update(of=("self",))
            .select_related("provider__municipality", "team__unit", "absent_employee")
            .get(pk=job_id)
        )
        if job.status != JobStatus.QUEUED:
            return job.status
        job.status = JobStatus.RUNNING
        job.started_at = job.heartbeat_at = timezone.now()
        job.save(update_fields=["status", "started_at", "heartbeat_at"])
    days = (job.last_date - job.date).days + 1
    solved: list[tuple[DayProblem, Result, dict[str, Any]]] = []
    familiar: set[tuple[int, int]] = set()
    try:
        for offset in range(days):
            date = job.date + dt.timedelta(days=offset)
            watch = _Watch(job.pk, job.seconds)
            watch.progress.update(day=date.isoformat(), day_index=offset + 1, days=days)
            watch.beat(force=True)
            day, result, extra = _solve_day(job, date, watch, familiar)
            solved.append((day, result, extra))
            familiar |= {
                (day.visits[s.visit].client_id, pk_of(r.caregiver))
                for r in result.routes
                for s in r.stops
            }
        with transaction.atomic():
            fresh = OptimisationJob.objects.select_for_update(of=("self",)).get(pk=job.pk)
            if fresh.status != JobStatus.RUNNING:
                return fresh.status  # reaped or cancelled meanwhile: write nothing
            if fresh.cancel_requested:
                raise JobCancelled
            source = PlanSource.REPLANNED if job.kind == JobKind.REPLAN else PlanSource.OPTIMISED
            plans = [
                save_result(
                    day,
                    result,
                    user=job.requested_by,
                    source=source,
                    extra={**extra, "job": str(job.public_id)},
                )
                for day, result, extra in solved
            ]
            fresh.status = JobStatus.SUCCEEDED
            fresh.finished_at = timezone.now()
            fresh.progress = {
                **fresh.progress,
                **watch.progress,  # the last improvement, even if no heartbeat wrote it
                "plans": [str(p.public_id) for p in plans],
                "objective": round(sum(r.objective for _, r, _ in solved), 1),
                "unassigned": sum(len(r.unassigned) for _, r, _ in solved),
                "moved": sum(len(e.get("moved", [])) for _, _, e in solved),
            }
            fresh.save(update_fields=["status", "finished_at", "progress"])
            return fresh.status
    except JobCancelled:
        OptimisationJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.CANCELLED, finished_at=timezone.now()
        )
        return JobStatus.CANCELLED
    except Exception as exc:  # any failure must end the job, never leave it running
        message = str(exc) if isinstance(exc, RuleViolation) else f"{type(exc).__name__}: {exc}"
        OptimisationJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), error=message[:2000]
        )
        if not isinstance(exc, RuleViolation):
            raise
        return JobStatus.FAILED


def current_job(scope: Scope, date: dt.date) -> OptimisationJob | None:
    """The latest job touching the day (active or finished), for the board."""
    return (
        OptimisationJob.objects.filter(scope.plan_filter(), date__lte=date, last_date__gte=date)
        .select_related("requested_by")
        .first()
    )


def do_report_sick(
    user: User, scope: Scope, date: dt.date, employee: Employee, *, seconds: float = 10.0
) -> OptimisationJob:
    """Sick call: the caregiver is absent; re-plan the day moving as few visits as possible."""
    from hverdag.staff.models import AbsenceKind
    from hverdag.staff.services import do_register_absence

    require_planner(user, scope)
    draft, published = plans_for(scope, date)
    if draft is None and published is None:
        raise RuleViolation.single(
            "date", "no_plan", _("There is no plan for this day yet: optimise it first.")
        )
    with transaction.atomic():
        do_register_absence(user, employee, AbsenceKind.SICK, date, date, note="sick call")
        return do_start_optimisation(
            user, scope, date, seconds=seconds, kind=JobKind.REPLAN, absent_employee=employee
        )


__all__ = [
    "PlanStatus",
    "current_job",
    "do_cancel",
    "do_report_sick",
    "do_start_optimisation",
    "reap_stale_jobs",
    "run_job",
]

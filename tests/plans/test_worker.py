"""The optimisation job through a real Celery worker on Redis, as in production and CI."""

from __future__ import annotations

import pytest

from hverdag.plans.jobs import do_start_optimisation
from hverdag.plans.models import JobStatus, OptimisationJob
from hverdag.plans.services import plans_for
from hverdag.plans.tasks import run_optimisation_task
from tests.builders.people import build_world
from tests.builders.planning_day import build_planning_day
from tests.celery_worker import REDIS_URL, redis_reachable, redis_worker
from tests.conftest import require_server


@pytest.mark.django_db(transaction=True)
def test_a_worker_on_redis_runs_the_job_and_the_draft_appears() -> None:
    require_server("Redis", redis_reachable(), REDIS_URL)
    day = build_planning_day(build_world())
    job = do_start_optimisation(day.world.planner, day.scope, day.date, seconds=1)
    with redis_worker() as redis_app:
        result = redis_app.send_task(run_optimisation_task.name, args=[job.pk])
        assert result.get(timeout=60) == JobStatus.SUCCEEDED
    job = OptimisationJob.objects.get(pk=job.pk)
    assert job.status == JobStatus.SUCCEEDED and job.progress["iterations"] >= 0
    draft, _ = plans_for(day.scope, day.date)
    assert draft is not None and draft.figures["assigned"] == len(day.visits)

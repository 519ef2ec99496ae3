"""The optimisation job through a real Celery worker on Redis, as in production and CI."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

import pytest
from celery import Celery

from hverdag.celery import app as hverdag_app
from hverdag.visits.jobs import do_start_optimisation
from hverdag.visits.models import JobStatus, OptimisationJob
from hverdag.visits.plans import plans_for
from hverdag.visits.tasks import run_optimisation_task
from tests.conftest import require_server
from tests.factories import build_world
from tests.visits.planning_fixtures import build_planning_day

REDIS_URL = os.environ.get("HVERDAG_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_reachable() -> bool:
    url = urlparse(REDIS_URL)
    try:
        with socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), 2):
            return True
    except OSError:
        return False


@pytest.mark.django_db(transaction=True)
def test_a_worker_on_redis_runs_the_job_and_the_draft_appears() -> None:
    require_server("Redis", redis_reachable(), REDIS_URL)
    from celery.contrib.testing.worker import start_worker  # type: ignore[import-untyped]

    day = build_planning_day(build_world())
    job = do_start_optimisation(day.world.planner, day.scope, day.date, seconds=1)
    redis_app = Celery("hverdag-redis-visits-test")
    redis_app.config_from_object("django.conf:settings", namespace="CELERY")
    redis_app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False)
    redis_app.control.purge()  # a message left by an earlier, interrupted run is not ours
    try:
        with start_worker(redis_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            result = redis_app.send_task(run_optimisation_task.name, args=[job.pk])
            assert result.get(timeout=60) == JobStatus.SUCCEEDED
    finally:
        # start_worker made the Redis app the current one; later tests queue on ours.
        hverdag_app.set_current()
        hverdag_app.set_default()
    job = OptimisationJob.objects.get(pk=job.pk)
    assert job.status == JobStatus.SUCCEEDED and job.progress["iterations"] >= 0
    draft, _ = plans_for(day.scope, day.date)
    assert draft is not None and draft.figures["assigned"] == len(day.visits)

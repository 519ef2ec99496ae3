"""The optimisation job through a real Celery worker on Redis, as in production and CI."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlparse

import pytest
from celery import Celery
from django.utils import timezone

from hverdag.celery import app as hverdag_app
from hverdag.core.background import REGENERATE_CLIENT_VISITS
from hverdag.decisions.catalogue import install_catalogue
from hverdag.decisions.models import Service
from hverdag.decisions.services import do_approve, do_create_decision, do_send
from hverdag.staff.models import Competence
from hverdag.visits.jobs import do_start_optimisation
from hverdag.visits.models import JobStatus, OptimisationJob, Visit
from hverdag.visits.plans import plans_for
from hverdag.visits.tasks import run_optimisation_task
from tests.conftest import require_server
from tests.decisions.conftest import standard_input
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


@contextmanager
def redis_worker() -> Iterator[Celery]:
    """A real Celery worker on Redis, consuming the tasks this process registers."""
    require_server("Redis", redis_reachable(), REDIS_URL)
    from celery.contrib.testing.worker import start_worker  # type: ignore[import-untyped]

    redis_app = Celery("hverdag-redis-visits-test")
    redis_app.config_from_object("django.conf:settings", namespace="CELERY")
    redis_app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False)
    redis_app.control.purge()  # a message left by an earlier, interrupted run is not ours
    try:
        with start_worker(redis_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield redis_app
    finally:
        # start_worker made the Redis app the current one; later tests queue on ours.
        hverdag_app.set_current()
        hverdag_app.set_default()


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


@pytest.mark.django_db(transaction=True)
def test_a_worker_on_redis_regenerates_a_clients_visits_by_the_tasks_name() -> None:
    """The decisions service names the task (it may not import visits); a worker runs it."""
    require_server("Redis", redis_reachable(), REDIS_URL)
    world = build_world()
    install_catalogue(world.oslo)
    catalogue = {s.code: s for s in Service.objects.filter(municipality=world.oslo)}
    world.nurse.employee.competences.add(*Competence.objects.filter(code="wound_care"))
    world.provider_admin.employee.competences.add(*Competence.objects.filter(code="household"))
    today = timezone.localdate()
    decision = do_create_decision(
        world.caseworker,
        world.ingrid,
        standard_input(world, catalogue, valid_from=today, review_on=None),
    )
    do_approve(world.caseworker, decision)
    # A transactional test commits at once, but the on-commit hook queues on the in-memory
    # broker of the test settings: the worker below gets the task only by its name.
    do_send(world.caseworker, decision, "in_writing", today)
    assert not Visit.objects.filter(client=world.ingrid).exists()
    with redis_worker() as redis_app:
        result = redis_app.send_task(REGENERATE_CLIENT_VISITS, args=[world.ingrid.pk])
        report = result.get(timeout=60)
    assert report["created"] == Visit.objects.filter(client=world.ingrid).count() > 0

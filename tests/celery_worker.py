"""A real Celery worker on Redis for the tests that cross the broker, as production does."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlparse

from celery import Celery

from hverdag.celery import app as hverdag_app
from tests.conftest import require_server

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

    redis_app = Celery("hverdag-redis-test")
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

"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# The builders' fixtures (world, day, today) for every test: tests/builders/fixtures.py.
pytest_plugins = ["tests.builders.fixtures"]


def require_server(what: str, reachable: bool, where: str) -> None:
    """Skip with a visible reason outside CI; fail in CI, where the server must be there."""
    if reachable:
        return
    message = f"{what} is not reachable at {where}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (required in CI)")
    pytest.skip(message)


@pytest.fixture
def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    require_server("Chromium", Path(path).exists(), path)
    return path


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: pytest.FixtureRequest) -> None:
    # Argon2 is deliberately slow; tests that create dozens of users need not be.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture
def celery_eager() -> Iterator[None]:
    """Run queued tasks in place, in this process, as a one-process demo would.

    The real transport is exercised by the worker tests on Redis (tests/visits/test_worker.py).
    """
    from hverdag.celery import app

    before = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = before

"""What the Django benchmarks share: a throwaway database, and where a result came from.

``ThrowawayDatabase(name)`` owns database ``name`` on the PostgreSQL server of
``DATABASE_URL`` (created and dropped here), or a temporary SQLite file when no PostgreSQL
URL is given.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]

# Settings outside debug require a Fernet key; this one encrypts only throwaway bench data.
BENCH_FIELD_ENCRYPTION_KEY = "YmVuY2gtb25seS10aHJvd2F3YXktZmllbGQta2V5ISE="


class ThrowawayDatabase:
    def __init__(self, url: str | None, name: str) -> None:
        self.name = name
        self.server = urlparse(url) if url and url.startswith("postgres") else None
        self.sqlite_dir = None if self.server else tempfile.TemporaryDirectory()

    def open(self) -> None:
        """Point Django at the throwaway database (set up once per process)."""
        if self.server is None:
            assert self.sqlite_dir is not None
            os.environ["DATABASE_URL"] = f"sqlite:///{self.sqlite_dir.name}/bench.sqlite3"
        else:
            os.environ["DATABASE_URL"] = urlunparse(self.server._replace(path=f"/{self.name}"))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hverdag.settings")
        # As in production: DEBUG keeps every query's SQL in memory and compiles templates
        # with debug information, neither of which is the cost being measured.
        os.environ.setdefault("HVERDAG_DEBUG", "false")
        os.environ.setdefault("HVERDAG_SECRET_KEY", "bench-only-throwaway-database")
        os.environ.setdefault("HVERDAG_FIELD_ENCRYPTION_KEY", BENCH_FIELD_ENCRYPTION_KEY)
        os.environ.setdefault("CELERY_BROKER_URL", "memory://")
        os.environ.setdefault("CELERY_RESULT_BACKEND", "cache+memory://")
        import django

        django.setup()

    def fresh(self) -> None:
        """An empty, migrated database."""
        from django.core.management import call_command

        self._remove()
        if self.server is not None:
            self._admin(f"CREATE DATABASE {self.name}")
        call_command("migrate", verbosity=0)

    def drop(self) -> None:
        self._remove()
        if self.sqlite_dir is not None:
            self.sqlite_dir.cleanup()

    def _remove(self) -> None:
        from django.db import connections

        connections.close_all()
        if self.server is not None:
            self._admin(f"DROP DATABASE IF EXISTS {self.name}")
        else:
            assert self.sqlite_dir is not None
            Path(self.sqlite_dir.name, "bench.sqlite3").unlink(missing_ok=True)

    def _admin(self, sql: str) -> None:
        import psycopg

        assert self.server is not None
        # CREATE/DROP DATABASE run outside a transaction, from the server's own database.
        admin_url = urlunparse(self.server._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql)


def commit() -> str:
    """The checkout's short commit, so a result names the code it measured."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def server_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            row = cursor.fetchone()
            return f"PostgreSQL {row[0] if row else '?'}"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return connection.vendor

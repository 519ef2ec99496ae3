"""hverdag.settings fails closed and names the variable it cannot use.

Whole-module behaviour runs in a fresh interpreter with only the variables a test gives (the
suite's own process has the test settings loaded); the helpers are also tested in-process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from hverdag.settings import database_from_url, env_bool, env_int

ROOT = Path(__file__).resolve().parent.parent
FERNET_KEY = "dGVzdC1vbmx5LWZpZWxkLWtleS0zMi1ieXRlcyEhISE="
PRODUCTION = {"HVERDAG_SECRET_KEY": "s3cret", "HVERDAG_FIELD_ENCRYPTION_KEY": FERNET_KEY}

SHOW = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "FIELD_ENCRYPTION_KEY": settings.FIELD_ENCRYPTION_KEY,
    "ACCEPT_SYNTHETIC_IDS": settings.ACCEPT_SYNTHETIC_IDS,
    "db": {k: str(v) if k == "NAME" else v for k, v in db.items() if k != "TEST"},
    "KEY_RETURN_GRACE_MINUTES": settings.KEY_RETURN_GRACE_MINUTES,
}))
"""


def start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Load the real settings in a new interpreter with these HVERDAG_*/DATABASE_URL only."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HVERDAG_") and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(DJANGO_SETTINGS_MODULE="hverdag.settings", HVERDAG_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def loaded(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    assert result.returncode == 0, result.stderr
    value: dict[str, object] = json.loads(result.stdout)
    return value


def refused(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr
    return result.stderr.strip().splitlines()[-1]


def test_debug_is_off_by_default_so_the_secret_key_is_required(tmp_path: Path) -> None:
    last = refused(start(tmp_path))
    assert "HVERDAG_SECRET_KEY is required when HVERDAG_DEBUG is off" in last


def test_outside_debug_the_field_encryption_key_is_required(tmp_path: Path) -> None:
    last = refused(start(tmp_path, HVERDAG_SECRET_KEY="s3cret"))
    assert "HVERDAG_FIELD_ENCRYPTION_KEY is required when HVERDAG_DEBUG is off" in last
    empty = refused(start(tmp_path, HVERDAG_SECRET_KEY="s3cret", HVERDAG_FIELD_ENCRYPTION_KEY=""))
    assert "HVERDAG_FIELD_ENCRYPTION_KEY is required" in empty


def test_a_field_encryption_key_that_is_not_a_fernet_key_is_refused(tmp_path: Path) -> None:
    last = refused(start(tmp_path, HVERDAG_DEBUG="true", HVERDAG_FIELD_ENCRYPTION_KEY="hunter2"))
    assert "HVERDAG_FIELD_ENCRYPTION_KEY is not a Fernet key" in last


def test_production_settings_load_with_both_keys(tmp_path: Path) -> None:
    shown = loaded(start(tmp_path, **PRODUCTION))
    assert shown["DEBUG"] is False
    assert shown["FIELD_ENCRYPTION_KEY"] == FERNET_KEY
    assert shown["ACCEPT_SYNTHETIC_IDS"] is False


def test_the_demo_sets_debug_and_needs_no_keys(tmp_path: Path) -> None:
    # An empty variable counts as unset: the demo key, not an empty secret key.
    shown = loaded(start(tmp_path, HVERDAG_DEBUG="true", HVERDAG_SECRET_KEY=""))
    assert shown["DEBUG"] is True
    assert shown["FIELD_ENCRYPTION_KEY"] == ""  # hverdag.core.crypto derives one in debug
    assert shown["ACCEPT_SYNTHETIC_IDS"] is True
    assert shown["db"] == {
        **shown["db"],  # type: ignore[dict-item]
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "hverdag.sqlite3"),
    }


def test_the_run_script_turns_debug_on_for_the_demo() -> None:
    script = (ROOT / "scripts" / "run.sh").read_text()
    assert 'export HVERDAG_DEBUG="${HVERDAG_DEBUG:-true}"' in script


def test_database_url_keeps_its_query_string_as_options(tmp_path: Path) -> None:
    url = "postgres://hv:p%40ss@db.example.org:6432/hverdag?sslmode=require&connect_timeout=5"
    shown = loaded(start(tmp_path, DATABASE_URL=url, HVERDAG_DB_CONN_MAX_AGE="600", **PRODUCTION))
    db = shown["db"]
    assert isinstance(db, dict)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("hverdag", "hv", "p@ss")
    assert (db["HOST"], int(db["PORT"])) == ("db.example.org", 6432)
    assert db["OPTIONS"] == {"sslmode": "require", "connect_timeout": 5}
    assert (db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"]) == (600, True)


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("HVERDAG_DB_CONN_MAX_AGE", "ten", "HVERDAG_DB_CONN_MAX_AGE must be a whole number"),
        ("HVERDAG_DB_CONN_MAX_AGE", "-1", "HVERDAG_DB_CONN_MAX_AGE must be at least 0"),
        ("HVERDAG_KEY_RETURN_GRACE_MINUTES", "30m", "HVERDAG_KEY_RETURN_GRACE_MINUTES must be"),
        ("HVERDAG_MEDICATION_SIGN_GRACE_MINUTES", "", "HVERDAG_MEDICATION_SIGN_GRACE_MINUTES"),
        ("HVERDAG_DEBUG", "maybe", "HVERDAG_DEBUG must be true or false"),
        ("DATABASE_URL", "mysql://root@localhost/hverdag", "DATABASE_URL must be sqlite://"),
        ("DATABASE_URL", "nosuch://x", "DATABASE_URL cannot be read"),
    ],
)
def test_a_bad_value_stops_the_start_naming_its_variable(
    tmp_path: Path, name: str, raw: str, message: str
) -> None:
    assert message in refused(start(tmp_path, **{**PRODUCTION, name: raw}))


# --- the helpers, in-process ----------------------------------------------------------------


def test_env_int_reads_whole_numbers_and_names_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("HVERDAG_X", raising=False)
    assert env_int("HVERDAG_X", 7) == 7
    monkeypatch.setenv("HVERDAG_X", " 42 ")
    assert env_int("HVERDAG_X", 7, minimum=0) == 42
    monkeypatch.setenv("HVERDAG_X", "4.5")
    with pytest.raises(ImproperlyConfigured, match=r"HVERDAG_X must be a whole number, got '4\.5'"):
        env_int("HVERDAG_X", 7)


def test_env_bool_refuses_what_is_neither(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HVERDAG_X", "Yes")
    assert env_bool("HVERDAG_X", False) is True
    monkeypatch.setenv("HVERDAG_X", "ja")
    with pytest.raises(ImproperlyConfigured, match="HVERDAG_X must be true or false"):
        env_bool("HVERDAG_X", False)


def test_sqlite_urls_give_the_path_they_name(tmp_path: Path) -> None:
    db = database_from_url(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert (db["ENGINE"], str(db["NAME"])) == (
        "django.db.backends.sqlite3",
        f"{tmp_path}/x.sqlite3",
    )
    assert db["CONN_MAX_AGE"] == 0 and db["CONN_HEALTH_CHECKS"] is False

"""Settings, read from the environment through small helpers that fail loudly.

Every value that differs between a laptop, CI and production comes from an environment
variable. The settings fail closed: debug is off unless HVERDAG_DEBUG says otherwise (the
embedded demo, `make run`, says so), and outside debug the secret key and the field
encryption key must be given. A value that cannot be read stops the start with an error
naming its variable.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HVERDAG_VAR_DIR", BASE_DIR / "var"))
# The embedded defaults (SQLite database, Celery broker and results) live here; a fresh
# clone has no var/ yet.
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_str(name: str, default: str | None = None, *, required_because: str = "") -> str:
    """The variable's text; an empty variable counts as unset, and without a default as missing."""
    value = os.environ.get(name, "")
    if value:
        return value
    if default is None:
        raise ImproperlyConfigured(f"Environment variable {name} is required{required_because}")
    return default


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """A whole number; anything else, or one below ``minimum``, is an error naming ``name``."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_fernet_key(name: str, default: str | None) -> str:
    """A Fernet key (32 url-safe base64-encoded bytes); "" only where ``default`` allows it."""
    key = env_str(name, default, required_because=" when HVERDAG_DEBUG is off")
    if key:
        try:
            Fernet(key.encode())
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} is not a Fernet key (32 url-safe base64-encoded bytes); make one with "
                'python -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())"'
            ) from None
    return key


ENGINES = {"django.db.backends.sqlite3", "django.db.backends.postgresql"}


def database_from_url(url: str, conn_max_age: int = 0) -> dict[str, Any]:
    """DATABASE_URL (sqlite:////abs/path, postgres://user:pw@host:port/db?sslmode=require)
    as Django's DATABASES entry; the query string becomes OPTIONS."""
    try:
        config: dict[str, Any] = dict(
            dj_database_url.parse(
                url, conn_max_age=conn_max_age, conn_health_checks=conn_max_age != 0
            )
        )
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {exc}") from None
    if config.get("ENGINE") not in ENGINES:
        raise ImproperlyConfigured(
            f"DATABASE_URL must be sqlite:// or postgres://, got engine {config.get('ENGINE')!r}"
        )
    if config["ENGINE"] == "django.db.backends.sqlite3" and config.get("NAME") in {"", ":memory:"}:
        config["NAME"] = VAR_DIR / "hverdag.sqlite3"
    return config


DEBUG = env_bool("HVERDAG_DEBUG", False)
# The demo key is only for the embedded demo; production must set its own.
SECRET_KEY = env_str(
    "HVERDAG_SECRET_KEY",
    "demo-only-insecure-key-change-me" if DEBUG else None,
    required_because=" when HVERDAG_DEBUG is off",
)
# Fernet key for secrets at rest (key-box codes). Only in debug may it be left out: then
# hverdag.core.crypto derives one from SECRET_KEY so that the demo works.
FIELD_ENCRYPTION_KEY = env_fernet_key("HVERDAG_FIELD_ENCRYPTION_KEY", "" if DEBUG else None)
ALLOWED_HOSTS = env_str("HVERDAG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "hverdag.core",
    "hverdag.access",
    "hverdag.org",
    "hverdag.staff",
    "hverdag.clients",
    "hverdag.decisions",
    "hverdag.visits",
    "hverdag.plans",
    "hverdag.deviations",
    "hverdag.medication",
    "hverdag.notes",
    "hverdag.keys",
    "hverdag.web",
    "hverdag.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "hverdag.urls"
WSGI_APPLICATION = "hverdag.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hverdag.web.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hverdag.sqlite3'}"),
        # Seconds a worker keeps its database connection between requests (0: a new one per
        # request); kept connections are health-checked before use.
        conn_max_age=env_int("HVERDAG_DB_CONN_MAX_AGE", 0, minimum=0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "access.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "hverdag" / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = False

CELERY_BROKER_URL = os.environ.get(
    "CELERY_BROKER_URL", f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}"
)
CELERY_RESULT_BACKEND = os.environ.get(
    "CELERY_RESULT_BACKEND", f"db+sqlite:///{VAR_DIR / 'celery-results.sqlite3'}"
)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HVERDAG_LOG_LEVEL", "INFO")},
    # fontTools logs every table it subsets while a letter embeds its font, at INFO.
    "loggers": {"fontTools": {"level": "WARNING"}},
}

# Synthetic test identity numbers (month + 80, Skatteetaten Tenor) are for test and demo
# installations only; production must reject them.
ACCEPT_SYNTHETIC_IDS = env_bool("HVERDAG_ACCEPT_SYNTHETIC_IDS", DEBUG)

# The daily decision job; `make run` starts the worker with an embedded beat scheduler.
CELERY_BEAT_SCHEDULE = {
    "decisions-due-transitions": {
        "task": "decisions.apply_due_transitions",
        "schedule": 3600.0,  # hourly: idempotent, and catches up after downtime
    },
    "visits-generate": {
        "task": "visits.generate_visits",
        "schedule": 6 * 3600.0,  # keeps the 28-day horizon filled; idempotent
    },
    "plans-reap-stale-jobs": {
        "task": "plans.reap_stale_jobs",
        "schedule": 60.0,  # a worker that died mid-solve: its job is marked failed
    },
    "medication-unsigned-alerts": {
        "task": "medication.raise_unsigned_alerts",
        "schedule": 600.0,  # every 10 min: a dose unsigned past its grace alerts the nurse
    },
    "keys-raise-alerts": {
        "task": "keys.raise_key_alerts",
        "schedule": 15 * 60.0,  # every 15 min: keys not back after the holder's shift
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The key register: minutes after the holder's shift a key may still be out before it alerts.
KEY_RETURN_GRACE_MINUTES = env_int("HVERDAG_KEY_RETURN_GRACE_MINUTES", 30, minimum=0)
# A scheduled dose the staff give alerts the nurse on duty when it is still unsigned this
# many minutes after it was due.
MEDICATION_SIGN_GRACE_MINUTES = env_int("HVERDAG_MEDICATION_SIGN_GRACE_MINUTES", 60, minimum=0)

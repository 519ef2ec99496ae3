"""Settings, read from the environment through small helpers that fail loudly.

Every value that differs between a laptop, CI and production comes from an environment
variable; the defaults are those of the embedded demo (`make run`).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HVERDAG_VAR_DIR", BASE_DIR / "var"))
# The embedded defaults (SQLite database, Celery broker and results) live here; a fresh
# clone has no var/ yet.
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Environment variable {name} is required")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


def database_from_url(url: str) -> dict[str, object]:
    """Translate DATABASE_URL (sqlite:///path or postgres://user@host:port/name)."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path or VAR_DIR / "hverdag.sqlite3"}
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parsed.path.lstrip("/"),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parsed.scheme!r} is not supported")


DEBUG = env_bool("HVERDAG_DEBUG", True)
# The demo key is only for the embedded demo; production must set its own.
SECRET_KEY = env_str("HVERDAG_SECRET_KEY", "demo-only-insecure-key-change-me" if DEBUG else None)
# Fernet key for secrets at rest (key-box codes); derived from SECRET_KEY unless given.
FIELD_ENCRYPTION_KEY = os.environ.get("HVERDAG_FIELD_ENCRYPTION_KEY", "")
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
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hverdag.sqlite3'}")
    )
}
# Seconds a worker keeps its database connection between requests (0: a new one per request).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("HVERDAG_DB_CONN_MAX_AGE", "0"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_MAX_AGE"] != 0
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
KEY_RETURN_GRACE_MINUTES = int(os.environ.get("HVERDAG_KEY_RETURN_GRACE_MINUTES", "30"))
# A scheduled dose the staff give alerts the nurse on duty when it is still unsigned this
# many minutes after it was due.
MEDICATION_SIGN_GRACE_MINUTES = int(os.environ.get("HVERDAG_MEDICATION_SIGN_GRACE_MINUTES", "60"))

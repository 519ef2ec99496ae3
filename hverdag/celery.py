"""Celery application.

The broker is chosen by settings: an SQLite file through SQLAlchemy by default, so that
`make run` needs no server, and Redis (``CELERY_BROKER_URL``) in production and CI.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hverdag.settings")

app = Celery("hverdag")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

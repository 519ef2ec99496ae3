"""Hverdag: municipal home care, from needs assessment to the visit at the door."""

from hverdag.celery import app as celery_app

__all__ = ["celery_app"]

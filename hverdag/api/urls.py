"""Mounted by the project's URL map at ``api/v1/``."""

from hverdag.api.main import api

urlpatterns, _app, app_name = api.urls

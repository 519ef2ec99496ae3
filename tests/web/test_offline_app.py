"""The installable app's files: the service worker keeps the pages it names, the manifest
points at Min dag, and the release changes when a kept file changes."""

from __future__ import annotations

import json

import pytest
from django.contrib.staticfiles import finders
from django.test import Client as HttpClient
from django.urls import reverse

from hverdag.web.views import offline_app

pytestmark = pytest.mark.django_db


def test_the_worker_is_served_under_min_dag_and_never_stale() -> None:
    response = HttpClient().get(reverse("web:my_day_sw"))
    assert response.status_code == 200
    assert reverse("web:my_day_sw").startswith(reverse("web:my_day"))  # its scope
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    script = response.content.decode()
    assert f'const RELEASE = "{offline_app.release()}"' in script
    for name in offline_app.ASSETS:
        assert finders.find(name), name
        assert f'"/static/{name}"' in script
    # The page shown for a visit never opened online is in the user's language.
    assert "Ingen nettforbindelse" in script


def test_the_release_follows_the_kept_files(monkeypatch: pytest.MonkeyPatch) -> None:
    before = offline_app.release()
    offline_app.release.cache_clear()
    monkeypatch.setattr(offline_app, "ASSETS", offline_app.ASSETS[:-1])
    try:
        assert offline_app.release() != before
    finally:
        offline_app.release.cache_clear()


def test_the_manifest_makes_min_dag_an_app() -> None:
    response = HttpClient().get(reverse("web:my_day_manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == manifest["scope"] == "/min-dag/"
    assert manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/"))

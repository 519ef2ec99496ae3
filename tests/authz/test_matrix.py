"""The authorization matrix: every route of the registry, tried by every person it names.

Each case signs the person in (a session for the pages, a bearer token for the API) into
the route's scene, takes a snapshot of every Hverdag table and sends the one request.
Let in: the status is the one written down. Kept out: the status too, and not one row of
any table changed — no domain row, no audit event, no access-log row.

A scene is built once for the run of cases that need it (they are ordered by scene) and
kept under a savepoint; each case runs in its own savepoint inside it, as any database test
does, so what one person did is gone before the next one tries.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client as HttpClient
from django.urls import resolve, reverse

from tests.api.conftest import quiet_token_for
from tests.authz.registry import ROUTES, Outcome, Route
from tests.authz.scenes import Person, Scene, SceneName, build_scene, user_of
from tests.authz.snapshot import Rows, changes, snapshot

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


class Scenes:
    """The scene the cases are in now; another is built when a case needs another."""

    def __init__(self) -> None:
        self.name: SceneName | None = None
        self.scene: Scene | None = None
        self.savepoint: str | None = None
        self.as_built: Rows = {}

    def get(self, name: SceneName) -> Scene:
        if name != self.name:
            self.drop()
            self.savepoint = transaction.savepoint()
            self.scene, self.name = build_scene(name), name
            self.as_built = snapshot()
        assert self.scene is not None
        # Each case starts from the scene as built: the last one's writes were rolled back.
        assert changes(self.as_built) == {}
        return self.scene

    def drop(self) -> None:
        if self.savepoint is not None:
            transaction.savepoint_rollback(self.savepoint)
        self.name, self.scene, self.savepoint, self.as_built = None, None, None, {}


@pytest.fixture(scope="module")
def scenes(django_db_setup: None, django_db_blocker: Any) -> Iterator[Scenes]:
    with django_db_blocker.unblock(), transaction.atomic():
        kept = Scenes()
        yield kept
        kept.drop()
        transaction.set_rollback(True)


@pytest.fixture
def scene(request: pytest.FixtureRequest, scenes: Scenes) -> Scene:
    """Set up before ``db``, so the scene lies outside the case's own savepoint."""
    route: Route = request.node.callspec.params["route"]
    return scenes.get(route.scene)


def cases() -> list[object]:
    out: list[object] = []
    for route in sorted(ROUTES, key=lambda r: r.scene):
        for who, outcome in route.expect.items():
            marks = []
            if who in route.known_wrong:
                marks.append(pytest.mark.xfail(strict=True, reason=route.known_wrong[who]))
            out.append(
                pytest.param(
                    route, who, outcome, id=f"{route.id}-{route.method}-{who}", marks=marks
                )
            )
    return out


def send(
    route: Route, http: HttpClient, url: str, body: dict[str, object], token: str | None
) -> Response:
    if route.is_api:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        data = json.dumps(body, default=str) if route.method != "GET" else ""
        if route.method == "GET":
            return http.get(url, headers=headers)
        return http.generic(
            route.method, url, data, content_type="application/json", headers=headers
        )
    if route.method == "GET":
        return http.get(url)
    if route.as_json:
        return http.post(
            url, json.dumps(body), content_type="application/json", HTTP_ACCEPT="application/json"
        )
    return http.post(url, body)


@pytest.mark.parametrize(("route", "who", "outcome"), cases())
def test_who_gets_in(scene: Scene, db: None, route: Route, who: Person, outcome: Outcome) -> None:
    user = user_of(scene, who)
    http = HttpClient(HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=who == "forged")
    token = None
    if user is not None:
        if route.is_api and who != "forged":
            token = quiet_token_for(user)
        else:
            http.force_login(user)
    url, body = route.url(scene), route.data(scene)
    before = snapshot()

    response = send(route, http, url, body, token)

    assert response.status_code == outcome.status, response.content[:500]
    if outcome.login:
        assert response["Location"].startswith(reverse("web:login"))
    if outcome.no_care:
        assert response.context["has_access"] is False
    if not outcome.allowed:
        assert changes(before) == {}
    if outcome.to:
        assert resolve(urlsplit(response["Location"]).path).view_name == outcome.to
    if outcome.blind:
        w = scene.world
        seen = response.content.decode()
        for oslo in (str(w.ingrid.public_id), w.ingrid.last_name, w.ost.name, w.private.name):
            assert oslo not in seen, f"{who} sees {oslo!r}"
    if outcome.trace:
        assert changes(before) != {}, "let in to health information, and nothing logged"

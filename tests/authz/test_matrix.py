"""The authorization matrix: every route of the registry, tried by every person it names.

Each case builds the route's scene, signs the person in (a session for the pages, a bearer
token for the API), takes a snapshot of every Hverdag table and sends the one request.
Let in: the status is the one written down. Kept out: the status too, and not one row of
any table changed — no domain row, no audit event, no access-log row.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.api.conftest import quiet_token_for
from tests.authz.registry import ROUTES, Outcome, Route
from tests.authz.scenes import Person, build_scene, user_of
from tests.authz.snapshot import changes, snapshot

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def cases() -> list[object]:
    out: list[object] = []
    for route in ROUTES:
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
    return http.post(url, body)


@pytest.mark.parametrize(("route", "who", "outcome"), cases())
def test_who_gets_in(db: None, route: Route, who: Person, outcome: Outcome) -> None:
    scene = build_scene(route.scene)
    user = user_of(scene, who)
    http = HttpClient(HTTP_ACCEPT_LANGUAGE="en")
    token = None
    if user is not None:
        if route.is_api:
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

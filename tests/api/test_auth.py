"""Who may call the API at all: a system with a token, or a signed-in person."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client as HttpClient
from django.utils import timezone

from hverdag.access.models import ApiToken, User
from tests.api.conftest import BASE, Caller, counts, token_for
from tests.builders.people import PASSWORD, World


def test_a_system_with_a_token_is_the_token_owner(world: World) -> None:
    raw = token_for(world, world.caseworker)
    response = HttpClient().get(f"{BASE}/clients", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert [c["last_name"] for c in response.json()["items"]] == ["Hansen"]
    token = ApiToken.objects.get(user=world.caseworker)
    assert token.last_used_at is not None
    # Only a digest is stored, never the token itself.
    assert raw not in token.digest


def test_no_credentials_is_401_with_a_bearer_challenge(
    as_: Callable[[User | None], Caller],
) -> None:
    response = as_(None).with_language("en").get("/clients")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="hverdag"'
    assert response.json() == {"detail": "Sign in, or send Authorization: Bearer <token>."}


def test_an_unknown_token_is_401(world: World) -> None:
    headers = {"Authorization": "Bearer hv_not-a-token-anyone-was-given", "Accept-Language": "en"}
    response = HttpClient().get(f"{BASE}/clients", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "The token is unknown or revoked."}


def test_a_revoked_token_is_401(world: World) -> None:
    raw = token_for(world, world.caseworker)
    ApiToken.objects.filter(user=world.caseworker).update(revoked_at=timezone.now())
    response = HttpClient().get(f"{BASE}/clients", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_the_token_of_a_deactivated_user_is_401(world: World) -> None:
    raw = token_for(world, world.caseworker)
    User.objects.filter(pk=world.caseworker.pk).update(is_active=False)
    response = HttpClient().get(f"{BASE}/clients", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_a_wrong_token_is_refused_even_with_a_session(world: World) -> None:
    """A token that was sent and is wrong is a refusal, not a cue to use the session."""
    http = HttpClient()
    http.login(username="kari", password=PASSWORD)
    response = http.get(f"{BASE}/clients", headers={"Authorization": "Bearer hv_wrong"})
    assert response.status_code == 401


def test_another_scheme_is_401(world: World) -> None:
    response = HttpClient().get(f"{BASE}/clients", headers={"Authorization": "Basic a2FyaTp4"})
    assert response.status_code == 401


def test_the_pages_session_works_for_reads(world: World) -> None:
    http = HttpClient()
    assert http.login(username="kari", password=PASSWORD)
    response = http.get(f"{BASE}/clients")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_a_session_write_needs_the_csrf_token(world: World) -> None:
    http = HttpClient(enforce_csrf_checks=True)
    assert http.login(username="kari", password=PASSWORD)
    body = {
        "entry_method": "client_opens",
        "pets": "Katt",
    }
    path = f"{BASE}/clients/{world.ingrid.public_id}/home-notes"
    before = counts()
    refused = http.post(path, body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "CSRF check Failed"}
    assert counts() == before

    http.get(f"{BASE}/clients")  # any page view would have set the cookie; set it here
    http.cookies.load({"csrftoken": "a" * 32})
    accepted = http.post(
        path, body, content_type="application/json", headers={"X-CSRFToken": "a" * 32}
    )
    assert accepted.status_code == 201, accepted.content


def test_an_anonymous_write_is_401_not_a_csrf_complaint(world: World) -> None:
    http = HttpClient(enforce_csrf_checks=True)
    before = counts()
    response = http.post(
        f"{BASE}/clients/{world.ingrid.public_id}/home-notes",
        {"entry_method": "client_opens"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert counts() == before


def test_every_endpoint_in_the_openapi_document_needs_credentials(world: World) -> None:
    """A safety net for endpoints added later: none may answer an anonymous caller."""
    http = HttpClient()
    doc = http.get(f"{BASE}/openapi.json").json()
    before = counts()
    checked = 0
    for path, operations in doc["paths"].items():
        concrete = re.sub(r"\{[a-z_]+\}", str(world.ingrid.public_id), path)
        for method in operations:
            response = http.generic(method.upper(), concrete, "{}", "application/json")
            assert response.status_code == 401, (method, path)
            checked += 1
    assert checked >= 25
    assert counts() == before

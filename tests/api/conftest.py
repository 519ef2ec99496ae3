"""Calling the API as the named people of the test world.

``as_(world.caseworker).get("/clients")`` sends a bearer token created for Kari the way a
system administrator would; ``as_(None)`` is an anonymous caller.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client as HttpClient

from hverdag.access.models import AccessLog, ApiToken, AuditEvent, Role, RoleAssignment, User
from hverdag.access.services import do_create_api_token
from hverdag.clients.models import (
    Assessment,
    FunctionScore,
    Goal,
    HomeNotes,
    ResourcePerson,
    WelfareTechnology,
)
from hverdag.clients.models import Client as ClientRecord
from hverdag.core.crypto import digest
from tests.builders.people import World, make_client, make_user

if TYPE_CHECKING:
    # What django.test.Client returns (with .json()), as django-stubs name it.
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

BASE = "/api/v1"


@dataclass
class Caller:
    http: HttpClient
    headers: dict[str, str] = field(default_factory=dict)

    def with_language(self, language: str) -> Caller:
        """The same caller asking for answers in ``language`` (the default is bokmål)."""
        return Caller(self.http, {**self.headers, "Accept-Language": language})

    def get(self, path: str, **query: Any) -> Response:
        return self.http.get(BASE + path, query, headers=self.headers)

    def send(self, method: str, path: str, body: Any = None, *, raw: str | None = None) -> Response:
        data = raw if raw is not None else json.dumps(body, default=str)
        return self.http.generic(
            method, BASE + path, data, content_type="application/json", headers=self.headers
        )

    def post(self, path: str, body: Any = None, *, raw: str | None = None) -> Response:
        return self.send("POST", path, body, raw=raw)

    def put(self, path: str, body: Any) -> Response:
        return self.send("PUT", path, body)

    def patch(self, path: str, body: Any) -> Response:
        return self.send("PATCH", path, body)


def token_for(world: World, user: User) -> str:
    _, raw = do_create_api_token(world.admin, user, f"test system of {user.username}")
    return raw


def quiet_token_for(user: User) -> str:
    """A token written straight to the table: its audit row would blur the counts tests take
    to prove that a refused request wrote nothing. (test_auth uses the real service.)"""
    raw = f"hv_test_{user.username}_{user.pk}"
    ApiToken.objects.get_or_create(user=user, digest=digest(raw), defaults={"name": "test"})
    return raw


@pytest.fixture
def as_(world: World) -> Callable[[User | None], Caller]:
    def caller(user: User | None) -> Caller:
        if user is None:
            return Caller(HttpClient())
        return Caller(HttpClient(), {"Authorization": f"Bearer {quiet_token_for(user)}"})

    return caller


@dataclass
class Olav:
    """Another client, on team Vest (Siri is his contact person), with his own login."""

    record: ClientRecord
    user: User


@pytest.fixture
def olav(world: World) -> Olav:
    record = make_client(world.oslo, world.gamle_oslo, world.vest, "Olav", "Berg", seed=2)
    record.contact_person = world.nurse_vest.employee  # Siri reads his record as his contact
    record.save(update_fields=["contact_person"])
    user = make_user("olav", "Olav", "Berg")
    RoleAssignment.objects.create(
        user=user, role=Role.CLIENT, municipality=world.oslo, client=record
    )
    return Olav(record, user)


TRACKED = (
    ClientRecord,
    Assessment,
    FunctionScore,
    Goal,
    HomeNotes,
    ResourcePerson,
    WelfareTechnology,
    AuditEvent,
    AccessLog,
)


def counts() -> dict[str, int]:
    """Rows of everything a request might write, to prove a refused one wrote nothing."""
    return {model.__name__: model.objects.count() for model in TRACKED}


def errors(response: Response) -> dict[str, set[str]]:
    """The 422 body as field → rules."""
    body = response.json()
    return {name: {e["rule"] for e in items} for name, items in body["errors"].items()}

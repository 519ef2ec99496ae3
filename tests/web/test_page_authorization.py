"""Authorization matrix for every page that writes or shows health information.

Four people try each restricted page: nobody (anonymous), the client herself, a nurse of
another team, and the caseworker of the client's team. A denied request changes nothing:
no rows, no audit events, no access-log rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from hverdag.access.models import AccessLog, AuditEvent, BreakGlass
from hverdag.clients.models import Assessment, Client, HomeNotes, ResourcePerson, WelfareTechnology
from hverdag.decisions.models import Decision
from tests.builders.people import PASSWORD, World

PEOPLE = ["anonymous", "ingrid", "siri", "kari"]


def as_person(who: str) -> HttpClient:
    http = HttpClient(HTTP_ACCEPT_LANGUAGE="en")
    if who != "anonymous":
        assert http.login(username=who, password=PASSWORD)
    return http


def counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (
            Client,
            HomeNotes,
            ResourcePerson,
            WelfareTechnology,
            Assessment,
            Decision,
            AuditEvent,
            AccessLog,
            BreakGlass,
        )
    )


def today() -> str:
    return dt.date.today().isoformat()


# name -> (method, url builder, form data, status expected per person)
Request = tuple[str, Callable[[World], str], dict[str, Any]]
WRITES: dict[str, Request] = {
    "home notes": (
        "post",
        lambda w: reverse("web:home_notes_save", args=[w.ingrid.public_id]),
        {"entry_method": "client_opens"},
    ),
    "resource person": (
        "post",
        lambda w: reverse("web:resource_person_add", args=[w.ingrid.public_id]),
        {"name": "Hege Hansen", "relation": "child", "phone": "91234567"},
    ),
    "welfare technology": (
        "post",
        lambda w: reverse("web:device_add", args=[w.ingrid.public_id]),
        {"kind": "safety_alarm", "serial_number": "X-1", "supplier": "Y", "installed_on": today()},
    ),
    "intake": (
        "post",
        lambda w: reverse("web:intake_new", args=[w.ingrid.public_id]),
        {"assessed_on": today(), "what_matters": "a", "manages_self": "b", "resources": "c"},
    ),
    "new decision": (
        "get",
        lambda w: reverse("web:decision_new", args=[w.ingrid.public_id]),
        {},
    ),
    "entry code": (
        "post",
        lambda w: reverse("web:reveal_code", args=[w.ingrid.public_id]),
        {},
    ),
    "access log": (
        "get",
        lambda w: reverse("web:client_section", args=[w.ingrid.public_id, "log"]),
        {},
    ),
}

# Expected outcome: "login" (redirect to login), "denied" (403/404 or the no-access page),
# "ok" (the action happened or the health page was shown, which is logged), "page" (an
# empty form that shows no health information).
EXPECTED: dict[str, dict[str, str]] = {
    "home notes": {"ingrid": "denied", "siri": "denied", "kari": "ok"},
    "resource person": {"ingrid": "denied", "siri": "denied", "kari": "ok"},
    "welfare technology": {"ingrid": "denied", "siri": "denied", "kari": "ok"},
    "intake": {"ingrid": "denied", "siri": "denied", "kari": "ok"},
    "new decision": {"ingrid": "denied", "siri": "denied", "kari": "page"},
    "entry code": {"ingrid": "denied", "siri": "denied", "kari": "ok"},
    # The log of who read the record is for the client, her proxy and the team leader.
    "access log": {"ingrid": "denied", "siri": "denied", "kari": "denied"},
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("name", list(WRITES))
def test_page_authorization_matrix(world: World, name: str, who: str) -> None:
    method, url_of, data = WRITES[name]
    before = counts()
    response = getattr(as_person(who), method)(url_of(world), data)
    expected = "login" if who == "anonymous" else EXPECTED[name][who]
    if expected == "login":
        assert response.status_code == 302
        assert reverse("web:login") in response["Location"]
        assert counts() == before
    elif expected == "denied":
        body = response.content.decode()
        assert response.status_code in (403, 404) or "No care relationship" in body
        assert counts() == before
    elif expected == "page":
        assert response.status_code == 200  # a form, no health information on it
    else:
        assert response.status_code in (200, 302)
        assert counts() != before  # a row written, or at least the read logged

"""The decision editor and lifecycle buttons, through the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from hverdag.access.models import AccessLog
from hverdag.decisions.catalogue import install_catalogue
from hverdag.decisions.models import Decision, DecisionStatus, Letter, Service
from hverdag.staff.models import Competence
from tests.builders.people import PASSWORD, World


@pytest.fixture
def medication(world: World) -> Service:
    install_catalogue(world.oslo)
    world.nurse.employee.competences.add(Competence.objects.get(code="medication_administration"))
    return Service.objects.get(municipality=world.oslo, code="medication")


def login(username: str) -> HttpClient:
    http = HttpClient(HTTP_ACCEPT_LANGUAGE="en")
    assert http.login(username=username, password=PASSWORD)
    return http


def form(world: World, service: Service, **line: Any) -> dict[str, Any]:
    today = dt.date.today().isoformat()
    data: dict[str, Any] = {
        "applied_for": "hjelp til medisiner",
        "applied_on": today,
        "valid_from": today,
        "facts": "Glemmer medisiner.",
        "reasons": "Nødvendig helsehjelp.",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-service": str(service.public_id),
        "lines-0-provider": str(world.municipal.public_id),
        "lines-0-times_per_day": "1",
        "lines-0-weekdays": ["1", "2", "3", "4", "5", "6", "7"],
        "lines-0-every_n_weeks": "1",
        "lines-0-minutes_per_visit": "15",
        "lines-0-window_start": "08:00",
        "lines-0-window_end": "10:00",
        "lines-0-staff_count": "1",
        "lines-0-outcome": "granted",
    }
    data.update({f"lines-0-{k}": v for k, v in line.items()})
    return data


def test_frequency_zero_is_shown_on_the_line_and_nothing_is_saved(
    world: World, medication: Service
) -> None:
    http = login("kari")
    url = reverse("web:decision_new", args=[world.ingrid.public_id])
    page = http.post(url, form(world, medication, times_per_day="0"))
    assert page.status_code == 422
    assert not Decision.objects.exists()


def test_an_extra_empty_line_is_added_on_request(world: World, medication: Service) -> None:
    http = login("kari")
    url = reverse("web:decision_new", args=[world.ingrid.public_id])
    page = http.post(url, form(world, medication) | {"add_line": "1"})
    assert 'name="lines-1-service"' in page.content.decode()
    assert not Decision.objects.exists()


def test_draft_approve_send_download_and_change(world: World, medication: Service) -> None:
    http = login("kari")
    created = http.post(
        reverse("web:decision_new", args=[world.ingrid.public_id]), form(world, medication)
    )
    assert created.status_code == 302
    decision = Decision.objects.get()
    assert decision.lines.get().service == medication

    preview = http.get(reverse("web:decision_preview", args=[decision.public_id]))
    assert "Klagefristen er 4 uker" in preview.content.decode()
    assert world.ingrid.identity_number not in preview.content.decode()

    http.post(reverse("web:decision_action", args=[decision.public_id, "approve"]))
    http.post(
        reverse("web:decision_action", args=[decision.public_id, "send"]),
        {"informed_how": "in_writing", "informed_on": dt.date.today().isoformat()},
    )
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ACTIVE
    letter = Letter.objects.get()
    download = http.get(reverse("web:letter_pdf", args=[letter.public_id]))
    assert download["Content-Type"] == "application/pdf"
    assert bytes(download.content) == bytes(letter.pdf)
    assert AccessLog.objects.filter(what="decision_letter", user=world.caseworker).exists()

    changed = http.post(reverse("web:decision_action", args=[decision.public_id, "change"]))
    new = Decision.objects.get(version=2)
    assert changed["Location"] == reverse("web:decision_edit", args=[new.public_id])
    assert (new.series, new.status, new.previous) == (decision.series, "draft", decision)


def test_another_teams_nurse_cannot_download_the_letter(world: World, medication: Service) -> None:
    http = login("kari")
    http.post(reverse("web:decision_new", args=[world.ingrid.public_id]), form(world, medication))
    decision = Decision.objects.get()
    http.post(reverse("web:decision_action", args=[decision.public_id, "approve"]))
    http.post(
        reverse("web:decision_action", args=[decision.public_id, "send"]),
        {"informed_how": "orally", "informed_on": dt.date.today().isoformat()},
    )
    letter = Letter.objects.get()
    before = AccessLog.objects.count()
    response = login("siri").get(reverse("web:letter_pdf", args=[letter.public_id]))
    assert response.status_code == 403
    assert AccessLog.objects.count() == before

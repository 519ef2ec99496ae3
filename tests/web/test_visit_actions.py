"""Tasks, client not home and handing back on the visit page: by form post and as the offline
queue's JSON; the planner sees the reports on the board."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from hverdag.plans.scope import team_scope
from hverdag.visits.models import HandBack, NotHomeReport, TaskRecord, Visit, VisitStatus
from hverdag.visits.services import do_check_in
from hverdag.web.views.planning import board_url
from tests.builders.people import PASSWORD, World
from tests.builders.published_day import PublishedDay, build_published_day


def login(username: str) -> HttpClient:
    http = HttpClient()
    assert http.login(username=username, password=PASSWORD)
    return http


@pytest.fixture
def pub(world: World) -> PublishedDay:
    return build_published_day(world)


def url(name: str, visit: Visit) -> str:
    return reverse(name, args=[visit.public_id])


def test_tasks_show_after_check_in_and_are_recorded_by_form(pub: PublishedDay) -> None:
    http, visit = login("nils"), pub.astrid_medication
    before = http.get(url("web:my_day_visit", visit)).content.decode()
    # Hidden until check-in (the offline script shows it when a check-in is queued).
    assert f'hidden data-offline-after="in-{visit.public_id}"' in before
    assert "Bruker ikke hjemme" in before and "Lever tilbake besøket" in before
    do_check_in(pub.world.nurse, visit, timezone.now(), uuid.uuid4())
    page = http.get(url("web:my_day_visit", visit)).content.decode()
    assert 'aria-labelledby="tasks" hidden' not in page
    assert visit.service.name in page
    assert "Lever tilbake besøket" not in page  # once inside, not handed back
    done = http.post(
        url("web:my_day_task", visit), {"key": str(uuid.uuid4()), "number": 1, "done": "yes"}
    )
    assert done.status_code == 302
    assert TaskRecord.objects.get().done is True
    assert "✓ Utført" in http.get(url("web:my_day_visit", visit)).content.decode()


def test_a_task_not_done_without_reason_is_refused_as_json(pub: PublishedDay) -> None:
    http, visit = login("nils"), pub.astrid_medication
    do_check_in(pub.world.nurse, visit, timezone.now(), uuid.uuid4())
    body = {"key": str(uuid.uuid4()), "number": 1, "done": "no", "at": timezone.now().isoformat()}
    refused = http.post(url("web:my_day_task", visit), body, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["errors"]["reason"][0]["rule"] == "required"
    body["reason"] = "client_declined"
    saved = http.post(url("web:my_day_task", visit), body, content_type="application/json")
    again = http.post(url("web:my_day_task", visit), body, content_type="application/json")
    assert saved.status_code == again.status_code == 200
    assert saved.json()["task"] == again.json()["task"]
    assert TaskRecord.objects.count() == 1


def test_client_not_home_by_json_reaches_the_board(pub: PublishedDay) -> None:
    visit = pub.bjorn_hygiene
    body = {
        "key": str(uuid.uuid4()),
        "at": timezone.now().isoformat(),
        "called_client": "on",
        "explanation": "Ingen åpner, telefonen ringer inne.",
    }
    answer = login("nils").post(
        url("web:my_day_not_home", visit), body, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    visit.refresh_from_db()
    assert visit.status == VisitStatus.NOT_HOME
    assert NotHomeReport.objects.get().whereabouts_known is False
    board = login("per").get(board_url(team_scope(pub.world.ost), visit.date)).content.decode()
    assert "Fra feltet i dag" in board and "Ingen åpner, telefonen ringer inne." in board
    assert "Ingen vet hvor brukeren er" in board


def test_handing_back_sends_the_phone_to_the_day(pub: PublishedDay) -> None:
    visit = pub.bjorn_hygiene
    http = login("nils")
    body = {"key": str(uuid.uuid4()), "at": timezone.now().isoformat(), "reason": "Syk barn"}
    answer = http.post(url("web:my_day_hand_back", visit), body, content_type="application/json")
    if visit.window_end <= timezone.now():  # late in the day the window may be over
        assert answer.json()["errors"]["visit"][0]["rule"] == "window_passed"
        return
    assert answer.status_code == 200
    assert answer.json()["next"] == reverse("web:my_day")
    assert HandBack.objects.get().reason == "Syk barn"
    assert http.get(url("web:my_day_visit", visit)).status_code == 404


def test_another_caregiver_cannot_act_on_the_visit(pub: PublishedDay) -> None:
    http = login("anne")
    for name in ("web:my_day_task", "web:my_day_not_home", "web:my_day_hand_back"):
        answer = http.post(
            url(name, pub.astrid_medication),
            {"key": str(uuid.uuid4())},
            content_type="application/json",
        )
        assert answer.status_code == 404, name
    assert not (
        TaskRecord.objects.exists() or NotHomeReport.objects.exists() or HandBack.objects.exists()
    )

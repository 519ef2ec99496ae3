"""Medication in the browser: the doses at Nils's visit to Astrid, signed by form or JSON,
the alert banner of the nurse on duty, and the list on the client record."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from hverdag.access.models import AccessLog, AccessReason
from hverdag.core.clock import local_time_on
from hverdag.medication.models import DoseRecord, MedicationAlert, MedicationOrder
from hverdag.medication.services import raise_unsigned_alerts
from tests.builders.medication_day import Meds, backdate, build_meds
from tests.builders.people import PASSWORD, World


def login(username: str) -> HttpClient:
    http = HttpClient()  # bokmål, the default
    assert http.login(username=username, password=PASSWORD)
    return http


@pytest.fixture
def meds(world: World) -> Meds:
    return build_meds(world)


def visit_url(meds: Meds) -> str:
    return reverse("web:my_day_visit", args=[meds.pub.astrid_medication.public_id])


def dose_url(meds: Meds) -> str:
    return reverse(
        "web:my_day_dose", args=[meds.pub.astrid_medication.public_id, meds.metformin.public_id]
    )


def test_the_visit_page_shows_the_doses_due_and_logs_the_read(meds: Meds) -> None:
    html = login("nils").get(visit_url(meds)).content.decode()

    assert 'id="medication"' in html
    assert "Metformin 500 mg" in html and "08:30" in html
    assert dose_url(meds) in html
    assert 'data-offline-id="dose-' in html and 'name="key"' in html
    assert "Oxynorm 5 mg" in html  # as needed
    assert "Albyl-E 75 mg" in html  # from the dispenser, shown only
    assert "Metformin 500 mg</strong>" in html and "20:00" not in html.split("Metformin")[1][:80]
    log = AccessLog.objects.get(what="medication")
    assert (log.user, log.reason) == (meds.world.nurse, AccessReason.PLANNED_VISIT)


def test_a_dose_is_signed_by_form_post(meds: Meds) -> None:
    http = login("nils")
    page = http.post(
        dose_url(meds),
        {"key": str(uuid.uuid4()), "due": meds.due.isoformat(), "outcome": "given"},
    )
    assert page.status_code == 302 and page["Location"] == visit_url(meds) + "#medication"
    dose = DoseRecord.objects.get()
    assert (dose.outcome, dose.due_at, dose.employee) == ("given", meds.due, meds.pub.nils)
    html = http.get(visit_url(meds)).content.decode()
    assert 'class="med-dose med-given"' in html
    assert dose_url(meds) not in html  # signed: no form any more


def test_a_refusal_without_a_reason_comes_back_with_a_message(meds: Meds) -> None:
    http = login("nils")
    page = http.post(
        dose_url(meds),
        {"key": str(uuid.uuid4()), "due": meds.due.isoformat(), "outcome": "refused"},
        follow=True,
    )
    assert not DoseRecord.objects.exists()
    assert [m.level_tag for m in page.context["messages"]] == ["error"]


def test_a_dose_is_signed_by_json_and_a_replay_returns_the_same_record(meds: Meds) -> None:
    http = login("nils")
    key = str(uuid.uuid4())
    body = {"key": key, "due": meds.due.isoformat(), "outcome": "refused", "reason": "Sov"}

    def send(data: dict[str, str]) -> tuple[int, dict[str, object]]:
        page = http.post(
            dose_url(meds), json.dumps(data), content_type="application/json",
            headers={"Accept": "application/json"},
        )  # fmt: skip
        return page.status_code, page.json()

    status, first = send(body)
    assert status == 200 and first["ok"] is True
    assert send(body) == (200, first)
    assert DoseRecord.objects.count() == 1
    status, refused = send({**body, "key": str(uuid.uuid4())})
    assert status == 422 and refused["errors"]["due_at"][0]["rule"] == "already_signed"


def test_another_nurse_gets_404(meds: Meds, world: World) -> None:
    http = login("anne")  # a nurse on the team, not planned for Astrid's medication visit
    assert http.get(visit_url(meds)).status_code == 404
    page = http.post(
        dose_url(meds),
        {"key": str(uuid.uuid4()), "due": meds.due.isoformat(), "outcome": "given"},
        headers={"Accept": "application/json"},
    )
    assert page.status_code == 404
    assert not DoseRecord.objects.exists()


def test_as_needed_dose_and_its_follow_up_by_form(meds: Meds) -> None:
    http = login("nils")
    visit = meds.pub.astrid_medication
    prn = reverse("web:my_day_prn", args=[visit.public_id, meds.oxynorm.public_id])
    assert (
        http.post(prn, {"key": str(uuid.uuid4()), "reason": "Smerter i hoften"}).status_code == 302
    )
    dose = DoseRecord.objects.get(due_at__isnull=True)
    html = http.get(visit_url(meds)).content.decode()
    follow = reverse("web:my_day_prn_follow_up", args=[visit.public_id, dose.public_id])
    assert follow in html
    http.post(follow, {"key": str(uuid.uuid4()), "effect": "good", "text": "Sover"})
    assert follow not in http.get(visit_url(meds)).content.decode()


def test_the_nurse_on_duty_sees_the_alert_banner_and_acknowledges(meds: Meds) -> None:
    backdate(meds.metformin, timezone.now() - dt.timedelta(days=2))
    raise_unsigned_alerts(local_time_on(timezone.localdate(), dt.time(9, 31)))
    alert = MedicationAlert.objects.get(due_at=meds.due)
    http = login("nils")  # a nurse with a shift today (the published day)
    html = http.get(reverse("web:my_day")).content.decode()
    ack = reverse("web:medication_alert_ack", args=[alert.public_id])
    assert ack in html and "Astrid Østli" in html
    http.post(ack, {"key": str(uuid.uuid4()), "note": "Ringte, tok den selv"})
    alert.refresh_from_db()
    assert alert.status == "acknowledged"
    # A nurse without a shift today sees no banner.
    siri = login("siri")
    assert ack not in siri.get(reverse("web:my_day")).content.decode()


def test_the_client_record_lists_and_changes_the_medication(meds: Meds, world: World) -> None:
    http = login("kari")
    astrid = meds.pub.astrid_medication.client
    url = reverse("web:client_section", args=[astrid.public_id, "medication"])
    html = http.get(url).content.decode()
    assert "Metformin 500 mg" in html and "fastlege Dr. Berg" in html
    assert AccessLog.objects.filter(what="medication", user=world.caseworker).exists()
    change = reverse("web:medication_change", args=[astrid.public_id, meds.metformin.public_id])
    assert change in http.get(url, {"endre": str(meds.metformin.public_id)}).content.decode()
    page = http.post(
        change,
        {
            "drug": "Metformin", "strength": "500 mg", "form": "tablet", "dose": "2 tabletter",
            "route": "oral", "given_by": "staff", "times": "08:30, 20:00",
            "start_date": timezone.localdate().isoformat(), "prescriber": "fastlege Dr. Berg",
        },
    )  # fmt: skip
    assert page.status_code == 302
    assert MedicationOrder.objects.filter(series=meds.metformin.series).count() == 2
    refused = http.post(
        reverse("web:medication_add", args=[astrid.public_id]),
        {"drug": "Paracet", "form": "tablet", "dose": "1", "route": "oral", "given_by": "staff",
         "times": "8", "start_date": timezone.localdate().isoformat(), "prescriber": "Dr"},
    )  # fmt: skip
    assert refused.status_code == 422 and "TT:MM" in refused.content.decode()
    stop = reverse("web:medication_stop", args=[astrid.public_id, meds.oxynorm.public_id])
    http.post(stop, {"end_date": timezone.localdate().isoformat(), "end_reason": "Seponert"})
    assert MedicationOrder.objects.filter(series=meds.oxynorm.series, change="discontinue").exists()


def test_a_nurse_of_another_team_cannot_change_the_list(meds: Meds) -> None:
    astrid = meds.pub.astrid_medication.client
    page = login("siri").post(
        reverse("web:medication_add", args=[astrid.public_id]),
        {"drug": "X", "form": "tablet", "dose": "1", "route": "oral", "given_by": "staff",
         "times": "08:00", "start_date": timezone.localdate().isoformat(), "prescriber": "Dr"},
    )  # fmt: skip
    assert page.status_code == 403
    assert MedicationOrder.objects.count() == 3

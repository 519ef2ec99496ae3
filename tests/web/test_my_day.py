"""Min dag in the browser: the nurse's day, the visit with what to know before the door,
the key-box code for the planned caregiver only, check-in and check-out by POST."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from hverdag.access.models import AccessLog, AccessReason
from hverdag.clients.inputs import HomeNotesInput
from hverdag.clients.models import ResourcePerson
from hverdag.clients.services import do_record_home_notes
from hverdag.visits.models import Plan, Visit, VisitCheck, VisitStatus
from tests.builders.people import PASSWORD, World
from tests.builders.published_day import PublishedDay, build_published_day


def login(username: str) -> HttpClient:
    http = HttpClient()  # bokmål, the default
    assert http.login(username=username, password=PASSWORD)
    return http


@pytest.fixture
def pub(world: World) -> PublishedDay:
    published = build_published_day(world)
    astrid = published.astrid_medication.client
    do_record_home_notes(
        world.caseworker,
        astrid,
        HomeNotesInput(
            entry_method="key_box",
            entry_code="2468",
            pets="Katt",
            smoking=True,
            patient_lift=True,
            risk_notes="Glatt trapp om vinteren",
        ),
    )
    ResourcePerson.objects.create(
        client=astrid, name="Ola Østli", relation="child", phone="900 11 222"
    )
    return published


def visit_url(visit: Visit) -> str:
    return reverse("web:my_day_visit", args=[visit.public_id])


def test_the_nurse_sees_the_day_of_the_published_plan(pub: PublishedDay) -> None:
    http = login("nils")
    assert 'href="/min-dag/"' in http.get(reverse("web:client_list")).content.decode()
    page = http.get(reverse("web:my_day"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("Astrid Østli") < html.index("Hans Østli") < html.index("Bjørn Østli")
    assert "sammen med Anne Aas" in html
    assert "https://maps.google.com/?q=59.915000,10.770000" in html
    assert "geo:59.915000,10.770000" in html
    assert visit_url(pub.astrid_medication) in html
    assert "min reise" in html
    # Each client's service says something about their health: one row per client and day.
    logged = AccessLog.objects.filter(user=pub.world.nurse, what="day_list")
    assert sorted(r.client.first_name for r in logged) == ["Astrid", "Bjørn", "Hans"]
    assert {r.reason for r in logged} == {AccessReason.PLANNED_VISIT}
    http.get(reverse("web:my_day"))  # opened again the same day: nothing more
    assert AccessLog.objects.filter(what="day_list").count() == 3


def test_only_yesterday_today_and_tomorrow(pub: PublishedDay) -> None:
    http = login("nils")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert http.get(reverse("web:my_day"), {"dato": tomorrow.isoformat()}).status_code == 200
    far = timezone.localdate() + dt.timedelta(days=2)
    page = http.get(reverse("web:my_day"), {"dato": far.isoformat()})
    assert page.status_code == 302 and page["Location"] == reverse("web:my_day")
    assert http.get(reverse("web:my_day"), {"dato": "nonsense"}).status_code == 302


def test_a_user_without_visits_to_make_is_refused(pub: PublishedDay) -> None:
    http = HttpClient()
    assert http.login(username="admin", password=PASSWORD)
    assert http.get(reverse("web:my_day")).status_code == 403
    nav = login("per").get(reverse("web:client_list")).content.decode()
    assert 'href="/min-dag/"' not in nav  # a planner's menu has no Min dag


def test_the_visit_page_shows_what_to_know_before_the_door_and_logs_the_reads(
    pub: PublishedDay,
) -> None:
    page = login("nils").get(visit_url(pub.astrid_medication))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Før døra" in html
    assert "Katt" in html and "Glatt trapp om vinteren" in html
    assert 'href="tel:90011222"' in html and "Ola Østli" in html
    assert "2468" not in html  # the code only behind its button
    assert reverse("web:my_day_code", args=[pub.astrid_medication.public_id]) in html
    # A deviation at this visit is one tap away, with the visit filled in.
    assert f"?besok={pub.astrid_medication.public_id}" in html
    logged = AccessLog.objects.filter(user=pub.world.nurse, client=pub.astrid_medication.client)
    assert set(logged.values_list("what", "reason")) == {
        ("home_notes", AccessReason.PLANNED_VISIT),
        ("resource_persons", AccessReason.PLANNED_VISIT),
        # The notes section: the last notes of both records, for the planned nurse.
        ("journal", AccessReason.PLANNED_VISIT),
        ("case_file", AccessReason.PLANNED_VISIT),
        # The medication section: the doses due at the visit.
        ("medication", AccessReason.PLANNED_VISIT),
    }


def test_the_visit_page_logs_each_section_once_in_the_order_it_shows_them(
    pub: PublishedDay,
) -> None:
    """The view reads every section through its selector (no template reads): one row per
    read, the door first, then medication, then the notes of both records."""
    login("nils").get(visit_url(pub.astrid_medication))
    logged = AccessLog.objects.filter(user=pub.world.nurse).order_by("id")
    assert [(r.client, r.what, r.reason) for r in logged] == [
        (pub.astrid_medication.client, what, AccessReason.PLANNED_VISIT)
        for what in ("home_notes", "resource_persons", "medication", "journal", "case_file")
    ]


def test_another_nurse_of_the_team_may_not_open_the_visit(pub: PublishedDay) -> None:
    http = login("anne")  # Øst, planned today, but not for Astrid
    assert http.get(visit_url(pub.astrid_medication)).status_code == 404
    code = reverse("web:my_day_code", args=[pub.astrid_medication.public_id])
    assert http.post(code).status_code == 404
    assert login("siri").get(visit_url(pub.astrid_medication)).status_code == 404
    assert http.get(visit_url(pub.hans_second)).status_code == 200  # her own
    assert not AccessLog.objects.filter(what="entry_code").exists()


def test_the_code_is_shown_to_the_planned_caregiver_and_every_showing_logged(
    pub: PublishedDay,
) -> None:
    http = login("nils")
    url = reverse("web:my_day_code", args=[pub.astrid_medication.public_id])
    for _ in range(2):
        shown = http.post(url)
        assert shown.status_code == 200 and "2468" in shown.content.decode()
    rows = AccessLog.objects.filter(what="entry_code", user=pub.world.nurse)
    assert rows.count() == 2
    assert {r.reason for r in rows} == {AccessReason.PLANNED_VISIT}
    assert http.get(url).status_code == 405  # never by GET (no code in a link or a cache)


def test_the_code_is_not_shown_on_another_day(pub: PublishedDay) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    Plan.objects.filter(pk=pub.plan.pk).update(date=tomorrow)
    Visit.objects.filter(pk=pub.astrid_medication.pk).update(date=tomorrow)
    http = login("nils")
    page = http.get(visit_url(pub.astrid_medication)).content.decode()
    assert "Koden vises bare på besøksdagen." in page
    url = reverse("web:my_day_code", args=[pub.astrid_medication.public_id])
    assert http.post(url).status_code == 403
    assert not AccessLog.objects.filter(what="entry_code").exists()


def check_url(visit: Visit, action: str) -> str:
    return reverse("web:my_day_check", args=[visit.public_id, action])


def test_check_in_and_out_by_post_and_a_replayed_post_applies_once(pub: PublishedDay) -> None:
    http = login("nils")
    visit = pub.astrid_medication
    page = http.get(visit_url(visit)).content.decode()
    assert check_url(visit, "sjekk-inn") in page and 'name="key"' in page
    key = str(uuid.uuid4())
    for _ in range(2):
        done = http.post(check_url(visit, "sjekk-inn"), {"key": key})
        assert done.status_code == 302 and done["Location"] == visit_url(visit)
    assert VisitCheck.objects.filter(visit=visit).count() == 1
    page = http.get(visit_url(visit)).content.decode()
    assert "Sjekket inn" in page and check_url(visit, "sjekk-ut") in page
    out = http.post(check_url(visit, "sjekk-ut"), {"key": str(uuid.uuid4())})
    assert out.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE
    refused = http.post(check_url(visit, "sjekk-ut"), {"key": str(uuid.uuid4())}, follow=True)
    assert "Du har allerede sjekket ut av dette besøket." in refused.content.decode()
    assert VisitCheck.objects.filter(visit=visit).count() == 2


def test_the_check_endpoint_speaks_json_for_an_offline_queue(pub: PublishedDay) -> None:
    http = login("nils")
    visit = pub.astrid_medication
    key = str(uuid.uuid4())
    at = (timezone.now() - dt.timedelta(minutes=10)).isoformat()
    body = {"key": key, "at": at, "share_position": True, "lat": 59.915, "lon": 10.77}
    first = http.post(check_url(visit, "sjekk-inn"), body, content_type="application/json")
    again = http.post(check_url(visit, "sjekk-inn"), body, content_type="application/json")
    assert first.status_code == again.status_code == 200
    assert first.json()["check"] == again.json()["check"]
    assert first.json()["check"]["idempotency_key"] == key
    conflict = http.post(
        check_url(visit, "sjekk-ut"), {"key": key}, content_type="application/json"
    )
    assert conflict.status_code == 422
    assert conflict.json()["errors"]["idempotency_key"][0]["rule"] == "conflict"
    check = VisitCheck.objects.get()
    assert (check.lat, check.lon, check.position_consent) == (59.915, 10.77, True)


def test_another_nurse_may_not_check_in(pub: PublishedDay) -> None:
    http = login("anne")
    done = http.post(check_url(pub.astrid_medication, "sjekk-inn"), {"key": str(uuid.uuid4())})
    assert done.status_code == 404
    assert not VisitCheck.objects.exists()


def test_the_queue_gets_refusals_as_json_to_show_and_keep(pub: PublishedDay) -> None:
    """Another caregiver's visit is 404 and a bad form 422, both as JSON with a reason."""
    other = login("anne").post(
        check_url(pub.astrid_medication, "sjekk-inn"),
        {"key": str(uuid.uuid4())},
        content_type="application/json",
    )
    assert other.status_code == 404
    assert other.json()["errors"]["__all__"][0]["rule"] == "not_found"
    unread = login("nils").post(
        check_url(pub.astrid_medication, "sjekk-inn"),
        {"key": "not-a-uuid"},
        content_type="application/json",
    )
    assert unread.status_code == 422
    assert unread.json()["errors"]["key"][0]["rule"] == "invalid"
    assert not VisitCheck.objects.exists()

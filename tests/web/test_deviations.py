"""The deviation pages: Nils reports on his phone, Tone sees it counted and follows it up."""

from __future__ import annotations

import datetime as dt

from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from hverdag.access.models import AccessLog
from hverdag.deviations.inputs import DeviationInput
from hverdag.deviations.models import Deviation, DeviationStatus
from hverdag.deviations.services import do_report_deviation
from tests.builders.people import PASSWORD, World


def login(username: str) -> HttpClient:
    http = HttpClient(HTTP_ACCEPT_LANGUAGE="en")
    assert http.login(username=username, password=PASSWORD)
    return http


def local(when: dt.datetime) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def form(world: World, **changes: str) -> dict[str, str]:
    data = {
        "client": str(world.ingrid.public_id),
        "kind": "medication_error",
        "severity": "critical",
        "happened_at": local(timezone.now() - dt.timedelta(minutes=30)),
        "description": "Morgendosen ble gitt to ganger.",
        "immediate_action": "Ringte legevakten.",
    }
    return data | changes


def report(world: World, **changes: object) -> Deviation:
    data = {
        "kind": "fall",
        "severity": "low",
        "happened_at": timezone.now() - dt.timedelta(hours=2),
        "description": "Snublet i gangen.",
        "client": world.ingrid,
    } | changes
    return do_report_deviation(world.nurse, DeviationInput(**data))  # type: ignore[arg-type]


def test_nils_reports_from_the_client_page_and_lands_on_the_report(world: World) -> None:
    http = login("nils")
    client_page = http.get(reverse("web:client_detail", args=[world.ingrid.public_id]))
    new_url = reverse("web:deviation_new") + f"?bruker={world.ingrid.public_id}"
    assert new_url in client_page.content.decode()

    page = http.get(new_url)
    assert page.status_code == 200
    assert f'<option value="{world.ingrid.public_id}" selected>' in page.content.decode()

    response = http.post(new_url, form(world))
    deviation = Deviation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:deviation_detail", args=[deviation.public_id])
    assert (deviation.kind, deviation.severity, deviation.team) == (
        "medication_error",
        "critical",
        world.ost,
    )
    shown = http.get(response["Location"]).content.decode()
    assert "Morgendosen ble gitt to ganger." in shown
    assert AccessLog.objects.filter(user=world.nurse, what="deviation").count() == 1


def test_a_refused_report_shows_the_rule_next_to_the_field(world: World) -> None:
    future = local(timezone.now() + dt.timedelta(days=1))
    response = login("nils").post(
        reverse("web:deviation_new"), form(world, happened_at=future, description="")
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "The time cannot be in the future." in page
    assert "Describe what happened." in page
    # Every rule at once: the service, not the form, names the missing choices too.
    page = (
        login("nils")
        .post(reverse("web:deviation_new"), form(world, kind="", severity=""))
        .content.decode()
    )
    assert "Choose what kind of deviation it is." in page
    assert "Choose how serious it is." in page
    assert not Deviation.objects.exists()


def test_tone_sees_the_count_and_the_list_with_serious_ones_marked(world: World) -> None:
    report(world)
    report(world, severity="critical", kind="medication_error")
    closed = report(world, kind="other")
    Deviation.objects.filter(pk=closed.pk).update(status=DeviationStatus.CLOSED)

    page = login("tone").get(reverse("web:deviation_list")).content.decode()
    assert "Deviations in your team" in page
    assert "Deviations <span" in page and "(2)</span>" in page
    assert page.index("Medication error") < page.index("Fall") < page.index("Other")
    assert page.count('class="serious ') == 1

    nurse_page = login("nils").get(reverse("web:deviation_list")).content.decode()
    assert "Deviations you reported" in nurse_page
    assert "(2)</span>" not in nurse_page


def test_the_badge_costs_one_query(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from django.test import RequestFactory

    from hverdag.web.context import navigation

    report(world)
    request = RequestFactory().get("/")
    request.user = world.team_leader
    from hverdag.access import policy

    policy.assignments(world.team_leader)  # loaded once per request anyway
    with django_assert_max_num_queries(1):
        context = navigation(request)
    assert context["deviation_count"] == 1


def test_tone_follows_up_and_closes_with_a_note(world: World) -> None:
    deviation = report(world)
    http = login("tone")
    url = reverse("web:deviation_detail", args=[deviation.public_id])
    page = http.get(url).content.decode()
    assert 'name="new_status"' in page

    refused = http.post(url, {"text": "", "new_status": "closed"})
    assert refused.status_code == 422
    assert "Write what was done before closing." in refused.content.decode()

    response = http.post(url, {"text": "Sklimatte bestilt.", "new_status": "closed"})
    assert response.status_code == 302
    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.CLOSED
    assert "Sklimatte bestilt." in http.get(url).content.decode()


def test_the_reporter_adds_a_note_but_gets_no_status_select(world: World) -> None:
    deviation = report(world)
    http = login("nils")
    url = reverse("web:deviation_detail", args=[deviation.public_id])
    assert 'name="new_status"' not in http.get(url).content.decode()
    # A forged status is ignored: the reporter's form has no such field.
    http.post(url, {"text": "Datteren er informert.", "new_status": "closed"})
    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.OPEN
    assert deviation.events.get().text == "Datteren er informert."


def test_a_client_user_is_refused(world: World) -> None:
    deviation = report(world)
    http = login("ingrid")
    assert http.get(reverse("web:deviation_new")).status_code == 403
    assert http.post(reverse("web:deviation_new"), form(world)).status_code == 403
    assert http.get(reverse("web:deviation_list")).status_code == 403
    detail = reverse("web:deviation_detail", args=[deviation.public_id])
    assert http.get(detail).status_code == 403
    assert Deviation.objects.count() == 1


def test_another_teams_nurse_gets_not_found(world: World) -> None:
    deviation = report(world)
    detail = reverse("web:deviation_detail", args=[deviation.public_id])
    assert login("siri").get(detail).status_code == 404

"""The client pages: who sees what, what is logged, and that forms report rules."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from hverdag.access.models import AccessLog, AuditEvent, BreakGlass
from hverdag.clients.models import Client, HomeNotes
from hverdag.core import identity_numbers
from tests.builders.people import PASSWORD, World


def login(username: str) -> HttpClient:
    http = HttpClient(HTTP_ACCEPT_LANGUAGE="en")
    assert http.login(username=username, password=PASSWORD)
    return http


def test_login_page_and_redirect(world: World) -> None:
    http = HttpClient()
    assert http.get("/").status_code == 302
    page = http.get(reverse("web:login"))
    assert page.status_code == 200
    assert 'name="username"' in page.content.decode()
    assert http.get(reverse("web:client_list")).status_code == 302


def test_client_list_shows_basic_details_without_identity_numbers(world: World) -> None:
    page = login("nils").get(reverse("web:client_list"), {"q": "hansen"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Hansen, Ingrid" in html
    assert world.ingrid.identity_number not in html
    assert not AccessLog.objects.exists()  # basic details are not health information


def test_htmx_search_returns_only_the_rows(world: World) -> None:
    page = login("kari").get(reverse("web:client_list"), {"q": "ingrid"}, HTTP_HX_REQUEST="true")
    html = page.content.decode()
    assert "<html" not in html
    assert "Hansen, Ingrid" in html


def test_provider_admin_finds_only_own_clients(world: World) -> None:
    from tests.builders.people import make_client

    make_client(world.oslo, world.gamle_oslo, world.ost, "Olav", "Berg", seed=2)
    html = login("pia").get(reverse("web:client_list")).content.decode()
    assert "Hansen, Ingrid" in html
    assert "Berg, Olav" not in html


@pytest.mark.parametrize(
    ("who", "section"),
    [
        ("nils", "overview"),
        ("nils", "home"),
        ("nils", "intake"),
        ("nils", "decisions"),
        ("tone", "log"),
    ],
)
def test_team_staff_read_each_section_and_it_is_logged(
    world: World, who: str, section: str
) -> None:
    url = reverse("web:client_section", args=[world.ingrid.public_id, section])
    page = login(who).get(url)
    assert page.status_code == 200
    row = AccessLog.objects.get()
    # Nils is her contact person; Tone leads her team.
    reason = "contact_person" if who == "nils" else "team"
    assert (row.user.username, row.client, row.reason) == (who, world.ingrid, reason)


def test_nurse_of_another_team_sees_name_but_no_record(world: World) -> None:
    page = login("siri").get(reverse("web:client_section", args=[world.ingrid.public_id, "home"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ingrid Hansen" in html
    assert "No care relationship" in html
    assert world.ingrid.identity_number not in html
    assert not AccessLog.objects.exists()


def test_break_glass_from_the_page_opens_the_record_and_flags_it(world: World) -> None:
    http = login("siri")
    url = reverse("web:break_glass", args=[world.ingrid.public_id])
    refused = http.post(url, {"template": "urgent_care", "reason_text": "kort"})
    assert refused.status_code == 422
    assert not BreakGlass.objects.exists()
    http.post(url, {"template": "urgent_care", "reason_text": "Alarm utløst, ingen på team Øst"})
    page = http.get(reverse("web:client_detail", args=[world.ingrid.public_id]))
    assert world.ingrid.identity_number in page.content.decode()
    assert AccessLog.objects.get().reason == "break_glass"


def test_client_outside_the_district_is_not_found(world: World) -> None:
    page = login("nils").get(
        reverse("web:client_detail", args=["00000000-0000-0000-0000-000000000000"])
    )
    assert page.status_code == 404


def test_register_form_reports_the_rule_and_saves_nothing(world: World) -> None:
    http = login("kari")
    data = {
        "identity_number": "12345678901",
        "first_name": "Bjørg",
        "last_name": "Ødegård",
        "street_address": "Jens Bjelkes gate 14",
        "postal_code": "0562",
        "postal_place": "Oslo",
        "preferred_language": "norsk",
        "team": str(world.ost.public_id),
    }
    page = http.post(reverse("web:client_register"), data)
    assert page.status_code == 200
    assert "check digit" in page.content.decode()
    assert Client.objects.count() == 1
    data["identity_number"] = identity_numbers.generate(
        dt.date(1936, 11, 2), random.Random(5), synthetic=False
    )
    done = http.post(reverse("web:client_register"), data)
    assert done.status_code == 302
    assert Client.objects.count() == 2


def test_the_register_form_tells_the_caseworker_what_is_wrong_in_bokmal(world: World) -> None:
    http = HttpClient()  # bokmål, the default
    assert http.login(username="kari", password=PASSWORD)
    data = {
        "identity_number": "12345678901",
        "first_name": "Bjørg",
        "last_name": "Ødegård",
        "street_address": "Jens Bjelkes gate 14",
        "postal_code": "562",
        "postal_place": "Oslo",
        "preferred_language": "norsk",
        "team": str(world.ost.public_id),
    }
    page = http.post(reverse("web:client_register"), data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Første kontrollsiffer (siffer 10) er feil." in html
    assert "Postnummeret må ha fire sifre." in html
    assert "Postal code" not in html and "check digit" not in html
    assert Client.objects.count() == 1


def test_register_page_is_for_caseworkers_only(world: World) -> None:
    assert login("nils").get(reverse("web:client_register")).status_code == 403


def test_home_notes_form_saves_a_new_version_and_the_code_is_shown_only_on_request(
    world: World,
) -> None:
    http = login("nils")
    url = reverse("web:home_notes_save", args=[world.ingrid.public_id])
    http.post(url, {"entry_method": "key_box", "entry_code": "2468", "pets": "Hund"})
    notes = HomeNotes.objects.get()
    page = http.get(reverse("web:client_section", args=[world.ingrid.public_id, "home"]))
    assert "2468" not in page.content.decode()
    code = http.post(reverse("web:reveal_code", args=[world.ingrid.public_id]))
    assert "2468" in code.content.decode()
    assert AccessLog.objects.filter(what="entry_code").count() == 1
    assert AuditEvent.objects.get(action="home_notes.record").object_id == str(notes.pk)


def test_home_notes_form_refuses_key_box_without_code(world: World) -> None:
    page = login("nils").post(
        reverse("web:home_notes_save", args=[world.ingrid.public_id]), {"entry_method": "key_box"}
    )
    assert page.status_code == 422
    assert not HomeNotes.objects.exists()


def test_intake_form_records_scores(world: World) -> None:
    http = login("kari")
    url = reverse("web:intake_new", args=[world.ingrid.public_id])
    assert http.get(url).status_code == 200
    page = http.post(
        url,
        {
            "assessed_on": dt.date.today().isoformat(),
            "home_visit": "on",
            "what_matters": "Bo hjemme",
            "manages_self": "Spise",
            "resources": "Datter",
            "score_dressing": "4",
            "goal_0_description": "Gå til butikken",
            "goal_0_kind": "reablement",
            "goal_0_follow_up_on": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert page.status_code == 302
    assessment = world.ingrid.assessments.get()
    assert assessment.scores.get().score == 4
    assert assessment.goals.get().description == "Gå til butikken"


def test_nurse_cannot_open_the_intake_form(world: World) -> None:
    assert (
        login("nils").get(reverse("web:intake_new", args=[world.ingrid.public_id])).status_code
        == 403
    )


def test_list_starts_on_the_users_own_team_and_all_teams_is_a_choice(world: World) -> None:
    from tests.builders.people import make_client

    make_client(world.oslo, world.gamle_oslo, world.vest, "Vera", "Vestli", seed=3)
    http = login("nils")
    own = http.get(reverse("web:client_list")).content.decode()
    assert "Hansen, Ingrid" in own
    assert "Vestli, Vera" not in own
    everyone = http.get(reverse("web:client_list"), {"team": ""}).content.decode()
    assert "Vestli, Vera" in everyone


@pytest.mark.parametrize("who", ["ingrid", "hege", "admin"])
def test_clients_their_family_and_admins_do_not_use_the_staff_pages(world: World, who: str) -> None:
    page = login(who).get(reverse("web:client_list"))
    assert page.status_code == 403
    assert "Hansen, Ingrid" not in page.content.decode()


def test_bokmal_by_default_and_english_on_request(world: World) -> None:
    http = HttpClient()
    assert http.login(username="kari", password=PASSWORD)
    assert "<h1>Brukere</h1>" in http.get(reverse("web:client_list")).content.decode()
    http.post(reverse("set_language"), {"language": "en", "next": "/clients/"})
    assert "<h1>Clients</h1>" in http.get(reverse("web:client_list")).content.decode()


def test_caseworker_edits_client_details_with_an_audit_of_the_change(world: World) -> None:
    http = login("kari")
    url = reverse("web:client_edit", args=[world.ingrid.public_id])
    assert http.get(url).status_code == 200
    data = {
        "identity_number": world.ingrid.identity_number,
        "first_name": "Ingrid",
        "last_name": "Hansen",
        "street_address": "Tøyengata 14",
        "lat": "59.9142",
        "lon": "10.7696",
        "postal_code": "0190",
        "postal_place": "Oslo",
        "preferred_language": "norsk",
        "team": str(world.ost.public_id),
        "contact_person": str(world.nurse.employee.public_id),
        "practical_provider": str(world.private.public_id),
    }
    assert http.post(url, data).status_code == 302
    world.ingrid.refresh_from_db()
    assert world.ingrid.street_address == "Tøyengata 14"
    event = AuditEvent.objects.get(action="client.update")
    assert event.old == {"street_address": "Tøyengata 12"}
    assert event.new == {"street_address": "Tøyengata 14"}


def test_nurse_cannot_edit_client_details(world: World) -> None:
    url = reverse("web:client_edit", args=[world.ingrid.public_id])
    assert login("nils").get(url).status_code == 403


def test_client_list_query_count_does_not_grow_with_the_list(
    world: World, django_assert_max_num_queries: Any
) -> None:
    from tests.builders.people import make_client

    http = login("kari")
    http.get(reverse("web:client_list"))  # warm the session and role caches
    for i in range(30):
        make_client(world.oslo, world.gamle_oslo, world.ost, f"Navn{i}", "Etternavn", seed=100 + i)
    with django_assert_max_num_queries(6):
        page = http.get(reverse("web:client_list"))
    assert page.content.decode().count("Etternavn, Navn") == 30


def test_find_by_identity_number_keeps_the_number_out_of_urls(world: World) -> None:
    http = login("nils")
    found = http.post(reverse("web:client_find"), {"identity_number": world.ingrid.identity_number})
    assert found.status_code == 302
    assert found["Location"] == reverse("web:client_detail", args=[world.ingrid.public_id])
    assert world.ingrid.identity_number not in found["Location"]
    missing = http.post(reverse("web:client_find"), {"identity_number": "01010112345"})
    assert missing["Location"] == reverse("web:client_list")
    assert http.get(reverse("web:client_find")).status_code == 405  # never by GET


def test_find_by_identity_number_only_within_what_the_user_may_see(world: World) -> None:
    found = login("pia").post(
        reverse("web:client_find"), {"identity_number": world.ingrid.identity_number}
    )
    assert found["Location"].endswith(f"{world.ingrid.public_id}/")
    from tests.builders.people import make_client

    olav = make_client(world.oslo, world.gamle_oslo, world.ost, "Olav", "Berg", seed=2)
    hidden = login("pia").post(
        reverse("web:client_find"), {"identity_number": olav.identity_number}
    )
    assert hidden["Location"] == reverse("web:client_list")


def test_long_lists_are_paged(world: World) -> None:
    from tests.builders.people import make_client

    for i in range(55):
        make_client(world.oslo, world.gamle_oslo, world.ost, f"P{i:02d}", "Side", seed=200 + i)
    http = login("kari")
    first = http.get(reverse("web:client_list"), {"q": "Side"}).content.decode()
    second = http.get(reverse("web:client_list"), {"q": "Side", "side": "2"}).content.decode()
    assert first.count("Side, P") == 50
    assert second.count("Side, P") == 5
    assert "side=2" in first

"""The key register in the browser: Nils takes and returns Astrid's key from the visit page
(as a form and as the offline queue's JSON), Min dag lists the keys he has, and Tone keeps
team Øst's register, which shows nothing of another team or municipality."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from hverdag.access.models import Role, RoleAssignment
from hverdag.keys.models import Key, KeyAlert, KeyEvent, KeyEventKind, KeyKind
from hverdag.keys.selectors import OUT, state_of
from hverdag.keys.services import KeyInput, do_check_out_key, do_register_key, raise_key_alerts
from hverdag.org.models import District, Municipality, Team, Unit
from hverdag.staff.models import Profession
from tests.builders.key_cabinet import Cabinet, build_cabinet
from tests.builders.people import World, make_client, make_staff
from tests.web.test_my_day import login, visit_url


@pytest.fixture
def cab(world: World) -> Cabinet:
    return build_cabinet(world)


def key_url(cab: Cabinet, key: Key, action: str) -> str:
    return reverse(
        "web:my_day_key", args=[cab.pub.astrid_medication.public_id, key.public_id, action]
    )


def test_the_visit_page_lists_the_clients_keys_with_offline_forms(cab: Cabinet) -> None:
    html = login("nils").get(visit_url(cab.pub.astrid_medication)).content.decode()
    assert "Hovednøkkel + postkasse" in html and "Nøkkelskap Øst, krok 14" in html
    assert "Nøkkelboks ved inngangsdøra" in html
    assert "Bjørn" not in html.split('id="keys"')[1].split("</section>")[0]  # only Astrid's
    take = key_url(cab, cab.astrid_key, "ta")
    form = html.split(f'action="{take}"')[1].split("</form>")[0]
    assert "data-offline" in form and 'name="key"' in form and "csrfmiddlewaretoken" in form
    assert 'data-offline-id="key-take-' in form
    # A key box is not taken: no form for it.
    assert key_url(cab, cab.astrid_box, "ta") not in html


def test_take_and_return_by_post_and_a_replayed_post_applies_once(cab: Cabinet) -> None:
    http = login("nils")
    idem = str(uuid.uuid4())
    for _ in range(2):
        done = http.post(key_url(cab, cab.astrid_key, "ta"), {"key": idem})
        assert done.status_code == 302
        assert done["Location"] == visit_url(cab.pub.astrid_medication)
    assert KeyEvent.objects.count() == 1
    page = http.get(visit_url(cab.pub.astrid_medication)).content.decode()
    assert key_url(cab, cab.astrid_key, "lever") in page
    day = http.get(reverse("web:my_day")).content.decode()
    assert 'id="my-keys"' in day
    assert reverse("web:my_day_key_return", args=[cab.astrid_key.public_id]) in day
    back = http.post(key_url(cab, cab.astrid_key, "lever"), {"key": str(uuid.uuid4())})
    assert back.status_code == 302
    assert [e.kind for e in KeyEvent.objects.all()] == [
        KeyEventKind.CHECKED_OUT,
        KeyEventKind.RETURNED,
    ]


def test_the_queue_takes_a_key_as_json_and_gets_refusals_as_json(cab: Cabinet) -> None:
    http = login("nils")
    idem = str(uuid.uuid4())
    at = (timezone.now() - dt.timedelta(minutes=3)).isoformat()
    url = key_url(cab, cab.astrid_key, "ta")
    first = http.post(url, {"key": idem, "at": at}, content_type="application/json")
    again = http.post(url, {"key": idem, "at": at}, content_type="application/json")
    assert first.status_code == again.status_code == 200
    assert first.json()["key_event"] == again.json()["key_event"]
    assert first.json()["key_event"]["kind"] == "checked_out"
    conflict = http.post(
        key_url(cab, cab.astrid_key, "lever"), {"key": idem}, content_type="application/json"
    )
    assert conflict.status_code == 422
    assert conflict.json()["errors"]["idempotency_key"][0]["rule"] == "conflict"
    box = http.post(
        key_url(cab, cab.astrid_box, "ta"),
        {"key": str(uuid.uuid4())},
        content_type="application/json",
    )
    assert box.status_code == 422 and box.json()["errors"]["key"][0]["rule"] == "not_portable"
    assert KeyEvent.objects.count() == 1


def test_another_caregiver_gets_404_for_the_visits_keys(cab: Cabinet) -> None:
    anne = login("anne")
    url = key_url(cab, cab.astrid_key, "ta")
    assert anne.post(url, {"key": str(uuid.uuid4())}).status_code == 404
    refused = anne.post(url, {"key": str(uuid.uuid4())}, content_type="application/json")
    assert (
        refused.status_code == 404 and refused.json()["errors"]["__all__"][0]["rule"] == "not_found"
    )
    # The queue shows the message to the caregiver as it comes, so it is in bokmål.
    unknown = reverse(
        "web:my_day_key", args=[cab.pub.astrid_medication.public_id, uuid.uuid4(), "ta"]
    )
    gone = login("nils").post(unknown, {"key": str(uuid.uuid4())}, content_type="application/json")
    assert gone.status_code == 404
    assert gone.json()["errors"]["__all__"] == [
        {"rule": "not_found", "message": "Fant ikke nøkkelen."}
    ]
    # Nor Bjørn's key through Astrid's visit.
    other = key_url(cab, cab.bjorn_key, "ta")
    assert login("nils").post(other, {"key": str(uuid.uuid4())}).status_code == 404
    # Nor a key Anne does not hold from Min dag's return.
    do_check_out_key(
        cab.world.nurse, cab.astrid_key, cab.pub.astrid_medication, timezone.now(), uuid.uuid4()
    )
    back = reverse("web:my_day_key_return", args=[cab.astrid_key.public_id])
    assert anne.post(back, {"key": str(uuid.uuid4())}).status_code == 404
    assert KeyEvent.objects.count() == 1


def test_the_team_leader_sees_the_register_and_registers_a_return_on_behalf(
    cab: Cabinet,
) -> None:
    do_check_out_key(
        cab.world.nurse, cab.astrid_key, cab.pub.astrid_medication, timezone.now(), uuid.uuid4()
    )
    http = login("tone")
    nav = http.get(reverse("web:client_list")).content.decode()
    assert f'href="{reverse("web:key_register")}"' in nav
    page = http.get(reverse("web:key_register"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ø-14" in html and "Ø-15" in html and "Nils Sykepleier" in html
    back = reverse("web:key_action", args=[cab.astrid_key.public_id, "levert"])
    assert back in html
    done = http.post(back, {"key": str(uuid.uuid4())})
    assert done.status_code == 302 and done["Location"] == reverse("web:key_register")
    event = KeyEvent.objects.latest("id")
    assert (event.kind, event.employee, event.recorded_by) == (
        KeyEventKind.RETURNED,
        cab.pub.nils,
        cab.world.team_leader,
    )


def test_the_register_highlights_an_overdue_key_and_the_menu_counts_it(cab: Cabinet) -> None:
    at = timezone.now() - dt.timedelta(minutes=1)
    do_check_out_key(cab.world.nurse, cab.astrid_key, cab.pub.astrid_medication, at, uuid.uuid4())
    raise_key_alerts(timezone.now() + dt.timedelta(days=1))
    assert KeyAlert.objects.count() == 1
    html = login("tone").get(reverse("web:key_register")).content.decode()
    assert "key-card key-out overdue" in html
    assert '<span class="count"' in html
    day = login("nils").get(reverse("web:my_day")).content.decode()
    assert 'role="alert"' in day and "Hovednøkkel + postkasse" in day


def test_the_leader_registers_and_retires_a_key_from_the_page(cab: Cabinet) -> None:
    http = login("tone")
    bjorn = cab.bjorn_key.client
    made = http.post(
        reverse("web:key_register"),
        {
            "client": bjorn.pk,
            "kind": KeyKind.KEY,
            "label": "Reserve",
            "tag": "Ø-15",
            "location": "Krok 16",
        },
    )
    assert made.status_code == 200  # the form again, with the refusal on the number
    assert '<details class="card keys-new" open' in made.content.decode()
    assert '<ul class="errorlist"' in made.content.decode()
    assert Key.objects.filter(tag="Ø-15").count() == 1
    made = http.post(
        reverse("web:key_register"),
        {
            "client": bjorn.pk,
            "kind": KeyKind.KEY,
            "label": "Reserve",
            "tag": "Ø-16",
            "location": "Krok 16",
        },
    )
    assert made.status_code == 302
    key = Key.objects.get(tag="Ø-16")
    http.post(
        reverse("web:key_action", args=[key.public_id, "pensjoner"]), {"key": str(uuid.uuid4())}
    )
    assert not Key.objects.get(pk=key.pk).active


def test_field_staff_and_other_teams_have_no_register(cab: Cabinet, world: World) -> None:
    assert login("nils").get(reverse("web:key_register")).status_code == 404
    nav = login("nils").get(reverse("web:my_day")).content.decode()
    assert f'href="{reverse("web:key_register")}"' not in nav
    vera_user = make_staff(
        world.oslo, world.municipal, "vera", "Vera", "Vest", Role.TEAM_LEADER,
        Profession.TEAM_LEADER, world.vest,
    )  # fmt: skip
    siri_client = make_client(world.oslo, world.gamle_oslo, world.vest, "Sigrid", "Vik", seed=77)
    vest_key = do_register_key(
        vera_user,
        KeyInput(siri_client, "Hoveddør", KeyKind.KEY, "V-1", "Nøkkelskap Vest, krok 1"),
    )
    vera = login("vera")
    html = vera.get(reverse("web:key_register")).content.decode()
    assert "V-1" in html and "Ø-14" not in html and "Astrid" not in html
    # Øst's register by its address, and an Øst key's actions: not found for Vera.
    assert vera.get(reverse("web:key_register_team", args=[world.ost.public_id])).status_code == 404
    url = reverse("web:key_action", args=[cab.astrid_key.public_id, "pensjoner"])
    assert vera.post(url, {"key": str(uuid.uuid4())}).status_code == 404
    assert Key.objects.get(pk=cab.astrid_key.pk).active
    tone = login("tone").get(reverse("web:key_register")).content.decode()
    assert "V-1" not in tone and "Sigrid" not in tone
    assert state_of(vest_key).status != OUT


def test_no_leak_across_municipalities(cab: Cabinet, world: World) -> None:
    bergen = Municipality.objects.create(name="Bergen", number="4601")
    district = District.objects.create(
        municipality=bergen, name="Årstad", number="460101", phone="1", email="a@b.no",
        postal_address="x",
    )  # fmt: skip
    unit = Unit.objects.create(district=district, name="Hjemmetjenesten")
    team = Team.objects.create(unit=unit, municipality=bergen, name="Team Øst", slug="ost")
    from hverdag.org.models import Provider

    provider = Provider.objects.create(municipality=bergen, name="Bergen kommune")
    make_staff(bergen, provider, "berit", "Berit", "Bergen", Role.TEAM_LEADER,
               Profession.TEAM_LEADER, team)  # fmt: skip
    assert RoleAssignment.objects.filter(user__username="berit").count() == 1
    berit = login("berit")
    html = berit.get(reverse("web:key_register")).content.decode()
    assert "Ø-14" not in html and "Astrid" not in html
    assert (
        berit.get(reverse("web:key_register_team", args=[world.ost.public_id])).status_code == 404
    )
    url = reverse("web:key_action", args=[cab.astrid_key.public_id, "levert"])
    assert berit.post(url, {"key": str(uuid.uuid4())}).status_code == 404

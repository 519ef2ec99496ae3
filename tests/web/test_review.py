from django.test import Client as HttpClient
from django.urls import reverse

from hverdag.access.models import AuditEvent, BreakGlass
from hverdag.access.services import do_open_break_glass
from tests.builders.people import PASSWORD, World


def login(username: str) -> HttpClient:
    http = HttpClient(HTTP_ACCEPT_LANGUAGE="en")
    assert http.login(username=username, password=PASSWORD)
    return http


def test_team_leader_sees_and_reviews_emergency_access_to_her_clients(world: World) -> None:
    glass = do_open_break_glass(
        world.nurse_vest, world.ingrid, "urgent_care", "Alarm, ingen fra Øst tilgjengelig"
    )
    http = login("tone")
    page = http.get(reverse("web:break_glass_list")).content.decode()
    assert "Siri Vest" in page and "Alarm, ingen fra Øst tilgjengelig" in page
    http.post(reverse("web:break_glass_review", args=[glass.public_id]), {"note": "OK"})
    glass.refresh_from_db()
    assert glass.reviewed_by == world.team_leader
    assert glass.review_note == "OK"
    assert "Nothing to review" in http.get(reverse("web:break_glass_list")).content.decode()


def test_others_cannot_review(world: World) -> None:
    glass = do_open_break_glass(
        world.nurse_vest, world.ingrid, "urgent_care", "Alarm, ingen fra Øst tilgjengelig"
    )
    assert login("nils").get(reverse("web:break_glass_list")).status_code == 403
    response = login("nils").post(reverse("web:break_glass_review", args=[glass.public_id]))
    assert response.status_code == 404
    assert BreakGlass.objects.get().reviewed_at is None
    assert not AuditEvent.objects.filter(action="break_glass.review").exists()

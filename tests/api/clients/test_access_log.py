"""/clients/{id}/access-log: the client's right to see who has read their record."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hverdag.access.models import AccessLog, Role, RoleAssignment, User
from hverdag.access.services import do_open_break_glass
from hverdag.staff.models import Profession
from tests.api.conftest import Caller, Olav, counts
from tests.builders.people import World, make_staff

AsUser = Callable[[User | None], Caller]


def user_of(world: World, olav: Olav, who: str | None) -> User | None:
    return olav.user if who == "olav" else getattr(world, who) if who else None


def test_ingrid_sees_that_nils_read_her_assessments_through_the_api(
    world: World, as_: AsUser
) -> None:
    as_(world.nurse).get(f"/clients/{world.ingrid.public_id}/assessments")
    response = as_(world.client_user).get(f"/clients/{world.ingrid.public_id}/access-log")
    assert response.status_code == 200
    # Newest first: her own read of the log (logged before the log is read), then Nils's.
    assert response.json()["count"] == 2
    own, entry = response.json()["items"]
    assert (own["who"], own["what"], own["reason"]) == ("Ingrid Hansen", "access_log", "own_record")
    assert entry["who"] == "Nils Sykepleier"
    assert (entry["role"], entry["what"], entry["reason"], entry["channel"]) == (
        "field_staff",
        "assessments",
        "contact_person",
        "api",
    )
    assert entry["emergency"] is False
    # Reading the log is logged in turn, as the pages do.
    latest = AccessLog.objects.order_by("-id").first()
    assert latest is not None
    assert (latest.user, latest.what, latest.reason, latest.channel) == (
        world.client_user,
        "access_log",
        "own_record",
        "api",
    )


def test_emergency_access_shows_the_template_not_the_free_text(world: World, as_: AsUser) -> None:
    do_open_break_glass(
        world.nurse_vest, world.ingrid, "urgent_care", "Alarmen gikk, Ingrid svarer ikke."
    )
    assert (
        as_(world.nurse_vest).get(f"/clients/{world.ingrid.public_id}/home-notes").status_code
        == 200
    )
    log = as_(world.daughter).get(f"/clients/{world.ingrid.public_id}/access-log").json()
    _own, entry = log["items"]
    assert (entry["who"], entry["reason"], entry["emergency"], entry["emergency_reason"]) == (
        "Siri Vest",
        "break_glass",
        True,
        "urgent_care",
    )
    assert "Alarmen" not in str(entry)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 401),
        ("client_user", 200),
        ("daughter", 200),
        ("team_leader", 200),
        ("olav", 404),
        ("nurse", 403),  # a care relationship is not a right to see who else read
        ("caseworker", 403),
        ("planner", 403),
        ("nurse_vest", 403),
        ("provider_admin", 403),
        ("admin", 404),
    ],
)
def test_who_reads_the_access_log(
    world: World, olav: Olav, as_: AsUser, who: str | None, status: int
) -> None:
    as_(world.nurse).get(f"/clients/{world.ingrid.public_id}/assessments")
    caller = as_(user_of(world, olav, who))
    before = counts()
    response = caller.get(f"/clients/{world.ingrid.public_id}/access-log")
    assert response.status_code == status
    if status != 200:
        assert counts() == before
        return
    assert [e["what"] for e in response.json()["items"]] == ["access_log", "assessments"]
    assert counts() == before | {"AccessLog": before["AccessLog"] + 1}


def test_the_leader_of_another_team_may_not(world: World, as_: AsUser) -> None:
    leader_vest = make_staff(
        world.oslo,
        world.municipal,
        "vera",
        "Vera",
        "Vestleder",
        Role.TEAM_LEADER,
        Profession.TEAM_LEADER,
        world.vest,
    )
    assert RoleAssignment.objects.filter(user=leader_vest).count() == 1
    response = as_(leader_vest).get(f"/clients/{world.ingrid.public_id}/access-log")
    assert response.status_code == 403


def test_a_nurse_who_is_contact_person_still_may_not(world: World, as_: AsUser) -> None:
    world.ingrid.contact_person = world.nurse.employee
    world.ingrid.save()
    response = as_(world.nurse).get(f"/clients/{world.ingrid.public_id}/access-log")
    assert response.status_code == 403


def test_the_log_comes_in_pages(world: World, as_: AsUser) -> None:
    nils = as_(world.nurse)
    for _ in range(3):
        nils.get(f"/clients/{world.ingrid.public_id}/home-notes")
    page = as_(world.client_user).get(
        f"/clients/{world.ingrid.public_id}/access-log", limit=2, offset=1
    )
    assert page.json()["count"] == 4  # three reads by Nils and Ingrid's own read of the log
    assert [(e["who"], e["what"]) for e in page.json()["items"]] == [
        ("Nils Sykepleier", "home_notes"),
        ("Nils Sykepleier", "home_notes"),
    ]

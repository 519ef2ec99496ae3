"""The teams a user may name: those of their own municipality, never another's."""

from __future__ import annotations

from hverdag.access.models import User
from hverdag.access.selectors import visible_teams
from hverdag.org.models import District, Municipality, Team, Unit
from tests.builders.people import World


def test_staff_see_their_municipalitys_teams_and_not_bergens(world: World) -> None:
    bergen = Municipality.objects.create(name="Bergen", number="4601")
    district = District.objects.create(
        municipality=bergen, name="Årstad", number="460101", phone="1", email="a@b.no",
        postal_address="x",
    )  # fmt: skip
    unit = Unit.objects.create(district=district, name="Hjemmetjenesten")
    Team.objects.create(unit=unit, municipality=bergen, name="Team Øst", slug="ost")
    for user in (world.nurse, world.caseworker, world.admin):
        assert set(visible_teams(user)) == set(world.teams.values())
    assert not visible_teams(User.objects.create_user("nobody")).exists()

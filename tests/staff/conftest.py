"""Employees of the test story, by name."""

from __future__ import annotations

import pytest

from hverdag.staff.models import Employee, Profession
from tests.builders.people import World


@pytest.fixture
def nils(world: World) -> Employee:
    """Nils Sykepleier, nurse on team Øst."""
    return Employee.objects.get(user=world.nurse)


@pytest.fixture
def siri(world: World) -> Employee:
    """Siri Vest, nurse on team Vest."""
    return Employee.objects.get(user=world.nurse_vest)


@pytest.fixture
def helper(world: World) -> Employee:
    """Hanne Hjelper, home helper at the private provider Hjemmehjelp AS (no team)."""
    return Employee.objects.create(
        municipality=world.oslo,
        first_name="Hanne",
        last_name="Hjelper",
        profession=Profession.HOME_HELPER,
        provider=world.private,
    )

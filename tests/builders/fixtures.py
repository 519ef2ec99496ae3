"""The builders as pytest fixtures, registered for the whole suite by the root conftest.

``world``: the named people (tests/builders/people.py). ``day``: team Øst's planning day
(tests/builders/planning_day.py); ``today``: the day the planning day counts from.
"""

from __future__ import annotations

import pytest

from tests.builders.people import World, build_world
from tests.builders.planning_day import TODAY, PlanningDay, build_planning_day


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def day(world: World) -> PlanningDay:
    return build_planning_day(world)


@pytest.fixture
def today() -> object:
    return TODAY

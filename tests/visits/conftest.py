from __future__ import annotations

import pytest

from tests.factories import World
from tests.plans.planning_fixtures import TODAY, PlanningDay, build_planning_day


@pytest.fixture
def day(world: World) -> PlanningDay:
    return build_planning_day(world)


@pytest.fixture
def today() -> object:
    return TODAY

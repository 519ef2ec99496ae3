"""Min dag's data: the caregiver's stops in order, travel between them, the partner."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.utils import timezone

from hverdag.planning.travel import HaversineTravel, TransportMode
from hverdag.visits.selectors import my_day
from hverdag.visits.services import do_check_in
from tests.builders.people import World
from tests.builders.planning_day import build_planning_day
from tests.builders.published_day import PublishedDay, build_published_day, publish_rows


@pytest.fixture
def pub(world: World) -> PublishedDay:
    return build_published_day(world)


def test_the_stops_come_in_the_order_of_the_plan(pub: PublishedDay) -> None:
    day = my_day(pub.world.nurse, pub.day.date)
    assert [s.client.first_name for s in day.stops] == ["Astrid", "Hans", "Bjørn"]
    first = day.stops[0]
    assert timezone.localtime(first.start).strftime("%H:%M") == "08:00"
    assert first.end - first.start == dt.timedelta(minutes=pub.astrid_medication.minutes)
    assert first.address == "Tøyengata 12, 0190 Oslo"


def test_travel_is_reckoned_as_the_planner_does_with_the_caregivers_mode(
    pub: PublishedDay,
) -> None:
    day = my_day(pub.world.nurse, pub.day.date)
    nils = pub.nils
    points = [(nils.home_base_lat, nils.home_base_lon)] + [
        (s.client.lat, s.client.lon) for s in day.stops
    ]
    travel = HaversineTravel(points)  # type: ignore[arg-type]
    mode = TransportMode(nils.transport_mode)
    expected = [round(travel.time(i, i + 1, mode)) for i in range(len(day.stops))]
    assert [s.travel_minutes for s in day.stops] == expected
    assert day.travel_minutes == sum(expected)


def test_the_partner_on_a_double_staffed_visit_is_named(pub: PublishedDay) -> None:
    day = my_day(pub.world.nurse, pub.day.date)
    assert [s.partner_name for s in day.stops] == ["", "Anne Aas", ""]
    anne = pub.anne.user
    assert anne is not None
    annes = my_day(anne, pub.day.date)
    assert [s.partner_name for s in annes.stops] == [pub.nils.full_name]


def test_the_check_state_is_shown_per_stop(pub: PublishedDay) -> None:
    do_check_in(pub.world.nurse, pub.astrid_medication, timezone.now(), uuid.uuid4())
    day = my_day(pub.world.nurse, pub.day.date)
    assert [s.state for s in day.stops] == ["in_progress", "planned", "planned"]


def test_only_published_plans_and_only_the_days_own(pub: PublishedDay) -> None:
    tomorrow = pub.day.date + dt.timedelta(days=1)
    assert my_day(pub.world.nurse, tomorrow).stops == []
    assert my_day(pub.world.planner, pub.day.date).stops == []  # no visits planned for Per


@pytest.mark.parametrize("count", [4, 12])
def test_the_day_is_read_in_a_fixed_number_of_queries(
    world: World, count: int, django_assert_num_queries: Any
) -> None:
    day = build_planning_day(world, date=timezone.localdate())
    nils, anne = day.employees[0], day.employees[1]
    singles = [v for v in day.visits if v.partner_id is None][: count - 1]
    rows = [(v, nils, f"{8 + i // 2:02d}:{(i % 2) * 30:02d}") for i, v in enumerate(singles)]
    rows += [(day.visits[-2], nils, "16:00"), (day.visits[-1], anne, "16:00")]
    publish_rows(day, rows)
    do_check_in(world.nurse, singles[0], timezone.now(), uuid.uuid4())
    fresh = type(world.nurse).objects.get(pk=world.nurse.pk)  # as a new request has it
    with django_assert_num_queries(4):
        result = my_day(fresh, day.date)
    assert len(result.stops) == count

"""Visits from decisions: what the lines of a standing decision produce, and what a rerun changes.

Ingrid (team Øst) gets her medication from the municipal service and her cleaning from
Hjemmehjelp AS. "Today" is Monday 30 November 2026 unless a test says otherwise.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from hverdag.clients.models import Client, ClientAbsence
from hverdag.decisions.catalogue import install_catalogue
from hverdag.decisions.models import DecisionStatus, Service
from hverdag.visits import bulk, generation
from hverdag.visits.generation import GenerationReport, generate_for_client, generate_visits
from hverdag.visits.holidays import public_holidays
from hverdag.visits.models import (
    CancelReason,
    Plan,
    PlanEntry,
    PlanSource,
    PlanStatus,
    Visit,
    VisitStatus,
)
from hverdag.visits.tasks import generate_visits_task
from tests.builders.generation import (
    MONDAY,
    OSLO,
    SUNDAY,
    days,
    grant,
    line,
    local_start,
    other_municipality,
    replace,
    visits_of,
)
from tests.builders.people import World, build_world, make_client


@pytest.fixture
def services(world: World) -> dict[str, Service]:
    install_catalogue(world.oslo)
    return {s.code: s for s in Service.objects.filter(municipality=world.oslo)}


def run(world: World, first: dt.date, last: dt.date, today: dt.date = MONDAY) -> GenerationReport:
    return generate_visits(world.oslo, first, last, today=today)


def dates(visits: list[Visit]) -> list[dt.date]:
    return [v.date for v in visits]


# What a line produces -------------------------------------------------------------------


def test_a_line_produces_visits_on_its_weekdays_only(
    world: World, services: dict[str, Service]
) -> None:
    grant(world, world.ingrid, line(services["wound_care"], world.municipal, weekdays=[1, 3, 5]))
    run(world, MONDAY, MONDAY + dt.timedelta(days=13))
    assert dates(visits_of(world.ingrid)) == [
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 2),
        dt.date(2026, 12, 4),
        dt.date(2026, 12, 7),
        dt.date(2026, 12, 9),
        dt.date(2026, 12, 11),
    ]


def test_every_other_week_counts_from_the_monday_of_the_decisions_first_week(
    world: World, services: dict[str, Service]
) -> None:
    # Valid from Friday 4 December: its week began Monday 30 November, so that is week 0
    # and the first Thursday inside the validity, 3 December, is already past.
    grant(
        world,
        world.ingrid,
        line(services["cleaning"], world.private, weekdays=[4], every_n_weeks=2),
        valid_from=dt.date(2026, 12, 4),
    )
    run(world, MONDAY, dt.date(2027, 1, 3))
    assert dates(visits_of(world.ingrid)) == [dt.date(2026, 12, 17), dt.date(2026, 12, 31)]


def test_times_per_day_split_the_default_window_into_equal_parts(
    world: World, services: dict[str, Service]
) -> None:
    grant(
        world,
        world.ingrid,
        line(
            services["personal_hygiene"],
            world.municipal,
            times_per_day=3,
            minutes_per_visit=25,
            window_start=None,
            window_end=None,
        ),
    )
    run(world, MONDAY, MONDAY)
    visits = visits_of(world.ingrid)
    assert [
        (v.slot, local_start(v).time(), v.window_end.astimezone(OSLO).time()) for v in visits
    ] == [
        (0, dt.time(8, 0), dt.time(12, 20)),
        (1, dt.time(12, 20), dt.time(16, 40)),
        (2, dt.time(16, 40), dt.time(21, 0)),
    ]
    assert {v.minutes for v in visits} == {25}


def test_times_per_day_split_the_lines_own_window(
    world: World, services: dict[str, Service]
) -> None:
    grant(
        world,
        world.ingrid,
        line(
            services["medication"],
            world.municipal,
            times_per_day=2,
            window_start=dt.time(8, 0),
            window_end=dt.time(10, 0),
        ),
    )
    run(world, MONDAY, MONDAY)
    assert [
        (local_start(v).time(), v.window_end.astimezone(OSLO).time())
        for v in visits_of(world.ingrid)
    ] == [
        (dt.time(8, 0), dt.time(9, 0)),
        (dt.time(9, 0), dt.time(10, 0)),
    ]


def test_visits_fall_within_the_decisions_validity(
    world: World, services: dict[str, Service]
) -> None:
    grant(
        world,
        world.ingrid,
        line(services["medication"], world.municipal),
        valid_from=dt.date(2026, 12, 2),
        valid_to=dt.date(2026, 12, 5),
    )
    run(world, MONDAY, MONDAY + dt.timedelta(days=13))
    assert dates(visits_of(world.ingrid)) == days(dt.date(2026, 12, 2), 4)


@pytest.mark.parametrize(
    ("status", "produces"),
    [
        (DecisionStatus.DRAFT, False),
        (DecisionStatus.APPROVED, False),
        (DecisionStatus.SENT, True),
        (DecisionStatus.ACTIVE, True),
        (DecisionStatus.CHANGED, False),
        (DecisionStatus.ENDED, False),
    ],
)
def test_only_standing_decisions_produce_visits(
    world: World, services: dict[str, Service], status: str, produces: bool
) -> None:
    grant(world, world.ingrid, line(services["medication"], world.municipal), status=status)
    run(world, MONDAY, SUNDAY)
    assert len(visits_of(world.ingrid)) == (7 if produces else 0)


def test_an_inactive_client_gets_no_new_visits(world: World, services: dict[str, Service]) -> None:
    grant(world, world.ingrid, line(services["medication"], world.municipal))
    world.ingrid.active = False
    world.ingrid.save()
    run(world, MONDAY, SUNDAY)
    assert visits_of(world.ingrid) == []


def test_a_visit_has_the_fields_of_its_line_and_client(
    world: World, services: dict[str, Service]
) -> None:
    decision = grant(
        world,
        world.ingrid,
        line(services["cleaning"], world.private, weekdays=[2], minutes_per_visit=90),
    )
    run(world, MONDAY, SUNDAY)
    (visit,) = visits_of(world.ingrid)
    assert visit.provider == world.private
    assert visit.team == world.ost
    assert visit.municipality == world.oslo
    assert visit.line == decision.lines.get()
    assert visit.service == services["cleaning"]
    assert (visit.date, visit.slot, visit.position, visit.minutes) == (
        dt.date(2026, 12, 1),
        0,
        1,
        90,
    )
    assert (visit.status, visit.cancel_reason, visit.partner) == (VisitStatus.PLANNED, "", None)


# Holidays, absences ----------------------------------------------------------------------


def test_household_help_is_cancelled_on_public_holidays_and_health_care_is_not(
    world: World, services: dict[str, Service]
) -> None:
    grant(
        world,
        world.ingrid,
        line(services["medication"], world.municipal),
        line(services["personal_hygiene"], world.municipal),
        line(services["cleaning"], world.private, weekdays=[5]),
    )
    run(world, dt.date(2026, 12, 24), dt.date(2026, 12, 25))
    on_christmas = {
        v.service.code: (v.status, v.cancel_reason)
        for v in visits_of(world.ingrid, date=dt.date(2026, 12, 25))
    }
    assert on_christmas == {
        "medication": (VisitStatus.PLANNED, ""),
        "personal_hygiene": (VisitStatus.PLANNED, ""),
        "cleaning": (VisitStatus.CANCELLED, CancelReason.PUBLIC_HOLIDAY),
    }


def test_ordinary_sundays_are_not_public_holidays() -> None:
    assert public_holidays(dt.date(2026, 12, 1), dt.date(2026, 12, 31)) == {
        dt.date(2026, 12, 25),
        dt.date(2026, 12, 26),
    }


def test_an_absence_cancels_the_visits_and_withdrawing_it_restores_them(
    world: World, services: dict[str, Service]
) -> None:
    grant(world, world.ingrid, line(services["medication"], world.municipal))
    absence = ClientAbsence.objects.create(
        client=world.ingrid,
        starts_on=dt.date(2026, 12, 1),
        ends_on=dt.date(2026, 12, 3),
        registered_by=world.caseworker,
    )
    run(world, MONDAY, SUNDAY)
    cancelled = visits_of(world.ingrid, status=VisitStatus.CANCELLED)
    assert dates(cancelled) == days(dt.date(2026, 12, 1), 3)
    assert {v.cancel_reason for v in cancelled} == {CancelReason.CLIENT_ABSENT}

    absence.withdrawn_at = timezone.now()
    absence.save()
    # Two days later: 1 December has passed and stays as it was recorded.
    report = run(world, MONDAY, SUNDAY, today=dt.date(2026, 12, 2))
    assert report.restored == 2
    assert dates(visits_of(world.ingrid, status=VisitStatus.CANCELLED)) == [dt.date(2026, 12, 1)]


def test_a_new_absence_cancels_visits_already_generated(
    world: World, services: dict[str, Service]
) -> None:
    grant(world, world.ingrid, line(services["medication"], world.municipal))
    run(world, MONDAY, SUNDAY)
    ClientAbsence.objects.create(
        client=world.ingrid,
        starts_on=dt.date(2026, 12, 4),
        ends_on=dt.date(2026, 12, 20),
        registered_by=world.caseworker,
    )
    report = run(world, MONDAY, SUNDAY)
    assert (report.cancelled, report.unchanged) == (3, 4)


# Double-staffed --------------------------------------------------------------------------


def test_a_double_staffed_slot_is_two_visits_that_are_each_others_partner(
    world: World, services: dict[str, Service]
) -> None:
    grant(
        world,
        world.ingrid,
        line(services["personal_hygiene"], world.municipal, times_per_day=2, staff_count=2),
    )
    report = run(world, MONDAY, MONDAY)
    assert report.created == 4
    visits = visits_of(world.ingrid)
    assert [(v.slot, v.position) for v in visits] == [(0, 1), (0, 2), (1, 1), (1, 2)]
    for first, second in (visits[0:2], visits[2:4]):
        assert first.partner_id == second.pk
        assert second.partner_id == first.pk
        assert first.window_start == second.window_start


def test_partners_are_linked_where_the_database_returns_no_ids(
    world: World, services: dict[str, Service], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
    grant(world, world.ingrid, line(services["personal_hygiene"], world.municipal, staff_count=2))
    run(world, MONDAY, MONDAY + dt.timedelta(days=1))
    visits = visits_of(world.ingrid)
    assert len(visits) == 4
    for first, second in (visits[0:2], visits[2:4]):
        assert (first.partner_id, second.partner_id) == (second.pk, first.pk)


def test_a_line_that_becomes_double_staffed_gets_the_second_caregiver_linked(
    world: World, services: dict[str, Service]
) -> None:
    decision = grant(world, world.ingrid, line(services["personal_hygiene"], world.municipal))
    run(world, MONDAY, MONDAY)
    decision.lines.update(staff_count=2)
    report = run(world, MONDAY, MONDAY)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    first, second = visits_of(world.ingrid)
    assert (first.partner_id, second.partner_id) == (second.pk, first.pk)


# Reruns ----------------------------------------------------------------------------------


def test_a_second_run_changes_nothing(world: World, services: dict[str, Service]) -> None:
    grant(
        world,
        world.ingrid,
        line(services["medication"], world.municipal, times_per_day=2),
        line(services["personal_hygiene"], world.municipal, staff_count=2),
        line(services["cleaning"], world.private, weekdays=[5]),
    )
    first = run(world, MONDAY, dt.date(2026, 12, 27))
    second = run(world, MONDAY, dt.date(2026, 12, 27))
    assert first.created == 4 * 28 + 4
    assert (second.created, second.updated, second.cancelled, second.restored) == (0, 0, 0, 0)
    assert second.unchanged == first.created
    assert Visit.objects.count() == first.created


def test_a_changed_window_moves_future_planned_visits(
    world: World, services: dict[str, Service]
) -> None:
    decision = grant(world, world.ingrid, line(services["medication"], world.municipal))
    run(world, MONDAY, SUNDAY)
    decision.lines.update(
        window_start=dt.time(10, 0), window_end=dt.time(11, 0), minutes_per_visit=20
    )
    report = run(world, MONDAY, SUNDAY, today=dt.date(2026, 12, 3))
    assert report.updated == 4
    moved = [(v.date, local_start(v).time(), v.minutes) for v in visits_of(world.ingrid)]
    assert moved[2] == (dt.date(2026, 12, 2), dt.time(8, 0), 15)  # the past stays
    assert moved[3] == (dt.date(2026, 12, 3), dt.time(10, 0), 20)


def test_a_client_moving_team_takes_future_planned_visits_along(
    world: World, services: dict[str, Service]
) -> None:
    grant(world, world.ingrid, line(services["medication"], world.municipal))
    run(world, MONDAY, SUNDAY)
    Client.objects.filter(pk=world.ingrid.pk).update(team=world.vest)
    run(world, MONDAY, SUNDAY)
    assert {v.team_id for v in visits_of(world.ingrid)} == {world.vest.pk}


def test_a_change_cancels_the_old_versions_visits_and_creates_the_new_ones(
    world: World, services: dict[str, Service]
) -> None:
    old = grant(world, world.ingrid, line(services["medication"], world.municipal))
    run(world, MONDAY, SUNDAY)
    # The change takes effect on Thursday; activating it replaces the old version.
    thursday = dt.date(2026, 12, 3)
    new = grant(
        world,
        world.ingrid,
        line(services["medication"], world.municipal, times_per_day=2),
        valid_from=thursday,
        previous=old,
    )
    replace(old)
    report = run(world, MONDAY, SUNDAY, today=thursday)
    assert (report.cancelled, report.created) == (4, 8)
    old_visits = visits_of(world.ingrid, line__decision=old)
    assert [v.status for v in old_visits] == [VisitStatus.PLANNED] * 3 + [VisitStatus.CANCELLED] * 4
    assert {v.cancel_reason for v in old_visits[3:]} == {CancelReason.DECISION_CHANGED}
    assert dates(visits_of(world.ingrid, line__decision=new, slot=0)) == days(thursday, 4)


def test_a_change_not_yet_in_force_takes_over_on_its_first_day(
    world: World, services: dict[str, Service]
) -> None:
    old = grant(world, world.ingrid, line(services["medication"], world.municipal))
    new = grant(
        world,
        world.ingrid,
        line(services["wound_care"], world.municipal),
        status=DecisionStatus.SENT,
        valid_from=dt.date(2026, 12, 3),
        previous=old,
    )
    run(world, MONDAY, SUNDAY)
    assert dates(visits_of(world.ingrid, line__decision=old)) == days(MONDAY, 3)
    assert dates(visits_of(world.ingrid, line__decision=new)) == days(dt.date(2026, 12, 3), 4)


def test_a_shortened_validity_cancels_the_visits_after_the_new_end(
    world: World, services: dict[str, Service]
) -> None:
    decision = grant(world, world.ingrid, line(services["medication"], world.municipal))
    run(world, MONDAY, SUNDAY)
    decision.valid_to = dt.date(2026, 12, 4)
    decision.save()
    report = run(world, MONDAY, SUNDAY)
    assert report.cancelled == 2
    assert dates(visits_of(world.ingrid, status=VisitStatus.PLANNED)) == days(MONDAY, 5)


def test_a_removed_weekday_cancels_its_visits(world: World, services: dict[str, Service]) -> None:
    decision = grant(world, world.ingrid, line(services["medication"], world.municipal))
    run(world, MONDAY, SUNDAY)
    decision.lines.update(weekdays=[1, 2, 3, 4, 5])
    run(world, MONDAY, SUNDAY)
    cancelled = visits_of(world.ingrid, status=VisitStatus.CANCELLED)
    assert [(v.date, v.cancel_reason) for v in cancelled] == [
        (dt.date(2026, 12, 5), CancelReason.DECISION_CHANGED),
        (dt.date(2026, 12, 6), CancelReason.DECISION_CHANGED),
    ]


def test_done_past_locked_and_hand_cancelled_visits_are_left_alone(
    world: World, services: dict[str, Service]
) -> None:
    decision = grant(world, world.ingrid, line(services["medication"], world.municipal))
    run(world, MONDAY, SUNDAY)
    visits = visits_of(world.ingrid)
    visits[2].status = VisitStatus.DONE
    visits[3].status, visits[3].cancel_reason = VisitStatus.CANCELLED, CancelReason.MANUAL
    Visit.objects.bulk_update(visits[2:4], ["status", "cancel_reason"])
    lock(world, visits[4], PlanStatus.PUBLISHED)
    lock(world, visits[5], PlanStatus.DRAFT)
    lock(world, visits[6], PlanStatus.SUPERSEDED)  # an old plan holds nothing
    replace(decision, DecisionStatus.ENDED)

    report = run(world, MONDAY, SUNDAY, today=dt.date(2026, 12, 1))
    after = visits_of(world.ingrid)
    assert [(v.status, v.cancel_reason) for v in after] == [
        (VisitStatus.PLANNED, ""),  # 30 Nov: the past
        (VisitStatus.CANCELLED, CancelReason.DECISION_CHANGED),
        (VisitStatus.DONE, ""),
        (VisitStatus.CANCELLED, CancelReason.MANUAL),
        (VisitStatus.PLANNED, ""),  # locked in the published plan
        (VisitStatus.PLANNED, ""),  # locked in the draft
        (VisitStatus.CANCELLED, CancelReason.DECISION_CHANGED),
    ]
    assert (report.cancelled, report.unchanged) == (2, 4)
    assert Visit.objects.count() == 7  # nothing is ever deleted


def test_done_locked_and_hand_cancelled_visits_keep_their_state_when_the_line_changes(
    world: World, services: dict[str, Service]
) -> None:
    decision = grant(world, world.ingrid, line(services["medication"], world.municipal))
    run(world, MONDAY, dt.date(2026, 12, 3))
    done, by_planner, locked, _free = visits_of(world.ingrid)
    done.status = VisitStatus.DONE
    by_planner.status, by_planner.cancel_reason = VisitStatus.CANCELLED, CancelReason.MANUAL
    Visit.objects.bulk_update([done, by_planner], ["status", "cancel_reason"])
    lock(world, locked, PlanStatus.PUBLISHED)
    decision.lines.update(window_start=dt.time(12, 0), window_end=dt.time(13, 0))

    report = run(world, MONDAY, dt.date(2026, 12, 3))
    assert (report.updated, report.restored, report.unchanged) == (1, 0, 3)
    after = [(v.status, local_start(v).time()) for v in visits_of(world.ingrid)]
    assert after == [
        (VisitStatus.DONE, dt.time(8, 0)),
        (VisitStatus.CANCELLED, dt.time(8, 0)),
        (VisitStatus.PLANNED, dt.time(8, 0)),
        (VisitStatus.PLANNED, dt.time(12, 0)),
    ]


def test_a_visit_frozen_while_the_run_was_comparing_is_still_left_alone(
    world: World, services: dict[str, Service], monkeypatch: pytest.MonkeyPatch
) -> None:
    decision = grant(world, world.ingrid, line(services["medication"], world.municipal))
    run(world, MONDAY, dt.date(2026, 12, 2))
    done, by_planner, locked = visits_of(world.ingrid)
    done.status = VisitStatus.DONE
    by_planner.status, by_planner.cancel_reason = VisitStatus.CANCELLED, CancelReason.MANUAL
    Visit.objects.bulk_update([done, by_planner], ["status", "cancel_reason"])
    lock(world, locked, PlanStatus.PUBLISHED)
    # As if the planner acted after the run had read the visits.
    monkeypatch.setattr(generation, "frozen_ids", lambda stored, locked: set())

    decision.lines.update(window_start=dt.time(12, 0), window_end=dt.time(13, 0))
    run(world, MONDAY, dt.date(2026, 12, 2))
    replace(decision, DecisionStatus.ENDED)
    run(world, MONDAY, dt.date(2026, 12, 2))
    after = [(v.status, v.cancel_reason, local_start(v).time()) for v in visits_of(world.ingrid)]
    assert after == [
        (VisitStatus.DONE, "", dt.time(8, 0)),
        (VisitStatus.CANCELLED, CancelReason.MANUAL, dt.time(8, 0)),
        (VisitStatus.PLANNED, "", dt.time(8, 0)),
    ]


def test_locking_one_half_of_a_pair_holds_the_other_half(
    world: World, services: dict[str, Service]
) -> None:
    decision = grant(
        world, world.ingrid, line(services["personal_hygiene"], world.municipal, staff_count=2)
    )
    run(world, MONDAY, MONDAY)
    first, second = visits_of(world.ingrid)
    lock(world, first, PlanStatus.PUBLISHED)
    decision.lines.update(window_start=dt.time(10, 0), window_end=dt.time(11, 0))
    report = run(world, MONDAY, MONDAY)
    assert report.updated == 0
    second.refresh_from_db()
    assert local_start(second).time() == dt.time(8, 0)


def lock(world: World, visit: Visit, status: str) -> None:
    plan = Plan.objects.create(
        municipality=world.oslo,
        provider=visit.provider,
        team=visit.team,
        date=visit.date,
        status=status,
        source=PlanSource.OPTIMISED,
    )
    PlanEntry.objects.create(plan=plan, visit=visit, locked=True)


def test_days_before_today_get_no_new_visits(world: World, services: dict[str, Service]) -> None:
    grant(world, world.ingrid, line(services["medication"], world.municipal))
    run(world, MONDAY, SUNDAY, today=dt.date(2026, 12, 3))
    assert dates(visits_of(world.ingrid)) == days(dt.date(2026, 12, 3), 4)


def test_a_range_that_ends_before_it_starts_is_refused(world: World) -> None:
    with pytest.raises(ValueError, match="before first"):
        run(world, SUNDAY, MONDAY)


def test_a_failing_run_leaves_nothing_written(
    world: World, services: dict[str, Service], monkeypatch: pytest.MonkeyPatch
) -> None:
    grant(world, world.ingrid, line(services["personal_hygiene"], world.municipal, staff_count=2))

    def broken(groups: object, now: dt.datetime, *, only: object) -> None:
        raise RuntimeError("connection lost")

    # Status updates run after the inserts: by then every new visit has been written.
    monkeypatch.setattr(bulk, "set_status", broken)
    with pytest.raises(RuntimeError):
        run(world, MONDAY, SUNDAY)
    assert not Visit.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_run_does_not_hold_up_other_writes_in_the_municipality(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections are PostgreSQL's")
    world = build_world()
    inside, release = threading.Event(), threading.Event()

    def slow_run(scope: object) -> GenerationReport:
        inside.set()
        release.wait(10)
        return GenerationReport()

    def generate_in_another_connection() -> None:
        try:
            generate_visits(world.oslo, MONDAY, SUNDAY, today=MONDAY)
        finally:
            connection.close()

    monkeypatch.setattr(generation, "_run", slow_run)
    worker = threading.Thread(target=generate_in_another_connection)
    worker.start()
    try:
        assert inside.wait(10)
        # A new client references the municipality; its foreign-key check must not wait
        # for the run (it would with FOR UPDATE on the municipality row).
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            make_client(world.oslo, world.gamle_oslo, world.ost, "Ole", "Olsen", seed=7)
    finally:
        release.set()
        worker.join()


# Daylight saving -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("night", "offsets"),
    [
        # Clocks go forward 02:00 → 03:00 on 29 March 2026: UTC+1, then UTC+2.
        (dt.date(2026, 3, 29), [1, 2, 2]),
        # And back 03:00 → 02:00 on 25 October 2026.
        (dt.date(2026, 10, 25), [2, 1, 1]),
    ],
)
def test_a_series_keeps_its_local_clock_time_across_daylight_saving(
    world: World, services: dict[str, Service], night: dt.date, offsets: list[int]
) -> None:
    grant(
        world,
        world.ingrid,
        line(services["medication"], world.municipal),
        valid_from=night - dt.timedelta(days=30),
    )
    before = night - dt.timedelta(days=1)
    generate_visits(world.oslo, before, night + dt.timedelta(days=1), today=before)
    visits = visits_of(world.ingrid)
    assert [local_start(v).time() for v in visits] == [dt.time(8, 0)] * 3
    assert [v.window_end.astimezone(OSLO).time() for v in visits] == [dt.time(9, 0)] * 3
    assert [local_start(v).utcoffset() for v in visits] == [dt.timedelta(hours=h) for h in offsets]


@pytest.mark.parametrize("night", [dt.date(2026, 3, 29), dt.date(2026, 10, 25)])
def test_a_night_window_is_split_on_the_local_clock(
    world: World, services: dict[str, Service], night: dt.date
) -> None:
    grant(
        world,
        world.ingrid,
        line(
            services["medication"],
            world.municipal,
            times_per_day=2,
            window_start=dt.time(1, 0),
            window_end=dt.time(5, 0),
        ),
        valid_from=night,
    )
    generate_visits(world.oslo, night, night, today=night)
    assert [
        (local_start(v).time(), v.window_end.astimezone(OSLO).time())
        for v in visits_of(world.ingrid)
    ] == [(dt.time(1, 0), dt.time(3, 0)), (dt.time(3, 0), dt.time(5, 0))]


# Scope -----------------------------------------------------------------------------------


def test_another_municipality_is_not_touched(world: World, services: dict[str, Service]) -> None:
    bergen, olav, provider = other_municipality(world)
    install_catalogue(bergen)
    medication = Service.objects.get(municipality=bergen, code="medication")
    bergen_decision = grant(world, olav, line(medication, provider))
    generate_visits(bergen, MONDAY, SUNDAY, today=MONDAY)
    replace(bergen_decision, DecisionStatus.ENDED)
    grant(world, world.ingrid, line(services["medication"], world.municipal))

    # A Bergen decision not generated yet: only Bergen's run may make its visits.
    grant(world, olav, line(medication, provider, times_per_day=2), valid_from=MONDAY)

    report = run(world, MONDAY, SUNDAY)
    assert (report.created, report.cancelled, report.unchanged) == (7, 0, 0)
    assert [v.status for v in visits_of(olav)] == [VisitStatus.PLANNED] * 7
    assert {v.municipality_id for v in visits_of(world.ingrid)} == {world.oslo.pk}


def test_generating_for_one_client_leaves_the_others(
    world: World, services: dict[str, Service]
) -> None:
    ole = make_client(world.oslo, world.gamle_oslo, world.ost, "Ole", "Olsen", seed=7)
    grant(world, world.ingrid, line(services["medication"], world.municipal))
    ole_decision = grant(world, ole, line(services["medication"], world.municipal))
    run(world, MONDAY, SUNDAY)
    replace(ole_decision, DecisionStatus.ENDED)

    report = generate_for_client(world.ingrid, MONDAY, SUNDAY, today=MONDAY)
    assert (report.created, report.cancelled, report.unchanged) == (0, 0, 7)
    assert {v.status for v in visits_of(ole)} == {VisitStatus.PLANNED}


# Command and task ------------------------------------------------------------------------


def test_the_command_prints_the_report_as_json(world: World, services: dict[str, Service]) -> None:
    start = timezone.localdate() + dt.timedelta(days=1)
    grant(world, world.ingrid, line(services["medication"], world.municipal), valid_from=start)
    out = io.StringIO()
    call_command(
        "generate_visits",
        "--municipality",
        "0301",
        "--from",
        start.isoformat(),
        "--days",
        "7",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert result["from"] == start.isoformat()
    assert result["to"] == (start + dt.timedelta(days=6)).isoformat()
    assert result["municipalities"]["0301"]["created"] == 7


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--from", "2026-13-01"], "--from"),
        (["--days", "many"], "--days"),
        (["--days", "0"], "--days"),
        (["--municipality", "9999"], "--municipality"),
    ],
)
def test_the_command_names_the_option_it_cannot_use(
    world: World, args: list[str], option: str
) -> None:
    with pytest.raises(CommandError, match=option):
        call_command("generate_visits", *args, stdout=io.StringIO())


def test_the_daily_task_generates_the_horizon_for_every_municipality(
    world: World, services: dict[str, Service]
) -> None:
    start = timezone.localdate() + dt.timedelta(days=1)
    grant(world, world.ingrid, line(services["medication"], world.municipal), valid_from=start)
    result = generate_visits_task.apply(args=(start.isoformat(),)).get()
    assert result["0301"]["created"] == generation.HORIZON_DAYS


def test_celery_finds_the_task() -> None:
    from hverdag.celery import app

    assert "visits.generate_visits" in app.tasks

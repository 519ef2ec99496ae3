"""The day's problem built from visits, shifts, absences and history."""

from __future__ import annotations

import datetime as dt

import pytest

from hverdag.core.clock import local_time_on, minutes_of
from hverdag.core.errors import RuleViolation
from hverdag.plans.problem import build_day_problem, client_key, employee_key, visit_key
from hverdag.staff.models import Absence, AbsenceKind
from hverdag.visits.models import Plan, PlanEntry, PlanSource, PlanStatus, VisitStatus
from tests.builders.planning_day import PlanningDay


def test_visits_become_planner_visits_with_the_agreed_window(day: PlanningDay) -> None:
    built = build_day_problem(day.scope, day.date)
    assert len(built.problem.visits) == len(day.visits)
    med = next(v for v in day.visits if v.service.code == "medication")
    pv = built.problem.visit(visit_key(med.pk))
    assert pv.earliest == pytest.approx(8 * 60)
    # The window is when the visit is done: a 15-minute visit starts by 09:45.
    assert pv.latest == pytest.approx(10 * 60 - 15)
    assert pv.skills == {"medication_administration"}


def test_a_double_staffed_visit_is_a_synchronised_pair_of_two_caregivers(
    day: PlanningDay,
) -> None:
    built = build_day_problem(day.scope, day.date)
    first, second = day.visits[-2], day.visits[-1]
    (link,) = built.problem.links
    assert (link.first, link.second) == (visit_key(first.pk), visit_key(second.pk))
    assert link.synchronised and link.distinct


def test_only_caregivers_on_shift_and_not_absent_are_planned(day: PlanningDay) -> None:
    sick = day.employees[1]
    Absence.objects.create(
        employee=sick,
        kind=AbsenceKind.SICK,
        starts_on=day.date,
        ends_on=day.date,
        registered_by=day.world.planner,
    )
    built = build_day_problem(day.scope, day.date)
    assert employee_key(sick.pk) not in built.employees
    assert len(built.problem.caregivers) == 3
    # A withdrawn absence does not count.
    Absence.objects.filter(employee=sick).update(withdrawn_at=local_time_on(day.date, dt.time(6)))
    assert employee_key(sick.pk) in build_day_problem(day.scope, day.date).employees


def test_cancelled_visits_are_not_planned(day: PlanningDay) -> None:
    day.visits[0].status = VisitStatus.CANCELLED
    day.visits[0].save()
    built = build_day_problem(day.scope, day.date)
    assert visit_key(day.visits[0].pk) not in built.visits


def test_a_day_without_staff_is_a_clear_error(day: PlanningDay) -> None:
    with pytest.raises(RuleViolation) as caught:
        build_day_problem(day.scope, day.date + dt.timedelta(days=1))
    (violation,) = caught.value.violations
    assert (violation.field, violation.rule) == ("date", "no_staff")
    assert day.scope.label in violation.message


def test_the_last_14_days_of_published_plans_make_caregivers_familiar(day: PlanningDay) -> None:
    client = day.clients[0]
    nurse = day.employees[2]
    for days_ago, status in ((3, PlanStatus.PUBLISHED), (15, PlanStatus.PUBLISHED)):
        past = day.date - dt.timedelta(days=days_ago)
        plan = Plan.objects.create(
            municipality=day.world.oslo,
            provider=day.world.municipal,
            team=day.world.ost,
            date=past,
            status=status,
            source=PlanSource.OPTIMISED,
        )
        from tests.builders.planning_day import add_visit

        visit = add_visit(
            client,
            day.services["medication"],
            past,
            "08:00",
            "10:00",
            15,
            provider_id=day.world.municipal.pk,
        )
        PlanEntry.objects.create(
            plan=plan, visit=visit, employee=nurse, start=local_time_on(past, dt.time(8))
        )
    built = build_day_problem(day.scope, day.date)
    assert (client_key(client.pk), employee_key(nurse.pk)) in built.problem.familiar
    assert len(built.problem.familiar) == 1  # 15 days ago is outside the window
    assert not build_day_problem(day.scope, day.date, continuity=False).problem.familiar


def test_the_contact_person_is_preferred(day: PlanningDay) -> None:
    client = day.clients[0]
    client.contact_person = day.employees[3]
    client.save()
    built = build_day_problem(day.scope, day.date)
    visit = next(v for v in day.visits if v.client_id == client.pk)
    assert built.problem.visit(visit_key(visit.pk)).preferred == {employee_key(day.employees[3].pk)}


def test_minutes_count_real_time_across_the_autumn_clock_change() -> None:
    from hverdag.core.clock import day_origin

    night = dt.date(2026, 10, 25)  # clocks go back at 03:00: the day has 25 hours
    assert minutes_of(local_time_on(night, dt.time(8)), day_origin(night)) == 9 * 60
    assert minutes_of(local_time_on(night, dt.time(2)), day_origin(night)) == 2 * 60

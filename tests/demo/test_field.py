"""The demo's history at the door: past visits checked in and out by their caregivers, tasks
recorded, doses due signed, now and then a client not home."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hverdag.core.clock import local_time_on
from hverdag.demo.field import seed_field_history
from hverdag.medication.models import DoseRecord, MedicationAlert
from hverdag.medication.services import do_add_order, raise_unsigned_alerts
from hverdag.visits.models import (
    CheckAction,
    NotHomeReport,
    PlanEntry,
    TaskRecord,
    Visit,
    VisitCheck,
    VisitStatus,
)
from tests.builders.medication_day import metformin
from tests.builders.people import World
from tests.builders.published_day import build_published_day


def test_past_visits_were_made_by_their_caregivers_with_tasks_and_doses(world: World) -> None:
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    pub = build_published_day(world, yesterday)
    astrid = pub.astrid_medication.client
    do_add_order(world.caseworker, astrid, metformin())  # 08:30 is in her 08:00 visit

    result = seed_field_history(world.oslo, today, seed=1)

    entries = PlanEntry.objects.filter(plan=pub.plan)
    visits = Visit.objects.filter(pk__in=entries.values("visit_id"))
    assert {v.status for v in visits} <= {VisitStatus.DONE, VisitStatus.NOT_HOME}
    done = visits.filter(status=VisitStatus.DONE)
    assert result.visits_done == done.count()
    assert result.not_home == NotHomeReport.objects.count()
    for entry in entries.filter(visit__in=done):
        checks = VisitCheck.objects.filter(visit=entry.visit, employee=entry.employee)
        assert sorted(c.action for c in checks) == [CheckAction.CHECK_IN, CheckAction.CHECK_OUT]
        check_in, check_out = sorted(checks, key=lambda c: c.at)
        assert entry.employee is not None
        assert check_in.recorded_by == entry.employee.user and check_out.at > check_in.at
    assert TaskRecord.objects.filter(visit__in=done).count() == result.tasks > 0
    if pub.astrid_medication.pk in {v.pk for v in done}:
        morning = local_time_on(yesterday, dt.time(8, 30))
        assert DoseRecord.objects.filter(client=astrid, due_at=morning).count() == 1
        raise_unsigned_alerts(timezone.now())
        assert not MedicationAlert.objects.filter(due_at=morning).exists()


def test_todays_visits_still_to_come_are_left_alone(world: World) -> None:
    pub = build_published_day(world, timezone.localdate() + dt.timedelta(days=1))
    seed_field_history(world.oslo, timezone.localdate(), seed=1)
    assert not VisitCheck.objects.filter(visit__entries__plan=pub.plan).exists()

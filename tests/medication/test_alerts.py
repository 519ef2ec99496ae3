"""A scheduled dose the staff give, unsigned an hour after it was due, alerts the team once."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.test import override_settings
from django.utils import timezone

from hverdag.access.models import AccessLog, AccessReason, AuditEvent, Role
from hverdag.clients.models import ClientAbsence
from hverdag.core.clock import local_time_on
from hverdag.core.errors import PermissionDenied, RuleViolation
from hverdag.medication.models import AlertStatus, MedicationAlert
from hverdag.medication.selectors import alerts_for_nurse
from hverdag.medication.services import (
    do_acknowledge_alert,
    do_sign_dose,
    raise_unsigned_alerts,
)
from hverdag.medication.tasks import raise_unsigned_alerts_task
from hverdag.staff.models import Employee, Profession, Shift, ShiftKind
from hverdag.visits.models import Visit, VisitStatus
from tests.builders.medication_day import Meds, backdate, build_meds
from tests.builders.people import World, make_staff


@pytest.fixture
def meds(world: World) -> Meds:
    m = build_meds(world)
    for order in (m.metformin, m.albyl, m.oxynorm):
        backdate(order, timezone.now() - dt.timedelta(days=3))
    return m


def today_at(hour: int, minute: int = 0) -> dt.datetime:
    return local_time_on(timezone.localdate(), dt.time(hour, minute))


def test_an_unsigned_dose_alerts_after_the_grace_once(meds: Meds) -> None:
    raise_unsigned_alerts(today_at(9, 29))  # 08:30 + 60 min not yet passed
    assert not MedicationAlert.objects.filter(due_at=meds.due).exists()
    # Yesterday's 20:00 dose, unsigned too, alerted already.
    yesterday = MedicationAlert.objects.get()
    assert yesterday.due_at == meds.due - dt.timedelta(days=1) + dt.timedelta(hours=11, minutes=30)
    assert raise_unsigned_alerts(today_at(9, 31)) == 1
    alert = MedicationAlert.objects.get(due_at=meds.due)
    assert (alert.series, alert.team, alert.status) == (
        meds.metformin.series,
        meds.world.ost,
        AlertStatus.OPEN,
    )
    assert alert.client == meds.pub.astrid_medication.client
    assert raise_unsigned_alerts(today_at(9, 45)) == 0
    assert MedicationAlert.objects.count() == 2


def test_the_celery_task_raises_alerts_idempotently(meds: Meds) -> None:
    first = raise_unsigned_alerts_task()
    assert first == MedicationAlert.objects.count() > 0
    assert raise_unsigned_alerts_task() == 0


@override_settings(MEDICATION_SIGN_GRACE_MINUTES=15)
def test_the_grace_is_a_setting(meds: Meds) -> None:
    raise_unsigned_alerts(today_at(8, 44))
    assert not MedicationAlert.objects.filter(due_at=meds.due).exists()
    raise_unsigned_alerts(today_at(8, 46))
    assert MedicationAlert.objects.filter(due_at=meds.due).exists()


def test_a_signed_dose_does_not_alert(meds: Meds) -> None:
    do_sign_dose(meds.world.nurse, meds.pub.astrid_medication, meds.metformin, meds.due,
                 "refused", "Ville ikke", timezone.now(), uuid.uuid4())  # fmt: skip
    raise_unsigned_alerts(today_at(9, 31))
    assert not MedicationAlert.objects.filter(due_at=meds.due).exists()


def test_signing_later_closes_the_alert(meds: Meds) -> None:
    raise_unsigned_alerts(today_at(9, 31))
    dose = do_sign_dose(meds.world.nurse, meds.pub.astrid_medication, meds.metformin, meds.due,
                        "given", "", timezone.now(), uuid.uuid4())  # fmt: skip
    alert = MedicationAlert.objects.get(due_at=meds.due)
    assert (alert.status, alert.dose) == (AlertStatus.SIGNED, dose)


def test_dispenser_and_as_needed_medicines_never_alert(meds: Meds) -> None:
    raise_unsigned_alerts(today_at(22, 0))
    assert {a.series for a in MedicationAlert.objects.all()} == {meds.metformin.series}


def test_a_dose_due_before_the_medicine_was_listed_does_not_alert(world: World) -> None:
    meds = build_meds(world)
    backdate(meds.metformin, today_at(9, 0))  # listed after the 08:30 dose
    assert raise_unsigned_alerts(today_at(9, 31)) == 0
    backdate(meds.metformin, today_at(8, 29))
    assert raise_unsigned_alerts(today_at(9, 31)) == 1


def test_a_day_the_client_is_away_does_not_alert(meds: Meds) -> None:
    ClientAbsence.objects.create(
        client=meds.pub.astrid_medication.client,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        registered_by=meds.world.caseworker,
    )
    raise_unsigned_alerts(today_at(9, 31))
    assert not MedicationAlert.objects.filter(due_at=meds.due).exists()
    assert MedicationAlert.objects.count() == 1  # yesterday evening, when she was home


def test_the_nurse_on_duty_sees_and_acknowledges_the_alert(meds: Meds) -> None:
    raise_unsigned_alerts(today_at(9, 31))
    nils = meds.world.nurse
    shown = alerts_for_nurse(nils)
    assert shown is not None and shown[0].due_at == meds.due  # newest first
    alert = shown[0]
    key = uuid.uuid4()
    with pytest.raises(RuleViolation) as err:
        do_acknowledge_alert(nils, alert, " ", timezone.now(), key)
    assert err.value.as_dict()["note"][0]["rule"] == "required"
    done = do_acknowledge_alert(nils, alert, "Ringte Astrid, tok den 10:15", timezone.now(), key)
    assert (done.status, done.closed_by, done.note) == (
        AlertStatus.ACKNOWLEDGED, nils, "Ringte Astrid, tok den 10:15",
    )  # fmt: skip
    assert do_acknowledge_alert(nils, alert, "igjen", timezone.now(), key).note == done.note
    assert AuditEvent.objects.filter(action="medication.alert_acknowledged").count() == 1
    assert alert not in (alerts_for_nurse(nils) or [])


def test_only_a_nurse_on_duty_handles_alerts(meds: Meds) -> None:
    raise_unsigned_alerts(today_at(9, 31))
    alert = MedicationAlert.objects.get(due_at=meds.due)
    for user in (meds.world.planner, meds.world.caseworker, meds.world.nurse_vest):
        assert alerts_for_nurse(user) is None
        with pytest.raises(PermissionDenied):
            do_acknowledge_alert(user, alert, "Sett", timezone.now(), uuid.uuid4())
    assert MedicationAlert.objects.get(due_at=meds.due).status == AlertStatus.OPEN


def test_the_nurse_on_duty_sees_every_alert_of_her_team_and_why_it_is_unsigned(
    meds: Meds,
) -> None:
    """Eva is on duty for Øst but planned for nobody: the alert is hers to answer (read with
    the reason 'on duty'), and it says the client was not home at the visit."""
    world = meds.world
    eva = make_staff(
        world.oslo, world.municipal, "eva", "Eva", "Vakt", Role.FIELD_STAFF, Profession.NURSE,
        world.ost,
    )  # fmt: skip
    employee = Employee.objects.get(user=eva)
    Shift.objects.create(
        employee=employee, team=world.ost, date=timezone.localdate(), kind=ShiftKind.DAY,
        starts_at=dt.time(7, 30), ends_at=dt.time(15, 30), break_minutes=30,
    )  # fmt: skip
    Visit.objects.filter(pk=meds.pub.astrid_medication.pk).update(status=VisitStatus.NOT_HOME)
    raise_unsigned_alerts(today_at(9, 31))
    shown = alerts_for_nurse(eva)
    assert shown is not None
    alert = next(a for a in shown if a.due_at == meds.due)
    assert alert.why == "Brukeren var ikke hjemme."  # type: ignore[attr-defined]
    logged = AccessLog.objects.get(user=eva, client=meds.pub.astrid_medication.client)
    assert (logged.what, logged.reason) == ("medication", AccessReason.ON_DUTY)

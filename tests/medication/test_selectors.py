"""Reads of the medication list and the doses: the selector writes the access-log row
(who, which client, why), one per read, and a refused read writes none."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from hverdag.access.models import AccessLog, AccessReason, User
from hverdag.clients.models import Client
from hverdag.core.clock import local_time_on
from hverdag.core.errors import NotFound, PermissionDenied
from hverdag.medication import selectors
from hverdag.medication.models import MedicationAlert
from hverdag.medication.services import do_sign_dose, raise_unsigned_alerts
from hverdag.staff.models import Employee
from tests.builders.medication_day import Meds, backdate, build_meds
from tests.builders.people import World, make_client


@pytest.fixture
def meds(world: World) -> Meds:
    return build_meds(world)


def rows() -> list[tuple[User, Client, str, str]]:
    return [(r.user, r.client, r.what, r.reason) for r in AccessLog.objects.order_by("id")]


def test_the_visits_medicines_are_one_read_logged_for_the_planned_visit(meds: Meds) -> None:
    nils, visit = meds.world.nurse, meds.pub.astrid_medication
    found = selectors.visit_medication(nils, visit, Employee.objects.get(user=nils))
    assert [d.order for d in found.due] == [meds.metformin]
    assert [p.order for p in found.as_needed] == [meds.oxynorm]
    assert found.dispenser == [meds.albyl]
    assert rows() == [(nils, visit.client, "medication", AccessReason.PLANNED_VISIT)]


def test_the_record_pages_list_is_one_read_logged_with_the_reason(meds: Meds) -> None:
    tone, astrid = meds.world.team_leader, meds.pub.astrid_medication.client
    found = selectors.client_medication(tone, astrid)
    assert {o.pk for o in found.in_use} == {meds.metformin.pk, meds.albyl.pk, meds.oxynorm.pk}
    assert rows() == [(tone, astrid, "medication", AccessReason.TEAM)]


def test_without_a_care_relationship_the_list_is_refused_and_nothing_logged(
    meds: Meds,
) -> None:
    with pytest.raises(PermissionDenied):
        selectors.client_medication(meds.world.nurse_vest, meds.pub.astrid_medication.client)
    assert rows() == []


def test_the_nurse_on_duty_reads_each_alerts_client_once(meds: Meds) -> None:
    for order in (meds.metformin, meds.albyl, meds.oxynorm):
        backdate(order, timezone.now() - dt.timedelta(days=3))
    raise_unsigned_alerts(local_time_on(timezone.localdate(), dt.time(23, 59)))
    nils, astrid = meds.world.nurse, meds.pub.astrid_medication.client
    shown = selectors.alerts_for_nurse(nils)
    assert shown is not None and len(shown) == 2  # 08:30 and 20:00, both Astrid's
    assert rows() == [(nils, astrid, "medication", AccessReason.PLANNED_VISIT)]
    # Someone who is not a nurse on duty gets no alerts, and nothing is logged for her.
    assert selectors.alerts_for_nurse(meds.world.caseworker) is None
    assert len(rows()) == 1


def test_orders_doses_and_alerts_are_found_only_on_their_own_client(meds: Meds) -> None:
    world, visit = meds.world, meds.pub.astrid_medication
    other = make_client(world.oslo, world.gamle_oslo, world.ost, "Olga", "Berg", seed=7)
    assert selectors.find_order(visit.client_id, meds.metformin.public_id) == meds.metformin
    with pytest.raises(NotFound):
        selectors.find_order(other.pk, meds.metformin.public_id)
    dose = do_sign_dose(
        world.nurse, visit, meds.metformin, meds.due, "given", "", timezone.now(), uuid.uuid4()
    )
    assert selectors.find_dose(visit.client_id, dose.public_id) == dose
    with pytest.raises(NotFound):
        selectors.find_dose(other.pk, dose.public_id)
    with pytest.raises(NotFound):
        selectors.find_alert(uuid.uuid4())
    with pytest.raises(NotFound):
        selectors.find_order(visit.client_id, "not-a-uuid")
    assert not MedicationAlert.objects.exists()
    assert rows() == []

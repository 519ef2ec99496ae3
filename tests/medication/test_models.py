"""Medication records are never edited or deleted; an alert changes only how it closed."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from hverdag.core.append_only import AppendOnly
from hverdag.medication.models import DoseRecord, MedicationOrder
from hverdag.medication.services import do_sign_dose
from tests.builders.medication_day import build_meds
from tests.builders.people import World


def test_an_order_version_is_never_edited_or_deleted(world: World) -> None:
    meds = build_meds(world)
    order = meds.metformin
    order.dose = "2 tabletter"
    with pytest.raises(AppendOnly):
        order.save()
    with pytest.raises(AppendOnly):
        order.delete()
    with pytest.raises(AppendOnly):
        MedicationOrder.objects.filter(pk=order.pk).update(dose="2 tabletter")
    with pytest.raises(AppendOnly):
        MedicationOrder.objects.all().delete()
    assert MedicationOrder.objects.get(pk=order.pk).dose == "1 tablett"


def test_a_signed_dose_is_never_edited_or_deleted(world: World) -> None:
    meds = build_meds(world)
    dose = do_sign_dose(
        world.nurse, meds.pub.astrid_medication, meds.metformin, meds.due, "given", "",
        timezone.now(), uuid.uuid4(),
    )  # fmt: skip
    dose.outcome = "refused"
    with pytest.raises(AppendOnly):
        dose.save()
    with pytest.raises(AppendOnly):
        dose.delete()
    with pytest.raises(AppendOnly):
        DoseRecord.objects.filter(pk=dose.pk).update(reason="x")
    assert DoseRecord.objects.get(pk=dose.pk).outcome == "given"

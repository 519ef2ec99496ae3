"""The medication list and the doses at the visit: who may, what a record needs, once only."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from hverdag.access.models import AuditEvent, Role
from hverdag.core.clock import local_time_on
from hverdag.core.errors import PermissionDenied, RuleViolation
from hverdag.medication.models import (
    DoseOutcome,
    DoseRecord,
    MedicationOrder,
    OrderChange,
    PrnFollowUp,
)
from hverdag.medication.services import (
    do_add_order,
    do_change_order,
    do_discontinue_order,
    do_follow_up_prn,
    do_give_prn,
    do_sign_dose,
)
from hverdag.staff.models import Profession
from tests.builders.medication_day import Meds, build_meds, metformin
from tests.builders.people import World, make_staff


def rules(err: pytest.ExceptionInfo[RuleViolation]) -> dict[str, set[str]]:
    return {field: {v["rule"] for v in items} for field, items in err.value.as_dict().items()}


@pytest.fixture
def meds(world: World) -> Meds:
    return build_meds(world)


def now() -> dt.datetime:
    return timezone.now()


# --- the list -------------------------------------------------------------------------------


def test_a_caseworker_adds_a_medicine_and_it_is_audited(meds: Meds) -> None:
    order = meds.metformin
    assert (order.version, order.change, order.times) == (1, OrderChange.NEW, ["08:30", "20:00"])
    event = AuditEvent.objects.get(action="medication.add", object_id=str(order.public_id))
    assert event.actor == meds.world.caseworker
    assert event.new["drug"] == "Metformin"


def test_a_nurse_changes_the_dose_as_a_new_version_and_the_old_stays(meds: Meds) -> None:
    new = do_change_order(meds.world.nurse, meds.metformin, metformin(dose="2 tabletter"))

    assert (new.version, new.series, new.previous) == (2, meds.metformin.series, meds.metformin)
    assert new.change == OrderChange.CHANGE
    old = MedicationOrder.objects.get(pk=meds.metformin.pk)
    assert old.dose == "1 tablett"
    assert AuditEvent.objects.get(action="medication.change").old["dose"] == "1 tablett"


def test_changing_a_replaced_version_is_refused_as_stale(meds: Meds) -> None:
    do_change_order(meds.world.nurse, meds.metformin, metformin(dose="2 tabletter"))
    with pytest.raises(RuleViolation) as err:
        do_change_order(meds.world.nurse, meds.metformin, metformin(dose="3 tabletter"))
    assert rules(err) == {"order": {"stale"}}


def test_discontinuing_is_a_version_with_an_end_date_and_reason(meds: Meds) -> None:
    today = timezone.localdate()
    stopped = do_discontinue_order(meds.world.nurse, meds.metformin, today, "Seponert av fastlege")

    assert (stopped.change, stopped.end_date, stopped.end_reason) == (
        OrderChange.DISCONTINUE,
        today,
        "Seponert av fastlege",
    )
    assert stopped.times == ["08:30", "20:00"] and not stopped.active_on(today)
    assert MedicationOrder.objects.filter(series=meds.metformin.series).count() == 2
    with pytest.raises(RuleViolation) as err:
        do_discontinue_order(meds.world.nurse, stopped, today, "igjen")
    assert rules(err) == {"order": {"discontinued"}}


def test_discontinuing_needs_a_reason(meds: Meds) -> None:
    with pytest.raises(RuleViolation) as err:
        do_discontinue_order(meds.world.nurse, meds.metformin, timezone.localdate(), " ")
    assert rules(err) == {"end_reason": {"required"}}


@pytest.mark.parametrize("who", ["planner", "nurse_vest", "client_user", "provider_admin"])
def test_others_may_not_change_the_list(meds: Meds, who: str) -> None:
    with pytest.raises(PermissionDenied):
        do_add_order(getattr(meds.world, who), meds.pub.astrid_medication.client, metformin())
    assert MedicationOrder.objects.count() == 3


def test_a_health_worker_on_the_team_may_not_change_the_list(meds: Meds) -> None:
    w = meds.world
    helper = make_staff(
        w.oslo, w.municipal, "helga", "Helga", "Helse", Role.FIELD_STAFF,
        Profession.HEALTH_WORKER, w.ost,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        do_change_order(helper, meds.metformin, metformin(dose="2 tabletter"))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"drug": " "}, {"drug": {"required"}}),
        ({"times": ("8.00",)}, {"times": {"format"}}),
        ({"times": ()}, {"times": {"required"}}),
        ({"form": "pill"}, {"form": {"choice"}}),
        ({"as_needed": True}, {"times": {"as_needed"}, "indication": {"required"},
                               "max_per_day": {"required"}}),
        ({"end_date": dt.date(2000, 1, 1)}, {"end_date": {"after_start"}}),
        ({"prescriber": ""}, {"prescriber": {"required"}}),
    ],
)  # fmt: skip
def test_an_order_names_each_broken_rule(
    meds: Meds, changes: dict[str, object], expected: dict[str, set[str]]
) -> None:
    with pytest.raises(RuleViolation) as err:
        do_add_order(meds.world.caseworker, meds.pub.astrid_medication.client, metformin(**changes))
    assert rules(err) == expected
    assert MedicationOrder.objects.count() == 3


# --- signing a scheduled dose ---------------------------------------------------------------


def test_the_planned_nurse_signs_a_dose_given(meds: Meds) -> None:
    visit = meds.pub.astrid_medication
    key = uuid.uuid4()
    dose = do_sign_dose(meds.world.nurse, visit, meds.metformin, meds.due, "given", "", now(), key)

    assert (dose.outcome, dose.due_at, dose.series) == ("given", meds.due, meds.metformin.series)
    assert dose.employee == meds.pub.nils and dose.visit == visit
    assert AuditEvent.objects.filter(action="medication.dose", client=visit.client).count() == 1


def test_a_replay_returns_the_same_dose_and_a_reused_key_is_a_conflict(meds: Meds) -> None:
    visit, key = meds.pub.astrid_medication, uuid.uuid4()
    first = do_sign_dose(meds.world.nurse, visit, meds.metformin, meds.due, "given", "", now(), key)
    again = do_sign_dose(meds.world.nurse, visit, meds.metformin, meds.due, "given", "", now(), key)
    assert again.pk == first.pk and DoseRecord.objects.count() == 1
    with pytest.raises(RuleViolation) as err:
        do_give_prn(meds.world.nurse, visit, meds.oxynorm, "Smerter i ryggen", now(), key)
    assert rules(err) == {"idempotency_key": {"conflict"}}
    assert AuditEvent.objects.filter(action="medication.dose").count() == 1


def test_a_dose_is_signed_once(meds: Meds) -> None:
    visit = meds.pub.astrid_medication
    do_sign_dose(
        meds.world.nurse, visit, meds.metformin, meds.due, "given", "", now(), uuid.uuid4()
    )
    with pytest.raises(RuleViolation) as err:
        do_sign_dose(
            meds.world.nurse, visit, meds.metformin, meds.due, "refused", "Ville ikke",
            now(), uuid.uuid4(),
        )  # fmt: skip
    assert rules(err) == {"due_at": {"already_signed"}}


@pytest.mark.parametrize("outcome", ["not_given", "refused"])
def test_not_given_or_refused_needs_a_reason(meds: Meds, outcome: str) -> None:
    visit = meds.pub.astrid_medication
    with pytest.raises(RuleViolation) as err:
        do_sign_dose(
            meds.world.nurse, visit, meds.metformin, meds.due, outcome, "", now(), uuid.uuid4()
        )
    assert rules(err) == {"reason": {"required"}}
    dose = do_sign_dose(
        meds.world.nurse, visit, meds.metformin, meds.due, outcome, "Kastet opp", now(),
        uuid.uuid4(),
    )  # fmt: skip
    assert dose.outcome == outcome and dose.reason == "Kastet opp"


def test_only_doses_due_inside_the_visit_window_are_signed(meds: Meds) -> None:
    visit = meds.pub.astrid_medication  # agreed 08:00–10:00
    evening = local_time_on(visit.date, dt.time(20, 0))
    with pytest.raises(RuleViolation) as err:
        do_sign_dose(meds.world.nurse, visit, meds.metformin, evening, "given", "", now(),
                     uuid.uuid4())  # fmt: skip
    assert rules(err) == {"due_at": {"not_due"}}
    with pytest.raises(RuleViolation) as err:  # the dispenser gives Albyl-E
        due = local_time_on(visit.date, dt.time(8, 0))
        do_sign_dose(meds.world.nurse, visit, meds.albyl, due, "given", "", now(), uuid.uuid4())
    assert rules(err) == {"due_at": {"not_due"}}


def test_a_discontinued_medicine_is_no_longer_due(meds: Meds) -> None:
    visit = meds.pub.astrid_medication
    stopped = do_discontinue_order(meds.world.nurse, meds.metformin, visit.date, "Seponert")
    with pytest.raises(RuleViolation) as err:
        do_sign_dose(meds.world.nurse, visit, stopped, meds.due, "given", "", now(), uuid.uuid4())
    assert rules(err) == {"due_at": {"not_due"}}


def test_another_nurse_not_planned_for_the_visit_may_not_sign(meds: Meds) -> None:
    anne = meds.pub.anne.user
    assert anne is not None
    with pytest.raises(PermissionDenied):
        do_sign_dose(anne, meds.pub.astrid_medication, meds.metformin, meds.due, "given", "",
                     now(), uuid.uuid4())  # fmt: skip
    assert not DoseRecord.objects.exists()


def test_a_caregiver_without_the_medication_competence_may_not_sign(meds: Meds) -> None:
    meds.pub.nils.competences.remove(*meds.pub.nils.competences.filter(
        code="medication_administration"))  # fmt: skip
    with pytest.raises(PermissionDenied, match="legemiddelkompetanse"):
        do_sign_dose(meds.world.nurse, meds.pub.astrid_medication, meds.metformin, meds.due,
                     "given", "", now(), uuid.uuid4())  # fmt: skip


def test_a_dose_cannot_be_signed_in_the_future(meds: Meds) -> None:
    later = now() + dt.timedelta(hours=1)
    with pytest.raises(RuleViolation) as err:
        do_sign_dose(meds.world.nurse, meds.pub.astrid_medication, meds.metformin, meds.due,
                     "given", "", later, uuid.uuid4())  # fmt: skip
    assert rules(err) == {"at": {"future"}}


# --- as needed ------------------------------------------------------------------------------


def test_an_as_needed_dose_needs_a_reason_and_keeps_to_the_maximum(meds: Meds) -> None:
    visit, nurse = meds.pub.astrid_medication, meds.world.nurse
    with pytest.raises(RuleViolation) as err:
        do_give_prn(nurse, visit, meds.oxynorm, "", now(), uuid.uuid4())
    assert rules(err) == {"reason": {"required"}}
    first = do_give_prn(nurse, visit, meds.oxynorm, "Smerter i hoften, 6/10", now(), uuid.uuid4())
    assert (first.due_at, first.outcome, first.as_needed) == (None, DoseOutcome.GIVEN, True)
    do_give_prn(nurse, visit, meds.oxynorm, "Fortsatt smerter", now(), uuid.uuid4())
    with pytest.raises(RuleViolation) as err:
        do_give_prn(nurse, visit, meds.oxynorm, "Smerter", now(), uuid.uuid4())
    assert rules(err) == {"order": {"max_per_day"}}


def test_a_scheduled_medicine_is_not_given_as_needed(meds: Meds) -> None:
    with pytest.raises(RuleViolation) as err:
        do_give_prn(meds.world.nurse, meds.pub.astrid_medication, meds.metformin, "Smerter",
                    now(), uuid.uuid4())  # fmt: skip
    assert rules(err) == {"order": {"not_as_needed"}}


def test_the_effect_of_an_as_needed_dose_is_followed_up_once(meds: Meds) -> None:
    visit, nurse = meds.pub.astrid_medication, meds.world.nurse
    dose = do_give_prn(nurse, visit, meds.oxynorm, "Smerter", now(), uuid.uuid4())
    key = uuid.uuid4()
    follow = do_follow_up_prn(nurse, visit, dose, "good", "Sover rolig", now(), key)
    assert (follow.effect, follow.text, follow.dose) == ("good", "Sover rolig", dose)
    assert do_follow_up_prn(nurse, visit, dose, "good", "Sover rolig", now(), key).pk == follow.pk
    with pytest.raises(RuleViolation) as err:
        do_follow_up_prn(nurse, visit, dose, "none", "Ingen effekt", now(), uuid.uuid4())
    assert rules(err) == {"dose": {"already_followed_up"}}
    assert PrnFollowUp.objects.count() == 1
    assert AuditEvent.objects.filter(action="medication.follow_up").count() == 1


def test_no_effect_needs_an_observation(meds: Meds) -> None:
    visit, nurse = meds.pub.astrid_medication, meds.world.nurse
    dose = do_give_prn(nurse, visit, meds.oxynorm, "Smerter", now(), uuid.uuid4())
    with pytest.raises(RuleViolation) as err:
        do_follow_up_prn(nurse, visit, dose, "none", "", now(), uuid.uuid4())
    assert rules(err) == {"text": {"required"}}

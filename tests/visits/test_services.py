"""Check-in and check-out: the planned caregiver only, once per key, in order, audited."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from hverdag.access.models import AuditEvent
from hverdag.core.errors import PermissionDenied, RuleViolation
from hverdag.visits.models import CheckAction, Plan, PlanStatus, Visit, VisitCheck, VisitStatus
from hverdag.visits.services import Position, do_check_in, do_check_out
from tests.builders.people import World
from tests.builders.published_day import PublishedDay, build_published_day


@pytest.fixture
def pub(world: World) -> PublishedDay:
    return build_published_day(world)


def rule_of(exc: pytest.ExceptionInfo[RuleViolation]) -> tuple[str, str]:
    v = exc.value.violations[0]
    return v.field, v.rule


def test_the_planned_caregiver_checks_in_and_out_with_the_actual_times(pub: PublishedDay) -> None:
    nurse, visit = pub.world.nurse, pub.astrid_medication
    start = timezone.now() - dt.timedelta(minutes=20)
    check_in = do_check_in(nurse, visit, start, uuid.uuid4())
    check_out = do_check_out(nurse, visit, timezone.now(), uuid.uuid4())
    assert (check_in.action, check_out.action) == (CheckAction.CHECK_IN, CheckAction.CHECK_OUT)
    assert check_in.at == start and check_in.employee == pub.nils
    assert check_in.recorded_by == nurse and check_in.recorded_at is not None
    assert timezone.is_aware(check_out.at)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE


def test_only_the_caregiver_planned_in_the_published_plan_may_check_in(pub: PublishedDay) -> None:
    anne = pub.anne.user
    assert anne is not None
    with pytest.raises(PermissionDenied):
        do_check_in(anne, pub.astrid_medication, timezone.now(), uuid.uuid4())
    with pytest.raises(PermissionDenied):  # the planner is not the caregiver
        do_check_in(pub.world.planner, pub.astrid_medication, timezone.now(), uuid.uuid4())
    # A draft plan does not count: only what was published.
    Plan.objects.filter(pk=pub.plan.pk).update(status=PlanStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        do_check_in(pub.world.nurse, pub.astrid_medication, timezone.now(), uuid.uuid4())
    assert not VisitCheck.objects.exists()


def test_the_same_action_sent_twice_is_applied_once(pub: PublishedDay) -> None:
    key = uuid.uuid4()
    first = do_check_in(pub.world.nurse, pub.astrid_medication, timezone.now(), key)
    again = do_check_in(pub.world.nurse, pub.astrid_medication, timezone.now(), str(key))
    assert again.pk == first.pk and again.at == first.at
    assert VisitCheck.objects.count() == 1
    assert AuditEvent.objects.filter(action="visit.check_in").count() == 1


def test_a_key_reused_for_another_action_is_a_conflict_naming_the_key(pub: PublishedDay) -> None:
    key = uuid.uuid4()
    do_check_in(pub.world.nurse, pub.astrid_medication, timezone.now(), key)
    with pytest.raises(RuleViolation) as exc:
        do_check_out(pub.world.nurse, pub.astrid_medication, timezone.now(), key)
    assert rule_of(exc) == ("idempotency_key", "conflict")
    assert str(key) in exc.value.violations[0].message
    with pytest.raises(RuleViolation) as exc:  # the same key on another visit
        do_check_in(pub.world.nurse, pub.bjorn_hygiene, timezone.now(), key)
    assert rule_of(exc) == ("idempotency_key", "conflict")
    with pytest.raises(RuleViolation) as exc:
        do_check_in(pub.world.nurse, pub.bjorn_hygiene, timezone.now(), "not-a-uuid")
    assert rule_of(exc) == ("idempotency_key", "invalid")


def test_check_out_comes_after_check_in_and_each_happens_once(pub: PublishedDay) -> None:
    nurse, visit = pub.world.nurse, pub.astrid_medication
    with pytest.raises(RuleViolation) as exc:
        do_check_out(nurse, visit, timezone.now(), uuid.uuid4())
    assert rule_of(exc) == ("action", "not_checked_in")
    checked_in = timezone.now() - dt.timedelta(minutes=5)
    do_check_in(nurse, visit, checked_in, uuid.uuid4())
    with pytest.raises(RuleViolation) as exc:
        do_check_in(nurse, visit, timezone.now(), uuid.uuid4())
    assert rule_of(exc) == ("action", "already_checked_in")
    with pytest.raises(RuleViolation) as exc:
        do_check_out(nurse, visit, checked_in - dt.timedelta(minutes=1), uuid.uuid4())
    assert rule_of(exc) == ("at", "before_check_in")
    do_check_out(nurse, visit, timezone.now(), uuid.uuid4())
    with pytest.raises(RuleViolation) as exc:
        do_check_out(nurse, visit, timezone.now(), uuid.uuid4())
    assert rule_of(exc) == ("action", "already_checked_out")
    assert VisitCheck.objects.count() == 2


def test_a_time_in_the_future_is_refused_beyond_a_little_clock_skew(pub: PublishedDay) -> None:
    nurse, visit = pub.world.nurse, pub.astrid_medication
    with pytest.raises(RuleViolation) as exc:
        do_check_in(nurse, visit, timezone.now() + dt.timedelta(minutes=30), uuid.uuid4())
    assert rule_of(exc) == ("at", "future")
    with pytest.raises(RuleViolation) as exc:
        do_check_in(nurse, visit, dt.datetime.now(), uuid.uuid4())
    assert rule_of(exc) == ("at", "naive")
    # A phone a minute ahead of the server is fine.
    do_check_in(nurse, visit, timezone.now() + dt.timedelta(minutes=1), uuid.uuid4())


def test_only_visits_from_yesterday_to_tomorrow(pub: PublishedDay) -> None:
    visit = pub.astrid_medication
    Visit.objects.filter(pk=visit.pk).update(date=timezone.localdate() + dt.timedelta(days=2))
    visit.refresh_from_db()
    with pytest.raises(RuleViolation) as exc:
        do_check_in(pub.world.nurse, visit, timezone.now(), uuid.uuid4())
    assert rule_of(exc) == ("visit", "outside_days")


def test_a_cancelled_visit_is_not_checked_in(pub: PublishedDay) -> None:
    Visit.objects.filter(pk=pub.astrid_medication.pk).update(status=VisitStatus.CANCELLED)
    with pytest.raises(RuleViolation) as exc:
        do_check_in(pub.world.nurse, pub.astrid_medication, timezone.now(), uuid.uuid4())
    assert rule_of(exc) == ("visit", "cancelled")


def test_a_position_is_kept_only_with_consent(pub: PublishedDay) -> None:
    nurse = pub.world.nurse
    with pytest.raises(RuleViolation) as exc:
        do_check_in(
            nurse, pub.astrid_medication, timezone.now(), uuid.uuid4(), Position(59.9, 10.7, False)
        )
    assert rule_of(exc) == ("position", "consent")
    check = do_check_in(
        nurse, pub.astrid_medication, timezone.now(), uuid.uuid4(), Position(59.915, 10.77, True)
    )
    assert (check.lat, check.lon, check.position_consent) == (59.915, 10.77, True)


def test_a_double_staffed_visit_is_done_when_both_caregivers_checked_out(
    pub: PublishedDay,
) -> None:
    nils, anne = pub.world.nurse, pub.anne.user
    assert anne is not None
    for user, visit in ((nils, pub.hans_first), (anne, pub.hans_second)):
        do_check_in(user, visit, timezone.now() - dt.timedelta(minutes=30), uuid.uuid4())
    do_check_out(nils, pub.hans_first, timezone.now(), uuid.uuid4())
    statuses = set(
        Visit.objects.filter(pk__in=[pub.hans_first.pk, pub.hans_second.pk]).values_list(
            "status", flat=True
        )
    )
    assert statuses == {VisitStatus.PLANNED}
    do_check_out(anne, pub.hans_second, timezone.now(), uuid.uuid4())
    statuses = set(
        Visit.objects.filter(pk__in=[pub.hans_first.pk, pub.hans_second.pk]).values_list(
            "status", flat=True
        )
    )
    assert statuses == {VisitStatus.DONE}


def test_every_action_is_audited_with_the_client(pub: PublishedDay) -> None:
    nurse, visit = pub.world.nurse, pub.astrid_medication
    check = do_check_in(nurse, visit, timezone.now() - dt.timedelta(minutes=3), uuid.uuid4())
    do_check_out(nurse, visit, timezone.now(), uuid.uuid4())
    events = list(AuditEvent.objects.filter(client=visit.client).order_by("id"))
    assert [e.action for e in events] == ["visit.check_in", "visit.check_out", "visit.done"]
    assert events[0].actor == nurse and events[0].object_id == str(check.public_id)
    assert events[0].new is not None and events[0].new["idempotency_key"] == str(
        check.idempotency_key
    )

"""Handing a visit back: it becomes unassigned with the reason in the published plan and the
draft, leaves the caregiver's day, and is refused once it has begun or its time is over."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone, translation

from hverdag.core.errors import PermissionDenied, RuleViolation
from hverdag.plans.hand_back import do_hand_back
from hverdag.plans.scope import team_scope
from hverdag.plans.services import do_new_draft
from hverdag.visits.models import EntryReason, HandBack, Plan, PlanEntry, PlanStatus, Visit
from hverdag.visits.selectors import my_day
from hverdag.visits.services import do_check_in
from hverdag.web.planning_words import reason_words
from tests.builders.people import World
from tests.builders.published_day import PublishedDay, build_published_day


@pytest.fixture
def pub(world: World) -> PublishedDay:
    published = build_published_day(world, date=timezone.localdate() + dt.timedelta(days=1))
    return published


def test_the_visit_goes_back_to_the_planners_unassigned_list(pub: PublishedDay) -> None:
    nurse, visit = pub.world.nurse, pub.bjorn_hygiene
    draft = do_new_draft(pub.world.planner, team_scope(pub.world.ost), visit.date)
    versions = {p.pk: p.version for p in Plan.objects.all()}
    do_hand_back(nurse, visit, "Bilen har punktert", timezone.now(), uuid.uuid4())
    for plan in (pub.plan, draft):
        entry = PlanEntry.objects.get(plan=plan, visit=visit)
        assert entry.employee is None and entry.start is None
        assert entry.reason_code == EntryReason.HANDED_BACK
        assert entry.reason_words == "Bilen har punktert"
        plan.refresh_from_db()
        assert plan.version == versions[plan.pk] + 1
    assert visit.pk not in [s.visit.pk for s in my_day(nurse, visit.date).stops]
    with translation.override("nb"):
        assert reason_words(entry.reason_code, words=entry.reason_words) == (
            "Levert tilbake av den ansatte: Bilen har punktert"
        )


def test_a_reason_is_required_and_nothing_changes_without_one(pub: PublishedDay) -> None:
    with pytest.raises(RuleViolation) as refused:
        do_hand_back(pub.world.nurse, pub.bjorn_hygiene, "  ", timezone.now(), uuid.uuid4())
    assert refused.value.violations[0].field == "reason"
    assert PlanEntry.objects.get(plan=pub.plan, visit=pub.bjorn_hygiene).employee == pub.nils
    assert not HandBack.objects.exists()


def test_only_the_planned_caregiver_hands_back(pub: PublishedDay) -> None:
    anne = pub.anne.user
    assert anne is not None
    with pytest.raises(PermissionDenied):
        do_hand_back(anne, pub.bjorn_hygiene, "Syk", timezone.now(), uuid.uuid4())


def test_a_begun_or_past_visit_is_not_handed_back(world: World) -> None:
    pub = build_published_day(world)
    nurse = world.nurse
    do_check_in(nurse, pub.astrid_medication, timezone.now(), uuid.uuid4())
    with pytest.raises(RuleViolation) as begun:
        do_hand_back(nurse, pub.astrid_medication, "Syk", timezone.now(), uuid.uuid4())
    assert begun.value.violations[0].rule == "checked_in"
    Visit.objects.filter(pk=pub.bjorn_hygiene.pk).update(
        window_start=timezone.now() - dt.timedelta(hours=2),
        window_end=timezone.now() - dt.timedelta(hours=1),
    )
    with pytest.raises(RuleViolation) as past:
        do_hand_back(nurse, pub.bjorn_hygiene, "Syk", timezone.now(), uuid.uuid4())
    assert past.value.violations[0].rule == "window_passed"
    assert not HandBack.objects.exists()


def test_a_replayed_hand_back_is_applied_once(pub: PublishedDay) -> None:
    key = uuid.uuid4()
    first = do_hand_back(pub.world.nurse, pub.bjorn_hygiene, "Syk", timezone.now(), key)
    pub.plan.refresh_from_db()
    version = pub.plan.version
    # The replay finds the first record, though the visit is no longer planned for the nurse.
    again = do_hand_back(pub.world.nurse, pub.bjorn_hygiene, "Syk", timezone.now(), key)
    pub.plan.refresh_from_db()
    assert again.pk == first.pk and pub.plan.version == version
    assert Plan.objects.filter(status=PlanStatus.PUBLISHED).count() == 1

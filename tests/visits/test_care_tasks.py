"""Tasks at the visit: read from the line's text, each done or not done with a reason,
recorded once per key by the planned caregiver after checking in; a new record corrects."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from hverdag.access.models import AuditEvent
from hverdag.core.append_only import AppendOnly
from hverdag.core.errors import PermissionDenied, RuleViolation
from hverdag.visits.care_tasks import task_list
from hverdag.visits.models import SkipReason, TaskRecord, Visit
from hverdag.visits.selectors import visit_tasks
from hverdag.visits.services import do_check_in, do_record_task
from tests.builders.generation import grant, line
from tests.builders.people import World
from tests.builders.published_day import PublishedDay, build_published_day

TASKS = (
    "Hjelp til dusj med dusjstol, vask av hår og stell av føtter. Smøre legger med krem.\n"
    "- Tømme søppel"
)


@pytest.fixture
def pub(world: World) -> PublishedDay:
    published = build_published_day(world)
    visit = published.astrid_medication
    decision = grant(world, visit.client, line(visit.service, visit.provider, tasks=TASKS))
    Visit.objects.filter(pk=visit.pk).update(line=decision.lines.get())
    visit.refresh_from_db()
    return published


def checked_in(pub: PublishedDay) -> Visit:
    do_check_in(pub.world.nurse, pub.astrid_medication, timezone.now(), uuid.uuid4())
    return pub.astrid_medication


def test_a_lines_text_is_split_into_tasks_by_line_and_sentence() -> None:
    assert task_list(TASKS) == [
        "Hjelp til dusj med dusjstol, vask av hår og stell av føtter.",
        "Smøre legger med krem.",
        "Tømme søppel",
    ]
    # An abbreviation followed by a small letter does not end the sentence.
    assert task_list("Handle f.eks. melk og brød.") == ["Handle f.eks. melk og brød."]
    assert task_list("  \n\n") == []


def test_a_visit_without_a_line_has_its_service_as_the_one_task(pub: PublishedDay) -> None:
    tasks = visit_tasks(pub.bjorn_hygiene)
    assert [t.text for t in tasks] == [pub.bjorn_hygiene.service.name]


def test_the_caregiver_records_done_and_not_done_with_the_reason(pub: PublishedDay) -> None:
    visit, nurse = checked_in(pub), pub.world.nurse
    now = timezone.now()
    done = do_record_task(nurse, visit, 1, True, "", "", now, uuid.uuid4())
    skipped = do_record_task(
        nurse, visit, 2, False, SkipReason.CLIENT_DECLINED, "Ville ikke i dag", now, uuid.uuid4()
    )
    assert done.text.startswith("Hjelp til dusj") and done.reason == ""
    assert (skipped.done, skipped.reason, skipped.comment) == (
        False,
        "client_declined",
        "Ville ikke i dag",
    )
    tasks = visit_tasks(visit)
    assert [t.record.done if t.record else None for t in tasks] == [True, False, None]
    assert AuditEvent.objects.filter(action="visit.task").count() == 2


def test_not_done_needs_a_reason_and_other_needs_words(pub: PublishedDay) -> None:
    visit, nurse = checked_in(pub), pub.world.nurse
    with pytest.raises(RuleViolation) as no_reason:
        do_record_task(nurse, visit, 1, False, "", "", timezone.now(), uuid.uuid4())
    assert no_reason.value.violations[0].field == "reason"
    with pytest.raises(RuleViolation) as other:
        do_record_task(nurse, visit, 1, False, SkipReason.OTHER, " ", timezone.now(), uuid.uuid4())
    assert (other.value.violations[0].field, other.value.violations[0].rule) == (
        "comment",
        "required",
    )
    with pytest.raises(RuleViolation) as unknown:
        do_record_task(nurse, visit, 9, True, "", "", timezone.now(), uuid.uuid4())
    assert unknown.value.violations[0].rule == "unknown_task"
    assert not TaskRecord.objects.exists()


def test_a_second_record_corrects_the_first_which_stays(pub: PublishedDay) -> None:
    visit, nurse = checked_in(pub), pub.world.nurse
    first = do_record_task(
        nurse, visit, 1, False, SkipReason.NO_TIME, "", timezone.now(), uuid.uuid4()
    )
    second = do_record_task(nurse, visit, 1, True, "", "", timezone.now(), uuid.uuid4())
    assert (first.version, second.version) == (1, 2)
    assert visit_tasks(visit)[0].record == second
    assert TaskRecord.objects.count() == 2
    with pytest.raises(AppendOnly):
        first.delete()
    first.done = True
    with pytest.raises(AppendOnly):
        first.save()


def test_a_replayed_key_is_applied_once_and_a_reused_key_is_a_conflict(pub: PublishedDay) -> None:
    visit, nurse, key = checked_in(pub), pub.world.nurse, uuid.uuid4()
    first = do_record_task(nurse, visit, 1, True, "", "", timezone.now(), key)
    again = do_record_task(nurse, visit, 1, True, "", "", timezone.now(), key)
    assert again.pk == first.pk
    with pytest.raises(RuleViolation) as conflict:
        do_record_task(nurse, visit, 2, True, "", "", timezone.now(), key)
    assert conflict.value.violations[0].rule == "conflict"
    assert TaskRecord.objects.count() == 1


def test_tasks_are_recorded_after_check_in_by_the_planned_caregiver(pub: PublishedDay) -> None:
    visit = pub.astrid_medication
    with pytest.raises(RuleViolation) as early:
        do_record_task(pub.world.nurse, visit, 1, True, "", "", timezone.now(), uuid.uuid4())
    assert early.value.violations[0].rule == "not_checked_in"
    anne = pub.anne.user
    assert anne is not None
    with pytest.raises(PermissionDenied):
        do_record_task(anne, visit, 1, True, "", "", timezone.now(), uuid.uuid4())
    assert not TaskRecord.objects.exists()

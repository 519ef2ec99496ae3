"""Client not home: the procedure is followed before the report, the visit (and its partner)
becomes "not home", and the report is applied once."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.utils import timezone

from hverdag.clients.models import ResourcePerson
from hverdag.core.errors import RuleViolation
from hverdag.visits.models import NotHomeReport, Visit, VisitStatus
from hverdag.visits.services import do_check_in, do_report_not_home
from tests.builders.people import World
from tests.builders.published_day import PublishedDay, build_published_day


@pytest.fixture
def pub(world: World) -> PublishedDay:
    return build_published_day(world)


def report(pub: PublishedDay, visit: Visit, **changes: Any) -> NotHomeReport:
    fields: dict[str, Any] = {
        "called_client": True,
        "called_next_of_kin": True,
        "whereabouts_known": True,
        "explanation": "Datteren sier hun er på dagsenteret.",
        "at": timezone.now(),
        "key": uuid.uuid4(),
    }
    fields.update(changes)
    return do_report_not_home(pub.world.nurse, visit, **fields)


def test_the_report_marks_the_visit_not_home(pub: PublishedDay) -> None:
    made = report(pub, pub.astrid_medication)
    pub.astrid_medication.refresh_from_db()
    assert pub.astrid_medication.status == VisitStatus.NOT_HOME
    assert made.employee == pub.nils and made.whereabouts_known


def test_a_double_staffed_visit_is_not_home_for_both(pub: PublishedDay) -> None:
    report(pub, pub.hans_first)
    assert set(
        Visit.objects.filter(pk__in=[pub.hans_first.pk, pub.hans_second.pk]).values_list(
            "status", flat=True
        )
    ) == {VisitStatus.NOT_HOME}


def test_the_procedure_comes_first(pub: PublishedDay) -> None:
    visit = pub.astrid_medication
    ResourcePerson.objects.create(
        client=visit.client, name="Ola", relation="child", phone="900", is_next_of_kin=True
    )
    with pytest.raises(RuleViolation) as refused:
        report(pub, visit, called_client=False, called_next_of_kin=False, explanation=" ")
    assert {v.field for v in refused.value.violations} == {
        "called_client",
        "called_next_of_kin",
        "explanation",
    }
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED and not NotHomeReport.objects.exists()


def test_without_next_of_kin_calling_the_client_is_enough(pub: PublishedDay) -> None:
    report(pub, pub.bjorn_hygiene, called_next_of_kin=False, whereabouts_known=False)
    assert NotHomeReport.objects.get().whereabouts_known is False


def test_once_checked_in_the_client_was_home(pub: PublishedDay) -> None:
    do_check_in(pub.world.nurse, pub.astrid_medication, timezone.now(), uuid.uuid4())
    with pytest.raises(RuleViolation) as refused:
        report(pub, pub.astrid_medication)
    assert refused.value.violations[0].rule == "checked_in"


def test_the_report_is_applied_once_and_the_visit_closes_for_check_in(pub: PublishedDay) -> None:
    key = uuid.uuid4()
    first = report(pub, pub.astrid_medication, key=key)
    assert report(pub, pub.astrid_medication, key=key).pk == first.pk
    with pytest.raises(RuleViolation) as again:
        report(pub, pub.astrid_medication)
    assert again.value.violations[0].rule == "not_home"
    with pytest.raises(RuleViolation) as check_in:
        do_check_in(pub.world.nurse, pub.astrid_medication, timezone.now(), uuid.uuid4())
    assert check_in.value.violations[0].rule == "not_home"
    assert NotHomeReport.objects.count() == 1

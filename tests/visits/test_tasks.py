"""A sent decision and a "not home" period reach the visits at once, not at the next run.

The decision and absence services queue ``visits.regenerate_client`` after their commit;
here it runs in place (``celery_eager``), and through a real worker on Redis in test_worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from hverdag.clients.services import do_register_client_absence, do_withdraw_client_absence
from hverdag.core.errors import RuleViolation
from hverdag.decisions.catalogue import install_catalogue
from hverdag.decisions.models import DecisionStatus, Service
from hverdag.decisions.services import do_approve, do_create_decision, do_send
from hverdag.staff.models import Competence
from hverdag.visits.models import CancelReason, Visit, VisitStatus
from tests.builders.people import World
from tests.decisions.conftest import standard_input

Capture = Callable[..., Any]


def test_visits_follow_a_sent_decision_and_an_absence(
    world: World, django_capture_on_commit_callbacks: Capture, celery_eager: None
) -> None:
    install_catalogue(world.oslo)
    catalogue = {s.code: s for s in Service.objects.filter(municipality=world.oslo)}
    world.nurse.employee.competences.add(*Competence.objects.filter(code="wound_care"))
    world.provider_admin.employee.competences.add(*Competence.objects.filter(code="household"))
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        decision = do_create_decision(
            world.caseworker,
            world.ingrid,
            standard_input(world, catalogue, valid_from=today, review_on=None),
        )
        do_approve(world.caseworker, decision)
    assert not Visit.objects.filter(client=world.ingrid).exists()  # not told yet: no visits

    with django_capture_on_commit_callbacks(execute=True):
        do_send(world.caseworker, decision, "in_writing", today)
    planned = Visit.objects.filter(client=world.ingrid, status=VisitStatus.PLANNED)
    assert planned.filter(service__code="wound_care").exists()
    day = planned.filter(date__gt=today).order_by("date").first()
    assert day is not None

    with django_capture_on_commit_callbacks(execute=True):
        absence = do_register_client_absence(
            world.caseworker, world.ingrid, day.date, day.date, "Sykehus"
        )
    on_day = Visit.objects.filter(client=world.ingrid, date=day.date)
    assert {v.status for v in on_day} == {VisitStatus.CANCELLED}
    assert {v.cancel_reason for v in on_day} == {CancelReason.CLIENT_ABSENT}
    assert planned.filter(date__gt=day.date).exists()  # only that day is off

    with django_capture_on_commit_callbacks(execute=True):
        do_withdraw_client_absence(world.caseworker, absence)
    assert {v.status for v in Visit.objects.filter(client=world.ingrid, date=day.date)} == {
        VisitStatus.PLANNED
    }


def test_the_regeneration_is_queued_only_when_the_service_commits(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    """Nothing runs inside the caseworker's transaction; a refused write queues nothing."""
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        do_register_client_absence(world.caseworker, world.ingrid, today, today, "Sykehus")
    assert len(queued) == 1
    with (
        django_capture_on_commit_callbacks(execute=False) as refused,
        pytest.raises(RuleViolation),
    ):
        do_register_client_absence(world.caseworker, world.ingrid, today, today, "Igjen")
    assert refused == []


def test_a_decision_sent_and_activated_at_once_queues_one_regeneration(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    install_catalogue(world.oslo)
    catalogue = {s.code: s for s in Service.objects.filter(municipality=world.oslo)}
    world.nurse.employee.competences.add(*Competence.objects.filter(code="wound_care"))
    world.provider_admin.employee.competences.add(*Competence.objects.filter(code="household"))
    today = timezone.localdate()
    decision = do_create_decision(
        world.caseworker,
        world.ingrid,
        standard_input(world, catalogue, valid_from=today, review_on=None),
    )
    do_approve(world.caseworker, decision)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        do_send(world.caseworker, decision, "in_writing", today)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ACTIVE
    assert len(queued) == 1

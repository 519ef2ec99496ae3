"""The daily decision job, run eagerly and through a real Celery worker on Redis."""

from __future__ import annotations

import datetime as dt

import pytest

from hverdag.decisions.models import Decision, DecisionStatus, Service
from hverdag.decisions.services import do_approve, do_create_decision, do_send
from hverdag.decisions.tasks import apply_due_transitions_task
from tests.builders.people import World
from tests.celery_worker import REDIS_URL, redis_reachable, redis_worker
from tests.conftest import require_server
from tests.decisions.conftest import TODAY, standard_input


def sent_from(world: World, catalogue: dict[str, Service], first_day: dt.date) -> Decision:
    decision = do_create_decision(
        world.caseworker,
        world.ingrid,
        standard_input(world, catalogue, valid_from=first_day, review_on=None),
    )
    do_approve(world.caseworker, decision)
    do_send(world.caseworker, decision, "in_writing", TODAY)
    decision.refresh_from_db()
    return decision


def test_the_task_activates_a_decision_on_its_first_day(
    world: World, catalogue: dict[str, Service]
) -> None:
    decision = sent_from(world, catalogue, TODAY + dt.timedelta(days=7))
    assert decision.status == DecisionStatus.SENT
    assert apply_due_transitions_task.apply(args=(TODAY.isoformat(),)).get() == []
    changed = apply_due_transitions_task.apply(args=((TODAY + dt.timedelta(days=7)).isoformat(),))
    assert changed.get() == [str(decision.public_id)]
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ACTIVE


@pytest.mark.django_db(transaction=True)
def test_the_task_runs_on_a_worker_through_redis(
    world: World, catalogue: dict[str, Service]
) -> None:
    require_server("Redis", redis_reachable(), REDIS_URL)
    decision = sent_from(world, catalogue, TODAY + dt.timedelta(days=3))
    # The production configuration with Redis as broker and result store, as in CI.
    with redis_worker() as redis_app:
        result = redis_app.send_task(
            apply_due_transitions_task.name,
            args=[(TODAY + dt.timedelta(days=3)).isoformat()],
        )
        assert result.get(timeout=30) == [str(decision.public_id)]
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ACTIVE

"""/clients/{id}/assessments: a new version per assessment, read back as written."""

from __future__ import annotations

from collections.abc import Callable

from hverdag.access.models import AuditEvent, User
from hverdag.clients.models import Assessment
from tests.api.clients.bodies import ASSESSMENT
from tests.api.conftest import Caller
from tests.builders.people import World

AsUser = Callable[[User | None], Caller]


def test_an_assessment_round_trip(world: World, as_: AsUser) -> None:
    kari = as_(world.caseworker)
    path = f"/clients/{world.ingrid.public_id}/assessments"
    written = kari.post(path, ASSESSMENT)
    assert written.status_code == 201, written.content
    body = written.json()
    assert body["version"] == 1
    assert body["scores"] == {"dressing": 3, "personal_hygiene": 4}
    assert body["goals"][0]["description"] == "Dusje selv"
    event = AuditEvent.objects.get(action="assessment.record")
    assert event.actor == world.caseworker
    assert str(Assessment.objects.get().public_id) == body["id"]
    assert kari.get(path).json() == [body]

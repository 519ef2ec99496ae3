"""/clients/{id}/notes: the same rules as the pages, reads logged with channel api."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.utils import timezone

from hverdag.access.models import AccessLog, User
from hverdag.notes.models import Note
from tests.api.conftest import Caller
from tests.builders.notes_day import NotesDay, build_notes_day, write
from tests.builders.people import World


@pytest.fixture
def nd(world: World) -> NotesDay:
    return build_notes_day(world)


def test_the_planned_nurse_writes_a_visit_note_once(
    nd: NotesDay, as_: Callable[[User | None], Caller]
) -> None:
    astrid = nd.astrid_medication.client
    body = {
        "key": str(uuid.uuid4()),
        "at": timezone.now().isoformat(),
        "text": "Gitt morgendose.",
        "visit": str(nd.astrid_medication.public_id),
        "important": True,
    }
    nils = as_(nd.world.nurse)
    first = nils.post(f"/clients/{astrid.public_id}/notes", body)
    assert first.status_code == 201, first.content
    assert first.json()["kind"] == "journal" and first.json()["important"] is True
    again = nils.post(f"/clients/{astrid.public_id}/notes", body)
    assert again.json()["id"] == first.json()["id"]
    assert Note.objects.count() == 1


def test_a_home_helper_may_neither_write_nor_read_the_journal(
    nd: NotesDay, as_: Callable[[User | None], Caller]
) -> None:
    astrid = nd.astrid_medication.client
    hilde = as_(nd.helper)
    refused = hilde.post(
        f"/clients/{astrid.public_id}/notes",
        {"key": str(uuid.uuid4()), "text": "Observasjon", "kind": "journal"},
    )
    assert refused.status_code == 403
    assert hilde.get(f"/clients/{astrid.public_id}/notes", kind="journal").status_code == 403
    case = hilde.post(
        f"/clients/{astrid.public_id}/notes",
        {
            "key": str(uuid.uuid4()),
            "text": "Vasket gulv.",
            "visit": str(nd.astrid_cleaning.public_id),
        },
    )
    assert case.status_code == 201 and case.json()["kind"] == "case_file"
    assert Note.objects.count() == 1


def test_the_list_has_every_version_and_the_read_is_logged(
    nd: NotesDay, as_: Callable[[User | None], Caller]
) -> None:
    from hverdag.notes.services import do_correct_note

    astrid = nd.astrid_medication.client
    note = write(nd.world.nurse, nd.astrid_medication, "A")
    do_correct_note(nd.world.nurse, note, "B", "Feil", timezone.now(), uuid.uuid4())
    response = as_(nd.world.team_leader).get(f"/clients/{astrid.public_id}/notes", kind="journal")
    assert response.status_code == 200
    assert [(n["text"], n["version"], n["corrected"]) for n in response.json()] == [
        ("B", 2, False),
        ("A", 1, True),
    ]
    assert AccessLog.objects.filter(
        user=nd.world.team_leader, what="journal", channel="api"
    ).exists()
    empty = as_(nd.world.nurse).post(
        f"/clients/{astrid.public_id}/notes",
        {"key": str(uuid.uuid4()), "text": " ", "kind": "journal"},
    )
    assert empty.status_code == 422 and "text" in empty.json()["errors"]

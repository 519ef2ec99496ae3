"""/clients/{id}/home-notes: the entry code is write-only, and every version is kept."""

from __future__ import annotations

from collections.abc import Callable

from hverdag.access.models import User
from hverdag.clients.models import HomeNotes
from tests.api.clients.bodies import HOME_NOTES
from tests.api.conftest import Caller
from tests.builders.people import World

AsUser = Callable[[User | None], Caller]


def test_the_key_box_code_is_never_sent(world: World, as_: AsUser) -> None:
    kari = as_(world.caseworker)
    written = kari.post(f"/clients/{world.ingrid.public_id}/home-notes", HOME_NOTES)
    assert written.status_code == 201
    assert "4711" not in written.content.decode()
    read = kari.get(f"/clients/{world.ingrid.public_id}/home-notes")
    assert "4711" not in read.content.decode()
    (notes,) = read.json()
    assert notes["has_entry_code"] is True
    assert "entry_code" not in notes
    assert notes["recorded_by"] == "Kari Saksbehandler"
    # At rest it is encrypted, too.
    assert "4711" not in HomeNotes.objects.get().entry_code_encrypted


def test_home_notes_keep_every_version(world: World, as_: AsUser) -> None:
    kari = as_(world.caseworker)
    path = f"/clients/{world.ingrid.public_id}/home-notes"
    kari.post(path, HOME_NOTES)
    # Same entry method, no code sent: the code is kept.
    assert kari.post(path, {"entry_method": "key_box", "pets": "To katter"}).status_code == 201
    versions = kari.get(path).json()
    assert [(v["version"], v["pets"], v["has_entry_code"]) for v in versions] == [
        (2, "To katter", True),
        (1, "Katt", True),
    ]

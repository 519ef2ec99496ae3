from __future__ import annotations

import pytest

from tests.factories import World
from tests.notes.fixtures import NotesDay, build_notes_day


@pytest.fixture
def nd(world: World) -> NotesDay:
    return build_notes_day(world)

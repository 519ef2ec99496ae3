from __future__ import annotations

import pytest

from tests.builders.notes_day import NotesDay, build_notes_day
from tests.builders.people import World


@pytest.fixture
def nd(world: World) -> NotesDay:
    return build_notes_day(world)

"""A note is a health record (or a case document): never edited, never deleted."""

from __future__ import annotations

import pytest

from hverdag.core.append_only import AppendOnly
from hverdag.notes.models import Note
from tests.builders.notes_day import NotesDay, write


def test_a_note_is_never_edited_or_deleted(nd: NotesDay) -> None:
    note = write(nd.world.nurse, nd.astrid_medication)
    note.text = "Endret i ettertid"
    with pytest.raises(AppendOnly):
        note.save()
    with pytest.raises(AppendOnly):
        note.delete()
    with pytest.raises(AppendOnly):
        Note.objects.filter(pk=note.pk).update(text="Endret")
    with pytest.raises(AppendOnly):
        Note.objects.filter(pk=note.pk).delete()
    assert Note.objects.get(pk=note.pk).text == "Gitt morgendose. Ingen bivirkninger."

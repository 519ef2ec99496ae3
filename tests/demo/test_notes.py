"""The demo's notes: on past published visits, by the caregiver planned, in the right record."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hverdag.demo.notes import seed_demo_notes
from hverdag.notes.models import Note, RecordKind
from hverdag.visits.models import PlanEntry
from tests.builders.people import World
from tests.builders.published_day import build_published_day


def test_notes_are_written_by_the_planned_caregiver_of_past_visits(world: World) -> None:
    today = timezone.localdate()
    pub = build_published_day(world, today - dt.timedelta(days=1))
    result = seed_demo_notes(world.oslo, today, share=1.0)
    originals = list(Note.objects.filter(version=1).select_related("visit__service"))
    assert result.notes == len(originals) == 4
    planned = {
        (e.visit_id, e.employee.user_id)
        for e in PlanEntry.objects.filter(plan=pub.plan).select_related("employee")
        if e.employee is not None
    }
    assert {(n.visit_id, n.author_id) for n in originals} == planned
    assert {n.kind for n in originals} == {RecordKind.JOURNAL}  # medication and care by nurses
    medication = next(n for n in originals if n.visit == pub.astrid_medication)
    assert medication.template is not None and medication.template.title == "Medikamenthåndtering"
    corrections = Note.objects.filter(version=2)
    assert corrections.count() == result.corrected
    assert all(c.corrects is not None and c.correction_reason for c in corrections)


def test_todays_visits_get_no_notes_yet(world: World) -> None:
    build_published_day(world)
    assert seed_demo_notes(world.oslo, timezone.localdate(), share=1.0).notes == 0

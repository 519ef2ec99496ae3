"""visits 0005: the English reason sentences saved before become codes; an unknown one stays
as it was, to be shown as its text."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from hverdag.visits.models import EntryReason, Plan, PlanEntry, PlanSource, PlanStatus
from tests.builders.people import World
from tests.builders.planning_day import build_planning_day

migration = importlib.import_module("hverdag.visits.migrations.0005_entry_reason_code")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no qualified caregiver", ("no_qualified", "", "")),
        ("not enough qualified caregivers", ("too_few_qualified", "", "")),
        (
            "window unreachable: no qualified caregiver can get there in time",
            ("window_unreachable", "", ""),
        ),
        (
            "shift too short: no qualified caregiver can do it and get back within the shift",
            ("shift_too_short", "", ""),
        ),
        (
            "no room: the qualified caregivers' days are full around its window",
            ("no_room", "", ""),
        ),
        ("linked visit 'v12' could not be planned either", ("linked_unplanned", "v12", "")),
        (
            "pinned caregiver 'e3' is not qualified or not available",
            ("pinned_unavailable", "e3", ""),
        ),
        ("taken out by the planner", ("taken_out", "", "")),
        ("handed back: Bilen har punktert", ("handed_back", "", "Bilen har punktert")),
        ("something the planner never wrote", ("", "", "")),
    ],
)
def test_a_saved_sentence_becomes_its_code(text: str, expected: tuple[str, str, str]) -> None:
    assert migration.code_of(text) == expected
    assert expected[0] == "" or expected[0] in EntryReason.values


def test_the_rows_are_converted_and_keep_their_text(world: World) -> None:
    day = build_planning_day(world)
    plan = Plan.objects.create(
        municipality=world.oslo,
        provider=world.municipal,
        team=world.ost,
        date=day.date,
        status=PlanStatus.PUBLISHED,
        source=PlanSource.OPTIMISED,
    )
    texts = ["handed back: Syk barn", "linked visit 'v5' could not be planned either", "odd"]
    for visit, text in zip(day.visits, texts, strict=False):
        PlanEntry.objects.create(plan=plan, visit=visit, reason=text)
    migration.to_codes(apps, None)
    got = [
        (e.reason_code, e.reason_other, e.reason_words, e.reason)
        for e in PlanEntry.objects.filter(plan=plan).order_by("visit__window_start", "visit_id")
    ]
    assert sorted(got) == sorted(
        [
            ("handed_back", "", "Syk barn", texts[0]),
            ("linked_unplanned", "v5", "", texts[1]),
            ("", "", "", "odd"),
        ]
    )

"""What Per the planner reads, in bokmål, for every reason a visit is unassigned and every rule
a plan can break: one case per code, and a test that fails when the planner or the workflow
gets a code the table has no words for."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from hverdag.core.clock import day_origin
from hverdag.planning import UnassignedReason, ViolationKind
from hverdag.visits.models import EntryReason
from hverdag.web.planning_words import REASONS, VIOLATIONS, reason_words, violation_words

ORIGIN = day_origin(dt.date(2026, 6, 1))
VISITS = {"v7": "Hans (7)", "v8": "Hans (8)"}
CAREGIVERS = {"e1": "Anne Aas", "e2": "Bo Berg"}

# code -> (other, words, bokmål)
REASON_CASES: dict[str, tuple[str, str, str]] = {
    EntryReason.PINNED_UNAVAILABLE: (
        "Bo Berg",
        "",
        "Låst til Bo Berg, som ikke er kvalifisert eller ikke er på jobb denne dagen.",
    ),
    EntryReason.NO_QUALIFIED: ("", "", "Ingen pleier på vakt har kompetansen besøket krever."),
    EntryReason.TOO_FEW_QUALIFIED: (
        "",
        "",
        "For få pleiere på vakt har kompetansen besøket krever.",
    ),
    EntryReason.WINDOW_UNREACHABLE: (
        "",
        "",
        "Ingen kvalifisert pleier rekker fram innenfor avtalt tid.",
    ),
    EntryReason.SHIFT_TOO_SHORT: (
        "",
        "",
        "Ingen kvalifisert pleier rekker besøket og tilbake innen vakta er slutt.",
    ),
    EntryReason.LINKED_UNPLANNED: (
        "Hans (8)",
        "",
        "Dobbeltbemannet, og den andre halvdelen (Hans (8)) kunne heller ikke planlegges.",
    ),
    EntryReason.NO_ROOM: (
        "",
        "",
        "Ikke plass: de kvalifiserte pleierne har fulle dager rundt avtalt tid.",
    ),
    EntryReason.TAKEN_OUT: ("", "", "Tatt ut av planen av planleggeren."),
    EntryReason.HANDED_BACK: (
        "",
        "Bilen har punktert",
        "Levert tilbake av den ansatte: Bilen har punktert",
    ),
}

# kind -> (saved fields, bokmål); minutes from midnight 1 June 2026 (summer time).
VIOLATION_CASES: dict[ViolationKind, tuple[dict[str, Any], str]] = {
    ViolationKind.UNKNOWN_CAREGIVER: (
        {"caregiver": "e9"},
        "Planen har en dag for en pleier som ikke er på vakt (e9).",
    ),
    ViolationKind.DUPLICATE_ROUTE: ({"caregiver": "e1"}, "Anne Aas har mer enn én dag i planen."),
    ViolationKind.UNKNOWN_VISIT: (
        {"caregiver": "e1", "visit": "v99"},
        "Anne Aas har et besøk som ikke lenger er blant dagens besøk.",
    ),
    ViolationKind.VISIT_TWICE: (
        {"caregiver": "e1", "visit": "v7"},
        "Anne Aas har Hans (7) to ganger.",
    ),
    ViolationKind.BEFORE_ARRIVAL: (
        {"caregiver": "e1", "visit": "v7", "at": 600.0, "bound": 605.0},
        "Anne Aas: Hans (7) starter 10:00, før pleieren er framme (10:05).",
    ),
    ViolationKind.BEFORE_WINDOW: (
        {"caregiver": "e1", "visit": "v7", "at": 590.0, "bound": 600.0},
        "Anne Aas: Hans (7) starter 09:50, før avtalt tid (10:00).",
    ),
    ViolationKind.AFTER_HARD_LATEST: (
        {"caregiver": "e1", "visit": "v7", "at": 600.0, "bound": 590.0},
        "Anne Aas: Hans (7) starter 10:00, etter seneste start (09:50).",
    ),
    ViolationKind.PINNED_START: (
        {"caregiver": "e1", "visit": "v7", "at": 615.0, "bound": 600.0},
        "Anne Aas: Hans (7) er låst til 10:00, men starter 10:15.",
    ),
    ViolationKind.MISSING_SKILL: (
        {"caregiver": "e1", "visit": "v7", "skill": "insulin"},
        "Anne Aas mangler kompetansen Hans (7) krever (insulin).",
    ),
    ViolationKind.FORBIDDEN: (
        {"caregiver": "e1", "visit": "v7"},
        "Anne Aas skal ikke ha Hans (7).",
    ),
    ViolationKind.PINNED_CAREGIVER: (
        {"caregiver": "e1", "visit": "v7", "other": "e2"},
        "Hans (7) er låst til Bo Berg, men gitt til Anne Aas.",
    ),
    ViolationKind.OVER_CAPACITY: (
        {"caregiver": "e1", "at": 12.5, "bound": 10.0},
        "Anne Aas har mer last enn kapasiteten tillater.",
    ),
    ViolationKind.NO_BREAK: ({"caregiver": "e1"}, "Anne Aas får ingen pause."),
    ViolationKind.BREAK_OUTSIDE_WINDOW: (
        {"caregiver": "e1", "at": 600.0, "bound": 660.0, "upper": 780.0},
        "Anne Aas: pausen 10:00 er utenfor 11:00–13:00.",
    ),
    ViolationKind.BREAK_OVERLAP: (
        {"caregiver": "e1", "at": 720.0},
        "Anne Aas: pausen 12:00 overlapper et besøk eller reisen dit.",
    ),
    ViolationKind.OVERTIME: (
        {"caregiver": "e1", "at": 945.5, "bound": 930.0, "allowance": 30.0},
        "Anne Aas blir ferdig 15:45, etter vaktslutt og tillatt overtid.",
    ),
    ViolationKind.STAFF_COUNT: (
        {"visit": "v7", "staff": 2, "count": 1},
        "Hans (7) trenger 2 pleiere og har 1.",
    ),
    ViolationKind.PAIR_APART: (
        {"visit": "v7", "caregiver": "e1", "at": 600.0, "other": "e2", "bound": 610.0},
        "Hans (7): de to pleierne starter til ulik tid (10:00 og 10:10).",
    ),
    ViolationKind.LINK_HALF_PLANNED: (
        {"link": ["v7", "v8"], "visit": "v8", "other": "v7"},
        "Hans (8): bare den ene av de to pleierne er planlagt.",
    ),
    ViolationKind.LINK_GAP: (
        {"link": ["v7", "v8"], "visit": "v7", "other": "v8", "at": 31.2, "bound": 0, "upper": 0},
        "Hans (7): de to pleierne starter ikke samtidig.",
    ),
    ViolationKind.LINK_SAME_CAREGIVER: (
        {"link": ["v7", "v8"], "visit": "v7", "other": "v8", "caregiver": "e1"},
        "Hans (7): begge halvdelene av et dobbeltbemannet besøk er gitt til Anne Aas.",
    ),
}


def test_every_reason_and_every_rule_has_words_and_a_case_here() -> None:
    codes = {*UnassignedReason, *EntryReason}
    assert set(REASONS) == codes == set(REASON_CASES)
    assert set(VIOLATIONS) == set(ViolationKind) == set(VIOLATION_CASES)


def test_the_planners_reason_codes_are_stored_as_they_come() -> None:
    assert {r.value for r in UnassignedReason} <= {c.value for c in EntryReason}


@pytest.mark.parametrize("code", list(EntryReason))
def test_an_unassigned_reason_in_bokmal(code: EntryReason) -> None:
    other, words, expected = REASON_CASES[code]
    with translation.override("nb"):
        assert reason_words(code, other=other, words=words) == expected


def test_an_entry_without_a_code_shows_its_saved_text_or_says_none_was_recorded() -> None:
    with translation.override("nb"):
        assert reason_words("", text="something new") == "something new"
        assert reason_words("") == "Ingen grunn er registrert."


@pytest.mark.parametrize("kind", list(ViolationKind))
def test_a_broken_rule_in_bokmal_with_names_and_clock_times(kind: ViolationKind) -> None:
    saved, expected = VIOLATION_CASES[kind]
    with translation.override("nb"):
        assert (
            violation_words({"kind": kind.value, **saved}, ORIGIN, VISITS.get, CAREGIVERS.get)
            == expected
        )


def test_a_visit_not_on_the_board_is_said_what_it_is_and_an_old_sentence_stays_as_it_was() -> None:
    gap = {"kind": "link_gap", "link": ["v70", "v71"], "visit": "v70", "other": "v71", "at": 3.0}
    with translation.override("nb"):
        assert violation_words(gap, ORIGIN, VISITS.get, CAREGIVERS.get) == (
            "Et dobbeltbemannet besøk: de to pleierne starter ikke samtidig."
        )
        old = "Anne Aas: no break taken"
        assert violation_words(old, ORIGIN, VISITS.get, CAREGIVERS.get) == old

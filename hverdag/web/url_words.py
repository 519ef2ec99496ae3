"""The words in the pages' URL paths are bokmål; the code keeps its own names for them.

A converter per kind of word maps the bokmål slug in the path to the name the views and
templates use (``hjem`` ↔ ``home``), so ``{% url 'web:client_section' id 'home' %}`` gives
``/brukere/<id>/hjem/`` and an unknown slug is a 404, as an unknown section always was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping


class _Words:
    words: Mapping[str, str]  # code name -> bokmål slug
    names: Mapping[str, str]  # bokmål slug -> code name
    regex: str

    def to_python(self, value: str) -> str:
        try:
            return self.names[value]
        except KeyError as exc:
            raise ValueError(value) from exc  # Django answers 404

    def to_url(self, value: str) -> str:
        try:
            return self.words[value]
        except KeyError as exc:
            raise ValueError(value) from exc  # reverse() fails loudly: NoReverseMatch


def words(name: str, mapping: Mapping[str, str]) -> type[_Words]:
    """A converter class for ``mapping`` (code name -> bokmål slug)."""
    slugs = list(mapping.values())
    assert len(set(slugs)) == len(slugs), f"{name}: two code names share a slug"
    regex = "|".join(re.escape(s) for s in sorted(slugs, key=len, reverse=True))
    names = {slug: code for code, slug in mapping.items()}
    return type(name, (_Words,), {"words": dict(mapping), "names": names, "regex": regex})


ClientSection = words(
    "ClientSection",
    {
        "overview": "oversikt",
        "home": "hjem",
        "intake": "kartlegging",
        "decisions": "vedtak",
        "journal": "journal",
        "case_file": "saksmappe",
        "medication": "legemidler",
        "log": "innsynslogg",
    },
)
NoteKind = words("NoteKind", {"journal": "journal", "case_file": "saksmappe"})
DecisionAction = words(
    "DecisionAction",
    {
        "approve": "godkjenn",
        "send": "send",
        "change": "endre",
        "terminate": "avslutt",
        "discard": "forkast",
    },
)
RotaAction = words(
    "RotaAction",
    {
        "shift": "vakt",
        "remove-shift": "fjern-vakt",
        "absence": "fravaer",
        "withdraw-absence": "trekk-fravaer",
    },
)
PlanningAction = words(
    "PlanningAction",
    {
        "optimise": "optimaliser",
        "cancel": "avbryt",
        "publish": "publiser",
        "new-draft": "nytt-utkast",
        "move": "flytt",
        "swap": "bytt",
        "lock": "las",
        "unassign": "ta-ut",
        "sick": "sykmelding",
    },
)

"""The pages' URL paths are in bokmål; the code's names for the words stay its own."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest
from django.urls import (
    NoReverseMatch,
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    reverse,
)

from hverdag.web import url_words
from hverdag.web.urls import urlpatterns

# Every literal word of a page path. A new path with an English word ("clients", "edit")
# fails here: pick its bokmål word and add it.
BOKMAL = {
    "avslutt", "avvik", "besok", "blalys", "brev", "brukere", "effekt", "endre",
    "finn", "forhandsvisning", "fremdrift", "gjennomgang", "hjem", "ikke-hjemme",
    "kartlegging", "kode", "lagre", "legemidler", "lever", "lever-tilbake", "logg-inn",
    "logg-ut", "manifest.webmanifest", "medisin", "medisinvarsel", "min-dag", "mine-brukere",
    "nokkel", "nokler", "notat", "notater", "ny", "oppgave", "personer", "planlegging",
    "rett", "seponer", "sw.js", "utstyr", "vaktplan", "vedtak", "ved-behov",
}  # fmt: skip


def literal_words(patterns: Sequence[URLPattern | URLResolver]) -> set[str]:
    words: set[str] = set()
    for p in patterns:
        route = str(p.pattern)
        for part in re.split(r"/", re.sub(r"<[^>]+>", "", route)):
            part = part.removesuffix(".pdf")
            if part:
                words.add(part)
    return words


def test_every_word_of_a_page_path_is_bokmal() -> None:
    assert literal_words(urlpatterns) == BOKMAL


@pytest.mark.parametrize(
    ("converter", "name", "slug"),
    [
        (url_words.ClientSection, "home", "hjem"),
        (url_words.ClientSection, "case_file", "saksmappe"),
        (url_words.DecisionAction, "approve", "godkjenn"),
        (url_words.PlanningAction, "new-draft", "nytt-utkast"),
        (url_words.RotaAction, "withdraw-absence", "trekk-fravaer"),
    ],
)
def test_a_converter_maps_the_code_name_to_the_bokmal_slug_and_back(
    converter: type, name: str, slug: str
) -> None:
    words = converter()
    assert words.to_url(name) == slug
    assert words.to_python(slug) == name
    assert re.fullmatch(words.regex, slug)


def test_the_client_record_sections_have_bokmal_paths_and_an_english_word_is_not_found() -> None:
    some = "00000000-0000-0000-0000-000000000001"
    assert reverse("web:client_section", args=[some, "home"]) == f"/brukere/{some}/hjem/"
    assert reverse("web:decision_action", args=[some, "approve"]) == f"/vedtak/{some}/godkjenn/"
    with pytest.raises(NoReverseMatch):
        reverse("web:client_section", args=[some, "hjem"])  # the code says "home"
    assert get_resolver().resolve(f"/brukere/{some}/innsynslogg/").kwargs["section"] == "log"
    with pytest.raises(Resolver404):
        get_resolver().resolve(f"/brukere/{some}/log/")

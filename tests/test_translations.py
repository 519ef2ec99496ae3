"""The Norwegian catalog is complete, compiled, and says what the municipality says.

No database: these tests read the .po/.mo files and ask Django's translation machinery.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from scripts.compile_messages import (
    LOCALE_DIR,
    PoEntry,
    PoSyntaxError,
    compile_file,
    detect_charset,
    main,
    parse_po,
    po_files,
)

NB_PO = LOCALE_DIR / "nb" / "LC_MESSAGES" / "django.po"

# Python %-format conversions: %(name)s, %s, %5.1f, and the literal %%.
PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?"  # mapping key
    r"[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"  # flags, width, precision, length
    r"(?P<conv>[diouxXeEfFgGcrsa%])"
)


def nb_entries() -> list[PoEntry]:
    return [e for e in parse_po(NB_PO.read_bytes(), str(NB_PO)) if not e.obsolete]


def label(e: PoEntry) -> str:
    where = f"{NB_PO.name}:{e.lineno}"
    return f"{where} {e.msgctxt + ' | ' if e.msgctxt else ''}{e.msgid!r}"


def placeholders(text: str) -> list[str]:
    """The placeholders of a %-format string, named ones by name, positional by type."""
    found = []
    for m in PLACEHOLDER.finditer(text):
        if m.group("conv") == "%":
            continue
        name = m.group("name")
        found.append(f"({name})" if name is not None else m.group("conv"))
    # Named placeholders may move; positional ones must keep their order.
    named = sorted(p for p in found if p.startswith("("))
    positional = [p for p in found if not p.startswith("(")]
    return named + positional


def load_mo(data: bytes, path: Path) -> gettext.GNUTranslations:
    path.write_bytes(data)
    with path.open("rb") as fp:
        return gettext.GNUTranslations(fp)


# --- the catalog is complete ------------------------------------------------------------


def test_the_bokmal_catalog_exists_with_bokmal_plural_rules() -> None:
    header = next(e for e in nb_entries() if e.is_header)
    assert not header.fuzzy, "the header is still marked fuzzy"
    fields = dict(line.split(": ", 1) for line in header.msgstrs[0].splitlines() if ": " in line)
    assert fields["Language"] == "nb"
    assert fields["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in fields["Content-Type"]


def test_every_message_has_a_translation_and_none_is_fuzzy() -> None:
    entries = [e for e in nb_entries() if not e.is_header]
    assert len(entries) > 400
    fuzzy = [label(e) for e in entries if e.fuzzy]
    empty = [label(e) for e in entries if not all(s.strip() for s in e.forms)]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not empty, f"untranslated entries: {empty}"


def test_plural_entries_have_both_bokmal_forms() -> None:
    plurals = [e for e in nb_entries() if e.msgid_plural is not None]
    assert plurals
    for e in plurals:
        assert sorted(e.msgstrs) == [0, 1], label(e)


def test_placeholders_are_kept_in_every_translation() -> None:
    checked = 0
    for e in nb_entries():
        if e.is_header:
            continue
        if "python-format" not in e.flags and not PLACEHOLDER.search(e.msgid):
            continue
        expected = placeholders(e.msgid_plural if e.msgid_plural is not None else e.msgid)
        if e.msgid_plural is not None:
            assert placeholders(e.msgid) == expected, f"msgid and msgid_plural differ: {label(e)}"
        for i, text in enumerate(e.forms):
            assert placeholders(text) == expected, f"{label(e)} msgstr[{i}] = {text!r}"
        checked += 1
    assert checked >= 4


def test_no_template_variable_syntax_leaked_into_translations() -> None:
    # blocktranslate turns {{ v }} into %(v)s; a translation must not bring the braces back.
    for e in nb_entries():
        for text in e.forms:
            assert "{{" not in text and "{%" not in text, label(e)


# --- the compiled catalog is the committed one --------------------------------------------


@pytest.mark.parametrize("po", po_files(), ids=lambda p: str(p.relative_to(LOCALE_DIR)))
def test_committed_mo_is_up_to_date_with_its_po(po: Path, tmp_path: Path) -> None:
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run scripts/compile_messages.py"
    fresh = load_mo(compile_file(po), tmp_path / "fresh.mo")
    with mo.open("rb") as fp:
        committed = gettext.GNUTranslations(fp)
    assert committed._catalog == fresh._catalog, "stale .mo: run scripts/compile_messages.py"  # type: ignore[attr-defined]
    assert committed.info() == fresh.info()


def test_a_locale_directory_has_a_catalog() -> None:
    assert NB_PO in po_files()


def test_the_check_mode_reports_stale_and_fresh_catalogs(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(TRICKY_PO, encoding="utf-8")
    assert main(["--check", str(po)]) == 1  # no .mo yet
    assert not po.with_suffix(".mo").exists()
    assert main([str(po)]) == 0
    assert main(["--check", str(po)]) == 0
    assert main(["--check"]) == 0, "a committed .mo is stale: run scripts/compile_messages.py"


# --- the municipality's words -------------------------------------------------------------

KEY_TERMS = {
    "Clients": "Brukere",
    "Client": "Bruker",
    "New client": "Ny bruker",
    "Register client": "Registrer bruker",
    "Register a new client": "Registrer ny bruker",
    "Decisions and letters": "Vedtak og brev",
    "New decision": "Nytt vedtak",
    "Intake": "Kartlegging",
    "New intake / reassessment": "Ny kartlegging",
    "Save intake": "Lagre kartlegging",
    "Intake recorded.": "Kartlegging registrert.",
    "Caseworker": "Saksbehandler",
    "Contact person": "Kontaktperson",
    "Next of kin": "Pårørende",
    "Power of attorney": "Fullmakt",
    "Key box": "Nøkkelboks",
    "Patient lift": "Personløfter",
    "Hospital bed": "Sykehusseng",
    "Welfare technology": "Velferdsteknologi",
    "Safety alarm": "Trygghetsalarm",
    "Medicine dispenser": "Medisindispenser",
    "Health care in the home": "Helsetjenester i hjemmet",
    "co-payment": "egenandel",
    "Private (free user choice)": "Privat (fritt brukervalg)",
    "Emergency access": "Akuttilgang",
    "Access log": "Tilgangslogg",
    "Who has read this record": "Hvem har lest journalen",
    "Team leader": "Teamleder",
    "D number": "D-nummer",
    "H number": "H-nummer",
    "Common assistance number": "Felles hjelpenummer",
    "Before the door": "Før døra",
}

# Exact texts the end-to-end test (tests/web/test_caseworker_journey.py) finds on the page.
JOURNEY_TEXTS = {
    "Username": "Brukernavn",
    "Password": "Passord",
    "Log in": "Logg inn",
    "Log out": "Logg ut",
    "Identity number": "Identitetsnummer",
    "First name": "Fornavn",
    "Last name": "Etternavn",
    "Address": "Adresse",
    "Postal code": "Postnummer",
    "Postal place": "Poststed",
    "Phone": "Telefon",
    "Team": "Team",
    "What matters to you?": "Hva er viktig for deg?",
    "What do you manage yourself?": "Hva mestrer du selv?",
    "What resources do you have around you?": "Hvilke ressurser har du rundt deg?",
    "Applied for": "Søkt om",
    "Facts of the case": "Faktiske forhold",
    "Reasons": "Begrunnelse",
    "Service": "Tjeneste",
    "Provider": "Leverandør",
    "Minutes per visit": "Minutter per besøk",
    "Preferred from": "Foretrukket fra",
    "Preferred to": "Foretrukket til",
    "Save draft": "Lagre utkast",
    "Draft saved.": "Utkast lagret.",
    "Show letter preview": "Vis brevutkast",
    "Approve decision": "Godkjenn vedtak",
    "Decision approved.": "Vedtaket er godkjent.",
    "Send decision and make letter": "Send vedtak og lag brev",
    "Decision sent. The letter is stored.": "Vedtaket er sendt. Brevet er lagret.",
    "Download letter": "Last ned brev",
}


@pytest.mark.parametrize(("english", "bokmal"), sorted({**KEY_TERMS, **JOURNEY_TEXTS}.items()))
def test_key_terms_read_as_the_municipality_writes_them(english: str, bokmal: str) -> None:
    with translation.override("nb"):
        assert translation.gettext(english) == bokmal
    with translation.override("en"):
        assert translation.gettext(english) == english


def test_client_count_uses_the_plural_form() -> None:
    with translation.override("nb"):
        one = translation.ngettext("%(counter)s client", "%(counter)s clients", 1)
        many = translation.ngettext("%(counter)s client", "%(counter)s clients", 3)
    assert one % {"counter": 1} == "1 bruker"
    assert many % {"counter": 3} == "3 brukere"


# --- the pure-Python compiler does what msgfmt does ---------------------------------------

TRICKY_PO = r"""# A catalog with every construct the compiler must handle.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: test\n"
"POT-Creation-Date: 2026-11-24 16:33+0100\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#: a.py:1
#, python-format
msgid "%(counter)s client"
msgid_plural "%(counter)s clients"
msgstr[0] "%(counter)s bruker"
msgstr[1] "%(counter)s brukere"

msgctxt "month"
msgid "May"
msgstr "mai"

msgctxt "permission"
msgid "May"
msgstr "kan"

msgid ""
"Two lines\n"
"with \"quotes\", a \\ backslash,\ta tab and \101\x42"
msgstr ""
"To linjer\n"
"med «sitater» og æøå ÆØÅ"

#, fuzzy
#| msgid "Old text"
msgid "Fuzzy text"
msgstr "Uklar tekst"

msgid "Untranslated"
msgstr ""

msgid "Plural untranslated"
msgid_plural "Plurals untranslated"
msgstr[0] ""
msgstr[1] ""

#~ msgid "Obsolete"
#~ msgstr "Foreldet"
"""


def test_the_compiler_handles_context_plurals_escapes_and_skips(tmp_path: Path) -> None:
    po = tmp_path / "tricky.po"
    po.write_text(TRICKY_PO, encoding="utf-8")
    catalog = load_mo(compile_file(po), tmp_path / "tricky.mo")

    assert catalog.ngettext("%(counter)s client", "%(counter)s clients", 1) == "%(counter)s bruker"
    assert catalog.ngettext("%(counter)s client", "%(counter)s clients", 2) == "%(counter)s brukere"
    assert catalog.pgettext("month", "May") == "mai"
    assert catalog.pgettext("permission", "May") == "kan"
    source = 'Two lines\nwith "quotes", a \\ backslash,\ta tab and AB'
    assert catalog.gettext(source) == "To linjer\nmed «sitater» og æøå ÆØÅ"
    assert catalog.gettext("Fuzzy text") == "Fuzzy text"
    assert catalog.gettext("Untranslated") == "Untranslated"
    assert catalog.gettext("Obsolete") == "Obsolete"
    # The header is kept although fuzzy, without the date that changes on every run.
    assert catalog.info()["project-id-version"] == "test"
    assert "pot-creation-date" not in catalog.info()
    assert catalog.plural(1) == 0 and catalog.plural(0) == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "bad",
    [
        'msgid "a"\n',
        'msgid "a"\nmsgstr "b" "c"\n',
        'msgid "a"\nmsgstr "\\q"\n',
        'msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n',
        'msgid "a"\nmsgstr "b"\nnonsense\n',
    ],
)
def test_the_compiler_refuses_what_msgfmt_refuses(bad: str) -> None:
    with pytest.raises(PoSyntaxError):
        parse_po(bad.encode())


def test_charset_comes_from_the_header() -> None:
    assert detect_charset(b'msgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n') == (
        "ISO-8859-1"
    )
    assert detect_charset(b'msgid ""\nmsgstr ""\n') == "utf-8"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
@pytest.mark.parametrize("source", ["tricky", "nb"])
def test_the_compiler_agrees_with_gnu_msgfmt(source: str, tmp_path: Path) -> None:
    if source == "nb":
        po = NB_PO
    else:
        po = tmp_path / "tricky.po"
        po.write_text(TRICKY_PO, encoding="utf-8")
    gnu_mo = tmp_path / "gnu.mo"
    subprocess.run(["msgfmt", "--no-hash", "-o", str(gnu_mo), str(po)], check=True)
    ours = compile_file(po)
    gnu = load_mo(gnu_mo.read_bytes(), tmp_path / "gnu-copy.mo")
    mine = load_mo(ours, tmp_path / "ours.mo")
    assert mine._catalog == gnu._catalog  # type: ignore[attr-defined]
    assert mine.info() == gnu.info()
    # Same layout too: sorted keys, no hash table.
    assert ours == gnu_mo.read_bytes()


def django_catalogs() -> list[Path]:
    """A few of Django's own catalogs: many msgctxt entries and one to six plural forms."""
    import django

    base = Path(django.__file__).parent / "conf" / "locale"
    wanted = ["nb", "de", "ar", "ja", "ru", "pl"]
    return [p for code in wanted if (p := base / code / "LC_MESSAGES" / "django.po").exists()]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
@pytest.mark.parametrize("po", django_catalogs(), ids=lambda p: p.parent.parent.name)
def test_the_compiler_agrees_with_gnu_msgfmt_on_djangos_catalogs(po: Path, tmp_path: Path) -> None:
    gnu_mo = tmp_path / "gnu.mo"
    subprocess.run(["msgfmt", "--no-hash", "-o", str(gnu_mo), str(po)], check=True)
    assert compile_file(po) == gnu_mo.read_bytes()

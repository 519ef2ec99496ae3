"""The Norwegian catalog is complete, compiled, and says what the municipality says.

No database: these tests read the .po file (with polib), the .mo file `make install` builds
from it (Django's compilemessages, GNU gettext), and ask Django's translation machinery.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
NB_PO = LOCALE_DIR / "nb" / "LC_MESSAGES" / "django.po"
DJANGO_ADMIN = Path(sys.executable).parent / "django-admin"

# Python %-format conversions: %(name)s, %s, %5.1f, and the literal %%.
PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?"  # mapping key
    r"[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"  # flags, width, precision, length
    r"(?P<conv>[diouxXeEfFgGcrsa%])"
)


def po_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def nb_catalog() -> polib.POFile:
    return polib.pofile(str(NB_PO))


def nb_entries() -> list[polib.POEntry]:
    return [e for e in nb_catalog() if not e.obsolete]


def forms(e: polib.POEntry) -> list[str]:
    if e.msgid_plural:
        return [e.msgstr_plural[i] for i in sorted(e.msgstr_plural)]
    return [e.msgstr]


def label(e: polib.POEntry) -> str:
    where = f"{NB_PO.name}:{e.linenum}"
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


def msgfmt() -> str:
    path = shutil.which("msgfmt")
    assert path, "GNU gettext (msgfmt) is needed to compile translations: apt-get install gettext"
    return path


# --- the catalog is complete ------------------------------------------------------------


def test_the_bokmal_catalog_exists_with_bokmal_plural_rules() -> None:
    catalog = nb_catalog()
    assert not catalog.metadata_is_fuzzy, "the header is still marked fuzzy"
    assert catalog.metadata["Language"] == "nb"
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in catalog.metadata["Content-Type"]


def test_every_message_has_a_translation_and_none_is_fuzzy() -> None:
    entries = nb_entries()
    assert len(entries) > 400
    fuzzy = [label(e) for e in entries if e.fuzzy]
    empty = [label(e) for e in entries if not all(s.strip() for s in forms(e))]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not empty, f"untranslated entries: {empty}"


def test_plural_entries_have_both_bokmal_forms() -> None:
    plurals = [e for e in nb_entries() if e.msgid_plural]
    assert plurals
    for e in plurals:
        assert sorted(e.msgstr_plural) == [0, 1], label(e)


def test_placeholders_are_kept_in_every_translation() -> None:
    checked = 0
    for e in nb_entries():
        if "python-format" not in e.flags and not PLACEHOLDER.search(e.msgid):
            continue
        expected = placeholders(e.msgid_plural or e.msgid)
        if e.msgid_plural:
            assert placeholders(e.msgid) == expected, f"msgid and msgid_plural differ: {label(e)}"
        for i, text in enumerate(forms(e)):
            assert placeholders(text) == expected, f"{label(e)} msgstr[{i}] = {text!r}"
        checked += 1
    assert checked >= 4


def test_no_template_variable_syntax_leaked_into_translations() -> None:
    # blocktranslate turns {{ v }} into %(v)s; a translation must not bring the braces back.
    for e in nb_entries():
        for text in forms(e):
            assert "{{" not in text and "{%" not in text, label(e)


# --- the compiled catalog is the one the .po says ------------------------------------------


@pytest.mark.parametrize("po", po_files(), ids=lambda p: str(p.relative_to(LOCALE_DIR)))
def test_the_built_mo_is_up_to_date_with_its_po(po: Path, tmp_path: Path) -> None:
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: make install (or make messages) builds it"
    fresh_mo = tmp_path / "fresh.mo"
    subprocess.run([msgfmt(), "--check-format", "-o", str(fresh_mo), str(po)], check=True)
    with fresh_mo.open("rb") as fp:
        fresh = gettext.GNUTranslations(fp)
    with mo.open("rb") as fp:
        built = gettext.GNUTranslations(fp)
    assert built._catalog == fresh._catalog, "stale .mo: make messages"  # type: ignore[attr-defined]
    assert built.info() == fresh.info()


def test_a_locale_directory_has_a_catalog() -> None:
    assert NB_PO in po_files()


def test_the_mo_files_are_built_not_committed() -> None:
    assert not (Path(settings.BASE_DIR) / "scripts" / "compile_messages.py").exists()
    ignored = (Path(settings.BASE_DIR) / ".gitignore").read_text().splitlines()
    assert "hverdag/locale/*/LC_MESSAGES/*.mo" in ignored


def compilemessages(locale_root: Path) -> subprocess.CompletedProcess[str]:
    """Django's compilemessages in ``locale_root`` without settings, as the Makefile runs it."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [str(DJANGO_ADMIN), "compilemessages"],
        cwd=locale_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def write_po(root: Path, body: str) -> Path:
    po = root / "locale" / "nb" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(HEADER + body, encoding="utf-8")
    return po


HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""


def test_compilemessages_builds_a_catalog_django_reads(tmp_path: Path) -> None:
    msgfmt()
    po = write_po(
        tmp_path,
        'msgctxt "month"\nmsgid "May"\nmsgstr "mai"\n\n'
        '#, python-format\nmsgid "%(counter)s client"\nmsgid_plural "%(counter)s clients"\n'
        'msgstr[0] "%(counter)s bruker"\nmsgstr[1] "%(counter)s brukere"\n\n'
        '#, fuzzy\nmsgid "Fuzzy text"\nmsgstr "Uklar tekst"\n',
    )
    result = compilemessages(tmp_path)
    assert result.returncode == 0, result.stderr
    with po.with_suffix(".mo").open("rb") as fp:
        catalog = gettext.GNUTranslations(fp)
    assert catalog.pgettext("month", "May") == "mai"
    assert catalog.ngettext("%(counter)s client", "%(counter)s clients", 2) == "%(counter)s brukere"
    assert catalog.gettext("Fuzzy text") == "Fuzzy text"  # fuzzy entries are left out


def test_compilemessages_refuses_a_translation_that_drops_a_placeholder(tmp_path: Path) -> None:
    msgfmt()
    po = write_po(tmp_path, '#, python-format\nmsgid "%(name)s arrived"\nmsgstr "kom fram"\n')
    result = compilemessages(tmp_path)
    assert result.returncode != 0
    assert "compilemessages generated one or more errors" in result.stderr
    assert "name" in result.stderr  # msgfmt --check-format names the missing placeholder
    # msgfmt still writes a .mo; the Makefile's .DELETE_ON_ERROR removes it after the failure.
    assert po.exists()


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

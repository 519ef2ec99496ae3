"""Ingrid's letter says everything the law asks, and renders the same bytes every time."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import json
import re

import pytest
from pypdf import PdfReader

from hverdag.access.models import AccessLog, AuditEvent
from hverdag.clients.models import Assessment, ResourcePerson
from hverdag.core.errors import NotFound, PermissionDenied
from hverdag.decisions.letter_pdf import FONTS, SRGB_PROFILE, render_letter
from hverdag.decisions.models import Decision, Letter, Service
from hverdag.decisions.selectors import access_decision, access_letter, decisions_for
from hverdag.decisions.services import (
    do_approve,
    do_create_decision,
    do_send,
    do_terminate,
)
from tests.builders.people import World
from tests.decisions.conftest import TODAY, decision_input, standard_input


def text_of(pdf: bytes) -> str:
    """The letter's words on one line, so phrases split over line breaks still match."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def send_standard(world: World, catalogue: dict[str, Service]) -> Letter:
    world.ingrid.contact_person = world.nurse.employee
    world.ingrid.save()
    Assessment.objects.create(
        client=world.ingrid,
        version=1,
        assessed_on=dt.date(2026, 11, 10),
        what_matters="Å bo hjemme og gå tur med hunden.",
        manages_self="Spiser og kler på seg selv.",
        resources="Datteren Hege kommer hver helg.",
        home_visit=True,
        recorded_by=world.caseworker,
    )
    decision = do_create_decision(world.caseworker, world.ingrid, standard_input(world, catalogue))
    do_approve(world.caseworker, decision)
    return do_send(world.caseworker, decision, "both", TODAY)


@pytest.fixture
def letter(world: World, catalogue: dict[str, Service]) -> Letter:
    return send_standard(world, catalogue)


def test_the_letter_names_the_party_in_full(world: World, letter: Letter) -> None:
    text = text_of(bytes(letter.pdf))
    assert "Ingrid Hansen Tøyengata 12 0190 Oslo" in text
    # The letter goes to the party, so it carries the full number.
    assert f"Fødselsnummer / D-nummer: {world.ingrid.identity_number}" in text
    assert "Vedtak om tjenester i hjemmet" in text
    assert f"Vår referanse: {letter.decision.reference}" in text


def test_the_letter_says_what_was_applied_for_and_how_the_case_was_clarified(
    letter: Letter,
) -> None:
    text = text_of(bytes(letter.pdf))
    assert (
        "Du har søkt om: hjemmesykepleie og hjelp til rengjøring. "
        "Søknaden ble mottatt 02.11.2026." in text
    )
    assert "i samtale med deg og ved hjemmebesøk" in text
    assert "funksjonsvurdering (IPLOS) er datert 10.11.2026" in text


def test_the_letter_gives_outcome_code_content_extent_period_and_provider_per_service(
    letter: Letter,
) -> None:
    text = text_of(bytes(letter.pdf))
    assert "Sårbehandling: innvilget." in text
    assert "Enkel rengjøring av bolig: innvilget." in text
    assert "Sårbehandling (Helsetjenester i hjemmet) KPR-tjenestekode: 15" in text
    assert "Innhold: Skifte bandasje på venstre legg" in text
    assert (
        "Omfang: 2 ganger per dag, mandag, onsdag og fredag, 30 minutter per besøk. "
        "Det gir 6 besøk og 3 timer per uke." in text
    )
    assert "Tidspunkt: mellom kl. 08:00 og kl. 10:00" in text
    assert "Utføres av: Bydel Gamle Oslo hjemmetjeneste" in text
    assert "Enkel rengjøring av bolig (Praktisk bistand - hjemmehjelp) KPR-tjenestekode: 1" in text
    assert (
        "Omfang: 1 gang per dag, torsdag, hver 2. uke, 90 minutter per besøk. "
        "Det gir 0,5 besøk og 0,75 timer per uke." in text
    )
    assert "Utføres av: Hjemmehjelp AS" in text
    period = "Periode: fra 23.11.2026, uten sluttdato. Vedtaket vurderes på nytt senest 01.05.2027."
    assert text.count(period) == 2


def test_the_letter_cites_the_legal_basis_and_gives_reasons(letter: Letter) -> None:
    text = text_of(bytes(letter.pdf))
    assert (
        "Vedtaket er gjort etter helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav a, "
        "helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav b og "
        "pasient- og brukerrettighetsloven § 2-1 a andre ledd." in text
    )
    assert "Opplysninger vi har lagt vekt på: Ingrid har et leggsår" in text
    assert "Vurdering: Behovet for sårstell og hjelp til rengjøring er nødvendig hjelp." in text
    assert "forvaltningsloven §§ 24 og 25" in text


def test_the_letter_says_what_is_chargeable_and_what_is_free(letter: Letter) -> None:
    text = text_of(bytes(letter.pdf))
    assert (
        "Praktisk bistand til husholdningsoppgaver (Enkel rengjøring av bolig) koster en egenandel"
        in text
    )
    assert "Du betaler ikke for: Sårbehandling." in text
    assert "3 uker (forvaltningsloven § 29)" in text
    services = {s["name"]: s["chargeable"] for s in letter.content["services"]}
    assert services == {"Sårbehandling": False, "Enkel rengjøring av bolig": True}


def test_the_letter_lists_the_approved_providers_for_practical_assistance(letter: Letter) -> None:
    text = text_of(bytes(letter.pdf))
    assert "Godkjente leverandører er: Bydel Gamle Oslo hjemmetjeneste og Hjemmehjelp AS." in text
    assert "Du har valgt Hjemmehjelp AS." in text
    assert "Gi oss beskjed innen 2 uker" in text


def test_the_letter_explains_how_to_complain(letter: Letter) -> None:
    text = text_of(bytes(letter.pdf))
    assert "Du har rett til å klage på vedtaket (pasient- og brukerrettighetsloven § 7-2)." in text
    assert (
        "Klagefristen er 4 uker fra du fikk dette brevet "
        "(pasient- og brukerrettighetsloven § 7-5)." in text
    )
    assert (
        "Send klagen til Bydel Gamle Oslo, Postboks 9406 Grønland, 0135 Oslo, "
        "eller på e-post til postmottak@bgo.oslo.kommune.no." in text
    )
    assert "sender vi klagen til Statsforvalteren, som avgjør klagen." in text
    assert "Du har rett til å se dokumentene i saken (forvaltningsloven § 18)." in text
    assert "pasient- og brukerombudet" in text


def test_the_letter_names_the_contact_person_date_and_issuing_unit(letter: Letter) -> None:
    text = text_of(bytes(letter.pdf))
    assert "Din kontaktperson er Nils Sykepleier." in text
    assert "Du når oss på 21 80 21 80 eller postmottak@bgo.oslo.kommune.no." in text
    assert "Dato: 24.11.2026" in text
    assert "Du ble informert om vedtaket muntlig og skriftlig 24.11.2026." in text
    assert "Kari Saksbehandler, saksbehandler" in text
    assert "Enhet helse og hverdagsmestring, Bydel Gamle Oslo" in text


def test_a_guardian_or_proxy_gets_a_copy(world: World, catalogue: dict[str, Service]) -> None:
    ResourcePerson.objects.create(
        client=world.ingrid, name="Hege Hansen", relation="child", has_proxy=True
    )
    ResourcePerson.objects.create(client=world.ingrid, name="Nabo Nilsen", relation="friend")
    letter = send_standard(world, catalogue)
    assert letter.content["party"]["representatives"] == [
        {"name": "Hege Hansen", "role": "fullmektig"}
    ]
    assert "Kopi til fullmektig: Hege Hansen" in text_of(bytes(letter.pdf))


def test_without_a_contact_person_the_letter_says_one_will_come(
    world: World, catalogue: dict[str, Service]
) -> None:
    world.ingrid.contact_person = None
    world.ingrid.save()
    decision = do_create_decision(world.caseworker, world.ingrid, standard_input(world, catalogue))
    do_approve(world.caseworker, decision)
    letter = do_send(world.caseworker, decision, "orally", TODAY)
    text = text_of(bytes(letter.pdf))
    assert "Du får en kontaktperson når tjenestene starter." in text
    assert "utredet på grunnlag av opplysningene i søknaden" in text


def test_a_termination_letter_says_the_services_end(
    world: World, catalogue: dict[str, Service], letter: Letter
) -> None:
    v2 = do_terminate(
        world.caseworker, letter.decision, dt.date(2026, 12, 31), "Ingrid flytter til sykehjem."
    )
    do_approve(world.caseworker, v2)
    ending = do_send(world.caseworker, v2, "in_writing", TODAY)
    text = text_of(bytes(ending.pdf))
    assert "Vedtak om opphør av tjenester i hjemmet" in text
    assert (
        f"Dette vedtaket avslutter tjenestene i vedtak {letter.decision.reference}. "
        "Siste dag med tjenester er 31.12.2026." in text
    )
    assert "Sårbehandling: opphører etter 31.12.2026." in text
    assert "Vurdering: Ingrid flytter til sykehjem." in text
    assert "Klagefristen er 4 uker" in text
    assert "Fritt brukervalg" not in text


# Storage and reproducibility -----------------------------------------------------------


def test_the_letter_is_stored_with_its_content_hash_and_template(letter: Letter) -> None:
    stored = Letter.objects.get()
    assert stored.template_version == "2"
    assert stored.sha256 == hashlib.sha256(bytes(stored.pdf)).hexdigest()
    assert stored.content["date"] == "2026-11-24"
    assert (
        stored.content["legal_basis"][-1] == "pasient- og brukerrettighetsloven § 2-1 a andre ledd"
    )


def test_rendering_the_stored_content_again_gives_the_same_bytes(letter: Letter) -> None:
    stored = Letter.objects.get()
    # Through JSON and back, as the database returns it.
    content = json.loads(json.dumps(stored.content))
    again = render_letter(content)
    assert again == bytes(stored.pdf)
    assert hashlib.sha256(again).hexdigest() == stored.sha256


def test_the_pdf_metadata_is_fixed_by_the_letter(letter: Letter) -> None:
    # PDF/A keeps the document's metadata in XMP (fpdf2 writes no Info dictionary beside it).
    xmp = PdfReader(io.BytesIO(bytes(letter.pdf))).xmp_metadata
    assert xmp is not None
    assert xmp.xmp_create_date == xmp.xmp_modify_date == dt.datetime(2026, 11, 24)
    assert xmp.pdf_producer == "Hverdag brevmal 2"
    assert xmp.dc_title == {"x-default": "Vedtak om tjenester i hjemmet"}


def test_a_template_1_letter_still_renders_as_it_was_sent(letter: Letter) -> None:
    content = dict(copy.deepcopy(letter.content), template_version="1")
    reader = PdfReader(io.BytesIO(render_letter(content)))
    meta = reader.metadata
    assert meta is not None
    assert meta["/CreationDate"] == "D:20261124000000Z"
    assert meta["/Producer"] == "Hverdag brevmal 1"
    assert meta["/Title"] == "Vedtak om tjenester i hjemmet"
    assert reader.xmp_metadata is None  # template 1 is not PDF/A
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert {f.get_object()["/BaseFont"] for f in fonts.values()} <= {
        "/Helvetica",
        "/Helvetica-Bold",
    }


def test_different_content_gives_a_different_pdf(letter: Letter) -> None:
    content = copy.deepcopy(letter.content)
    content["reasons"] = "En annen begrunnelse."
    assert render_letter(content) != bytes(letter.pdf)


def test_an_unknown_template_version_is_refused(letter: Letter) -> None:
    content = dict(letter.content, template_version="99")
    with pytest.raises(ValueError, match="99"):
        render_letter(content)


def test_template_1_wrote_names_outside_latin_1_without_their_diacritics(letter: Letter) -> None:
    content = dict(copy.deepcopy(letter.content), template_version="1")
    content["party"]["name"] = "Áilu Čoavddáš – Ŋuvttat"
    text = text_of(render_letter(content))
    assert "Áilu Coavddás - Nuvttat" in text


SAMI_NAME = "Máret Ŋuolláš Čoavddátđ"


def test_sami_names_are_written_as_they_are_spelled(letter: Letter) -> None:
    content = copy.deepcopy(letter.content)
    content["party"]["name"] = SAMI_NAME
    content["party"]["address"] = ["Šuoŧŧasgeaidnu 3 – Žuolla", "9730 Kárášjohka/Karasjok"]
    content["caseworker"] = "Ánde Ođđasa"
    text = text_of(render_letter(content))
    assert SAMI_NAME in text
    assert "Šuoŧŧasgeaidnu 3 – Žuolla" in text
    assert "9730 Kárášjohka/Karasjok" in text
    assert "Ánde Ođđasa, saksbehandler" in text
    assert "Fødselsnummer / D-nummer:" in text and "Vår referanse" in text  # æ, ø, å as before


def test_the_letter_is_pdf_a_2u(letter: Letter) -> None:
    reader = PdfReader(io.BytesIO(bytes(letter.pdf)))
    assert reader.pdf_header == "%PDF-1.7"
    root = reader.trailer["/Root"]
    # XMP identification: PDF/A part 2, conformance level U (Unicode), unfiltered stream.
    metadata = root["/Metadata"].get_object()
    assert metadata["/Subtype"] == "/XML" and "/Filter" not in metadata
    xmp = metadata.get_data().decode()
    assert "<pdfaid:part>2</pdfaid:part>" in xmp
    assert "<pdfaid:conformance>U</pdfaid:conformance>" in xmp
    # An sRGB output intent with the ICC profile shipped in the repository.
    (intent,) = [i.get_object() for i in root["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFA1"
    assert intent["/OutputConditionIdentifier"] == "sRGB IEC61966-2.1"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3
    assert profile.get_data() == SRGB_PROFILE.read_bytes()
    assert root["/Lang"] == "nb"
    assert len(reader.trailer["/ID"]) == 2  # type: ignore[arg-type]
    # Every font embedded (a DejaVu subset), every glyph mapped back to Unicode.
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            assert font["/BaseFont"].split("+")[1].startswith("DejaVuSans")
            assert "/ToUnicode" in font
            (descendant,) = [d.get_object() for d in font["/DescendantFonts"]]
            assert "/FontFile2" in descendant["/FontDescriptor"]


def test_the_font_and_colour_profile_are_shipped_with_their_licences() -> None:
    for ttf in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        assert (FONTS / ttf).stat().st_size > 100_000
    assert "bitstream-vera" in (FONTS / "LICENSE").read_text()
    assert "License: Zlib" in (SRGB_PROFILE.parent / "LICENSE").read_text()


def test_the_audit_row_for_the_letter_holds_no_content(world: World, letter: Letter) -> None:
    event = AuditEvent.objects.get(action="decision.letter")
    assert event.object_id == str(letter.public_id)
    assert event.new == {
        "decision": str(letter.decision.public_id),
        "template_version": "2",
        "sha256": letter.sha256,
        "bytes": len(bytes(letter.pdf)),
    }
    assert world.ingrid.identity_number not in json.dumps(event.new)


# Reading decisions and letters ---------------------------------------------------------


def test_reading_a_decision_is_logged(world: World, letter: Letter) -> None:
    decision = access_decision(world.nurse, letter.decision.public_id, channel="api")
    assert decision == letter.decision
    row = AccessLog.objects.get()
    assert (row.user, row.client, row.what, row.reason, row.channel) == (
        world.nurse,
        world.ingrid,
        "decision",
        "contact_person",
        "api",
    )


def test_downloading_a_letter_is_logged(world: World, letter: Letter) -> None:
    found = access_letter(world.daughter, str(letter.public_id))
    assert bytes(found.pdf) == bytes(letter.pdf)
    row = AccessLog.objects.get()
    assert (row.user, row.what, row.reason) == (world.daughter, "decision_letter", "proxy")


def test_staff_without_a_care_relationship_are_refused_and_nothing_is_logged(
    world: World, letter: Letter
) -> None:
    with pytest.raises(PermissionDenied):
        access_decision(world.nurse_vest, letter.decision.public_id)
    with pytest.raises(PermissionDenied):
        access_letter(world.nurse_vest, letter.public_id)
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("key", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_unknown_ids_are_not_found(world: World, letter: Letter, key: str) -> None:
    with pytest.raises(NotFound):
        access_decision(world.caseworker, key)
    with pytest.raises(NotFound):
        access_letter(world.caseworker, key)


def test_clients_see_what_was_sent_never_drafts(
    world: World, catalogue: dict[str, Service], letter: Letter
) -> None:
    draft = do_create_decision(world.caseworker, world.ingrid, standard_input(world, catalogue))
    with pytest.raises(NotFound):
        access_decision(world.client_user, draft.public_id)
    assert access_decision(world.client_user, letter.decision.public_id) == letter.decision
    assert decisions_for(world.client_user, world.ingrid) == [letter.decision]
    assert set(decisions_for(world.caseworker, world.ingrid)) == {letter.decision, draft}
    assert Decision.objects.count() == 2


def test_a_stranger_does_not_learn_the_decision_exists(
    world: World, catalogue: dict[str, Service], letter: Letter
) -> None:
    from hverdag.access.models import Role, RoleAssignment
    from tests.builders.people import make_client, make_user

    neighbour = make_client(world.oslo, world.gamle_oslo, world.ost, "Olav", "Berg", seed=2)
    olav = make_user("olav", "Olav", "Berg")
    RoleAssignment.objects.create(
        user=olav, role=Role.CLIENT, municipality=world.oslo, client=neighbour
    )
    with pytest.raises(NotFound):
        access_decision(olav, letter.decision.public_id)
    with pytest.raises(NotFound):
        decisions_for(olav, world.ingrid)
    assert not AccessLog.objects.exists()


def test_every_day_and_weekdays_read_as_words(letter: Letter) -> None:
    content = copy.deepcopy(letter.content)
    content["services"][0]["weekdays"] = [1, 2, 3, 4, 5, 6, 7]
    content["services"][1]["weekdays"] = [1, 2, 3, 4, 5]
    text = text_of(render_letter(content))
    assert "2 ganger per dag, alle dager, 30 minutter per besøk" in text
    assert "1 gang per dag, mandag til fredag, hver 2. uke" in text


def test_a_full_refusal_has_its_own_letter(world: World, catalogue: dict[str, Service]) -> None:
    refusal = decision_input((), refused="Dagsenter: tilbys ikke som tjeneste i hjemmet.")
    decision = do_create_decision(world.caseworker, world.ingrid, refusal)
    do_approve(world.caseworker, decision)
    letter = do_send(world.caseworker, decision, "in_writing", TODAY)
    text = text_of(bytes(letter.pdf))
    assert "Avslått: Dagsenter: tilbys ikke som tjeneste i hjemmet." in text
    assert "Vedtaket er gjort etter pasient- og brukerrettighetsloven § 2-1 a andre ledd." in text
    assert "Klagefristen er 4 uker" in text
    assert "Egenandel" not in text
    assert letter.content["free_choice"] is None


def test_emergency_access_reads_a_decision_and_is_logged_as_such(
    world: World, letter: Letter
) -> None:
    from hverdag.access.services import do_open_break_glass

    glass = do_open_break_glass(
        world.nurse_vest, world.ingrid, "urgent_care", "Alarm fra brukeren, team Øst opptatt"
    )
    access_decision(world.nurse_vest, letter.decision.public_id)
    row = AccessLog.objects.get()
    assert (row.reason, row.break_glass) == ("break_glass", glass)


def test_a_change_letter_names_the_decision_it_changes(
    world: World, catalogue: dict[str, Service], letter: Letter
) -> None:
    from hverdag.decisions.services import do_change

    data = standard_input(
        world,
        catalogue,
        applied_for="hjelp to ganger i uken til rengjøring",
        valid_from=dt.date(2026, 12, 1),
        reasons="Rengjøring hver uke er nødvendig nå som Ingrid ikke kan bøye seg.",
    )
    v2 = do_change(world.caseworker, letter.decision, data)
    do_approve(world.caseworker, v2)
    changed = do_send(world.caseworker, v2, "orally", TODAY)
    text = text_of(bytes(changed.pdf))
    assert "Vedtak om endring av tjenester i hjemmet" in text
    assert (
        f"Dette vedtaket endrer vedtak {letter.decision.reference}, gyldig fra 23.11.2026." in text
    )
    assert f"Vår referanse: {v2.reference}" in text
    assert v2.reference.endswith("-2")
    assert "Periode: fra 01.12.2026, uten sluttdato." in text
    assert "Du ble informert om vedtaket muntlig 24.11.2026." in text

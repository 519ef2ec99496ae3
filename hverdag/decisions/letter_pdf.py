"""Renders a decision letter's stored content as a PDF in bokmål, byte for byte reproducibly.

Only the content dict goes in: no database, no clock, no locale. The creation date is the
letter's date and the producer names the template, so the same content always gives the
same bytes. A template change bumps TEMPLATE_VERSION and keeps the old renderer, so old
letters still render as they were sent.

Template 2 (current) is PDF/A-2U, for the archive: DejaVu Sans from ``fonts/`` embedded (as
subsets) so every name is written as it is spelled, Sámi č, đ, ŋ, š, ŧ, ž included; every
glyph mapped to Unicode, so the text can be searched and extracted; the sRGB profile from
``icc/`` as the output intent; XMP metadata with pdfaid part 2, conformance U, whose dates
are the letter's date like the document information's. Template 1 used the core font
Helvetica (latin-1): characters outside it lost their diacritics (see ``_latin1``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import OutputIntentSubType, XPos, YPos
from fpdf.output import PDFICCProfile

TEMPLATE_VERSION = "2"
FONTS = Path(__file__).resolve().parent / "fonts"
SRGB_PROFILE = Path(__file__).resolve().parent / "icc" / "sRGB.icc"
PDFA = "PDF/A-2U"

WEEKDAY_NAMES = {
    1: "mandag",
    2: "tirsdag",
    3: "onsdag",
    4: "torsdag",
    5: "fredag",
    6: "lørdag",
    7: "søndag",
}
OUTCOME_NAMES = {"granted": "innvilget", "partly_granted": "delvis innvilget"}
INFORMED_NAMES = {
    "orally": "muntlig",
    "in_writing": "skriftlig",
    "both": "muntlig og skriftlig",
}
TITLES = {
    "new": "Vedtak om tjenester i hjemmet",
    "change": "Vedtak om endring av tjenester i hjemmet",
    "termination": "Vedtak om opphør av tjenester i hjemmet",
}
# Typographic characters people paste into free text, mapped to latin-1 look-alikes.
_REPLACEMENTS = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "•": "-",
        "…": "...",
        "\u00a0": " ",
        "\u2009": " ",
        # Sámi letters without a decomposition to a latin base letter.
        "Đ": "D",
        "đ": "d",
        "Ŋ": "N",
        "ŋ": "n",
        "Ŧ": "T",
        "ŧ": "t",
    }
)
LINE = 5.0


def render_letter(content: dict[str, Any]) -> bytes:
    version = content.get("template_version")
    renderer = RENDERERS.get(str(version))
    if renderer is None:
        raise ValueError(f"No renderer for letter template {version!r}")
    return renderer(content)


def _render_v1(c: dict[str, Any]) -> bytes:
    pdf = _LetterPDF(c["reference"], family="Helvetica", prepare=_latin1)
    letter_date = dt.date.fromisoformat(c["date"])
    pdf.set_creation_date(dt.datetime.combine(letter_date, dt.time(), tzinfo=dt.UTC))
    pdf.set_producer("Hverdag brevmal 1")
    pdf.set_creator("Hverdag")
    pdf.set_title(_latin1(TITLES[c["kind"]]))
    pdf.set_lang("nb")
    return _body(pdf, c)


def _render_v2(c: dict[str, Any]) -> bytes:
    pdf = _LetterPDF(c["reference"], family="DejaVu", prepare=str, compliance=PDFA)
    pdf.add_font("DejaVu", "", FONTS / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", FONTS / "DejaVuSans-Bold.ttf")
    letter_date = dt.date.fromisoformat(c["date"])
    created = dt.datetime.combine(letter_date, dt.time(), tzinfo=dt.UTC)
    title = TITLES[c["kind"]]
    producer = "Hverdag brevmal 2"
    pdf.set_creation_date(created)
    pdf.set_producer(producer)
    pdf.set_creator("Hverdag")
    pdf.set_title(title)
    pdf.set_lang("nb")
    pdf.add_output_intent(
        OutputIntentSubType.PDFA,
        output_condition_identifier="sRGB IEC61966-2.1",
        output_condition="IEC 61966-2-1:1999",
        registry_name="http://www.color.org",
        dest_output_profile=PDFICCProfile(
            contents=SRGB_PROFILE.read_bytes(), n=3, alternate="DeviceRGB"
        ),
        info="sRGB IEC61966-2.1",
    )
    # fpdf2 would stamp the XMP's ModifyDate with the clock; the letter's date keeps the bytes
    # reproducible and agrees with the document information, as PDF/A requires.
    pdf.set_xmp_metadata(_xmp(title, producer, "Hverdag", created.isoformat(timespec="seconds")))
    return _body(pdf, c)


def _xmp(title: str, producer: str, creator: str, date: str) -> str:
    return "\n".join(
        [
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
            '  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
            '    <rdf:Description rdf:about=""',
            '        xmlns:dc="http://purl.org/dc/elements/1.1/"',
            '        xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
            '        xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
            '        xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
            "      <pdfaid:part>2</pdfaid:part>",
            "      <pdfaid:conformance>U</pdfaid:conformance>",
            f"      <xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool>",
            f"      <xmp:CreateDate>{date}</xmp:CreateDate>",
            f"      <xmp:ModifyDate>{date}</xmp:ModifyDate>",
            f"      <xmp:MetadataDate>{date}</xmp:MetadataDate>",
            f"      <pdf:Producer>{escape(producer)}</pdf:Producer>",
            "      <dc:format>application/pdf</dc:format>",
            "      <dc:language><rdf:Bag><rdf:li>nb</rdf:li></rdf:Bag></dc:language>",
            '      <dc:title><rdf:Alt><rdf:li xml:lang="x-default">'
            f"{escape(title)}</rdf:li></rdf:Alt></dc:title>",
            "    </rdf:Description>",
            "  </rdf:RDF>",
            "</x:xmpmeta>",
        ]
    )


def _body(pdf: _LetterPDF, c: dict[str, Any]) -> bytes:
    pdf.add_page()
    w = _Writer(pdf)

    issuer = c["issuer"]
    w.small([issuer["municipality"], issuer["district"], issuer["unit"]])
    w.small([f"Dato: {_date(c['date'])}", f"Vår referanse: {c['reference']}"])
    w.gap()
    party = c["party"]
    w.plain([party["name"], *party["address"]])
    w.plain([f"Fødselsnummer / D-nummer: {party['identity_number']}"])
    for rep in party["representatives"]:
        w.plain([f"Kopi til {rep['role']}: {rep['name']}"])
    w.gap()
    w.title(TITLES[c["kind"]])

    _intro(w, c)
    _clarified(w, c)
    _outcome(w, c)
    _services(w, c)
    w.heading("Lovgrunnlag")
    w.para("Vedtaket er gjort etter " + _join(c["legal_basis"]) + ".")
    w.heading("Begrunnelse")
    if c["facts"]:
        w.para("Opplysninger vi har lagt vekt på: " + c["facts"])
    w.para("Vurdering: " + c["reasons"])
    w.para(f"Begrunnelsen er gitt etter {c['reasons_rule']}.")
    _copayment(w, c)
    _free_choice(w, c)
    _complaint(w, c)
    _contact(w, c)
    _closing(w, c)
    return bytes(pdf.output())


RENDERERS: dict[str, Callable[[dict[str, Any]], bytes]] = {"1": _render_v1, "2": _render_v2}


def _intro(w: _Writer, c: dict[str, Any]) -> None:
    app = c["application"]
    replaces = c["replaces"]
    if c["kind"] == "termination" and replaces:
        w.para(
            f"Dette vedtaket avslutter tjenestene i vedtak {replaces['reference']}. "
            f"Siste dag med tjenester er {_date(c['valid_to'])}."
        )
        return
    if replaces:
        w.para(
            f"Dette vedtaket endrer vedtak {replaces['reference']}, "
            f"gyldig fra {_date(replaces['valid_from'])}."
        )
    if app["applied_for"]:
        w.para(
            f"Du har søkt om: {app['applied_for']}. Søknaden ble mottatt {_date(app['received'])}."
        )


def _clarified(w: _Writer, c: dict[str, Any]) -> None:
    app = c["application"]
    w.heading("Slik har vi utredet saken")
    if app["assessed_on"]:
        how = "i samtale med deg og ved hjemmebesøk" if app["home_visit"] else "i samtale med deg"
        w.para(
            f"Vi har kartlagt behovene dine {how}. Siste kartlegging og funksjonsvurdering "
            f"(IPLOS) er datert {_date(app['assessed_on'])}."
        )
    else:
        w.para("Saken er utredet på grunnlag av opplysningene i søknaden og saken ellers.")


def _outcome(w: _Writer, c: dict[str, Any]) -> None:
    w.heading("Vedtak")
    if c["ends"]:
        for s in c["services"]:
            w.para(f"{s['name']}: opphører etter {_date(c['valid_to'])}.")
        return
    for s in c["services"]:
        w.para(f"{s['name']}: {OUTCOME_NAMES[s['outcome']]}.")
    if c["refused"]:
        w.para(f"Avslått: {c['refused']}")


def _services(w: _Writer, c: dict[str, Any]) -> None:
    if not c["services"]:
        return
    w.heading("Tjenestene som avsluttes" if c["ends"] else "Tjenestene du får")
    period = f"fra {_date(c['valid_from'])}"
    period += f" til og med {_date(c['valid_to'])}" if c["valid_to"] else ", uten sluttdato"
    if c["review_on"]:
        period += f". Vedtaket vurderes på nytt senest {_date(c['review_on'])}"
    for s in c["services"]:
        w.bold(f"{s['name']} ({s['category_label']})")
        w.para(f"KPR-tjenestekode: {s['kpr_code']}")
        w.para(f"Innhold: {s['tasks'] or s['name']}")
        w.para(f"Omfang: {_extent(s)}")
        if s["window"]:
            w.para(f"Tidspunkt: mellom kl. {s['window'][0]} og kl. {s['window'][1]}")
        if s["staff_count"] == 2:
            w.para("Antall tjenesteytere: 2 per besøk")
        w.para(f"Periode: {period}.")
        w.para(f"Utføres av: {s['provider']}")
        w.para("Egenandel: " + ("ja" if s["chargeable"] else "nei, tjenesten er gratis"))
        w.gap(2)


def _extent(s: dict[str, Any]) -> str:
    times = "1 gang" if s["times_per_day"] == 1 else f"{s['times_per_day']} ganger"
    text = f"{times} per dag, {_days(s['weekdays'])}"
    if s["every_n_weeks"] > 1:
        text += f", hver {s['every_n_weeks']}. uke"
    return (
        f"{text}, {s['minutes_per_visit']} minutter per besøk. Det gir "
        f"{_number(s['visits_per_week'])} besøk og {_number(s['hours_per_week'])} timer per uke."
    )


def _days(weekdays: list[int]) -> str:
    if weekdays == [1, 2, 3, 4, 5, 6, 7]:
        return "alle dager"
    if weekdays == [1, 2, 3, 4, 5]:
        return "mandag til fredag"
    return _join([WEEKDAY_NAMES[d] for d in weekdays])


def _copayment(w: _Writer, c: dict[str, Any]) -> None:
    services = c["services"]
    if not services or c["ends"]:
        return
    cp = c["copayment"]
    w.heading("Egenandel")
    paid = [s["name"] for s in services if s["chargeable"]]
    free = [s["name"] for s in services if not s["chargeable"]]
    if paid:
        w.para(
            f"Praktisk bistand til husholdningsoppgaver ({_join(paid)}) koster en egenandel "
            f"etter {cp['regulation']}. Egenandelen avhenger av husstandens inntekt og "
            f"fastsettes i et eget vedtak. Fristen for å klage på det vedtaket er "
            f"{cp['complaint_deadline_weeks']} uker ({cp['complaint_deadline_rule']})."
        )
    if free:
        w.para(
            f"Helsetjenester i hjemmet og personlig stell er gratis. Du betaler ikke for: "
            f"{_join(free)}."
        )


def _free_choice(w: _Writer, c: dict[str, Any]) -> None:
    fc = c["free_choice"]
    if not fc or c["ends"]:
        return
    w.heading("Fritt brukervalg")
    w.para(
        "Du kan velge hvem som skal gi deg praktisk bistand. Godkjente leverandører er: "
        f"{_join(fc['providers'])}."
    )
    if fc["chosen"]:
        w.para(f"Du har valgt {fc['chosen']}.")
    w.para(
        f"Gi oss beskjed innen {fc['deadline_weeks']} uker hvis du vil velge eller bytte. "
        "Velger du ikke, får du tjenesten fra kommunen. Vedtaket og egenandelen er de samme "
        "uansett hvem som leverer."
    )


def _complaint(w: _Writer, c: dict[str, Any]) -> None:
    k = c["complaint"]
    w.heading("Du kan klage")
    where = k["send_to"]
    if k["postal_address"]:
        where += f", {k['postal_address']}"
    if k["email"]:
        where += f", eller på e-post til {k['email']}"
    w.para(
        f"Du har rett til å klage på vedtaket ({k['right_rule']}). Klagefristen er "
        f"{k['deadline_weeks']} uker fra du fikk dette brevet ({k['deadline_rule']})."
    )
    w.para(
        f"Send klagen til {where}. Vi vurderer saken på nytt. Får du ikke medhold, sender vi "
        f"klagen til {k['body']}, som avgjør klagen."
    )
    w.para(
        f"Du har rett til å se dokumentene i saken ({k['documents_rule']}). "
        f"Du kan få hjelp til å klage fra {k['ombud']}, eller fra oss."
    )


def _contact(w: _Writer, c: dict[str, Any]) -> None:
    issuer = c["issuer"]
    w.heading("Kontaktperson")
    reach = " eller ".join(x for x in (issuer["phone"], issuer["email"]) if x)
    if c["contact_person"]:
        w.para(f"Din kontaktperson er {c['contact_person']}. Du når oss på {reach}.")
    else:
        w.para(f"Du får en kontaktperson når tjenestene starter. Du når oss på {reach}.")
    informed = c["informed"]
    if informed["how"] and informed["on"]:
        w.para(
            f"Du ble informert om vedtaket {INFORMED_NAMES[informed['how']]} "
            f"{_date(informed['on'])}."
        )


def _closing(w: _Writer, c: dict[str, Any]) -> None:
    issuer = c["issuer"]
    w.gap()
    w.plain(["Med vennlig hilsen", "", f"{c['caseworker']}, saksbehandler"])
    if c["approved_by"]:
        w.plain([f"Godkjent av {c['approved_by']}"])
    w.plain([f"{issuer['unit']}, {issuer['district']}"])
    w.gap(2)
    w.small(["Brevet er godkjent elektronisk og har derfor ingen signatur."])


class _LetterPDF(FPDF):
    """A4 letter in one font ``family``; ``prepare`` turns text into what that font writes."""

    def __init__(
        self,
        reference: str,
        family: str,
        prepare: Callable[[str], str],
        compliance: str | None = None,
    ) -> None:
        if compliance:
            super().__init__(format="A4", enforce_compliance=compliance)
        else:
            super().__init__(format="A4")
        self.reference = reference
        self.letter_family = family
        self.prepare = prepare
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, 20)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(self.letter_family, size=8)
        self.cell(
            0,
            10,
            self.prepare(f"Vår referanse {self.reference} - side {self.page_no()} av {{nb}}"),
            align="C",
        )


class _Writer:
    """Small vocabulary for the letter body: headings, paragraphs, plain lines."""

    def __init__(self, pdf: _LetterPDF) -> None:
        self.pdf = pdf

    def _cell(self, text: str, style: str = "", size: float = 10) -> None:
        self.pdf.set_font(self.pdf.letter_family, style=style, size=size)
        self.pdf.multi_cell(
            0, LINE, self.pdf.prepare(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def title(self, text: str) -> None:
        self._cell(text, "B", 14)
        self.gap(2)

    def heading(self, text: str) -> None:
        self.gap(3)
        self._cell(text, "B", 11)
        self.gap(1)

    def bold(self, text: str) -> None:
        self._cell(text, "B")

    def para(self, text: str) -> None:
        self._cell(text)

    def plain(self, lines: list[str]) -> None:
        for line in lines:
            self._cell(line)

    def small(self, lines: list[str]) -> None:
        for line in lines:
            self._cell(line, size=9)

    def gap(self, height: float = LINE) -> None:
        self.pdf.ln(height)


def _latin1(text: str) -> str:
    """What the core fonts can write: latin-1, with look-alikes and bare letters otherwise."""
    text = text.translate(_REPLACEMENTS)
    out = []
    for ch in text:
        if ord(ch) < 256:
            out.append(ch)
            continue
        bare = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
        out.append(bare or "?")
    return "".join(out)


def _date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d.%m.%Y")


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]

"""End to end in Debian's Chromium: a caseworker's path from first contact to a sent decision."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page
from pypdf import PdfReader

from hverdag.clients.models import Assessment, Client
from hverdag.core import identity_numbers
from hverdag.decisions.catalogue import install_catalogue
from hverdag.decisions.models import Decision, Letter
from hverdag.staff.models import Competence
from tests.builders.people import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Playwright's sync API runs an event loop in this thread; the ORM calls below are still
# plain synchronous test code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = os.environ.get("HVERDAG_SCREENSHOTS")


@pytest.fixture
def page(chromium_path: str) -> Iterator[Page]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=LAUNCH_ARGS)
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, locale="nb-NO", accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        context.close()
        browser.close()


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_caseworker_registers_assesses_decides_and_downloads_the_letter(
    world: World, live_server: object, page: Page, tmp_path: Path
) -> None:
    install_catalogue(world.oslo)
    world.nurse.employee.competences.add(Competence.objects.get(code="medication_administration"))
    base = str(live_server)
    p = page
    number = identity_numbers.generate(dt.date(1936, 11, 2), random.Random(5), synthetic=False)

    p.goto(f"{base}{reverse('web:login')}")
    shot(p, "01-login")
    p.get_by_label("Brukernavn").fill("kari")
    p.get_by_label("Passord").fill(PASSWORD)
    p.get_by_role("button", name="Logg inn").click()
    p.get_by_role("heading", name="Brukere").wait_for()
    shot(p, "02-clients")

    p.get_by_role("link", name="Ny bruker").first.click()
    p.get_by_label("Identitetsnummer").fill(number)
    p.get_by_label("Fornavn").fill("Bjørg")
    p.get_by_label("Etternavn").fill("Ødegård")
    p.get_by_label("Adresse", exact=True).fill("Jens Bjelkes gate 14")
    p.get_by_label("Postnummer").fill("0562")
    p.get_by_label("Poststed").fill("Oslo")
    p.get_by_label("Telefon").fill("+47 922 33 444")
    p.get_by_label("Team").select_option(label="Team Øst")
    shot(p, "03-register")
    p.get_by_role("button", name="Registrer bruker").click()
    p.get_by_role("heading", name="Bjørg Ødegård").wait_for()
    shot(p, "04-client")
    client = Client.objects.get(identity_number=number)
    assert client.team == world.ost

    p.get_by_role("link", name="Kartlegging", exact=True).click()
    p.get_by_role("link", name="Ny kartlegging").click()
    p.get_by_label("Hva er viktig for deg?").fill("Å klare meg hjemme og gå på kafé med venninna")
    p.get_by_label("Hva mestrer du selv?").fill("Spiser selv, kler på meg med litt hjelp")
    p.get_by_label("Hvilke ressurser har du rundt deg?").fill("Sønnen bor på Kampen")
    p.get_by_label("Personlig hygiene").select_option("3")
    p.get_by_label("Av- og påkledning").select_option("3")
    shot(p, "05-intake")
    p.get_by_role("button", name="Lagre kartlegging").click()
    p.get_by_text("Kartlegging registrert").wait_for()
    assert Assessment.objects.get(client=client).scores.count() == 2

    p.get_by_role("link", name="Vedtak og brev").click()
    p.get_by_role("link", name="Nytt vedtak").click()
    p.get_by_label("Søkt om").fill("hjelp til medisiner")
    p.get_by_label("Faktiske forhold").fill("Bruker glemmer medisiner, bor alene.")
    p.get_by_label("Begrunnelse", exact=True).fill("Behov for hjelp til legemidler hver morgen.")
    p.get_by_label("Tjeneste", exact=True).select_option(label="Administrering av legemidler")
    p.get_by_label("Leverandør").select_option(label="Bydel Gamle Oslo hjemmetjeneste")
    p.get_by_label("Minutter per besøk").fill("15")
    p.get_by_label("Foretrukket fra").fill("08:00")
    p.get_by_label("Foretrukket til").fill("10:00")
    shot(p, "06-decision-edit")
    p.get_by_role("button", name="Lagre utkast").click()
    p.get_by_text("Utkast lagret").wait_for()
    p.get_by_role("button", name="Vis brevutkast").click()
    p.get_by_text("Klagefristen er 4 uker").wait_for()
    shot(p, "07-preview")
    p.get_by_role("button", name="Godkjenn vedtak").click()
    p.get_by_text("Vedtaket er godkjent").wait_for()
    p.get_by_role("button", name="Send vedtak og lag brev").click()
    p.get_by_text("Vedtaket er sendt").wait_for()
    shot(p, "08-sent")

    with p.expect_download() as download_info:
        p.get_by_role("link", name="Last ned brev").first.click()
    target = tmp_path / "vedtak.pdf"
    download_info.value.save_as(target)
    # The letter's words on one line: where a phrase breaks depends on the font's widths.
    text = re.sub(
        r"\s+", " ", " ".join(pdf_page.extract_text() for pdf_page in PdfReader(target).pages)
    )
    assert "Bjørg Ødegård" in text
    assert "4 uker" in text
    decision = Decision.objects.get(client=client)
    assert decision.status in {"sent", "active"}
    assert Letter.objects.get(decision=decision).sha256

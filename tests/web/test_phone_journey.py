"""The staff app's "done when", in Debian's Chromium at phone size (390 × 844).

Nils logs in and sees today. At Astrid's he checks in, signs her 08:30 Metformin as given,
writes a journal note and checks out. Then the network goes. He opens Bjørn's visit (kept on
the phone), checks in, records the task and checks out, all into the phone's queue. The
network comes back, the queue is replayed, and the server holds each action exactly once.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from hverdag.medication.models import DoseOutcome, DoseRecord
from hverdag.notes.models import Note
from hverdag.visits.models import CheckAction, TaskRecord, Visit, VisitCheck, VisitStatus
from tests.builders.medication_day import Meds, build_meds
from tests.builders.people import PASSWORD, World
from tests.web.browser import PHONE, browser_page, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(chromium_path: str) -> Iterator[tuple[BrowserContext, Page]]:
    with browser_page(chromium_path, viewport=PHONE, is_mobile=True) as (context, page):
        context.add_init_script(FAILING_FETCH)
        yield context, page


@pytest.fixture
def meds(world: World) -> Meds:
    return build_meds(world)


# The network going, as the page's scripts meet it: every fetch fails. Chromium's offline
# emulation alone let a POST through now and then (it reaches the server by way of the
# service worker), so the page's fetch is also made to fail while the flag is set.
FAILING_FETCH = """
(() => {
  const real = window.fetch.bind(window);
  window.fetch = (...args) => sessionStorage.getItem("test-offline")
    ? Promise.reject(new TypeError("Failed to fetch"))
    : real(...args);
})();
"""


def offline(context: BrowserContext, page: Page, gone: bool) -> None:
    """The network goes (or comes back): navigations and the page's requests fail alike."""
    if gone:
        page.evaluate("sessionStorage.setItem('test-offline', '1')")
        context.set_offline(True)
    else:
        context.set_offline(False)
        page.evaluate("sessionStorage.removeItem('test-offline')")


def queue_length(page: Page) -> int:
    return int(page.evaluate("JSON.parse(localStorage.getItem('hverdag.queue') || '[]').length"))


def test_a_nurse_documents_a_visit_then_another_offline_and_it_syncs_once(
    meds: Meds, live_server: object, phone: tuple[BrowserContext, Page]
) -> None:
    context, page = phone
    base = str(live_server)
    astrid, bjorn = meds.pub.astrid_medication, meds.pub.bjorn_hygiene

    page.goto(f"{base}{reverse('web:login')}")
    page.fill("input[name=username]", "nils")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    loaded: list[int] = []
    page.on(
        "requestfinished",
        lambda r: loaded.append(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]),
    )
    page.goto(f"{base}/min-dag/")
    expect(page.locator("h1")).to_contain_text("Min dag")
    page.wait_for_load_state("networkidle")
    # The day page with all it loads (CSS, scripts, manifest, worker) is small for a phone.
    assert 0 < sum(loaded) <= 100_000, f"{sum(loaded)} bytes on first load"
    expect(page.locator("ol.md-stops > li")).to_have_count(3)
    # The service worker takes over and keeps today's visit pages for later.
    page.wait_for_function("localStorage.getItem('hverdag.kept') !== null")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    assert page.evaluate(
        """async (url) => !!(await (await caches.open('hverdag-pages')).match(url))""",
        f"{base}/min-dag/besok/{bjorn.public_id}/",
    )
    shot(page, "01-day")

    # Astrid, online: check in, sign the dose, write a note, check out.
    page.click(f"a[href='/min-dag/besok/{astrid.public_id}/']")
    page.click(f"form[data-offline-id='in-{astrid.public_id}'] button")
    expect(page.locator(".md-stop .badge.warn").first).to_contain_text("Sjekket inn")
    page.locator("form.med-given button").first.click()
    expect(page.locator(".med-signed").first).to_contain_text("Gitt")
    page.fill("textarea[name=text]", "Tok Metformin med frokost. Virket i god form.")
    page.locator("form.md-note-form button[type=submit]").click()
    expect(page.locator("#notes, .md-notes").first).to_contain_text("Tok Metformin med frokost")
    page.click(f"form[data-offline-id='out-{astrid.public_id}'] button")
    expect(page.locator(".md-stop .badge.ok").first).to_contain_text("Utført")
    shot(page, "02-astrid-done")

    # The network goes. Bjørn's visit opens from the phone, and is done into the queue.
    offline(context, page, True)
    page.goto(f"{base}/min-dag/besok/{bjorn.public_id}/")
    expect(page.locator("h1")).to_contain_text(bjorn.client.first_name)
    page.click(f"form[data-offline-id='in-{bjorn.public_id}'] button")
    expect(page.locator("#sync-status")).to_be_visible()
    # The queued check-in opens the rest of the visit on the kept page.
    page.click(f"form[data-offline-id='task-{bjorn.public_id}-1'] input[value=yes] ~ button")
    page.click(f"form[data-offline-id='out-{bjorn.public_id}'] button")
    assert queue_length(page) == 3
    expect(page.locator("#sync-status")).to_contain_text("3 handlinger venter på nett")
    shot(page, "03-bjorn-offline")
    page.goto(f"{base}/min-dag/")  # the kept day list marks the visit as waiting
    expect(page.locator(f"[data-visit-state='{bjorn.public_id}']")).to_be_visible()
    assert not VisitCheck.objects.filter(visit=bjorn).exists()

    # Back online: the queue is sent once, in order, and the page shows the server's state.
    offline(context, page, False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function("JSON.parse(localStorage.getItem('hverdag.queue') || '[]').length === 0")
    page.wait_for_load_state()
    expect(page.locator("#sync-status")).to_be_hidden()
    shot(page, "04-synced")

    checks = VisitCheck.objects.filter(visit=bjorn).order_by("at")
    assert [c.action for c in checks] == [CheckAction.CHECK_IN, CheckAction.CHECK_OUT]
    assert TaskRecord.objects.filter(visit=bjorn, number=1, done=True).count() == 1
    bjorn.refresh_from_db()
    assert bjorn.status == VisitStatus.DONE
    # Astrid's actions were written once as well.
    assert VisitCheck.objects.filter(visit=astrid).count() == 2
    assert DoseRecord.objects.filter(outcome=DoseOutcome.GIVEN).count() == 1
    assert Note.objects.filter(client=astrid.client).count() == 1
    # Sending the queue again changes nothing: the keys were applied once.
    page.reload()
    assert VisitCheck.objects.filter(visit=bjorn).count() == 2


def test_an_action_the_server_refuses_after_the_network_returns_is_shown_not_dropped(
    meds: Meds, live_server: object, phone: tuple[BrowserContext, Page]
) -> None:
    context, page = phone
    base = str(live_server)
    bjorn = meds.pub.bjorn_hygiene
    page.goto(f"{base}{reverse('web:login')}")
    page.fill("input[name=username]", "nils")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{base}/min-dag/besok/{bjorn.public_id}/")

    offline(context, page, True)
    page.click(f"form[data-offline-id='in-{bjorn.public_id}'] button")
    assert queue_length(page) == 1
    # Meanwhile the planner cancels the visit: the queued check-in can no longer apply.
    Visit.objects.filter(pk=bjorn.pk).update(status=VisitStatus.CANCELLED)
    offline(context, page, False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    refusal = page.locator("#sync-status li")
    expect(refusal).to_contain_text("Ikke lagret: Sjekk inn")
    expect(refusal).to_contain_text("Besøket er avlyst.")
    shot(page, "05-refused")
    assert queue_length(page) == 1  # kept until the caregiver has read it
    assert not VisitCheck.objects.filter(visit=bjorn).exists()
    refusal.get_by_role("button", name="Jeg har lest dette").click()
    expect(page.locator("#sync-status")).to_be_hidden()
    assert queue_length(page) == 0

"""End to end in Debian's Chromium: Per plans team Øst's day tomorrow on the planning board.

He optimises, reads the key figures, locks a visit, optimises again (the lock holds), takes a
sick call (the day is re-planned with few moves and the board says what moved) and publishes.
Celery runs eagerly here: the live server commits for real, so the job queued on commit runs
inside the request that started it, and the page after the redirect shows its result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from hverdag.plans.models import JobKind, JobStatus, OptimisationJob
from hverdag.plans.services import plans_for
from hverdag.visits.models import PlanEntry, PlanStatus
from tests.builders.people import PASSWORD, World
from tests.builders.planning_day import build_planning_day
from tests.web.browser import DESKTOP, PHONE, SHOTS, browser_page, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(chromium_path: str) -> Iterator[Page]:
    with browser_page(chromium_path, viewport=DESKTOP) as (_context, opened):
        yield opened


@pytest.fixture
def eager_celery() -> Iterator[None]:
    from hverdag.celery import app

    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = False


def shot_of(page: Page, selector: str, name: str) -> None:
    """One part of the page (a full-page shot of a phone is too tall to read)."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.locator(selector).first.screenshot(path=f"{SHOTS}/{name}.png")


def optimise(p: Page, seconds: int) -> None:
    p.get_by_text("Valg", exact=True).click()
    p.get_by_label("Tidsgrense (sekunder)").fill(str(seconds))
    p.get_by_role("button", name="Optimaliser").click()


def test_planner_optimises_locks_takes_a_sick_call_and_publishes(
    world: World, live_server: object, page: Page, eager_celery: None
) -> None:
    day = build_planning_day(world)
    base = str(live_server)
    p = page

    p.goto(f"{base}{reverse('web:login')}")
    p.get_by_label("Brukernavn").fill("per")
    p.get_by_label("Passord").fill(PASSWORD)
    p.get_by_role("button", name="Logg inn").click()
    p.get_by_role("link", name="Planlegging").click()
    p.get_by_role("heading", name="Planlegging").wait_for()
    shot(p, "planner-01-start")

    p.get_by_role("link", name=re.compile(r"^Team Øst – ")).click()
    p.get_by_text("Ingen plan ennå:").wait_for()
    expect(p.locator(".tl-row:not(.tl-head)")).to_have_count(len(day.employees))
    shot(p, "planner-02-no-plan")

    # Optimise with a short time limit.
    optimise(p, 2)
    p.get_by_text("Kladd v1").wait_for()
    assert OptimisationJob.objects.get().status == JobStatus.SUCCEEDED

    # The key figures of the draft.
    figures = p.locator("table.figures")
    expect(figures.get_by_role("row", name=re.compile("Ikke planlagte besøk"))).to_contain_text("0")
    travel = figures.get_by_role("row", name=re.compile("Reisetid")).locator("td").first
    assert int(travel.inner_text()) > 0
    expect(p.locator(".routes-map polyline").first).to_be_visible()
    expect(p.locator(".tl-visit")).to_have_count(len(day.visits))
    shot(p, "planner-03-draft")

    # Lock the first visit of the morning (a single-staffed one) in the edit panel.
    draft, _ = plans_for(day.scope, day.date)
    assert draft is not None
    target = (
        PlanEntry.objects.filter(plan=draft, employee__isnull=False, visit__partner=None)
        .select_related("visit__client")
        .order_by("start")
        .first()
    )
    assert target is not None
    p.locator(f'.tl-visit[href*="{target.visit.public_id}"]').click()
    panel = p.locator("#edit .edit-panel")
    expect(panel).to_contain_text(target.visit.client.full_name)
    shot(p, "planner-04-panel")
    panel.get_by_role("button", name="Lås").click()
    p.get_by_text("Besøket er låst").wait_for()
    assert PlanEntry.objects.get(plan__status=PlanStatus.DRAFT, visit=target.visit).locked
    expect(p.locator(".tl-visit.locked")).to_have_count(1)

    # Optimise again: the locked visit keeps its caregiver and time.
    optimise(p, 2)
    p.get_by_text("Kladd v3").wait_for()  # v2 was the lock
    again = PlanEntry.objects.get(plan__status=PlanStatus.DRAFT, visit=target.visit)
    assert (again.employee_id, again.start, again.locked) == (
        target.employee_id,
        target.start,
        True,
    )

    # A sick call: someone else than the locked visit's caregiver.
    busy = PlanEntry.objects.filter(plan__status=PlanStatus.DRAFT, employee__isnull=False)
    sick = next(
        e for e in day.employees if e.pk != target.employee_id and busy.filter(employee=e).exists()
    )
    p.get_by_label("Pleier", exact=True).select_option(label=sick.full_name)
    p.get_by_role("button", name="Registrer syk og planlegg på nytt").click()
    p.get_by_role(
        "heading", name=f"Dette ble flyttet etter sykmeldingen til {sick.full_name}"
    ).wait_for()
    replan = OptimisationJob.objects.get(kind=JobKind.REPLAN)
    assert replan.status == JobStatus.SUCCEEDED and replan.absent_employee_id == sick.pk
    moved = p.locator("section.moved tbody tr")
    assert moved.count() >= 1
    expect(p.locator(".tl-row.absent")).to_contain_text(sick.full_name)
    shot(p, "planner-05-sick-call")

    # Publish.
    p.get_by_role("button", name="Publiser").click()
    p.get_by_text("Planen er publisert.").wait_for()
    draft, published = plans_for(day.scope, day.date)
    assert draft is None and published is not None
    assert not published.entries.filter(employee=sick).exists()
    expect(p.get_by_role("button", name="Ny kladd")).to_be_visible()
    shot(p, "planner-06-published")

    # The same board on a phone: nothing is cut off, the timeline scrolls sideways.
    p.set_viewport_size(PHONE)  # type: ignore[arg-type]
    p.reload()
    p.get_by_text("Planen er publisert.").or_(
        p.get_by_role("heading", name="Dagsplan")
    ).first.wait_for()
    width = p.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a 390px phone"
    shot(p, "planner-07-phone")
    shot_of(p, ".board-head", "planner-07a-phone-head")
    shot_of(p, "#timeline", "planner-07b-phone-timeline")
    shot_of(p, ".figures-card", "planner-07c-phone-figures")
    p.locator(".tl-visit").first.click()
    expect(p.locator("#edit .edit-panel")).to_be_visible()
    shot(p, "planner-08-phone-panel")


def test_the_board_follows_a_queued_job_and_shows_the_draft_when_the_worker_is_done(
    world: World, live_server: object, page: Page
) -> None:
    """No eager Celery here: the job waits in the (memory) queue, the page polls its progress,
    the "worker" (this test) runs it, and the page reloads by itself to show the draft."""
    from playwright.sync_api import Route

    from hverdag.plans.jobs import run_job

    day = build_planning_day(world)
    p = page
    # The live server's in-memory SQLite refuses a read while another connection writes
    # ("table is locked"), so no poll may reach it while this thread runs the job. Playwright
    # handles routes only while this thread waits on the page, so a poll sent during run_job
    # is held until afterwards; polls that come while pausing are dropped (htmx polls again).
    paused = {"on": False}

    def hold(route: Route) -> None:
        if paused["on"]:
            route.abort()
        else:
            route.continue_()

    p.route(re.compile(r".*/progress/.*"), hold)
    p.goto(f"{live_server}{reverse('web:login')}")
    p.get_by_label("Brukernavn").fill("per")
    p.get_by_label("Passord").fill(PASSWORD)
    p.get_by_role("button", name="Logg inn").click()
    p.goto(f"{live_server}/planlegging/{world.ost.public_id}/{day.date.isoformat()}/")
    optimise(p, 1)
    p.get_by_text("Optimalisering i kø").wait_for()
    expect(p.get_by_role("button", name="Optimaliser")).to_be_disabled()
    shot(p, "planner-09-queued")
    paused["on"] = True
    p.wait_for_timeout(1500)  # a poll already at the server finishes
    job = OptimisationJob.objects.get()
    assert run_job(job.pk) == JobStatus.SUCCEEDED
    paused["on"] = False
    # The next poll sees the job done and has htmx reload the page.
    p.get_by_text("Kladd v1").wait_for(timeout=10000)
    expect(p.get_by_text("Optimalisering ferdig")).to_be_visible()
    expect(p.locator(".tl-visit")).to_have_count(len(day.visits))

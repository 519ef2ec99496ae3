"""The planning board: what Per the planner sees for team Øst tomorrow, and what he can do.

Jobs run by calling ``run_job`` directly (as in tests/plans/test_jobs.py): the web request
only queues them. ``build_board_day`` makes a bigger day (any number of caregivers and visits)
with a saved draft and published plan; bench/board.py uses it too, so the benchmark measures
the very board the query-count test pins.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client as WebClient
from django.urls import reverse

from hverdag.access.models import User
from hverdag.plans.jobs import do_start_optimisation, run_job
from hverdag.plans.models import JobKind, JobStatus, OptimisationJob
from hverdag.plans.services import do_new_draft, do_publish, do_unassign, plans_for
from hverdag.staff.models import Absence
from hverdag.visits.models import Plan, PlanStatus, Visit
from hverdag.web.board_layout import load_board
from tests.builders.board_day import build_board_day
from tests.builders.people import PASSWORD, World
from tests.builders.planning_day import DAY, PlanningDay, build_planning_day

# A bigger day: any number of caregivers and visits, planned, published and re-drafted ------


# Helpers ------------------------------------------------------------------------------------


@pytest.fixture
def day(world: World) -> PlanningDay:
    return build_planning_day(world)


def login(user: User) -> WebClient:
    client = WebClient()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def board_path(day: PlanningDay, date: dt.date | None = None) -> str:
    key = day.world.ost.public_id
    return reverse("web:planning_board", args=[key, (date or day.date).isoformat()])


def action_path(day: PlanningDay, action: str) -> str:
    return reverse(
        "web:planning_action", args=[day.world.ost.public_id, day.date.isoformat(), action]
    )


def optimise(day: PlanningDay, seconds: float = 1.0) -> Plan:
    job = do_start_optimisation(day.world.planner, day.scope, day.date, seconds=seconds)
    assert run_job(job.pk) == JobStatus.SUCCEEDED
    draft, _ = plans_for(day.scope, day.date)
    assert draft is not None
    return draft


def text_of(response: Any) -> str:
    return response.content.decode()


def current_draft(day: PlanningDay) -> Plan:
    draft, _ = plans_for(day.scope, day.date)
    assert draft is not None
    return draft


# The page -----------------------------------------------------------------------------------


def test_the_board_shows_figures_timeline_unassigned_reasons_and_a_map_without_tiles(
    day: PlanningDay,
) -> None:
    draft = optimise(day)
    do_publish(day.world.planner, draft, draft.version)
    draft = do_new_draft(day.world.planner, day.scope, day.date)
    taken = day.visits[0]
    do_unassign(day.world.planner, draft, draft.version, taken)

    response = login(day.world.planner).get(board_path(day))
    assert response.status_code == 200
    html = text_of(response)
    # Header: scope, status of both plans, the buttons.
    assert "Team Øst" in html
    assert "Kladd v2" in html and "Publisert" in html
    for button in ("Optimaliser", "Publiser"):
        assert f">{button}</button>" in html
    # Key figures, draft next to published, with the change.
    assert "Nøkkeltall" in html and "Reisetid (minutter)" in html
    assert "Ikke planlagte besøk" in html
    assert 'class="trend worse"' in html  # one visit more unassigned than published
    # One timeline row per caregiver on shift, visit blocks positioned in %.
    for e in day.employees:
        assert e.full_name in html
    assert html.count('class="tl-row') == len(day.employees) + 1  # + the hour header
    assert re.search(r'class="tl-visit[^"]*" style="left:\d+\.\d+%;width:\d+\.\d+%"', html)
    assert "tl-break" in html and "tl-travel" in html and "tl-shift" in html
    # The double-staffed pair is marked.
    assert '<b class="pair">2</b>' in html
    # The unassigned visit, with its reason in Norwegian.
    assert "Tatt ut av planen av planleggeren." in html
    assert taken.client.full_name in html
    # The map is inline SVG, and nothing on the page is fetched from elsewhere.
    assert '<svg class="routes-map"' in html and "<polyline" in html
    assert not re.search(r'(src|href|xlink:href)="(https?:)?//', html), "external resource"
    assert "tile" not in html.lower()


def test_the_board_of_a_day_without_a_plan_explains_what_is_missing(day: PlanningDay) -> None:
    web = login(day.world.planner)
    html = text_of(web.get(board_path(day)))
    assert "Ingen plan ennå" in html
    assert "18 besøk og 4 pleiere på vakt" in html
    # The day after has neither shifts nor visits.
    later = text_of(web.get(board_path(day, day.date + dt.timedelta(days=1))))
    assert "Ingen pleier i Team Øst har vakt denne dagen" in later
    assert "Det er ingen besøk å planlegge denne dagen." in later
    # Optimising it anyway gives the service's no-staff refusal, in Norwegian.
    path = reverse(
        "web:planning_action",
        args=[day.world.ost.public_id, (day.date + dt.timedelta(days=1)).isoformat(), "optimise"],
    )
    refused = web.post(path, {"seconds": "5", "continuity": "on"}, follow=True)
    assert "registrer vakter før dagen planlegges" in text_of(refused)
    assert not OptimisationJob.objects.exists()


def test_the_start_page_lists_the_teams_the_planner_plans_and_opens_a_board(
    day: PlanningDay,
) -> None:
    web = login(day.world.planner)
    start = web.get(reverse("web:planning_start"))
    assert start.status_code == 200
    html = text_of(start)
    assert "Team Øst" in html and "Team Vest" not in html
    picked = web.get(
        reverse("web:planning_start"),
        {"scope": str(day.world.ost.public_id), "date": day.date.isoformat()},
    )
    assert picked.status_code == 302 and picked["Location"] == board_path(day)
    # The menu shows the planner the way in.
    assert f'href="{reverse("web:planning_start")}"' in html


def test_a_nurse_may_not_open_the_board_or_change_a_plan(day: PlanningDay) -> None:
    draft = optimise(day)
    web = login(day.world.nurse)
    assert web.get(board_path(day)).status_code == 403
    assert web.get(reverse("web:planning_start")).status_code == 403
    posted = web.post(
        action_path(day, "publish"), {"plan": str(draft.public_id), "version": draft.version}
    )
    assert posted.status_code == 403
    assert current_draft(day).status == PlanStatus.DRAFT
    # ... and the menu does not offer it.
    assert reverse("web:planning_start") not in text_of(web.get(reverse("web:client_list")))


def test_a_planner_of_another_team_is_refused(day: PlanningDay) -> None:
    web = login(day.world.planner)
    other = reverse("web:planning_board", args=[day.world.vest.public_id, day.date.isoformat()])
    assert web.get(other).status_code == 403


def test_a_malformed_date_or_unknown_scope_is_not_found(day: PlanningDay) -> None:
    web = login(day.world.planner)
    key = day.world.ost.public_id
    assert web.get(f"/planlegging/{key}/2026-02-31/").status_code == 404
    unknown = "00000000-0000-0000-0000-000000000000"
    assert web.get(f"/planlegging/{unknown}/{day.date.isoformat()}/").status_code == 404


# Editing the draft --------------------------------------------------------------------------


def _edit(web: WebClient, day: PlanningDay, action: str, **data: Any) -> str:
    draft = current_draft(day)
    payload = {"plan": str(draft.public_id), "version": str(draft.version), **data}
    response = web.post(action_path(day, action), payload, follow=True)
    assert response.status_code == 200
    return text_of(response)


def test_move_swap_lock_unassign_and_publish_through_the_forms(day: PlanningDay) -> None:
    draft = optimise(day)
    web = login(day.world.planner)
    entries = {e.visit_id: e for e in draft.entries.all()}
    single = [v for v in day.visits if v.partner_id is None]
    first, second = (
        single[0],
        next(
            v for v in single[1:] if entries[v.pk].employee_id != entries[single[0].pk].employee_id
        ),
    )
    target = next(e for e in day.employees if e.pk != entries[first.pk].employee_id)

    html = _edit(web, day, "move", visit=str(first.public_id), employee=str(target.public_id))
    assert f"{first.client.full_name} går nå til {target.full_name}." in html
    draft = current_draft(day)
    assert draft.version == 2
    assert draft.entries.get(visit=first).employee_id == target.pk

    before = {v.pk: draft.entries.get(visit=v).employee_id for v in (first, second)}
    html = _edit(web, day, "swap", visit=str(first.public_id), other=str(second.public_id))
    assert "De to besøkene byttet pleier." in html
    draft = current_draft(day)
    assert draft.entries.get(visit=first).employee_id == before[second.pk]
    assert draft.entries.get(visit=second).employee_id == before[first.pk]

    html = _edit(web, day, "lock", visit=str(first.public_id), locked="on")
    assert "Besøket er låst" in html
    assert current_draft(day).entries.get(visit=first).locked
    # A locked visit cannot be taken out; the refusal is explained.
    html = _edit(web, day, "unassign", visit=str(first.public_id))
    assert "Besøket er låst: lås det opp før du endrer det." in html
    html = _edit(web, day, "lock", visit=str(first.public_id))
    assert "Besøket er låst opp." in html

    html = _edit(web, day, "unassign", visit=str(second.public_id))
    assert "Besøket ble tatt ut av planen." in html
    entry = current_draft(day).entries.get(visit=second)
    assert entry.employee_id is None and entry.reason == "taken out by the planner"

    html = _edit(web, day, "publish")
    assert "Planen er publisert." in html
    gone, published = plans_for(day.scope, day.date)
    assert gone is None and published is not None and published.published_by == day.world.planner
    assert "Ny kladd" in html
    # A new draft from the published plan.
    html = text_of(web.post(action_path(day, "new-draft"), follow=True))
    assert "En ny kladd ble laget fra den publiserte planen." in html
    assert plans_for(day.scope, day.date)[0] is not None


def test_a_stale_version_shows_the_conflict_and_changes_nothing(day: PlanningDay) -> None:
    draft = optimise(day)
    web = login(day.world.planner)
    visit = next(v for v in day.visits if v.partner_id is None)
    # Tone changes the plan first (version 1 -> 2) ...
    do_unassign(day.world.team_leader, draft, draft.version, visit)
    after_tone = {e.visit_id: (e.employee_id, e.start) for e in current_draft(day).entries.all()}
    # ... then Per's form, drawn at version 1, arrives.
    other = next(v for v in day.visits if v.partner_id is None and v.pk != visit.pk)
    target = day.employees[0]
    response = web.post(
        action_path(day, "move"),
        {
            "plan": str(draft.public_id),
            "version": "1",
            "visit": str(other.public_id),
            "employee": str(target.public_id),
        },
        follow=True,
    )
    html = text_of(response)
    assert "Noen andre endret denne planen mens du arbeidet med den. Ingenting ble lagret" in html
    assert 'class="alert conflict error"' in html
    fresh = current_draft(day)
    assert fresh.version == 2
    assert {e.visit_id: (e.employee_id, e.start) for e in fresh.entries.all()} == after_tone
    # The same for publishing an outdated version.
    html = text_of(
        web.post(
            action_path(day, "publish"),
            {"plan": str(draft.public_id), "version": "1"},
            follow=True,
        )
    )
    assert "Ingenting ble lagret" in html
    assert current_draft(day).status == PlanStatus.DRAFT


def test_the_visit_panel_offers_the_edits_for_one_visit(day: PlanningDay) -> None:
    draft = optimise(day)
    web = login(day.world.planner)
    visit = next(v for v in day.visits if v.partner_id is None)
    path = reverse(
        "web:planning_visit",
        args=[day.world.ost.public_id, day.date.isoformat(), visit.public_id],
    )
    fragment = web.get(path, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    html = text_of(fragment)
    assert visit.client.full_name in html and "<html" not in html
    assert f'name="version" value="{draft.version}"' in html
    for label in ("Flytt", "Bytt", "Lås", "Ta ut av planen"):
        assert label in html
    # Without htmx the link opens the board with the panel.
    plain = web.get(path)
    assert plain.status_code == 302 and f"besok={visit.public_id}" in plain["Location"]
    board = text_of(web.get(plain["Location"]))
    assert 'class="card edit-panel"' in board and "<html" in board
    # A visit that is not in the plan has no panel.
    unknown = path.replace(str(visit.public_id), "00000000-0000-0000-0000-000000000000")
    assert web.get(unknown, headers={"HX-Request": "true"}).status_code == 404


# Optimisation jobs --------------------------------------------------------------------------


def test_optimise_queues_a_job_and_the_progress_fragment_polls_until_it_ends(
    day: PlanningDay,
) -> None:
    web = login(day.world.planner)
    response = web.post(
        action_path(day, "optimise"),
        {"seconds": "3", "continuity": "on", "whole_week": ""},
        follow=True,
    )
    html = text_of(response)
    assert "Optimalisering startet" in html
    job = OptimisationJob.objects.get()
    assert job.status == JobStatus.QUEUED and job.seconds == 3 and job.continuity
    assert job.last_date == day.date
    # The board shows the job and polls it; no edits meanwhile.
    assert 'hx-trigger="every 1s"' in html and "Avbryt" in html
    progress = reverse("web:planning_job", args=[day.world.ost.public_id, day.date.isoformat()])
    polled = web.get(f"{progress}?jobb={job.public_id}", headers={"HX-Request": "true"})
    assert polled.status_code == 200 and "HX-Refresh" not in polled
    assert 'hx-trigger="every 1s"' in text_of(polled)
    # The worker writes progress as it goes ...
    OptimisationJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, progress={"iterations": 1234, "objective": 456.7, "seconds": 1.5}
    )
    running = text_of(web.get(f"{progress}?jobb={job.public_id}", headers={"HX-Request": "true"}))
    assert "1234" in running and "456.7" in running and 'value="1.5"' in running
    # ... and when it has finished, the page is told to reload to show the draft.
    OptimisationJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, progress={})
    assert run_job(job.pk) == JobStatus.SUCCEEDED
    done = web.get(f"{progress}?jobb={job.public_id}", headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    board = text_of(web.get(board_path(day)))
    assert "Kladd v1" in board and "Optimalisering ferdig" in board
    assert 'hx-trigger="every 1s"' not in board


def test_the_options_plan_a_week_without_continuity(day: PlanningDay) -> None:
    from tests.builders.planning_day import add_shift

    web = login(day.world.planner)
    # A week needs someone on shift every day of it.
    for offset in range(1, 7):
        add_shift(day.employees[0], day.date + dt.timedelta(days=offset))
    web.post(action_path(day, "optimise"), {"seconds": "5", "whole_week": "on"})
    job = OptimisationJob.objects.get()
    assert (job.last_date - job.date).days == 6 and not job.continuity


def test_a_running_job_can_be_cancelled_and_a_failed_one_shows_its_error(
    day: PlanningDay,
) -> None:
    web = login(day.world.planner)
    job = do_start_optimisation(day.world.planner, day.scope, day.date, seconds=5)
    html = text_of(web.post(action_path(day, "cancel"), follow=True))
    assert "Optimaliseringen stoppes" in html
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert "Optimaliseringen ble avbrutt; planen ble stående som den var." in html
    failed = do_start_optimisation(day.world.planner, day.scope, day.date, seconds=5)
    OptimisationJob.objects.filter(pk=failed.pk).update(
        status=JobStatus.FAILED, error="MemoryError: worker ran out of memory"
    )
    html = text_of(web.get(board_path(day)))
    assert "Optimaliseringen mislyktes; planen ble stående som den var." in html
    assert "MemoryError: worker ran out of memory" in html


def test_edits_wait_while_a_job_runs(day: PlanningDay) -> None:
    draft = optimise(day)
    web = login(day.world.planner)
    do_start_optimisation(day.world.planner, day.scope, day.date, seconds=5)
    visit = day.visits[0]
    html = _edit(web, day, "unassign", visit=str(visit.public_id))
    assert "En optimalisering av denne dagen pågår" in html
    assert current_draft(day).version == draft.version


def test_a_sick_call_registers_the_absence_queues_a_replan_and_shows_what_moved(
    day: PlanningDay,
) -> None:
    optimise(day)
    web = login(day.world.planner)
    sick = day.employees[1]
    had = list(current_draft(day).entries.filter(employee=sick).values_list("visit_id", flat=True))
    assert had
    html = text_of(
        web.post(action_path(day, "sick"), {"employee": str(sick.public_id)}, follow=True)
    )
    assert f"{sick.full_name} er registrert syk." in html
    assert Absence.objects.filter(employee=sick, starts_on=day.date).exists()
    job = OptimisationJob.objects.get(kind=JobKind.REPLAN)
    assert job.absent_employee == sick and job.status == JobStatus.QUEUED
    assert run_job(job.pk) == JobStatus.SUCCEEDED
    board = text_of(web.get(board_path(day)))
    assert f"Dette ble flyttet etter sykmeldingen til {sick.full_name}" in board
    moved = re.search(r'<section class="card moved".*?</section>', board, re.S)
    assert moved is not None
    rows = re.findall(r"<tr><td>(.*?)</td><td[^>]*>(.*?)</td>", moved.group(0))
    assert len(rows) == len(had)
    assert {client.split(" <span")[0] for client, _ in rows} == {
        Visit.objects.get(pk=v).client.full_name for v in had
    }
    assert {was for _, was in rows} == {sick.full_name}
    assert "Fravær" in board  # the sick caregiver's row is marked
    assert not current_draft(day).entries.filter(employee=sick).exists()


# Explaining the planner's English -----------------------------------------------------------


# Performance: the same number of queries whatever the size ---------------------------------


def test_the_board_needs_the_same_number_of_queries_for_4_and_12_caregivers(
    world: World, django_assert_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small_day = DAY + dt.timedelta(days=2)
    big_day = DAY + dt.timedelta(days=3)
    scope, small = build_board_day(world, 4, 24, small_day, iterations=20)
    _, big = build_board_day(world, 12, 72, big_day, iterations=20)
    web = login(world.planner)
    key = world.ost.public_id

    def url(date: dt.date, visit: Any = None) -> str:
        path = reverse("web:planning_board", args=[key, date.isoformat()])
        return f"{path}?besok={visit}" if visit else path

    web.get(url(small_day))  # warm: session, caches
    with CaptureQueriesContext(connection) as small_queries:
        assert web.get(url(small_day)).status_code == 200
    count = len(small_queries)
    with django_assert_num_queries(count):
        response = web.get(url(big_day))
    assert response.status_code == 200
    html = text_of(response)
    assert html.count('class="tl-row') == 12 + 1
    assert html.count('class="tl-visit') >= 60
    # The board with a visit's edit panel open is flat too.
    small_visit = small.entries.first().visit.public_id  # type: ignore[union-attr]
    big_visit = big.entries.first().visit.public_id  # type: ignore[union-attr]
    with CaptureQueriesContext(connection) as with_panel:
        web.get(url(small_day, small_visit))
    with django_assert_num_queries(len(with_panel)):
        web.get(url(big_day, big_visit))
    # And the board's data alone is a handful of queries.
    with CaptureQueriesContext(connection) as data_only:
        board = load_board(scope, big_day)
    assert len(data_only) <= 8, [q["sql"] for q in data_only]
    assert len(board.rows) == 12 and board.published is not None and board.unassigned


def test_a_private_provider_plans_its_own_staff_on_its_own_board(world: World) -> None:
    web = login(world.provider_admin)
    start = text_of(web.get(reverse("web:planning_start")))
    assert "Hjemmehjelp AS" in start and "Team Øst" not in start
    path = reverse("web:planning_board", args=[world.private.public_id, DAY.isoformat()])
    html = text_of(web.get(path))
    assert "Hjemmehjelp AS" in html
    assert "Ingen pleier i Hjemmehjelp AS har vakt denne dagen" in html
    # The municipal team's board is not hers.
    other = reverse("web:planning_board", args=[world.ost.public_id, DAY.isoformat()])
    assert web.get(other).status_code == 403


def test_a_past_day_is_shown_but_offers_no_changes(day: PlanningDay) -> None:
    optimise(day)
    web = login(day.world.planner)
    yesterday = day.date - dt.timedelta(days=2)
    html = text_of(web.get(board_path(day, yesterday)))
    assert ">Optimaliser</button>" not in html and "Sykmelding" not in html
    # Tomorrow's draft can still be worked on.
    html = text_of(web.get(board_path(day)))
    assert ">Optimaliser</button>" in html and ">Publiser</button>" in html

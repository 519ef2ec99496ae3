"""The week rota ("Vaktplan"): Per the planner keeps team Øst's shifts and absences in the app.

Team Øst tomorrow (tests/builders/planning_day.py): Nils, Anne, Bodil and Carl on a day
shift 07:30–15:30. Desk staff (Per the planner, Kari the caseworker, Tone the team leader)
are on the team but not on the rota unless they have a shift.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client as WebClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hverdag.access.models import User
from hverdag.plans.scope import team_scope
from hverdag.staff.models import Absence, AbsenceKind, Employee, Profession, Shift, ShiftKind
from hverdag.staff.selectors import week_of
from hverdag.web.rota_layout import load_week
from tests.builders.people import PASSWORD, World
from tests.builders.planning_day import DAY, PlanningDay, add_shift, build_planning_day


@pytest.fixture
def day(world: World) -> PlanningDay:
    return build_planning_day(world)


def login(user: User) -> WebClient:
    client = WebClient()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def rota_path(world: World, date: dt.date = DAY, scope: Any = None) -> str:
    key = scope.public_id if scope is not None else world.ost.public_id
    return reverse("web:rota_week", args=[key, date.isoformat()])


def action_path(world: World, action: str, date: dt.date = DAY) -> str:
    return reverse("web:rota_action", args=[world.ost.public_id, week_of(date).isoformat(), action])


def text_of(response: Any) -> str:
    return response.content.decode()


def employee(user: User) -> Employee:
    return Employee.objects.get(user=user)


def row_of(html: str, e: Employee) -> str:
    """The table row of one employee (up to the next row)."""
    start = html.index(f'<tr id="e-{e.public_id}">')
    return html[start : html.index("</tr>", start)]


def away(e: Employee, kind: str, starts_on: dt.date, ends_on: dt.date, by: User) -> Absence:
    return Absence.objects.create(
        employee=e, kind=kind, starts_on=starts_on, ends_on=ends_on, registered_by=by
    )


# The page -----------------------------------------------------------------------------------


def test_the_planner_sees_the_week_with_shifts_absences_and_day_totals(day: PlanningDay) -> None:
    world = day.world
    nils, anne = day.employees[0], day.employees[1]
    add_shift(anne, DAY + dt.timedelta(days=1), "15:00", "22:30")
    Shift.objects.filter(employee=anne, date=DAY + dt.timedelta(days=1)).update(
        kind=ShiftKind.EVENING
    )
    away(nils, AbsenceKind.SICK, DAY, DAY, world.planner)

    response = login(world.planner).get(rota_path(world))
    assert response.status_code == 200
    html = text_of(response)
    monday = week_of(DAY)
    assert "Vaktplan Team Øst" in html
    assert f"uke {monday.isocalendar().week}" in html
    # One row per field employee; desk staff are left out (they have no shift).
    for e in day.employees:
        assert f'<tr id="e-{e.public_id}">' in html
    for desk in (world.planner, world.caseworker, world.team_leader):
        assert f'<tr id="e-{employee(desk).public_id}">' not in html
    assert f'<tr id="e-{employee(world.nurse_vest).public_id}">' not in html  # team Vest
    # Cells: the shift with its break, Nils's sick day over his shift (struck out).
    assert '<b class="kind day">D</b> 07:30–15:30' in row_of(html, day.employees[2])
    assert "30 min pause" in html
    assert '<b class="kind evening">K</b> 15:00–22:30' in row_of(html, anne)
    nils_row = row_of(html, nils)
    assert ">Syk</span>" in nils_row and 'class="shift struck"' in nils_row
    # Totals of DAY: three at work on the day shift, Nils away; the day after, Anne's evening.
    footer = html[html.index("<tfoot>") : html.index("</tfoot>")]
    index = (DAY - monday).days
    rows = [r for r in footer.split("<tr>") if "</th>" in r]
    counts = {
        r.split("</th>")[0].rsplit(">", 1)[1]: [
            c.split(">")[1].split("<")[0] for c in r.split("<td")[1:8]
        ]
        for r in rows
    }
    assert counts["Dagvakter"][index] == "3"
    assert counts["Borte"][index] == "1"
    if index < 6:
        assert counts["Kveldsvakter"][index + 1] == "1"
    # The absence is listed with its withdraw button; the days link to the board.
    assert "Fravær denne uken" in html and ">Trekk tilbake</button>" in html
    board = reverse("web:planning_board", args=[world.ost.public_id, DAY.isoformat()])
    assert f'href="{board}"' in html
    # Week navigation.
    previous = rota_path(world, monday - dt.timedelta(days=7))
    following = rota_path(world, monday + dt.timedelta(days=7))
    assert f'href="{previous}"' in html and f'href="{following}"' in html


def test_the_board_links_to_the_rota_and_the_date_picker_opens_a_week(day: PlanningDay) -> None:
    web = login(day.world.planner)
    board = reverse("web:planning_board", args=[day.world.ost.public_id, DAY.isoformat()])
    html = text_of(web.get(board))
    assert f'href="{rota_path(day.world)}">Vaktplan</a>' in html
    later = DAY + dt.timedelta(days=30)
    picked = web.get(rota_path(day.world), {"dato": later.isoformat()})
    assert picked.status_code == 302
    assert picked["Location"] == rota_path(day.world, week_of(later))


def test_a_desk_employee_with_a_shift_is_on_the_rota(day: PlanningDay) -> None:
    per = employee(day.world.planner)
    add_shift(per, DAY)
    html = text_of(login(day.world.planner).get(rota_path(day.world)))
    assert f'<tr id="e-{per.public_id}">' in html


def test_a_nurse_may_not_open_the_rota_or_plan_a_shift(day: PlanningDay) -> None:
    world = day.world
    web = login(world.nurse)
    assert web.get(rota_path(world)).status_code == 403
    posted = web.post(
        action_path(world, "shift"),
        {
            "employee": str(employee(world.nurse).public_id),
            "date": (DAY + dt.timedelta(days=2)).isoformat(),
            "kind": "day",
            "starts_at": "07:00",
            "ends_at": "15:00",
        },
    )
    assert posted.status_code == 403
    assert not Shift.objects.filter(date=DAY + dt.timedelta(days=2)).exists()


def test_a_planner_of_another_team_is_refused(day: PlanningDay) -> None:
    world = day.world
    web = login(world.planner)
    assert web.get(rota_path(world, scope=world.vest)).status_code == 403
    vest_action = reverse("web:rota_action", args=[world.vest.public_id, DAY.isoformat(), "shift"])
    siri = employee(world.nurse_vest)
    posted = web.post(
        vest_action,
        {"employee": str(siri.public_id), "date": DAY.isoformat(), "kind": "day"}
        | {"starts_at": "07:00", "ends_at": "15:00"},
    )
    assert posted.status_code == 403
    # Nor can he name Siri on his own team's form: she is not a choice there.
    posted = web.post(
        action_path(world, "shift"),
        {"employee": str(siri.public_id), "date": DAY.isoformat(), "kind": "day"}
        | {"starts_at": "07:00", "ends_at": "15:00"},
        follow=True,
    )
    assert "Ingenting ble lagret" in text_of(posted)
    assert not Shift.objects.filter(employee=siri).exists()


def test_an_unknown_scope_or_malformed_date_is_not_found(day: PlanningDay) -> None:
    web = login(day.world.planner)
    unknown = "00000000-0000-0000-0000-000000000000"
    assert web.get(f"/planlegging/{unknown}/vaktplan/{DAY.isoformat()}/").status_code == 404
    key = day.world.ost.public_id
    assert web.get(f"/planlegging/{key}/vaktplan/2026-02-31/").status_code == 404


# Editing ------------------------------------------------------------------------------------


def _shift(e: Employee, date: dt.date, kind: str, starts: str, ends: str) -> dict[str, str]:
    return {
        "employee": str(e.public_id),
        "date": date.isoformat(),
        "kind": kind,
        "starts_at": starts,
        "ends_at": ends,
    }


def test_planning_a_shift_saves_it_and_shows_it(day: PlanningDay) -> None:
    world = day.world
    nils = day.employees[0]
    later = DAY + dt.timedelta(days=9)  # in another week than the page posted from
    web = login(world.planner)
    response = web.post(
        action_path(world, "shift"), _shift(nils, later, "evening", "15:00", "22:30")
    )
    assert response.status_code == 302
    assert response["Location"] == rota_path(world, week_of(later))
    shift = Shift.objects.get(employee=nils, date=later)
    assert (shift.kind, shift.starts_at, shift.ends_at) == ("evening", dt.time(15), dt.time(22, 30))
    assert shift.break_minutes == 20  # 7.5 hours: § 10-9 (1)
    html = text_of(web.get(response["Location"]))
    assert "Vakt lagret: Nils Sykepleier" in html
    assert '<b class="kind evening">K</b> 15:00–22:30' in row_of(html, nils)
    # Planning the same day again replaces the shift.
    web.post(action_path(world, "shift"), _shift(nils, later, "day", "08:00", "16:00"))
    assert Shift.objects.filter(employee=nils, date=later).count() == 1
    assert Shift.objects.get(employee=nils, date=later).starts_at == dt.time(8)


@pytest.mark.parametrize(
    ("starts", "ends", "date_offset", "field_label", "message"),
    [
        # 14 hours: more than the 13 the Act allows in a day.
        ("07:00", "21:00", 3, "Slutter", "En vakt kan vare høyst 13 t medregnet overtid"),
        # The evening before Nils's 07:30 day shift: only 9 hours off.
        ("15:00", "22:30", -1, "Slutter", "Bare 9 t fri før neste dags vakt"),
        ("15:00", "09:00", 3, "Slutter", "Vakten må slutte etter at den begynner"),
    ],
)
def test_an_illegal_shift_shows_why_next_to_the_form_and_writes_nothing(
    day: PlanningDay, starts: str, ends: str, date_offset: int, field_label: str, message: str
) -> None:
    world = day.world
    nils = day.employees[0]
    date = DAY + dt.timedelta(days=date_offset)
    before = Shift.objects.count()
    web = login(world.planner)
    response = web.post(action_path(world, "shift", date), _shift(nils, date, "day", starts, ends))
    assert response.status_code == 302
    assert response["Location"] == rota_path(world, week_of(date)) + "#shift-form"
    assert Shift.objects.count() == before
    assert not Shift.objects.filter(employee=nils, date=date).exists()
    html = text_of(web.get(response["Location"]))
    form = html[html.index('id="shift-form"') : html.index('id="absence-form"')]
    assert "Ingenting ble lagret" in form
    assert f'href="#shift-ends_at">{field_label}</a>: {message}' in form
    # The field is marked and keeps what was typed; the message is shown once.
    assert 'class="rota-field invalid"' in form
    assert f'value="{ends}"' in form and 'aria-invalid="true"' in form
    assert "Ingenting ble lagret" not in text_of(web.get(response["Location"]))


def test_removing_a_shift(day: PlanningDay) -> None:
    world = day.world
    carl = day.employees[3]
    shift = Shift.objects.get(employee=carl, date=DAY)
    web = login(world.planner)
    response = web.post(action_path(world, "remove-shift"), {"shift": str(shift.public_id)})
    assert response.status_code == 302
    assert not Shift.objects.filter(pk=shift.pk).exists()
    html = text_of(web.get(response["Location"]))
    assert "Vakt fjernet: Carl Dahl" in html
    assert "07:30–15:30" not in row_of(html, carl)
    # Posting again (a second tab) says it is gone instead of failing.
    again = web.post(
        action_path(world, "remove-shift"), {"shift": str(shift.public_id)}, follow=True
    )
    assert "Vakten står ikke lenger i vaktplanen." in text_of(again)


def test_registering_and_withdrawing_an_absence(day: PlanningDay) -> None:
    world = day.world
    bodil = day.employees[2]
    web = login(world.planner)
    data = {
        "employee": str(bodil.public_id),
        "kind": "holiday",
        "starts_on": DAY.isoformat(),
        "ends_on": (DAY + dt.timedelta(days=14)).isoformat(),
        "note": "Sommerferie",
    }
    response = web.post(action_path(world, "absence"), data)
    assert response.status_code == 302
    absence = Absence.objects.get(employee=bodil)
    assert absence.kind == "holiday" and absence.note == "Sommerferie"
    html = text_of(web.get(response["Location"]))
    assert "Fravær registrert: Bodil Berg, Ferie" in html
    assert ">Ferie</span>" in row_of(html, bodil)
    assert "Sommerferie" in html
    # A second, overlapping absence is refused with the service's reason on its field.
    refused = web.post(action_path(world, "absence"), data | {"kind": "course"}, follow=True)
    text = text_of(refused)
    assert "Bodil Berg er allerede registrert borte fra" in text
    assert 'href="#absence-starts_on">Fra</a>' in text
    assert Absence.objects.filter(employee=bodil).count() == 1
    # An end before the start is refused too, and nothing is written.
    backwards = data | {"ends_on": (DAY - dt.timedelta(days=1)).isoformat()}
    text = text_of(web.post(action_path(world, "absence"), backwards, follow=True))
    assert "Fraværet kan ikke slutte før det begynner." in text
    assert Absence.objects.filter(employee=bodil).count() == 1
    # Withdrawn: off the rota, kept on record.
    response = web.post(action_path(world, "withdraw-absence"), {"absence": str(absence.public_id)})
    absence.refresh_from_db()
    assert absence.withdrawn_at is not None
    html = text_of(web.get(response["Location"]))
    assert "Fravær trukket tilbake: Bodil Berg" in html
    assert ">Ferie</span>" not in row_of(html, bodil)
    assert "Ingen er registrert borte denne uken." in html
    again = web.post(
        action_path(world, "withdraw-absence"), {"absence": str(absence.public_id)}, follow=True
    )
    assert "Fraværet er allerede trukket tilbake." in text_of(again)


def test_the_page_is_in_english_for_an_english_user(day: PlanningDay) -> None:
    web = login(day.world.planner)
    web.cookies["django_language"] = "en"
    html = text_of(web.get(rota_path(day.world), HTTP_ACCEPT_LANGUAGE="en"))
    assert "Rota Team Øst" in html and "Day shifts" in html
    assert '<b class="kind day">D</b> 07:30–15:30' in html


# Performance --------------------------------------------------------------------------------


def _team(world: World, size: int, monday: dt.date, tag: str) -> None:
    """``size`` more caregivers of team Øst, each with shifts all week and one sick day."""
    for i in range(size):
        e = Employee.objects.create(
            municipality=world.oslo,
            first_name=f"Pleier{i:02d}",
            last_name=f"Øst{tag}",
            profession=Profession.HEALTH_WORKER,
            team=world.ost,
            provider=world.municipal,
        )
        for d in range(7):
            evening = (i + d) % 3 == 0
            add_shift(e, monday + dt.timedelta(days=d), *(("15:00", "22:30") if evening else ()))
        sick = monday + dt.timedelta(days=i % 7)
        away(e, AbsenceKind.SICK, sick, sick, world.planner)


def test_the_page_needs_the_same_number_of_queries_for_4_and_12_employees(
    world: World, django_assert_num_queries: Any
) -> None:
    small = week_of(DAY) + dt.timedelta(days=14)
    big = small + dt.timedelta(days=7)
    _team(world, 4, small, "a")
    web = login(world.planner)
    web.get(rota_path(world, small))  # warm: session, caches
    with CaptureQueriesContext(connection) as queries:
        response = web.get(rota_path(world, small))
    assert text_of(response).count('<tr id="e-') == 4 + 1  # and Nils, with no shift
    _team(world, 12, big, "b")  # the 4 stay on the team: 16 rows, 112 cells
    with django_assert_num_queries(len(queries)):
        response = web.get(rota_path(world, big))
    assert text_of(response).count('<tr id="e-') == 16 + 1
    # The week's data alone is three queries: employees, shifts, absences.
    employees = team_scope(world.ost).employee_filter()
    with CaptureQueriesContext(connection) as data_only:
        week = load_week(employees, big)
    assert len(data_only) == 3, [q["sql"] for q in data_only]
    assert sum(t.away for t in week.totals) == 12  # the sick days of the 12 new ones


def test_a_cells_edit_link_fills_in_the_form(day: PlanningDay) -> None:
    anne = day.employees[1]
    web = login(day.world.planner)
    html = text_of(web.get(rota_path(day.world)))
    link = (
        f"?ansatt={anne.public_id}&amp;dag={DAY.isoformat()}&amp;kind=day"
        "&amp;starts_at=07:30&amp;ends_at=15:30#shift-form"
    )
    assert f'href="{link}"' in row_of(html, anne)
    filled = text_of(
        web.get(
            rota_path(day.world),
            {"ansatt": str(anne.public_id), "dag": DAY.isoformat(), "ends_at": "14:00"},
        )
    )
    form = filled[filled.index('id="shift-form"') : filled.index('id="absence-form"')]
    assert f'<option value="{anne.public_id}" selected>' in form
    assert f'value="{DAY.isoformat()}"' in form and 'value="14:00"' in form

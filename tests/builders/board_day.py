"""The planning board's day at any size: team Øst with N caregivers and M visits, solved,
published, and a new draft with one visit taken out.

Used by the board's tests (tests/web/test_planning_board.py) and by bench/board.py, so the
benchmark measures the same day the query-count test pins.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from django.db import transaction

from hverdag.core.clock import local_time_on
from hverdag.decisions.catalogue import install_catalogue
from hverdag.decisions.models import Service
from hverdag.planning.solve import solve
from hverdag.planning.stop import MaxIterations
from hverdag.plans.problem import build_day_problem
from hverdag.plans.scope import Scope, team_scope
from hverdag.plans.services import do_new_draft, do_publish, do_unassign, save_result
from hverdag.staff.models import Competence, Employee, Profession, Shift, ShiftKind
from hverdag.visits.models import Plan, PlanEntry, PlanSource, Visit
from tests.builders.people import World, make_client
from tests.builders.planning_day import DAY

CENTRE = (59.912, 10.772)  # Tøyen


def _point(rng: random.Random, radius_km: float = 1.5) -> tuple[float, float]:
    r = radius_km * math.sqrt(rng.random())
    a = rng.random() * 2 * math.pi
    return (
        CENTRE[0] + r * math.cos(a) / 111.32,
        CENTRE[1] + r * math.sin(a) / (111.32 * math.cos(math.radians(CENTRE[0]))),
    )


# (service, window from, window to, minutes): three visits per client, the windows moved by
# 0-90 minutes from client to client as agreed times are in a real district.
CLIENT_DAY = [
    ("medication", "07:30", "09:30", 15),
    ("personal_hygiene", "09:00", "13:00", 30),
    ("medication", "16:30", "19:30", 15),
]


def build_board_day(
    world: World,
    caregivers: int,
    visits: int,
    date: dt.date = DAY,
    *,
    iterations: int = 50,
    seed: int = 7,
) -> tuple[Scope, Plan]:
    """Team Øst on ``date``: caregivers on day and evening shifts, ``visits`` visits (three a
    client, every tenth client's morning care double-staffed), solved briefly, published, and a
    new draft with one visit taken out: the board then has both plans and an unassigned visit.
    """
    rng = random.Random(seed)
    install_catalogue(world.oslo)
    services = {s.code: s for s in Service.objects.filter(municipality=world.oslo)}
    competences = list(Competence.objects.all())
    team, municipal = world.ost, world.municipal
    tag = f"{date:%m%d}"
    for i in range(caregivers):
        lat, lon = _point(rng, 0.4)
        e = Employee.objects.create(
            municipality=world.oslo,
            first_name=f"Pleier{i + 1:02d}",
            last_name=f"Øst{tag}",
            profession=Profession.NURSE if i % 3 == 0 else Profession.HEALTH_WORKER,
            team=team,
            provider=municipal,
            home_base_lat=lat,
            home_base_lon=lon,
            transport_mode=("car", "bike", "walk")[i % 3],
        )
        e.competences.set(competences)
        evening = i >= round(caregivers * 0.6)
        Shift.objects.create(
            employee=e,
            team=team,
            date=date,
            kind=ShiftKind.EVENING if evening else ShiftKind.DAY,
            starts_at=dt.time(15, 0) if evening else dt.time(7, 30),
            ends_at=dt.time(22, 30) if evening else dt.time(15, 30),
            break_minutes=30,
        )
    made = 0
    n_client = 0
    while made < visits:
        n_client += 1
        lat, lon = _point(rng)
        client = make_client(
            world.oslo,
            world.gamle_oslo,
            team,
            f"Bruker{n_client:03d}",
            f"Øst{tag}",
            seed=int(tag) * 10 + n_client,
        )
        client.lat, client.lon = lat, lon
        client.save(update_fields=["lat", "lon"])
        shift = dt.timedelta(minutes=30 * (n_client % 4))
        for k, (code, start, end, minutes) in enumerate(CLIENT_DAY):
            if made >= visits:
                break
            common: dict[str, Any] = {
                "municipality": world.oslo,
                "team": team,
                "provider": municipal,
                "client": client,
                "service": services[code],
                "date": date,
                "slot": k,
                "window_start": local_time_on(date, dt.time.fromisoformat(start)) + shift,
                "window_end": local_time_on(date, dt.time.fromisoformat(end)) + shift,
                "minutes": minutes,
            }
            first = Visit.objects.create(**common)
            made += 1
            if code == "personal_hygiene" and n_client % 10 == 0 and made < visits:
                second = Visit.objects.create(**common, position=2, partner=first)
                first.partner = second
                first.save(update_fields=["partner"])
                made += 1
    scope = team_scope(team)
    day = build_day_problem(scope, date)
    result = solve(day.problem, MaxIterations(iterations), seed=seed)
    with transaction.atomic():
        first_draft = save_result(day, result, user=world.planner, source=PlanSource.OPTIMISED)
    do_publish(world.planner, first_draft, first_draft.version)
    draft = do_new_draft(world.planner, scope, date)
    entry = PlanEntry.objects.filter(plan=draft, employee__isnull=False, visit__partner=None)
    taken = entry.select_related("visit").first()
    assert taken is not None
    draft = do_unassign(world.planner, draft, draft.version, taken.visit)
    return scope, draft

"""A small day of team Øst to plan: four caregivers on shift, eight clients, sixteen visits.

Visits are written directly (not generated from decisions) so these tests depend on the
plan's rules only. Tomorrow is the day planned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from hverdag.access.models import Role
from hverdag.clients.models import Client
from hverdag.core.clock import local_time_on
from hverdag.decisions.catalogue import install_catalogue
from hverdag.decisions.models import Service
from hverdag.plans.scope import Scope, team_scope
from hverdag.staff.models import Competence, Employee, Profession, Shift, ShiftKind
from hverdag.visits.models import Visit
from tests.builders.people import World, make_client, make_staff

# The real today: the services refuse to plan days that have passed.
TODAY = dt.datetime.now(ZoneInfo("Europe/Oslo")).date()
DAY = TODAY + dt.timedelta(days=1)

# (first name, lat, lon) around Tøyen / Grønland / Kampen
CLIENTS = [
    ("Astrid", 59.9150, 10.7700),
    ("Bjørn", 59.9120, 10.7650),
    ("Cecilie", 59.9170, 10.7780),
    ("Dag", 59.9105, 10.7600),
    ("Eva", 59.9135, 10.7820),
    ("Frode", 59.9185, 10.7720),
    ("Gerd", 59.9095, 10.7750),
    ("Hans", 59.9160, 10.7610),
]


@dataclass
class PlanningDay:
    world: World
    scope: Scope
    date: dt.date
    employees: list[Employee]
    clients: list[Client]
    visits: list[Visit]
    services: dict[str, Service]


def add_shift(employee: Employee, date: dt.date, start: str = "07:30", end: str = "15:30") -> Shift:
    return Shift.objects.create(
        employee=employee,
        team=employee.team,
        date=date,
        kind=ShiftKind.DAY,
        starts_at=dt.time.fromisoformat(start),
        ends_at=dt.time.fromisoformat(end),
        break_minutes=30,
    )


def add_visit(
    client: Client,
    service: Service,
    date: dt.date,
    start: str,
    end: str,
    minutes: int,
    *,
    provider_id: int,
    position: int = 1,
) -> Visit:
    return Visit.objects.create(
        municipality=client.municipality,
        team=client.team,
        provider_id=provider_id,
        client=client,
        service=service,
        date=date,
        position=position,
        window_start=local_time_on(date, dt.time.fromisoformat(start)),
        window_end=local_time_on(date, dt.time.fromisoformat(end)),
        minutes=minutes,
    )


def build_planning_day(world: World, date: dt.date = DAY) -> PlanningDay:
    install_catalogue(world.oslo)
    services = {s.code: s for s in Service.objects.filter(municipality=world.oslo)}
    competences = list(Competence.objects.all())
    nils = world.nurse.employee
    names = [("anne", "Anne", "Aas"), ("bodil", "Bodil", "Berg"), ("carl", "Carl", "Dahl")]
    employees = [nils]
    for username, given, last in names:
        user = make_staff(
            world.oslo,
            world.municipal,
            username,
            given,
            last,
            Role.FIELD_STAFF,
            Profession.NURSE,
            team=world.ost,
        )
        employees.append(user.employee)
    for i, e in enumerate(employees):
        e.competences.set(competences)
        e.home_base_lat, e.home_base_lon = 59.9130, 10.7690
        e.transport_mode = "car" if i % 2 else "walk"
        e.save()
        add_shift(e, date)
    clients = []
    for i, (name, lat, lon) in enumerate(CLIENTS):
        c = make_client(world.oslo, world.gamle_oslo, world.ost, name, "Østli", seed=100 + i)
        c.lat, c.lon = lat, lon
        c.save()
        clients.append(c)
    municipal = world.municipal.pk
    visits = []
    for c in clients:
        visits.append(
            add_visit(c, services["medication"], date, "08:00", "10:00", 15, provider_id=municipal)
        )
        visits.append(
            add_visit(
                c, services["personal_hygiene"], date, "10:00", "13:00", 30, provider_id=municipal
            )
        )
    # Hans needs two for the morning care (hospital bed, lift).
    first = add_visit(
        clients[-1], services["personal_hygiene"], date, "08:30", "10:30", 30, provider_id=municipal
    )
    second = add_visit(
        clients[-1],
        services["personal_hygiene"],
        date,
        "08:30",
        "10:30",
        30,
        provider_id=municipal,
        position=2,
    )
    first.partner, second.partner = second, first
    first.save()
    second.save()
    visits += [first, second]
    return PlanningDay(world, team_scope(world.ost), date, employees, clients, visits, services)

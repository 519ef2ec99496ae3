"""Decisions written straight to the database for the visit-generation tests.

The decision services would validate competences, letters and transitions; these tests are
about what a standing decision's lines produce, so each test states exactly its lines.
Dates are in December 2026; Monday 30 November is "today" unless a test says otherwise.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from hverdag.clients.models import Client
from hverdag.decisions.models import Decision, DecisionKind, DecisionStatus, Service, ServiceLine
from hverdag.org.models import District, Municipality, Provider, Team, Unit
from hverdag.visits.models import Visit
from tests.builders.people import World, make_client

OSLO = ZoneInfo("Europe/Oslo")
MONDAY = dt.date(2026, 11, 30)
SUNDAY = MONDAY + dt.timedelta(days=6)


def days(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range(count)]


def line(service: Service, provider: Provider, **changes: Any) -> dict[str, Any]:
    """A daily line, once a day 08:00–09:00 for 15 minutes, unless ``changes`` say otherwise."""
    fields: dict[str, Any] = {
        "service": service,
        "provider": provider,
        "times_per_day": 1,
        "weekdays": [1, 2, 3, 4, 5, 6, 7],
        "every_n_weeks": 1,
        "minutes_per_visit": 15,
        "window_start": dt.time(8, 0),
        "window_end": dt.time(9, 0),
        "staff_count": 1,
    }
    fields.update(changes)
    return fields


def grant(
    world: World,
    client: Client,
    *lines: dict[str, Any],
    status: str = DecisionStatus.ACTIVE,
    valid_from: dt.date = MONDAY,
    valid_to: dt.date | None = None,
    previous: Decision | None = None,
) -> Decision:
    """A decision for ``client`` with ``lines``; with ``previous``, its next version."""
    decision = Decision.objects.create(
        municipality_id=client.municipality_id,
        district_id=client.district_id,
        client=client,
        series=previous.series if previous else uuid.uuid4(),
        version=previous.version + 1 if previous else 1,
        previous=previous,
        kind=DecisionKind.CHANGE if previous else DecisionKind.NEW,
        status=status,
        applied_on=valid_from - dt.timedelta(days=14),
        valid_from=valid_from,
        valid_to=valid_to,
        facts="Trenger hjelp.",
        reasons="Nødvendig hjelp.",
        caseworker=world.caseworker,
    )
    for fields in lines:
        ServiceLine.objects.create(decision=decision, **fields)
    return decision


def replace(old: Decision, status: str = DecisionStatus.CHANGED) -> None:
    """Mark ``old`` as no longer standing, as activating its successor does."""
    old.status = status
    old.save(update_fields=["status"])


def visits_of(client: Client, **filters: Any) -> list[Visit]:
    return list(
        Visit.objects.filter(client=client, **filters).order_by("date", "slot", "position", "id")
    )


def local_start(visit: Visit) -> dt.datetime:
    return visit.window_start.astimezone(OSLO)


def other_municipality(world: World) -> tuple[Municipality, Client, Provider]:
    """Bergen, with one team, its municipal provider and one client."""
    bergen = Municipality.objects.create(name="Bergen", number="4601")
    district = District.objects.create(municipality=bergen, name="Bergenhus", number="460101")
    unit = Unit.objects.create(district=district, name="Hjemmetjenesten Bergenhus")
    team = Team.objects.create(unit=unit, municipality=bergen, name="Team Sentrum", slug="sentrum")
    provider = Provider.objects.create(
        municipality=bergen, name="Bergen hjemmetjeneste", kind=Provider.Kind.MUNICIPAL
    )
    client = make_client(bergen, district, team, "Olav", "Berg", seed=40)
    return bergen, client, provider

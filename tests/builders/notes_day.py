"""Notes' people and visits on top of Min dag's published day.

Nils (nurse) gives Astrid her medication at 08:00 and Bjørn his personal hygiene at 10:00;
Hilde Hjelper (home helper, team Øst) cleans at Astrid's at 12:00 and helps Bjørn with
personal hygiene at 13:00. Tone leads team Øst; Anne is a nurse of the team not planned
for Astrid.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.utils import timezone

from hverdag.access.models import Role, User
from hverdag.core.clock import local_time_on
from hverdag.notes.defaults import install_note_templates
from hverdag.notes.models import Note
from hverdag.notes.services import do_write_note
from hverdag.staff.models import Profession
from hverdag.visits.models import PlanEntry, Visit
from tests.builders.people import World, make_staff
from tests.builders.planning_day import add_visit
from tests.builders.published_day import PublishedDay, build_published_day


@dataclass
class NotesDay:
    pub: PublishedDay
    helper: User
    astrid_cleaning: Visit
    bjorn_care_by_helper: Visit

    @property
    def world(self) -> World:
        return self.pub.world

    @property
    def astrid_medication(self) -> Visit:
        return self.pub.astrid_medication


def build_notes_day(world: World) -> NotesDay:
    pub = build_published_day(world)
    install_note_templates(world.oslo)
    helper = make_staff(
        world.oslo,
        world.municipal,
        "hilde",
        "Hilde",
        "Hjelper",
        Role.FIELD_STAFF,
        Profession.HOME_HELPER,
        world.ost,
    )
    services = pub.day.services
    astrid = pub.astrid_medication.client
    bjorn = pub.bjorn_hygiene.client
    date = pub.day.date
    cleaning = add_visit(
        astrid, services["cleaning"], date, "11:00", "14:00", 90, provider_id=world.municipal.pk
    )
    care = add_visit(
        bjorn,
        services["personal_hygiene"],
        date,
        "12:30",
        "14:00",
        30,
        provider_id=world.municipal.pk,
    )
    for visit, start in [(cleaning, "12:00"), (care, "13:00")]:
        PlanEntry.objects.create(
            plan=pub.plan,
            visit=visit,
            employee=helper.employee,
            start=local_time_on(date, dt.time.fromisoformat(start)),
        )
    return NotesDay(pub, helper, cleaning, care)


def write(
    user: User,
    visit: Visit,
    text: str = "Gitt morgendose. Ingen bivirkninger.",
    *,
    important: bool = False,
    at: dt.datetime | None = None,
) -> Note:
    return do_write_note(
        user,
        visit.client,
        visit,
        None,
        text,
        None,
        at or timezone.now(),
        uuid.uuid4(),
        important=important,
    )

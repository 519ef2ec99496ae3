"""Team Øst's key cabinet for the published day: Astrid's front-door key on hook 14, her
key box at the door, and Bjørn's key on hook 15. Nils visits Astrid at 08:00 today."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.utils import timezone

from hverdag.keys.models import Key, KeyKind
from hverdag.keys.services import KeyInput, do_register_key
from tests.builders.people import World
from tests.builders.published_day import PublishedDay, build_published_day


@dataclass
class Cabinet:
    pub: PublishedDay
    astrid_key: Key
    astrid_box: Key
    bjorn_key: Key

    @property
    def world(self) -> World:
        return self.pub.world


def build_cabinet(world: World) -> Cabinet:
    pub = build_published_day(world)
    astrid = pub.astrid_medication.client
    bjorn = pub.bjorn_hygiene.client
    leader = world.team_leader
    astrid_key = do_register_key(
        leader,
        KeyInput(astrid, "Hovednøkkel + postkasse", KeyKind.KEY, "Ø-14", "Nøkkelskap Øst, krok 14"),
    )
    astrid_box = do_register_key(
        leader, KeyInput(astrid, "Nøkkelboks ved inngangsdøra", KeyKind.KEY_BOX)
    )
    bjorn_key = do_register_key(
        leader, KeyInput(bjorn, "Hoveddør", KeyKind.KEY, "Ø-15", "Nøkkelskap Øst, krok 15")
    )
    return Cabinet(pub, astrid_key, astrid_box, bjorn_key)


def minutes_ago(minutes: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=minutes)


def new_key() -> uuid.UUID:
    return uuid.uuid4()

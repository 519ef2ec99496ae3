"""Astrid's medication list on top of the published day (tests.builders.published_day).

Nils visits Astrid today 08:00 for her medicines (agreed 08:00–10:00): Metformin at 08:30
and 20:00 is due at that visit; Albyl-E comes from her dispenser; Oxynorm as needed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from hverdag.core.clock import local_time_on
from hverdag.medication.inputs import OrderInput
from hverdag.medication.models import MedicationOrder
from hverdag.medication.services import do_add_order
from tests.builders.people import World
from tests.builders.published_day import PublishedDay, build_published_day


@dataclass
class Meds:
    pub: PublishedDay
    metformin: MedicationOrder
    albyl: MedicationOrder
    oxynorm: MedicationOrder

    @property
    def world(self) -> World:
        return self.pub.world

    @property
    def due(self) -> dt.datetime:
        """Today's 08:30 Metformin, due at Nils's 08:00 visit to Astrid."""
        return local_time_on(self.pub.astrid_medication.date, dt.time(8, 30))


def metformin(**changes: Any) -> OrderInput:
    data = OrderInput(
        drug="Metformin",
        strength="500 mg",
        form="tablet",
        dose="1 tablett",
        dose_amount=Decimal("1"),
        dose_unit="tablett",
        times=("08:30", "20:00"),
        prescriber="fastlege Dr. Berg",
        start_date=timezone.localdate() - dt.timedelta(days=30),
    )
    return dataclasses.replace(data, **changes)


def build_meds(world: World) -> Meds:
    pub = build_published_day(world)
    astrid = pub.astrid_medication.client
    kari = world.caseworker
    met = do_add_order(kari, astrid, metformin())
    albyl = do_add_order(
        kari,
        astrid,
        metformin(drug="Albyl-E", strength="75 mg", times=("08:00",), given_by="dispenser"),
    )
    oxy = do_add_order(
        kari,
        astrid,
        metformin(
            drug="Oxynorm",
            strength="5 mg",
            form="other",
            dose="1 kapsel",
            times=(),
            as_needed=True,
            indication="Smerter",
            max_per_day=2,
        ),
    )
    return Meds(pub, met, albyl, oxy)


def backdate(order: MedicationOrder, when: dt.datetime) -> None:
    """Tests only: pretend the order was put on the list earlier (rows are never edited)."""
    models.QuerySet.update(MedicationOrder.objects.filter(series=order.series), recorded_at=when)

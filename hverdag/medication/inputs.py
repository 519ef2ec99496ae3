"""What a medication order carries into the service, parsed from a form or the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class OrderInput:
    drug: str
    strength: str
    form: str
    dose: str
    prescriber: str
    start_date: dt.date
    times: tuple[str, ...] = ()
    as_needed: bool = False
    indication: str = ""
    max_per_day: int | None = None
    given_by: str = "staff"
    route: str = "oral"
    dose_amount: Decimal | None = None
    dose_unit: str = ""
    end_date: dt.date | None = None
    note: str = ""

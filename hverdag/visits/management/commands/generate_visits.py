"""Generate visits from standing decisions for the rolling horizon; prints the report as JSON."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hverdag.org.models import Municipality
from hverdag.visits.generation import HORIZON_DAYS, generate_all, generate_visits


class Command(BaseCommand):
    help = "Generate visits from standing decisions (default: from today for 28 days)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="municipality number, e.g. 0301 (default: all)")
        parser.add_argument("--from", dest="first", help="first date, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--days", default=str(HORIZON_DAYS), help=f"number of days (default {HORIZON_DAYS})"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        first = _first(options["first"])
        last = first + dt.timedelta(days=_days(options["days"]) - 1)
        number = options["municipality"]
        if number is None:
            reports = generate_all(first, last)
        else:
            municipality = Municipality.objects.filter(number=number).first()
            if municipality is None:
                raise CommandError(f"--municipality: no municipality {number!r}")
            reports = {number: generate_visits(municipality, first, last)}
        result = {
            "from": first.isoformat(),
            "to": last.isoformat(),
            "municipalities": {key: report.as_dict() for key, report in reports.items()},
        }
        self.stdout.write(json.dumps(result, indent=2))


def _first(raw: str | None) -> dt.date:
    if raw is None:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"--from: {raw!r} is not a date (YYYY-MM-DD)") from exc


def _days(raw: str) -> int:
    try:
        days = int(raw)
    except ValueError as exc:
        raise CommandError(f"--days: {raw!r} is not a whole number") from exc
    if days < 1:
        raise CommandError(f"--days: must be at least 1, got {days}")
    return days

"""Print continuity, punctuality and travel for a scope's published plans, as JSON."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hverdag.plans.kpis import scope_kpis
from hverdag.plans.management.commands._scope_args import (
    add_scope_arguments,
    date_option,
    scope_from,
)


class Command(BaseCommand):
    help = "Care promises as numbers for a team (or private provider) and a date range."

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_scope_arguments(parser)
        parser.add_argument("--from", dest="from_date", required=True, help="first day")
        parser.add_argument("--to", dest="to_date", required=True, help="last day (inclusive)")

    def handle(self, *args: Any, **options: Any) -> None:
        first = date_option(options, "from_date")
        last = date_option(options, "to_date")
        if last < first:
            raise CommandError("--to: the range ends before it begins (--from is later)")
        if (last - first).days > 366:
            raise CommandError("--to: at most a year at a time")
        result = scope_kpis(scope_from(options), first, last)
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))

"""Optimise a team's day (or week) from the command line, as the planning board does.

The job is recorded like one started on the board, but runs in this process and waits.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hverdag.access.models import User
from hverdag.core.errors import RuleViolation
from hverdag.plans.jobs import optimise_now
from hverdag.plans.management.commands._scope_args import (
    add_scope_arguments,
    date_option,
    scope_from,
)
from hverdag.plans.models import JobStatus
from hverdag.visits.models import Plan


class Command(BaseCommand):
    help = "Optimise a team's (or private provider's) day into a draft plan; --publish to publish."

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_scope_arguments(parser)
        parser.add_argument("--date", required=True, help="the day, YYYY-MM-DD")
        parser.add_argument("--days", type=int, default=1, help="plan this many days (max 7)")
        parser.add_argument("--seconds", type=float, default=20.0, help="time limit per day")
        parser.add_argument(
            "--travel-only", action="store_true", help="ignore continuity (for comparison)"
        )
        parser.add_argument("--publish", action="store_true", help="publish the result")
        parser.add_argument("--as", dest="username", help="record the job as this user")

    def handle(self, *args: Any, **options: Any) -> None:
        scope = scope_from(options)
        date = date_option(options, "date")
        if not 1 <= options["days"] <= 7:
            raise CommandError("--days: between 1 and 7")
        if not 1 <= options["seconds"] <= 600:
            raise CommandError("--seconds: between 1 and 600")
        user = None
        if options["username"]:
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"--as: unknown user {options['username']!r}")
        try:
            job = optimise_now(
                scope,
                date,
                days=options["days"],
                seconds=options["seconds"],
                continuity=not options["travel_only"],
                publish=options["publish"],
                user=user,
            )
        except RuleViolation as exc:
            raise CommandError(str(exc)) from None
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(f"the optimisation {job.status}: {job.error}")
        plans = Plan.objects.filter(public_id__in=job.progress.get("plans", [])).order_by("date")
        out = {
            "job": str(job.public_id),
            "scope": scope.label,
            "status": job.status,
            "plans": [
                {
                    "date": p.date.isoformat(),
                    "plan": str(p.public_id),
                    "status": p.status,
                    "figures": {k: v for k, v in p.figures.items() if k != "violations"},
                    "violations": len(p.figures.get("violations", [])),
                }
                for p in plans
            ],
        }
        self.stdout.write(json.dumps(out, indent=2, ensure_ascii=False))

"""``manage.py load_demo``: the demo district, Bydel Gamle Oslo, into an empty database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hverdag.demo import geography
from hverdag.demo.field import seed_field_history
from hverdag.demo.generate import DEFAULT_SEED, generate, mix
from hverdag.demo.keys import load_keys
from hverdag.demo.load import load
from hverdag.demo.notes import seed_demo_notes
from hverdag.demo.plans import plan_demo_days
from hverdag.org.models import Municipality


class Command(BaseCommand):
    help = (
        "Load the demo district (Bydel Gamle Oslo: four teams, about 300 clients and 115 "
        "staff) into an empty database. Same seed and day, same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the database already has a municipality.",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Random seed.")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Day the case calendar counts from, YYYY-MM-DD (default: today, Oslo time).",
        )
        parser.add_argument(
            "--plan-seconds",
            type=float,
            default=1.0,
            help="Optimiser time per team and day for the demo's published plans (default 1).",
        )
        parser.add_argument(
            "--no-plans",
            action="store_true",
            help="Load the district without visits and plans (faster, for tests).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.ACCEPT_SYNTHETIC_IDS:
            raise CommandError(
                "The demo uses synthetic identity numbers and one shared password, and this "
                "installation does not accept synthetic numbers (HVERDAG_ACCEPT_SYNTHETIC_IDS "
                "is off): it looks like production. Nothing was loaded."
            )
        if Municipality.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already has data; the demo was not loaded.")
                return
            raise CommandError(
                "The database already has a municipality; the demo loads only into an empty "
                "database (make clean-db to start over)."
            )
        seed: int = options["seed"]
        today: dt.date = options["today"] or timezone.localdate()
        data = generate(seed)
        result = load(data, today=today)
        m = mix(data)
        teams = ", ".join(
            f"{geography.TEAM_NAMES[slug]} {m.clients_by_team.get(slug, 0)}"
            for slug in geography.TEAM_SLUGS
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded Bydel Gamle Oslo (seed {seed}, dates counted from {today}) "
                f"in {result.seconds:.1f} s:"
            )
        )
        self.stdout.write(
            f"  {result.clients} clients ({teams}), {result.employees} employees, "
            f"{result.users} users\n"
            f"  {result.decisions} active decisions with {result.lines} service lines, "
            f"{m.visits_per_week:.0f} visits a week, "
            f"{m.double_staffed_clients} clients with double staffing\n"
            f"  {m.practical_clients} clients with practical assistance, "
            f"{m.private_practical_clients} ({m.private_share:.0%}) from a private provider\n"
            "  Logins: python manage.py demo_logins"
        )
        if options["no_plans"]:
            return
        self.stdout.write("Planning the past 13 days, today and tomorrow, one day after another:")
        municipality = Municipality.objects.get()
        plans = plan_demo_days(
            municipality, today, seconds=options["plan_seconds"], log=self.stdout.write
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"  {plans.visits_created} visits generated, {plans.plans} plans published "
                f"in {plans.seconds:.0f} s"
            )
        )
        for failure in plans.failed:
            self.stderr.write(f"  not planned: {failure}")
        keys = load_keys(municipality, today, seed=seed)
        self.stdout.write(
            f"  {keys.keys} keys in the register ({keys.cabinet_keys} in the key cabinets), "
            f"{keys.out_now} out now, {keys.alerts} key alert"
        )
        field = seed_field_history(municipality, today, seed=seed)
        self.stdout.write(
            f"  {field.visits_done} past visits done ({field.checks} check-ins and -outs, "
            f"{field.tasks} tasks, {field.doses} doses signed), {field.not_home} client not home"
        )
        notes = seed_demo_notes(municipality, today)
        self.stdout.write(
            f"  {notes.notes} notes on past visits ({notes.important} important, "
            f"{notes.corrected} corrected)"
        )

"""Visit-generation benchmark: a city's clients, each with a standing decision, over 28 days.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hverdag_bench python bench/visit_generation.py

The target is 10,000 clients × 28 days in at most 60 s on PostgreSQL. The script works in a
throwaway database it owns: on PostgreSQL it (re)creates and drops ``hverdag_bench`` on the
server DATABASE_URL names (whatever database name the URL gives, so a real database is
never dropped); without DATABASE_URL it uses a temporary SQLite file. It then:

1. migrates and bulk-creates the clients, one active decision each with a seeded mix of
   lines (see ``LINE_MIX``), and a few absences in the horizon;
2. times ``generate_visits`` for 28 days (the first run creates every visit);
3. times a second run over the same range (idempotent: creates nothing);
4. times a third run after 1 % of the decisions were replaced by a change.

Writes ``bench/results/visit-generation-<date>.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.benchdb import ThrowawayDatabase, commit, server_version  # noqa: E402

RESULTS = ROOT / "bench" / "results"
BENCH_DB = "hverdag_bench"


@dataclass(frozen=True)
class LineKind:
    """One kind of line in the mix, and the share of clients that have it."""

    service: str
    share: float
    times_per_day: int
    weekdays: tuple[int, ...] | None  # None: one random weekday Monday–Friday
    minutes: int
    window: tuple[dt.time, dt.time] | None
    every_n_weeks: int = 1
    double_share: float = 0.0  # of the clients with this line, how many need two staff
    private_share: float = 0.0  # of them, how many chose a private provider


DAILY = (1, 2, 3, 4, 5, 6, 7)

#: Roughly an Oslo district's home care: medication most often, morning/evening care,
#: cleaning every other week, some insulin and wound care, a few double-staffed clients.
LINE_MIX = (
    LineKind("medication", 0.70, 1, DAILY, 15, (dt.time(8, 0), dt.time(10, 0))),
    LineKind(
        "personal_hygiene",
        0.45,
        2,
        DAILY,
        30,
        (dt.time(7, 30), dt.time(21, 30)),
        double_share=0.15,
    ),
    LineKind("wound_care", 0.20, 1, (1, 3, 5), 30, (dt.time(10, 0), dt.time(14, 0))),
    LineKind("injections", 0.10, 3, DAILY, 10, (dt.time(7, 0), dt.time(22, 0))),
    LineKind("cleaning", 0.55, 1, None, 90, None, every_n_weeks=2, private_share=0.3),
    LineKind("grocery_ordering", 0.15, 1, None, 20, None, private_share=0.3),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--repeat", type=int, default=1, help="repetitions, each on a fresh database (median)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--no-write", action="store_true", help="print, write no result files")
    args = parser.parse_args()

    database = ThrowawayDatabase(os.environ.get("DATABASE_URL"), BENCH_DB)
    database.open()
    repetitions = []
    try:
        for _ in range(args.repeat):
            database.fresh()
            repetitions.append(run(args.clients, args.days, args.seed))
    finally:
        if not args.keep:
            database.drop()
    result = summarise(repetitions)
    print(json.dumps(result, indent=2))
    if not args.no_write:
        write_results(result)


def summarise(repetitions: list[dict[str, Any]]) -> dict[str, Any]:
    """The repetition with the median first run, plus every repetition's first-run time."""
    ordered = sorted(repetitions, key=lambda r: r["runs"]["first"]["seconds"])
    result = dict(ordered[(len(ordered) - 1) // 2])
    result["repetitions"] = [
        {"first_seconds": r["runs"]["first"]["seconds"], "load_average": r["load_average"]}
        for r in repetitions
    ]
    return result


def run(n_clients: int, n_days: int, seed: int) -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    from hverdag.visits.generation import generate_visits
    from hverdag.visits.models import Visit

    first = timezone.localdate()
    last = first + dt.timedelta(days=n_days - 1)
    t0 = time.perf_counter()
    city = build_city(n_clients, first, last, seed)
    setup_s = time.perf_counter() - t0

    runs: dict[str, dict[str, int | float]] = {}
    # Other work on the machine shows in the times; the load average says how much.
    load_before = os.getloadavg()[0]
    runs["first"] = generate_visits(city.municipality, first, last, today=first).as_dict()
    load_average = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    runs["second"] = generate_visits(city.municipality, first, last, today=first).as_dict()
    changed = change_decisions(city, share=0.01, first=first, seed=seed)
    runs["after_changes"] = generate_visits(city.municipality, first, last, today=first).as_dict()
    first_run = runs["first"]
    return {
        "date": dt.date.today().isoformat(),
        "commit": commit(),
        "vendor": connection.vendor,
        "server": server_version(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": load_average,
        "clients": n_clients,
        "days": n_days,
        "first_day": first.isoformat(),
        "lines": city.lines,
        "absences": city.absences,
        "decisions_changed": changed,
        "visits": Visit.objects.count(),
        "setup_seconds": round(setup_s, 1),
        "runs": runs,
        "rows_per_second_first": round(first_run["created"] / first_run["seconds"]),
        "target_seconds": 60,
        "within_target": first_run["seconds"] <= 60,
    }


@dataclass
class City:
    municipality: Any
    district: Any
    caseworker: Any
    lines: int
    absences: int


def build_city(n_clients: int, first: dt.date, last: dt.date, seed: int) -> City:
    """Clients with one active decision each, bulk-created (a few seconds, not the benchmark)."""
    from hverdag.access.models import User
    from hverdag.clients.models import Client, ClientAbsence
    from hverdag.decisions.catalogue import install_catalogue
    from hverdag.decisions.models import Decision, DecisionStatus, Service, ServiceLine
    from hverdag.org.models import District, Municipality, Provider, Team, Unit
    from hverdag.staff.models import Competence
    from hverdag.staff.reference import install_competences

    rng = random.Random(seed)
    install_competences(Competence)
    oslo = Municipality.objects.create(name="Oslo", number="0301")
    district = District.objects.create(municipality=oslo, name="Bydel Gamle Oslo")
    unit = Unit.objects.create(district=district, name="Enhet helse og hverdagsmestring")
    teams = Team.objects.bulk_create(
        Team(unit=unit, municipality=oslo, name=f"Team {i}", slug=f"team-{i}") for i in range(40)
    )
    municipal = Provider.objects.create(municipality=oslo, name="Hjemmetjenesten", kind="municipal")
    private = Provider.objects.create(
        municipality=oslo, name="Hjemmehjelp AS", kind="private", categories=["household"]
    )
    caseworker = User.objects.create(username="kari")
    install_catalogue(oslo)
    services = {s.code: s for s in Service.objects.filter(municipality=oslo)}

    clients = Client.objects.bulk_create(
        (
            Client(
                municipality=oslo,
                district=district,
                team=teams[i % len(teams)],
                identity_number=f"{i:011d}",
                identity_kind="fnr",
                first_name="Klient",
                last_name=f"{i:05d}",
                street_address="Tøyengata 12",
                postal_code="0190",
                postal_place="Oslo",
            )
            for i in range(n_clients)
        ),
        batch_size=2000,
    )
    decisions = Decision.objects.bulk_create(
        (
            Decision(
                municipality=oslo,
                district=district,
                client=client,
                status=DecisionStatus.ACTIVE,
                applied_on=first - dt.timedelta(days=400),
                valid_from=first - dt.timedelta(days=rng.randrange(0, 365)),
                # One in twenty ends within the horizon.
                valid_to=last - dt.timedelta(days=rng.randrange(0, 28))
                if rng.random() < 0.05
                else None,
                facts="Benchmark.",
                reasons="Benchmark.",
                caseworker=caseworker,
            )
            for client in clients
        ),
        batch_size=2000,
    )
    lines = [
        line
        for decision in decisions
        for line in _lines_for(decision, rng, services, municipal, private)
    ]
    ServiceLine.objects.bulk_create(lines, batch_size=2000)
    absences = ClientAbsence.objects.bulk_create(
        ClientAbsence(
            client=client,
            starts_on=(start := first + dt.timedelta(days=rng.randrange(0, 28))),
            ends_on=start + dt.timedelta(days=rng.randrange(1, 10)),
            registered_by=caseworker,
        )
        for client in clients
        if rng.random() < 0.03
    )
    return City(oslo, district, caseworker, len(lines), len(absences))


def _lines_for(
    decision: Any, rng: random.Random, services: dict[str, Any], municipal: Any, private: Any
) -> list[Any]:
    from hverdag.decisions.models import ServiceLine

    kinds = [kind for kind in LINE_MIX if rng.random() < kind.share] or [LINE_MIX[0]]
    lines = []
    for kind in kinds:
        weekdays = kind.weekdays or (rng.randint(1, 5),)
        window = kind.window or (None, None)
        lines.append(
            ServiceLine(
                decision=decision,
                service=services[kind.service],
                provider=private if rng.random() < kind.private_share else municipal,
                times_per_day=kind.times_per_day,
                weekdays=list(weekdays),
                every_n_weeks=kind.every_n_weeks,
                minutes_per_visit=kind.minutes,
                window_start=window[0],
                window_end=window[1],
                staff_count=2 if rng.random() < kind.double_share else 1,
            )
        )
    return lines


def change_decisions(city: City, *, share: float, first: dt.date, seed: int) -> int:
    """Replace ``share`` of the decisions by a change from the third day: one more visit a day."""
    from hverdag.decisions.models import Decision, DecisionKind, DecisionStatus, ServiceLine

    rng = random.Random(seed + 1)
    standing = list(Decision.objects.filter(status=DecisionStatus.ACTIVE, valid_to__isnull=True))
    chosen = rng.sample(standing, max(1, round(len(standing) * share)))
    for old in chosen:
        new = Decision.objects.create(
            municipality=old.municipality,
            district=old.district,
            client_id=old.client_id,
            series=old.series,
            version=old.version + 1,
            previous=old,
            kind=DecisionKind.CHANGE,
            status=DecisionStatus.ACTIVE,
            applied_on=first,
            valid_from=first + dt.timedelta(days=2),
            facts="Endret behov.",
            reasons="Benchmark.",
            caseworker=city.caseworker,
        )
        ServiceLine.objects.bulk_create(
            ServiceLine(
                decision=new,
                service_id=line.service_id,
                provider_id=line.provider_id,
                times_per_day=line.times_per_day + 1,
                weekdays=line.weekdays,
                every_n_weeks=line.every_n_weeks,
                minutes_per_visit=line.minutes_per_visit,
                window_start=line.window_start,
                window_end=line.window_end,
                staff_count=line.staff_count,
            )
            for line in old.lines.all()
        )
        old.status = DecisionStatus.CHANGED
        old.save(update_fields=["status"])
    return len(chosen)


def write_results(result: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"visit-generation-{result['date']}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    stem.with_suffix(".md").write_text(_summary(result))
    print(f"wrote {stem}.md and .json")


def _summary(result: dict[str, Any]) -> str:
    runs = result["runs"]
    rows = "\n".join(
        f"| {name} | {r['seconds']} | {r['created']} | {r['updated']} | {r['cancelled']} | "
        f"{r['restored']} | {r['unchanged']} |"
        for name, r in runs.items()
    )
    repetitions = ", ".join(
        f"{r['first_seconds']} s (load {r['load_average'][0]}→{r['load_average'][1]})"
        for r in result["repetitions"]
    )
    verdict = "within" if result["within_target"] else "**over**"
    return f"""# Visit generation benchmark, {result["date"]}

Code: commit `{result["commit"]}`, seed 1. Database: {result["vendor"]} ({result["server"]}),
Python {result["python"]}, {result["cpus"]} CPUs shared by client and server.
`python bench/visit_generation.py --repeat {len(result["repetitions"])}` (the mix is in its
docstring).

{result["clients"]} clients, one active decision each, {result["lines"]} service lines,
{result["absences"]} absences; {result["days"]} days from {result["first_day"]}.
{result["visits"]} visits in the database at the end.

First run (median of {len(result["repetitions"])}): **{runs["first"]["seconds"]} s** for
{runs["first"]["created"]} visits ({result["rows_per_second_first"]} visits/s), {verdict} the
{result["target_seconds"]} s target. Every repetition: {repetitions}.
Second run (nothing to do): {runs["second"]["seconds"]} s. After {result["decisions_changed"]}
decisions were changed: {runs["after_changes"]["seconds"]} s.

| run | seconds | created | updated | cancelled | restored | unchanged |
|---|---|---|---|---|---|---|
{rows}

Setup (migrate excluded, bulk inserts): {result["setup_seconds"]} s.
"""


if __name__ == "__main__":
    main()

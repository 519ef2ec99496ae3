"""Continuity versus travel on the demo district: 14 days planned twice, day after day.

    python bench/continuity.py --seconds 5

Loads the demo district into a scratch SQLite database (or ``DATABASE_URL``), generates its
visits, then plans the same 14 days twice, one day after another as ``make run`` does:
once travel-only (no continuity, no contact-person preference) and once with continuity over
the days before. Each pass publishes its plans so the next day sees them. Reports per team
and in total the median (and distribution) of distinct caregivers per client over the 14
days, travel minutes, punctuality and unassigned visits, and writes
``bench/results/continuity-<date>.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"


def setup_django() -> None:
    os.environ.setdefault("HVERDAG_VAR_DIR", tempfile.mkdtemp(prefix="hverdag-bench-"))
    os.environ.setdefault("HVERDAG_ACCEPT_SYNTHETIC_IDS", "1")
    # The figures were measured in the demo's debug mode; settings are off unless told.
    os.environ.setdefault("HVERDAG_DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hverdag.settings")
    import django

    django.setup()


def plan_pass(today: dt.date, seconds: float, continuity: bool) -> dict[str, Any]:
    from hverdag.org.models import Municipality
    from hverdag.plans.jobs import optimise_now
    from hverdag.plans.kpis import scope_kpis
    from hverdag.plans.problem import available
    from hverdag.plans.scope import all_scopes
    from hverdag.visits.models import Plan, PlanStatus

    municipality = Municipality.objects.get()
    Plan.objects.filter(status=PlanStatus.PUBLISHED).update(status=PlanStatus.SUPERSEDED)
    first = today - dt.timedelta(days=13)
    t0 = time.perf_counter()
    scopes = all_scopes(municipality)
    for offset in range(14):
        day = first + dt.timedelta(days=offset)
        for scope in scopes:
            if available(scope, day):
                optimise_now(scope, day, seconds=seconds, continuity=continuity, publish=True)
    elapsed = time.perf_counter() - t0
    per_scope = {s.label: scope_kpis(s, first, today) for s in scopes}
    counts: list[int] = []
    for k in per_scope.values():
        for value, n in k["continuity"]["histogram"].items():
            counts += [int(value)] * n
    return {
        "continuity_on": continuity,
        "seconds_per_day": seconds,
        "elapsed": round(elapsed, 1),
        "median_distinct_caregivers": statistics.median(counts) if counts else None,
        "mean_distinct_caregivers": round(statistics.fmean(counts), 2) if counts else None,
        "travel_minutes": round(sum(k["travel_minutes"] for k in per_scope.values()), 1),
        "assigned": sum(k["assigned"] for k in per_scope.values()),
        "unassigned": sum(k["unassigned"] for k in per_scope.values()),
        "punctuality": round(
            sum(k["punctuality"]["inside"] for k in per_scope.values())
            / max(1, sum(k["assigned"] for k in per_scope.values())),
            4,
        ),
        "scopes": {
            label: {
                "median": k["continuity"]["median"],
                "mean": k["continuity"]["mean"],
                "max": k["continuity"]["max"],
                "histogram": k["continuity"]["histogram"],
                "travel_minutes": k["travel_minutes"],
                "punctuality": k["punctuality"]["share"],
                "assigned": k["assigned"],
                "unassigned": k["unassigned"],
            }
            for label, k in per_scope.items()
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="time limit per team-day")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 24))
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from hverdag.org.models import Municipality
    from hverdag.visits.generation import generate_visits

    call_command("migrate", verbosity=0)
    if not Municipality.objects.exists():
        call_command("load_demo", "--today", args.today.isoformat(), "--no-plans")
    first = args.today - dt.timedelta(days=13)
    generate_visits(Municipality.objects.get(), first, args.today, today=first)
    travel_only = plan_pass(args.today, args.seconds, continuity=False)
    with_continuity = plan_pass(args.today, args.seconds, continuity=True)
    ratio = with_continuity["travel_minutes"] / travel_only["travel_minutes"]
    result = {
        "date": dt.date.today().isoformat(),
        "database": connection.vendor,
        "demo_today": args.today.isoformat(),
        "travel_only": travel_only,
        "continuity": with_continuity,
        "travel_increase_percent": round((ratio - 1) * 100, 2),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"continuity-{result['date']}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    lines = [
        f"# Continuity versus travel on the demo district ({result['date']})",
        "",
        f"14 days ending {args.today}, planned day after day, {args.seconds:g} s per team-day, "
        f"{connection.vendor}. Distinct caregivers per client over the 14 days (lower is "
        "better; Sweden's national mean was 14.9 in 2021).",
        "",
        "| pass | median | mean | travel min | punctuality | unassigned |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in (("travel only", travel_only), ("with continuity", with_continuity)):
        lines.append(
            f"| {name} | {r['median_distinct_caregivers']} | {r['mean_distinct_caregivers']} | "
            f"{r['travel_minutes']:,.0f} | {r['punctuality']:.1%} | {r['unassigned']} |"
        )
    lines += [
        "",
        f"Travel with continuity: {result['travel_increase_percent']:+.2f} % against travel only.",
        "",
        "| scope | median (travel only) | median (continuity) | travel only | continuity |",
        "|---|---|---|---|---|",
    ]
    for label, a in travel_only["scopes"].items():
        b = with_continuity["scopes"][label]
        lines.append(
            f"| {label} | {a['median']} | {b['median']} | {a['travel_minutes']:,.0f} | "
            f"{b['travel_minutes']:,.0f} |"
        )
    stem.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

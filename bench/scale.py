"""Scale benchmark: a generated, realistic district day in Gamle Oslo.

    python bench/scale.py --sizes 100 250 500 1000 2000 --time-limit 60

For each size it generates a seeded day (``district_day``), solves it in a fresh subprocess (so the
peak memory is that size's own) and reports the time to the first complete plan, the objective at
the time limit, unassigned visits and peak resident memory. Writes
``bench/results/scale-<date>.csv`` and ``.md``.

The day: clients within ~1.5 km of Gamle Oslo (59.905 N, 10.77 E), 1-4 visits per client of
5-45 min; one caregiver per 12.5 visits, 60 % on the day shift (07:30-15:30, 30 min break
11:00-13:00), 40 % on the evening shift (15:00-23:00, break 18:30-20:00) which has 35 % of the
visits; transport 15 % walk, 45 % bike, 40 % car, times by haversine × 1.3 detour; 30 % of the
visits need a nurse (40 % of caregivers are nurses); 10 % are double-staffed; 10 % have a hard
latest start (insulin); each client knows 2-3 caregivers; up to 30 min overtime.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hverdag.planning.evaluate import evaluate  # noqa: E402
from hverdag.planning.model import Break, Caregiver, Problem, Visit, Weights  # noqa: E402
from hverdag.planning.solve import Progress, solve  # noqa: E402
from hverdag.planning.stop import MaxRuntime  # noqa: E402
from hverdag.planning.travel import HaversineTravel, TransportMode  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CENTRE = (59.905, 10.77)


def _point(rng: random.Random, radius_km: float) -> tuple[float, float]:
    r = radius_km * math.sqrt(rng.random())
    a = rng.random() * 2 * math.pi
    dlat = r * math.cos(a) / 111.32
    dlon = r * math.sin(a) / (111.32 * math.cos(math.radians(CENTRE[0])))
    return (CENTRE[0] + dlat, CENTRE[1] + dlon)


def district_day(n_visits: int, seed: int = 0) -> Problem:
    """A seeded home-care day with about ``n_visits`` visits (see the module docstring)."""
    rng = random.Random(seed)
    coords = [CENTRE]  # location 0: the base
    n_caregivers = max(2, round(n_visits / 12.5))
    caregivers = []
    for i in range(n_caregivers):
        day = i < round(0.6 * n_caregivers)
        mode = rng.choices(
            [TransportMode.WALK, TransportMode.BIKE, TransportMode.CAR], weights=[15, 45, 40]
        )[0]
        skills = {"basic", "nurse"} if rng.random() < 0.4 else {"basic"}
        if day:
            caregivers.append(
                Caregiver(f"d{i + 1:03d}", 450, 930, 0, 0, skills, mode, Break(660, 780, 30), 30)
            )
        else:
            caregivers.append(
                Caregiver(f"e{i + 1:03d}", 900, 1380, 0, 0, skills, mode, Break(1110, 1200, 30), 30)
            )
    ids = [c.id for c in caregivers]
    visits: list[Visit] = []
    familiar: set[tuple[str, str]] = set()
    client = 0
    while len(visits) < n_visits:
        client += 1
        name = f"k{client:04d}"
        coords.append(_point(rng, 1.5))
        location = len(coords) - 1
        for cid in rng.sample(ids, min(len(ids), rng.randint(2, 3))):
            familiar.add((name, cid))
        for _ in range(min(rng.randint(1, 4), n_visits - len(visits))):
            evening = rng.random() < 0.35
            centre = rng.uniform(960, 1320) if evening else rng.uniform(480, 900)
            width = rng.choice([30, 60, 60, 90])
            earliest = round(centre - width / 2)
            duration = rng.choice([5, 10, 10, 15, 15, 20, 30, 45])
            staff = 2 if rng.random() < 0.10 else 1
            nurse = staff == 1 and rng.random() < 0.3
            visits.append(
                Visit(
                    id=f"{name}-{len(visits) + 1:04d}",
                    client=name,
                    location=location,
                    earliest=earliest,
                    latest=earliest + width,
                    duration=duration,
                    skills={"nurse"} if nurse else {"basic"},
                    staff=staff,
                    hard_latest=nurse and rng.random() < 0.33,
                )
            )
    return Problem(
        caregivers=tuple(caregivers),
        visits=tuple(visits),
        travel=HaversineTravel(coords, detour=1.3),
        skills=frozenset({"basic", "nurse"}),
        familiar=frozenset(familiar),
        weights=Weights(travel=1, lateness=1, max_lateness=0, overtime=2, continuity=2),
    )


def run_size(size: int, time_limit: float, seed: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    problem = district_day(size, seed)
    first: list[float] = []

    def seen(p: Progress) -> None:
        if not first:
            first.append(time.perf_counter() - t0)

    result = solve(problem, MaxRuntime(time_limit), seed=seed, on_improvement=seen)
    ev = evaluate(problem, result.routes)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "visits": size,
        "caregivers": len(problem.caregivers),
        "double_staffed": sum(1 for v in problem.visits if v.staff == 2),
        "time_limit": time_limit,
        "first_plan_s": round(first[0], 2) if first else "",
        "seconds": round(time.perf_counter() - t0, 1),
        "iterations": result.iterations,
        "objective": round(ev.objective, 1),
        "travel_min": round(ev.travel, 1),
        "lateness_min": round(ev.total_lateness, 1),
        "overtime_min": round(ev.overtime, 1),
        "unassigned": len(ev.unassigned),
        "feasible": ev.feasible,
        "peak_mb": round(peak_mb),
    }


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", nargs="*", type=int, default=[100, 250, 500, 1000, 2000])
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--out", help="CSV path (default bench/results/scale-<date>.csv)")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one, args.time_limit, args.seed)))
        return 0
    rows = []
    for size in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(size), "--time-limit", str(args.time_limit)]
        cmd += ["--seed", str(args.seed)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            return 1
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(row, flush=True)
        rows.append(row)
    path = Path(args.out) if args.out else RESULTS / f"scale-{dt.date.today().isoformat()}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    cols = list(rows[0])
    md = [f"# Scale benchmark, {dt.date.today().isoformat()}", "", "| " + " | ".join(cols) + " |"]
    md.append("|" + "---|" * len(cols))
    md += ["| " + " | ".join(str(r[c]) for c in cols) + " |" for r in rows]
    path.with_suffix(".md").write_text("\n".join(md) + "\n")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

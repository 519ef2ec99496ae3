"""Solomon VRPTW (C1, R1, RC1): distance gap to the DIMACS best-known, side by side with PyVRP.

    python bench/solomon.py --time-limit 10
    python bench/solomon.py --instances C101 R101 --time-limit 30
    python bench/solomon.py --params my-params.toml   # other search parameters

DIMACS convention (as PyVRP and CVRPLIB): distances and travel times truncated to one decimal,
objective = total distance, number of vehicles free (up to the instance's fleet), hard time
windows, return to the depot by its due date, load <= capacity. Our planner gets each customer as
a visit with a hard latest start and a demand; vehicles are caregivers with a capacity. PyVRP
(``pyvrp==0.14.1``, optional: skipped if not installed) gets the same data scaled by 10 to
integers. Writes ``bench/results/solomon-<date>.csv`` and ``.md``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.util
import math
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hverdag.planning.evaluate import evaluate  # noqa: E402
from hverdag.planning.model import Caregiver, Problem, ProblemError, Visit, Weights  # noqa: E402
from hverdag.planning.params import Params  # noqa: E402
from hverdag.planning.solve import solve  # noqa: E402
from hverdag.planning.stop import MaxRuntime  # noqa: E402
from hverdag.planning.travel import MatrixTravel  # noqa: E402

SOLOMON = ROOT.parent / "shared" / "benchmarks" / "solomon"
if not SOLOMON.exists():
    SOLOMON = Path("/work/shared/benchmarks/solomon")
RESULTS = ROOT / "bench" / "results"


def read_solomon(path: Path) -> tuple[Problem, list[tuple[float, ...]], int, float]:
    """Problem, raw customer rows, fleet size and capacity of a Solomon instance."""
    lines = [ln.split() for ln in path.read_text().splitlines() if ln.strip()]
    try:
        i = next(k for k, ln in enumerate(lines) if ln[0] == "VEHICLE")
        fleet, capacity = int(lines[i + 2][0]), float(lines[i + 2][1])
        j = next(k for k, ln in enumerate(lines) if ln[0] == "CUSTOMER")
        rows = [tuple(float(v) for v in ln) for ln in lines[j + 2 :]]
    except (StopIteration, IndexError, ValueError) as exc:
        raise ProblemError(f"{path}: not a Solomon instance ({exc})") from None
    n = len(rows)
    matrix = [
        [math.floor(10 * math.hypot(a[1] - b[1], a[2] - b[2])) / 10 for b in rows] for a in rows
    ]
    depot = rows[0]
    caregivers = tuple(
        Caregiver(f"v{k + 1}", depot[4], depot[5], 0, 0, capacity=capacity) for k in range(fleet)
    )
    visits = tuple(
        Visit(
            id=f"c{int(r[0])}",
            client=f"c{int(r[0])}",
            location=i,
            earliest=r[4],
            latest=r[5],
            duration=r[6],
            hard_latest=True,
            demand=r[3],
        )
        for i, r in enumerate(rows)
        if i > 0
    )
    weights = Weights(
        travel=1,
        lateness=0,
        max_lateness=0,
        overtime=0,
        continuity=0,
        preference=0,
        unassigned=10_000,
    )
    del n
    return Problem(caregivers, visits, MatrixTravel(matrix), weights=weights), rows, fleet, capacity


def pyvrp_distance(
    rows: list[tuple[float, ...]], fleet: int, capacity: float, seconds: float, seed: int
) -> float | None:
    try:
        from pyvrp import Model
        from pyvrp.stop import MaxRuntime as PyvrpRuntime
    except ImportError:
        return None
    m = Model()
    d = rows[0]
    locs = [m.add_location(x=r[1], y=r[2]) for r in rows]
    m.add_depot(locs[0], tw_early=int(d[4] * 10), tw_late=int(d[5] * 10))
    m.add_vehicle_type(
        num_available=fleet,
        capacity=[int(capacity)],
        tw_early=int(d[4] * 10),
        tw_late=int(d[5] * 10),
    )
    for i, r in enumerate(rows[1:], start=1):
        m.add_client(
            locs[i],
            delivery=[int(r[3])],
            service_duration=int(r[6] * 10),
            tw_early=int(r[4] * 10),
            tw_late=int(r[5] * 10),
        )
    for i, a in enumerate(rows):
        for j, b in enumerate(rows):
            dist = math.floor(10 * math.hypot(a[1] - b[1], a[2] - b[2]))
            m.add_edge(locs[i], locs[j], distance=dist, duration=dist)
    res = m.solve(stop=PyvrpRuntime(seconds), seed=seed, display=False)
    if not res.is_feasible():
        return None
    return res.cost() / 10


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--instances", nargs="*")
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out")
    ap.add_argument("--params", help="TOML file of search parameters (default: the tuned ones)")
    args = ap.parse_args()
    try:
        params = Params.from_toml(args.params) if args.params else None
    except ProblemError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    bks_rows = list(csv.DictReader((SOLOMON / "bks.csv").open()))
    if args.instances:
        bks_rows = [r for r in bks_rows if r["instance"] in set(args.instances)]
    if importlib.util.find_spec("pyvrp") is None:
        # PyVRP is only the benchmark's reference: it comes with the bench extra.
        print(
            "SKIPPED: PyVRP column, pyvrp is not installed (pip install -e '.[bench]')",
            file=sys.stderr,
        )
    out_rows: list[dict[str, Any]] = []
    for row in bks_rows:
        problem, rows, fleet, capacity = read_solomon(SOLOMON / "instances" / row["file"])
        bks = float(row["dimacs_distance_trunc1"])
        t0 = time.perf_counter()
        result = solve(problem, MaxRuntime(args.time_limit), seed=args.seed, params=params)
        ours_s = time.perf_counter() - t0
        ev = evaluate(problem, result.routes)
        theirs = pyvrp_distance(rows, fleet, capacity, args.time_limit, args.seed)
        rec = {
            "instance": row["instance"],
            "time_limit": args.time_limit,
            "distance": round(ev.travel, 1),
            "routes": sum(1 for r in result.routes if r.stops),
            "best_known": bks,
            "gap_pct": round(100 * (ev.travel - bks) / bks, 2),
            "feasible": ev.complete,
            "seconds": round(ours_s, 1),
            "pyvrp_distance": "" if theirs is None else theirs,
            "pyvrp_gap_pct": "" if theirs is None else round(100 * (theirs - bks) / bks, 2),
        }
        print(rec, flush=True)
        out_rows.append(rec)
    path = Path(args.out) if args.out else RESULTS / f"solomon-{dt.date.today().isoformat()}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(out_rows[0]))
        w.writeheader()
        w.writerows(out_rows)
    md = [
        f"# Solomon VRPTW (DIMACS convention), {dt.date.today().isoformat()}, "
        f"{args.time_limit:g} s per instance",
        "",
        # Only a run with other search parameters says so, so default summaries read as before.
        *([f"Search parameters from `{args.params}`.", ""] if args.params else []),
        "| class | instances | mean gap ours | mean gap PyVRP 0.14.1 | all feasible (ours) |",
        "|---|---|---|---|---|",
    ]
    for cls in ("C1", "R1", "RC1"):
        rs = [
            r
            for r in out_rows
            if r["instance"].startswith(cls) and r["instance"][len(cls)].isdigit()
        ]
        if not rs:
            continue
        gap = sum(r["gap_pct"] for r in rs) / len(rs)
        pv = [r["pyvrp_gap_pct"] for r in rs if r["pyvrp_gap_pct"] != ""]
        pv_s = f"{sum(pv) / len(pv):.2f} %" if pv else "–"
        md.append(
            f"| {cls} | {len(rs)} | {gap:.2f} % | {pv_s} | {all(r['feasible'] for r in rs)} |"
        )
    path.with_suffix(".md").write_text("\n".join(md) + "\n")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

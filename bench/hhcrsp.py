"""HHCRSP benchmark: our planner vs. the C24 best-known values and a plain OR-Tools baseline.

    python bench/hhcrsp.py --sets A B --time-limit 10
    python bench/hhcrsp.py --instances B6 C1 --time-limit 60 --jobs 2
    python bench/hhcrsp.py --sets A --params my-params.toml   # other search parameters

For each instance it runs ``hverdag.planning.solve`` and, unless ``--no-baseline``, a plain
OR-Tools routing model (default search parameters, same time limit): one node per (patient,
service), allowed caregivers via ``VehicleVar(i).SetValues``, a time dimension with the earliest
start as a hard lower bound and the latest start as a soft upper bound (cost 1 per unit, i.e. the
total tardiness T), synchronisation and precedence gaps as constraints on the cumul variables and
``VehicleVar(a) != VehicleVar(b)``. Its arc cost is the distance D; it cannot express Tmax, which
the evaluator still charges. Both results are scored by the independent evaluator.

Writes ``bench/results/hhcrsp-<date>.csv`` and a Markdown summary next to it, and the JSON of
every solution that beats the best-known value into ``bench/results/solutions/``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.util
import json
import math
import multiprocessing
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hverdag.planning.evaluate import evaluate  # noqa: E402
from hverdag.planning.mankowska import read_instance, routes_to_json  # noqa: E402
from hverdag.planning.model import Problem, ProblemError, Route, Stop  # noqa: E402
from hverdag.planning.params import Params  # noqa: E402
from hverdag.planning.solve import solve  # noqa: E402
from hverdag.planning.stop import MaxRuntime  # noqa: E402
from hverdag.planning.travel import TransportMode  # noqa: E402

HHCRSP = ROOT.parent / "shared" / "benchmarks" / "hhcrsp"
if not HHCRSP.exists():
    HHCRSP = Path("/work/shared/benchmarks/hhcrsp")
RESULTS = ROOT / "bench" / "results"
SCALE = 1000  # OR-Tools needs integers: thousandths of a time unit


def ortools_baseline(
    problem: Problem, seconds: float, metaheuristic: str = "default"
) -> list[Route]:
    """A straightforward OR-Tools routing model of ``problem``; returns its routes (may be [])."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    tasks: list[int] = []  # visit index per task node (node = task index + 1)
    for vi, v in enumerate(problem.visits):
        tasks.extend([vi] * v.staff)
    n_nodes = len(tasks) + 2
    end_node = n_nodes - 1
    cgs = problem.caregivers
    matrix = problem.travel.matrix(TransportMode.CAR)

    def location(node: int) -> int:
        if node == 0:
            return cgs[0].start_location
        if node == end_node:
            return cgs[0].end_location
        return problem.visits[tasks[node - 1]].location

    locs = [location(i) for i in range(n_nodes)]
    dur = [0] + [math.ceil(problem.visits[vi].duration * SCALE) for vi in tasks] + [0]
    travel = [[math.ceil(matrix[a][b] * SCALE) for b in locs] for a in locs]
    manager = pywrapcp.RoutingIndexManager(n_nodes, len(cgs), [0] * len(cgs), [end_node] * len(cgs))
    routing = pywrapcp.RoutingModel(manager)

    def dist_cb(i: int, j: int) -> int:
        return travel[manager.IndexToNode(i)][manager.IndexToNode(j)]

    def time_cb(i: int, j: int) -> int:
        a, b = manager.IndexToNode(i), manager.IndexToNode(j)
        return travel[a][b] + dur[a]

    dist_index = routing.RegisterTransitCallback(dist_cb)
    time_index = routing.RegisterTransitCallback(time_cb)
    routing.SetArcCostEvaluatorOfAllVehicles(dist_index)
    horizon = 100_000 * SCALE
    routing.AddDimension(time_index, horizon, horizon, False, "time")
    tdim = routing.GetDimensionOrDie("time")
    solver = routing.solver()
    first_task: dict[int, int] = {}
    for t, vi in enumerate(tasks):
        v = problem.visits[vi]
        idx = manager.NodeToIndex(t + 1)
        tdim.CumulVar(idx).SetMin(math.ceil(v.earliest * SCALE))
        tdim.SetCumulVarSoftUpperBound(idx, int(v.latest * SCALE), 1)
        allowed = [k for k, c in enumerate(cgs) if problem.qualified(v, c)]
        routing.VehicleVar(idx).SetValues([-1, *allowed])
        if vi in first_task:  # second caregiver of a staff = 2 visit
            other = manager.NodeToIndex(first_task[vi] + 1)
            solver.Add(tdim.CumulVar(idx) == tdim.CumulVar(other))
            solver.Add(routing.VehicleVar(idx) != routing.VehicleVar(other))
        else:
            first_task[vi] = t
    index_of = {v.id: i for i, v in enumerate(problem.visits)}
    for lk in problem.links:
        a = manager.NodeToIndex(first_task[index_of[lk.first]] + 1)
        b = manager.NodeToIndex(first_task[index_of[lk.second]] + 1)
        ca, cb = tdim.CumulVar(a), tdim.CumulVar(b)
        solver.Add(cb >= ca + int(lk.min_gap * SCALE))
        solver.Add(cb <= ca + int(lk.max_gap * SCALE))
        if lk.distinct:
            solver.Add(routing.VehicleVar(a) != routing.VehicleVar(b))
    params = pywrapcp.DefaultRoutingSearchParameters()
    if metaheuristic == "gls":
        params.local_search_metaheuristic = (
            routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        )
    params.time_limit.FromMilliseconds(int(seconds * 1000))
    solution = routing.SolveWithParameters(params)
    if solution is None:
        return []
    routes = []
    for k, c in enumerate(cgs):
        idx = routing.Start(k)
        stops = []
        idx = solution.Value(routing.NextVar(idx))
        while not routing.IsEnd(idx):
            node = manager.IndexToNode(idx)
            start = solution.Min(tdim.CumulVar(idx)) / SCALE
            stops.append(Stop(problem.visits[tasks[node - 1]].id, start))
            idx = solution.Value(routing.NextVar(idx))
        routes.append(Route(c.id, tuple(stops)))
    return routes


def run_one(job: dict[str, Any]) -> dict[str, Any]:
    row = job["row"]
    problem = read_instance(HHCRSP / "instances" / row["file"])
    bks = float(row["bks_verified"])
    t0 = time.perf_counter()
    params = job.get("params")
    result = solve(problem, MaxRuntime(job["time_limit"]), seed=job["seed"], params=params)
    seconds = time.perf_counter() - t0
    ev = evaluate(problem, result.routes)
    out: dict[str, Any] = {
        "instance": row["instance"],
        "set": row["instance"][0],
        "time_limit": job["time_limit"],
        "seed": job["seed"],
        "objective": round(ev.objective, 3),
        "best_known": bks,
        "gap_pct": round(100 * (ev.objective - bks) / bks, 3),
        "seconds": round(seconds, 1),
        "iterations": result.iterations,
        "feasible": ev.complete,
        "baseline_objective": "",
        "baseline_gap_pct": "",
        "baseline_feasible": "",
    }
    if ev.complete and ev.objective < bks - 0.01:
        sol_dir = RESULTS / "solutions"
        sol_dir.mkdir(parents=True, exist_ok=True)
        path = sol_dir / f"sol-{Path(row['file']).name.split('.')[0]}-{ev.objective:.3f}.json"
        path.write_text(json.dumps(routes_to_json(problem, result.routes), indent=1) + "\n")
    if job["baseline"]:
        routes = ortools_baseline(problem, job["time_limit"], job["baseline"])
        bev = evaluate(problem, routes) if routes else None
        if bev is not None:
            out["baseline_objective"] = round(bev.objective, 3)
            out["baseline_gap_pct"] = round(100 * (bev.objective - bks) / bks, 3)
            out["baseline_feasible"] = bev.complete
        else:
            out["baseline_feasible"] = False
    print(
        f"{out['instance']:>4}  ours {out['objective']:>9}  bks {bks:>9}  gap {out['gap_pct']:>7}%"
        f"  baseline {out['baseline_objective']!s:>9}  feasible {out['feasible']}",
        flush=True,
    )
    return out


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return "unknown"
    return out.stdout.strip() or "unknown"


def summary(
    rows: list[dict[str, Any]], time_limit: float, baseline: str, params: str | None = None
) -> str:
    # Only a run with other search parameters says so, so default summaries read as before.
    tuned = f", search parameters from `{params}`" if params else ""
    lines = [
        f"# HHCRSP benchmark, {dt.date.today().isoformat()}, {time_limit:g} s per instance",
        "",
        f"Code: commit `{_commit()}`, seed {rows[0]['seed']}{tuned}.",
        "",
        f"Ours: `hverdag.planning.solve`; baseline: plain OR-Tools routing model ({baseline} "
        "search), same time limit. Gap = (objective − C24) / C24. Mean over the instances run.",
        "",
        "| set | instances | mean gap ours | mean gap baseline | ours / baseline "
        "| all feasible (ours) | baseline feasible |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in sorted({r["set"] for r in rows}):
        rs = [r for r in rows if r["set"] == s]
        gap = sum(r["gap_pct"] for r in rs) / len(rs)
        with_base = [r for r in rs if r["baseline_objective"] != ""]
        if with_base:
            bgap = f"{sum(r['baseline_gap_pct'] for r in with_base) / len(with_base):.2f} %"
            ratio = sum(r["objective"] for r in with_base) / sum(
                r["baseline_objective"] for r in with_base
            )
            ratio_s = f"{ratio:.3f}"
        else:
            bgap, ratio_s = "–", "–"
        feas = all(r["feasible"] for r in rs)
        bfeas = f"{sum(1 for r in rs if r['baseline_feasible'] is True)}/{len(rs)}"
        lines.append(f"| {s} | {len(rs)} | {gap:.2f} % | {bgap} | {ratio_s} | {feas} | {bfeas} |")
    lines += [
        "",
        "| instance | ours | C24 | gap % | baseline | baseline gap % | s |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['instance']} | {r['objective']} | {r['best_known']} | {r['gap_pct']} | "
            f"{r['baseline_objective']} | {r['baseline_gap_pct']} | {r['seconds']} |"
        )
    return "\n".join(lines) + "\n"


def _typed(row: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = dict(row)
    for key in ("time_limit", "objective", "best_known", "gap_pct", "seconds"):
        out[key] = float(row[key])
    for key in ("baseline_objective", "baseline_gap_pct"):
        out[key] = float(row[key]) if row[key] else ""
    out["iterations"] = int(row["iterations"])
    out["feasible"] = row["feasible"] == "True"
    out["baseline_feasible"] = row["baseline_feasible"] == "True"
    return out


def merge(paths: list[Path], out: Path) -> int:
    """One CSV and summary from several runs (e.g. the halves of a long run)."""
    rows = [_typed(r) for p in paths for r in csv.DictReader(p.open())]
    order = {r["instance"]: i for i, r in enumerate(csv.DictReader((HHCRSP / "bks.csv").open()))}
    rows.sort(key=lambda r: order[r["instance"]])
    with out.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    limits = sorted({r["time_limit"] for r in rows})
    text = summary(rows, limits[-1], "default")
    sources = ", ".join(f"`{p.name}`" for p in paths)
    text = text.replace(
        f"Code: commit `{_commit()}`", f"Merged from {sources} (code: see their summaries)"
    )
    out.with_suffix(".md").write_text(text)
    print(f"wrote {out} and {out.with_suffix('.md')}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--instances", nargs="*", help="names such as A1 B6 (default: all 70)")
    ap.add_argument("--sets", nargs="*", help="set letters such as A B")
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--baseline", choices=("default", "gls", "none"), default="default")
    ap.add_argument("--out", help="CSV path (default bench/results/hhcrsp-<date>.csv)")
    ap.add_argument("--merge", nargs="*", help="combine these result CSVs into --out instead")
    ap.add_argument("--params", help="TOML file of search parameters (default: the tuned ones)")
    args = ap.parse_args()
    try:
        params = Params.from_toml(args.params) if args.params else None
    except ProblemError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.merge:
        return merge([Path(m) for m in args.merge], Path(args.out))
    rows = list(csv.DictReader((HHCRSP / "bks.csv").open()))
    if args.instances:
        wanted = set(args.instances)
        unknown = wanted - {r["instance"] for r in rows}
        if unknown:
            print(f"error: unknown instance(s): {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        rows = [r for r in rows if r["instance"] in wanted]
    if args.sets:
        rows = [r for r in rows if r["instance"][0] in {s.upper() for s in args.sets}]
    baseline = "" if args.baseline == "none" else args.baseline
    if baseline and importlib.util.find_spec("ortools") is None:
        # OR-Tools is only the benchmark's baseline: it comes with the bench extra.
        print(
            "SKIPPED: OR-Tools baseline, ortools is not installed "
            "(pip install -e '.[bench]', or --baseline none)",
            file=sys.stderr,
        )
        baseline = ""
    jobs = [
        {
            "row": r,
            "time_limit": args.time_limit,
            "seed": args.seed,
            "baseline": baseline,
            "params": params,
        }
        for r in rows
    ]
    if args.jobs > 1:
        with multiprocessing.Pool(args.jobs) as pool:
            results = pool.map(run_one, jobs, chunksize=1)
    else:
        results = [run_one(j) for j in jobs]
    out = Path(args.out) if args.out else RESULTS / f"hhcrsp-{dt.date.today().isoformat()}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(results[0]))
        writer.writeheader()
        writer.writerows(results)
    out.with_suffix(".md").write_text(summary(results, args.time_limit, args.baseline, args.params))
    print(f"wrote {out} and {out.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

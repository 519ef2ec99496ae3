"""Bit-identical proof: the planner gives the same plans and words before and after a change.

    python bench/identical.py --name 2026-12-02          # records results/identical-<name>.json
    python bench/identical.py --name 2026-12-02 --check  # re-runs every case, compares with it

Each case is a benchmark instance solved with ``MaxIterations`` (so the result does not depend on
the machine's speed) for several seeds. Per run the file holds the objective, a digest of the
routes (caregiver, visit order, start times and break start, floats by ``repr``) and a digest of
the JSON result (``jsonio.result_to_json`` with ``seconds`` zeroed), which includes every
violation and unassigned reason as text. Two probes exercise the words on purpose:

* ``violations``: the solved plan broken in fixed ways (starts moved earlier, routes handed to the
  next caregiver, last stops dropped, everything on one caregiver, unknown names), each evaluated;
  the digest covers every violation text and the cost terms;
* ``unassigned``: the instance with only its first caregiver, solved briefly, so visits are left
  out for several reasons; the digest covers the serialised reasons.

A refactoring that is meant to change nothing must leave the file unchanged; ``--check`` exits 1
and names the differing runs otherwise. ``tests/planning/test_identical.py`` re-runs the cases
marked fast.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import hashlib
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.solomon import SOLOMON, read_solomon  # noqa: E402
from hverdag.planning import jsonio  # noqa: E402
from hverdag.planning.evaluate import evaluate  # noqa: E402
from hverdag.planning.mankowska import read_instance  # noqa: E402
from hverdag.planning.model import Break, Problem, Route, Stop  # noqa: E402
from hverdag.planning.solve import solve  # noqa: E402
from hverdag.planning.stop import MaxIterations  # noqa: E402

HHCRSP = ROOT.parent / "shared" / "benchmarks" / "hhcrsp"
if not HHCRSP.exists():
    HHCRSP = Path("/work/shared/benchmarks/hhcrsp")
RESULTS = ROOT / "bench" / "results"


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    iterations: int
    seeds: tuple[int, ...]
    #: Re-run by the pytest test (the whole fast set takes a few seconds).
    fast: bool = False


#: A spread over both benchmarks: small to large, with and without double visits and gaps.
CASES = (
    Case("hhcrsp/A1", 300, (1, 2, 3), fast=True),
    Case("hhcrsp/A6", 4000, (1, 2, 3)),
    Case("hhcrsp/B3", 3000, (1, 2, 3)),
    Case("hhcrsp/B6", 3000, (1, 2, 3)),
    Case("hhcrsp/C2", 2000, (1, 2, 3)),
    Case("hhcrsp/D4", 1500, (1, 2)),
    Case("hhcrsp/E7", 1200, (1, 2)),
    Case("hhcrsp/F1", 800, (1, 2)),
    Case("hhcrsp/G3", 600, (1, 2)),
    Case("solomon/C101", 100, (1,), fast=True),
    Case("solomon/R105", 1000, (1, 2)),
    Case("solomon/RC103", 1000, (1, 2)),
)


def load(name: str) -> Problem:
    family, instance = name.split("/")
    if family == "hhcrsp":
        rows = csv.DictReader((HHCRSP / "bks.csv").open())
        row = next(r for r in rows if r["instance"] == instance)
        return read_instance(HHCRSP / "instances" / row["file"])
    rows = csv.DictReader((SOLOMON / "bks.csv").open())
    row = next(r for r in rows if r["instance"] == instance)
    return read_solomon(SOLOMON / "instances" / row["file"])[0]


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _routes(routes: Sequence[Route]) -> list[Any]:
    # repr keeps every bit of a float; json would too, but say it outright.
    return [
        [r.caregiver, repr(r.break_start), [[s.visit, repr(s.start)] for s in r.stops]]
        for r in routes
    ]


def _broken_plans(routes: Sequence[Route]) -> dict[str, list[Route]]:
    """The solved plan broken in fixed ways, to make the evaluator say as much as it can."""
    ids = [r.caregiver for r in routes]

    def moved(by: float, every: int) -> list[Route]:
        """Every ``every``-th route moved by ``by`` minutes (the others stay: gaps break)."""
        return [
            Route(
                r.caregiver,
                tuple(Stop(s.visit, s.start + by) for s in r.stops),
                None if r.break_start is None else r.break_start + by,
            )
            if k % every == 0
            else r
            for k, r in enumerate(routes)
        ]

    handed_on = [
        Route(ids[(k + 1) % len(ids)], r.stops, r.break_start) for k, r in enumerate(routes)
    ]
    shortened = [Route(r.caregiver, r.stops[:-1], r.break_start) for r in routes]
    everything = [s for r in routes for s in r.stops]
    one = [Route(ids[0], tuple(everything), routes[0].break_start)]
    first = routes[0]
    unknown = [
        Route(first.caregiver, (*first.stops, Stop("ghost-visit", 0.0), *first.stops[:1])),
        *routes[1:],
        Route(ids[-1], routes[-1].stops),
        Route("ghost", routes[0].stops),
    ]
    return {
        "earlier": moved(-7, 1),
        "later": moved(500.25, 2),
        "handed_on": handed_on,
        "shortened": shortened,
        "one_caregiver": one,
        "unknown": unknown,
    }


def _dressed(problem: Problem, routes: Sequence[Route]) -> tuple[Problem, dict[str, list[Route]]]:
    """The problem with breaks, pins, forbidden caregivers and two-person visits added around
    the solved plan, and plans for it that break those rules."""
    ids = [r.caregiver for r in routes]
    starts = sorted(s.start for r in routes for s in r.stops)
    mid = starts[len(starts) // 2] if starts else 0.0
    caregivers = tuple(
        dataclasses.replace(
            c,
            break_rule=Break(max(mid, c.shift_start), max(mid, c.shift_start) + 60, 15),
            max_overtime=max(c.max_overtime, 90),
        )
        for c in problem.caregivers
    )
    where = {s.visit: (k, s.start) for k, r in enumerate(routes) for s in r.stops}
    linked = {x for lk in problem.links for x in (lk.first, lk.second)}
    visits = []
    doubled = set()
    for i, v in enumerate(problem.visits):
        if v.id not in where:
            visits.append(v)
            continue
        k, start = where[v.id]
        nxt = ids[(k + 1) % len(ids)]
        if i % 4 == 0:
            pin = max(start, v.earliest) + 1
            if v.hard_latest:
                pin = min(pin, v.latest)
            v = dataclasses.replace(v, pinned_caregiver=nxt, pinned_start=pin)
        elif i % 4 == 1 and nxt != ids[k]:
            v = dataclasses.replace(v, forbidden={ids[k]}, preferred={nxt})
        elif i % 4 == 2 and v.id not in linked:
            v = dataclasses.replace(v, staff=2)
            doubled.add(v.id)
        visits.append(v)
    dressed = dataclasses.replace(problem, caregivers=caregivers, visits=tuple(visits))
    with_breaks = [
        Route(r.caregiver, r.stops, r.stops[0].start if r.stops else mid) for r in routes
    ]
    paired = [
        Route(
            r.caregiver,
            (
                *r.stops,
                *(Stop(s.visit, s.start + 3) for s in routes[k - 1].stops if s.visit in doubled),
            ),
            mid + 20,
        )
        for k, r in enumerate(routes)
    ]
    return dressed, {"as_solved": list(routes), "with_breaks": with_breaks, "paired": paired}


def _cramped(problem: Problem) -> Problem:
    """The first caregiver alone on a short shift; hard windows and pins it cannot serve."""
    c = problem.caregivers[0]
    mids = sorted(v.earliest for v in problem.visits)
    begin = mids[len(mids) // 3]
    length = 3 * max(v.duration for v in problem.visits) + 1
    alone = dataclasses.replace(c, shift_start=begin, shift_end=begin + length, max_overtime=0)
    linked = {x for lk in problem.links for x in (lk.first, lk.second)}
    visits = []
    for i, v in enumerate(problem.visits):
        if not problem.qualified(v, c) and v.staff == 1 and i % 2 == 0:
            v = dataclasses.replace(v, pinned_caregiver=c.id)
        elif i % 3 == 0:
            v = dataclasses.replace(v, hard_latest=True)
        elif i % 5 == 1 and v.id not in linked:
            v = dataclasses.replace(v, staff=2)
        visits.append(v)
    return dataclasses.replace(problem, caregivers=(alone,), visits=tuple(visits))


def _costs(problem: Problem, routes: Sequence[Route]) -> list[Any]:
    ev = evaluate(problem, routes)
    return [
        repr(ev.objective),
        repr(ev.travel),
        repr(ev.total_lateness),
        repr(ev.max_lateness),
        repr(ev.overtime),
        ev.continuity,
        ev.preference,
        list(ev.unassigned),
        [str(v) for v in ev.violations],
    ]


def run_case(case: Case) -> dict[str, Any]:
    """Every seed of ``case``: objective, digests and probe digests (see the module docstring)."""
    problem = load(case.name)
    runs: dict[str, Any] = {}
    for seed in case.seeds:
        result = solve(problem, MaxIterations(case.iterations), seed=seed)
        payload = jsonio.result_to_json(problem, dataclasses.replace(result, seconds=0.0))
        probes = {k: _costs(problem, v) for k, v in _broken_plans(result.routes).items()}
        dressed, plans = _dressed(problem, result.routes)
        probes.update({f"dressed_{k}": _costs(dressed, v) for k, v in plans.items()})
        reasons = []
        alone = dataclasses.replace(problem, caregivers=problem.caregivers[:1])
        for few in (alone, _cramped(problem)):
            short = solve(few, MaxIterations(20), seed=seed)
            reasons += jsonio.result_to_json(few, dataclasses.replace(short, seconds=0.0))[
                "unassigned"
            ]
        runs[str(seed)] = {
            "objective": result.objective,
            "iterations": result.iterations,
            "feasible": result.feasible,
            "unassigned": len(result.unassigned),
            "routes": _digest(_routes(result.routes)),
            "json": _digest(payload),
            "violations": _digest(probes),
            "violation_count": sum(len(p[-1]) for p in probes.values()),
            "unassigned_reasons": _digest(reasons),
            "unassigned_reason_count": len(reasons),
        }
    return {"iterations": case.iterations, "runs": runs}


def _commit() -> str:
    out = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return out.stdout.strip() or "unknown"


def compare(recorded: dict[str, Any], fresh: dict[str, Any]) -> list[str]:
    """Readable differences between a recorded case and a fresh run of it (empty: identical)."""
    out = []
    if recorded["iterations"] != fresh["iterations"]:
        out.append(f"iterations {recorded['iterations']} != {fresh['iterations']}")
    for seed, want in recorded["runs"].items():
        got = fresh["runs"].get(seed)
        if got is None:
            out.append(f"seed {seed}: not run")
            continue
        for key, value in want.items():
            if got.get(key) != value:
                out.append(f"seed {seed}: {key} {value!r} != {got.get(key)!r}")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--name", required=True, help="file bench/results/identical-<name>.json")
    ap.add_argument("--check", action="store_true", help="compare with the file instead")
    ap.add_argument("--cases", nargs="*", help="only these, e.g. hhcrsp/A1 solomon/C101")
    args = ap.parse_args(argv)
    path = RESULTS / f"identical-{args.name}.json"
    cases = [c for c in CASES if not args.cases or c.name in args.cases]
    if args.check:
        recorded = json.loads(path.read_text())["cases"]
        failed = 0
        for case in cases:
            t0 = time.perf_counter()
            diffs = compare(recorded[case.name], run_case(case))
            status = "identical" if not diffs else "DIFFERENT"
            print(f"{case.name:<16} {status}  {time.perf_counter() - t0:.1f} s", flush=True)
            for d in diffs:
                print(f"    {d}")
            failed += bool(diffs)
        print(f"{len(cases) - failed}/{len(cases)} cases identical")
        return 1 if failed else 0
    out: dict[str, Any] = {}
    for case in cases:
        t0 = time.perf_counter()
        out[case.name] = run_case(case)
        print(f"{case.name:<16} {time.perf_counter() - t0:.1f} s", flush=True)
    meta = {"commit": _commit(), "python": sys.version.split()[0]}
    path.write_text(json.dumps({"meta": meta, "cases": out}, indent=1) + "\n")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

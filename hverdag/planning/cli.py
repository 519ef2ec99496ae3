"""Command line: ``python -m hverdag.planning solve|evaluate ...``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from hverdag.planning import jsonio, mankowska
from hverdag.planning.evaluate import evaluate
from hverdag.planning.model import Problem, ProblemError, Route
from hverdag.planning.params import Params
from hverdag.planning.solve import solve
from hverdag.planning.stop import MaxRuntime


def _read(fmt: str, path: str) -> Problem:
    if fmt == "mankowska":
        return mankowska.read_instance(path)
    return jsonio.read_problem(path)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m hverdag.planning", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("solve", help="plan an instance and write the solution as JSON")
    s.add_argument("instance", help="problem file (.gz allowed for mankowska)")
    s.add_argument("--format", choices=("mankowska", "json"), default="json")
    s.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--params", help="TOML file of search parameters (default: the tuned ones)")
    s.add_argument("--out", help="where to write the solution JSON (default: stdout)")
    e = sub.add_parser("evaluate", help="check a solution and print its cost terms")
    e.add_argument("instance")
    e.add_argument("solution")
    e.add_argument("--format", choices=("mankowska", "json"), default="json")
    return parser


def _write(text: str, out: str | None) -> None:
    if out is None:
        sys.stdout.write(text + "\n")
        return
    try:
        Path(out).write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise ProblemError(f"{out}: cannot write ({exc})") from None


def _cmd_solve(args: argparse.Namespace) -> int:
    if args.time_limit < 0:
        raise ProblemError("--time-limit must be >= 0")
    params = Params.from_toml(args.params) if args.params else None
    problem = _read(args.format, args.instance)
    result = solve(problem, MaxRuntime(args.time_limit), seed=args.seed, params=params)
    if args.format == "mankowska":
        payload = mankowska.routes_to_json(problem, result.routes)
    else:
        payload = jsonio.result_to_json(problem, result)
    _write(json.dumps(payload, indent=1, ensure_ascii=False), args.out)
    ev = result.evaluation
    log = sys.stderr if args.out is None else sys.stdout
    print(
        f"objective {ev.objective:.3f}  travel {ev.travel:.3f}  lateness {ev.total_lateness:.3f}"
        f"  max lateness {ev.max_lateness:.3f}  unassigned {len(ev.unassigned)}"
        f"  feasible {ev.feasible}  iterations {result.iterations}  seconds {result.seconds:.1f}",
        file=log,
    )
    for u in result.unassigned:
        print(f"unassigned {u.visit}: {u.message}", file=log)
    return 0 if ev.feasible else 1


def _cmd_evaluate(args: argparse.Namespace) -> int:
    problem = _read(args.format, args.instance)
    routes: list[Route]
    if args.format == "mankowska":
        routes = mankowska.read_solution(args.solution)
    else:
        try:
            raw = json.loads(Path(args.solution).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ProblemError(f"{args.solution}: cannot read ({exc})") from None
        routes = jsonio.routes_from_json(raw.get("routes") if isinstance(raw, dict) else raw)
    ev = evaluate(problem, routes)
    print(
        f"objective {ev.objective:.3f}  travel {ev.travel:.3f}  lateness {ev.total_lateness:.3f}"
        f"  max lateness {ev.max_lateness:.3f}  unassigned {len(ev.unassigned)}"
        f"  feasible {ev.feasible}"
    )
    for v in ev.violations:
        print(f"violation: {v}")
    return 0 if ev.feasible else 1


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "solve":
            return _cmd_solve(args)
        return _cmd_evaluate(args)
    except ProblemError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

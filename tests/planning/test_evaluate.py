from __future__ import annotations

import csv
from pathlib import Path

import pytest

from hverdag.planning.evaluate import evaluate
from hverdag.planning.mankowska import read_instance, read_solution
from hverdag.planning.model import Break, Caregiver, Problem, Route, Stop, Visit
from tests.planning.conftest import HHCRSP, line_travel

BKS_ROWS = list(csv.DictReader((HHCRSP / "bks.csv").open()))


def test_all_seventy_published_solutions_reproduce_their_objective() -> None:
    assert len(BKS_ROWS) == 70
    for row in BKS_ROWS:
        problem = read_instance(HHCRSP / "instances" / row["file"])
        routes = read_solution(HHCRSP / "solutions_ceschia2024" / row["c24_solution_file"])
        ev = evaluate(problem, routes)
        assert ev.complete, (row["instance"], ev.violations[:3], ev.unassigned[:3])
        assert ev.objective == pytest.approx(float(row["bks_verified"]), abs=0.01), row["instance"]
        assert ev.travel == pytest.approx(float(row["c24_dist"]), abs=0.01)


def test_small_plan_costs(small_problem: Problem) -> None:
    routes = [
        Route(
            "kari", (Stop("ingrid-morning", 30), Stop("per-shower", 60), Stop("astrid-meal", 100))
        ),
        Route("ola", (Stop("per-shower", 60), Stop("astrid-meds", 100))),
    ]
    ev = evaluate(small_problem, routes)
    assert ev.violations == ()
    assert ev.unassigned == ()
    # kari 0-1-2-3-0: 10+10+10+30, ola 0-2-3-0: 20+10+30
    assert ev.travel == 120
    assert ev.total_lateness == 0
    assert ev.objective == 120


def test_violations_are_readable(small_problem: Problem) -> None:
    routes = [
        Route("kari", (Stop("ingrid-morning", 5), Stop("per-shower", 60))),
        Route(
            "ola", (Stop("ingrid-morning", 40), Stop("per-shower", 70), Stop("astrid-meds", 130))
        ),
    ]
    ev = evaluate(small_problem, routes)
    text = "\n".join(ev.violations)
    assert "kari: visit 'ingrid-morning' starts at 5.000 before arrival 10.000" in text
    assert "ola: lacks skill 'insulin' for visit 'ingrid-morning'" in text
    assert "visit 'ingrid-morning' needs 1 caregiver(s), has 2" in text
    assert "visit 'per-shower': the two caregivers start at 60.000 and 70.000" in text
    assert "'astrid-meal' is unassigned, the other is planned" in text
    assert ev.unassigned == ("astrid-meal",)
    assert not ev.feasible


def test_lateness_and_max_lateness() -> None:
    p = Problem(
        (Caregiver("kari", 0, 480, 0, 0),),
        (Visit("a", "x", 1, 0, 5, 10), Visit("b", "y", 2, 0, 10, 10)),
        line_travel(3),
    )
    ev = evaluate(p, [Route("kari", (Stop("a", 10), Stop("b", 30)))])
    assert ev.total_lateness == 5 + 20
    assert ev.max_lateness == 20


def test_break_and_overtime() -> None:
    kari = Caregiver("kari", 0, 100, 0, 0, break_rule=Break(30, 60, 20), max_overtime=30)
    p = Problem(
        (kari,), (Visit("a", "x", 1, 0, 50, 30), Visit("b", "x", 1, 0, 200, 30)), line_travel(2)
    )
    ok = evaluate(p, [Route("kari", (Stop("a", 10), Stop("b", 60)), break_start=40)])
    assert ok.violations == ()
    assert ok.overtime == 0
    clash = evaluate(p, [Route("kari", (Stop("a", 10), Stop("b", 50)), break_start=40)])
    assert "kari: break at 40.000 overlaps a visit or its travel" in clash.violations
    none = evaluate(p, [Route("kari", (Stop("a", 10), Stop("b", 40)))])
    assert none.violations == ("kari: no break taken",)
    late = evaluate(p, [Route("kari", (Stop("a", 10), Stop("b", 90)), break_start=40)])
    assert late.overtime == 30  # back at 90 + 30 + 10 = 130
    assert late.violations == ()


def test_capacity() -> None:
    van = Caregiver("van", 0, 480, 0, 0, capacity=10)
    p = Problem(
        (van,),
        (Visit("a", "x", 1, 0, 50, 5, demand=6), Visit("b", "y", 2, 0, 100, 5, demand=6)),
        line_travel(3),
    )
    ev = evaluate(p, [Route("van", (Stop("a", 10), Stop("b", 25)))])
    assert ev.violations == ("van: load 12 exceeds capacity 10",)


SOLUTIONS = Path(__file__).resolve().parents[2] / "bench" / "results" / "solutions"


@pytest.mark.parametrize("path", sorted(SOLUTIONS.glob("sol-*.json")), ids=lambda p: p.name)
def test_our_published_improvements_are_feasible_and_below_c24(path: Path) -> None:
    """Every solution we publish as beating the best-known value really does (checked here)."""
    stem = path.name.removeprefix("sol-").rsplit("-", 1)[0]
    row = next(r for r in BKS_ROWS if r["file"].split(".")[0] == stem)
    problem = read_instance(HHCRSP / "instances" / row["file"])
    ev = evaluate(problem, read_solution(path))
    assert ev.complete, ev.violations[:3]
    assert ev.objective < float(row["bks_verified"]) - 0.01

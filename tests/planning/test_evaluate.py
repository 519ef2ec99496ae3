from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest

from hverdag.planning.evaluate import Violation, ViolationKind, evaluate
from hverdag.planning.mankowska import read_instance, read_solution
from hverdag.planning.model import Break, Caregiver, Link, Problem, Route, Stop, Visit
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
    text = "\n".join(str(v) for v in ev.violations)
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
    assert "kari: break at 40.000 overlaps a visit or its travel" in map(str, clash.violations)
    none = evaluate(p, [Route("kari", (Stop("a", 10), Stop("b", 40)))])
    assert [str(v) for v in none.violations] == ["kari: no break taken"]
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
    assert [str(v) for v in ev.violations] == ["van: load 12 exceeds capacity 10"]


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


# Each rule the evaluator checks, broken on purpose: the violation's data and its English. ------

K = ViolationKind
KARI = Caregiver("kari", 0, 480, 0, 0, skills={"nurse"})
OLA = Caregiver("ola", 0, 480, 0, 0, skills={"nurse"})
A = Visit("a", "ingrid", 1, 30, 60, 20)
B = Visit("b", "per", 2, 100, 200, 10)


def _day(
    *visits: Visit,
    caregivers: tuple[Caregiver, ...] = (KARI,),
    links: tuple[Link, ...] = (),
    skills: frozenset[str] | None = None,
) -> Problem:
    return Problem(caregivers, visits, line_travel(3), links=links, skills=skills)


def _kari(*stops: tuple[str, float], break_start: float | None = None) -> Route:
    return Route("kari", tuple(Stop(v, s) for v, s in stops), break_start)


CASES: list[tuple[Problem, list[Route], list[Violation], list[str]]] = [
    (
        _day(A),
        [Route("nils", ())],
        [Violation(K.UNKNOWN_CAREGIVER, caregiver="nils")],
        ["route for unknown caregiver 'nils'"],
    ),
    (
        _day(A),
        [_kari(("a", 30)), _kari()],
        [Violation(K.DUPLICATE_ROUTE, caregiver="kari")],
        ["caregiver 'kari' has more than one route"],
    ),
    (
        _day(A),
        [_kari(("a", 30), ("x", 100))],
        [Violation(K.UNKNOWN_VISIT, "kari", "x")],
        ["kari: unknown visit 'x'"],
    ),
    (
        _day(A),
        [_kari(("a", 30), ("a", 100))],
        [
            Violation(K.VISIT_TWICE, "kari", "a"),
            Violation(K.STAFF_COUNT, visit="a", staff=1, count=2),
        ],
        ["kari: visit 'a' twice on one route", "visit 'a' needs 1 caregiver(s), has 2"],
    ),
    (
        _day(dataclasses.replace(A, earliest=0)),
        [_kari(("a", 5))],
        [Violation(K.BEFORE_ARRIVAL, "kari", "a", at=5, bound=10.0)],
        ["kari: visit 'a' starts at 5.000 before arrival 10.000"],
    ),
    (
        _day(A),
        [_kari(("a", 20))],
        [Violation(K.BEFORE_WINDOW, "kari", "a", at=20, bound=30)],
        ["kari: visit 'a' starts at 20.000 before its window opens (30)"],
    ),
    (
        _day(dataclasses.replace(A, hard_latest=True)),
        [_kari(("a", 75.5))],
        [Violation(K.AFTER_HARD_LATEST, "kari", "a", at=75.5, bound=60)],
        ["kari: visit 'a' starts at 75.500 after its hard latest start 60"],
    ),
    (
        _day(dataclasses.replace(A, pinned_start=40)),
        [_kari(("a", 45))],
        [Violation(K.PINNED_START, "kari", "a", at=45, bound=40)],
        ["kari: visit 'a' is pinned to 40, starts 45.000"],
    ),
    (
        _day(
            dataclasses.replace(A, skills={"insulin", "dressing"}),
            skills=frozenset({"nurse", "insulin", "dressing"}),
        ),
        [_kari(("a", 30))],
        [Violation(K.MISSING_SKILL, "kari", "a", skill="dressing")],
        ["kari: lacks skill 'dressing' for visit 'a'"],
    ),
    (
        _day(dataclasses.replace(A, forbidden={"kari"}), caregivers=(KARI, OLA)),
        [_kari(("a", 30))],
        [Violation(K.FORBIDDEN, "kari", "a")],
        ["kari: is forbidden for visit 'a'"],
    ),
    (
        _day(dataclasses.replace(A, pinned_caregiver="ola"), caregivers=(KARI, OLA)),
        [_kari(("a", 30))],
        [Violation(K.PINNED_CAREGIVER, "kari", "a", other="ola")],
        ["kari: visit 'a' is pinned to 'ola'"],
    ),
    (
        _day(
            dataclasses.replace(A, demand=6),
            dataclasses.replace(B, demand=6.5),
            caregivers=(dataclasses.replace(KARI, capacity=10),),
        ),
        [_kari(("a", 30), ("b", 100))],
        [Violation(K.OVER_CAPACITY, "kari", at=12.5, bound=10)],
        ["kari: load 12.5 exceeds capacity 10"],
    ),
    (
        _day(A, caregivers=(dataclasses.replace(KARI, break_rule=Break(100, 200, 30)),)),
        [_kari(("a", 30))],
        [Violation(K.NO_BREAK, "kari")],
        ["kari: no break taken"],
    ),
    (
        _day(A, caregivers=(dataclasses.replace(KARI, break_rule=Break(100, 200, 30)),)),
        [_kari(("a", 30), break_start=60)],
        [Violation(K.BREAK_OUTSIDE_WINDOW, "kari", at=60, bound=100, upper=200)],
        ["kari: break at 60.000 outside [100, 200]"],
    ),
    (
        _day(A, B, caregivers=(dataclasses.replace(KARI, break_rule=Break(100, 200, 30)),)),
        [_kari(("a", 30), ("b", 120), break_start=110)],
        [Violation(K.BREAK_OVERLAP, "kari", at=110)],
        ["kari: break at 110.000 overlaps a visit or its travel"],
    ),
    (
        _day(
            dataclasses.replace(A, duration=80),
            caregivers=(dataclasses.replace(KARI, shift_end=100, max_overtime=10),),
        ),
        [_kari(("a", 30))],
        [Violation(K.OVERTIME, "kari", at=120.0, bound=100, allowance=10)],
        ["kari: shift ends at 120.000, beyond 100 + 10 allowed overtime"],
    ),
    (
        _day(dataclasses.replace(A, staff=2), caregivers=(KARI, OLA)),
        [_kari(("a", 30))],
        [Violation(K.STAFF_COUNT, visit="a", staff=2, count=1)],
        ["visit 'a' needs 2 caregiver(s), has 1"],
    ),
    (
        _day(dataclasses.replace(A, staff=2), caregivers=(KARI, OLA)),
        [_kari(("a", 30)), Route("ola", (Stop("a", 40),))],
        [Violation(K.PAIR_APART, "kari", "a", at=30, bound=40, other="ola")],
        ["visit 'a': the two caregivers start at 30.000 and 40.000"],
    ),
    (
        _day(A, B, links=(Link("a", "b", 30, 90),)),
        [_kari(("a", 30))],
        [Violation(K.LINK_HALF_PLANNED, visit="b", other="a", link=("a", "b"))],
        ["link 'a' -> 'b': 'b' is unassigned, the other is planned"],
    ),
    (
        _day(A, B, links=(Link("a", "b", 30, 60, distinct=False),)),
        [_kari(("a", 30), ("b", 100))],
        [Violation(K.LINK_GAP, visit="a", other="b", link=("a", "b"), at=70, bound=30, upper=60)],
        ["link 'a' -> 'b': gap 70.000 outside [30, 60]"],
    ),
    (
        _day(A, B, links=(Link("a", "b", 0, 90, distinct=True),)),
        [_kari(("a", 30), ("b", 100))],
        [Violation(K.LINK_SAME_CAREGIVER, "kari", "a", other="b", link=("a", "b"))],
        ["link 'a' -> 'b': both done by 'kari'"],
    ),
]


@pytest.mark.parametrize(
    ("problem", "routes", "expected", "text"), CASES, ids=[c[2][0].kind.value for c in CASES]
)
def test_each_broken_rule_is_a_violation_with_its_data_and_english(
    problem: Problem, routes: list[Route], expected: list[Violation], text: list[str]
) -> None:
    ev = evaluate(problem, routes)
    assert list(ev.violations) == expected
    assert [str(v) for v in ev.violations] == text
    assert [v.message for v in ev.violations] == text
    assert not ev.feasible


def test_every_violation_kind_has_a_case() -> None:
    assert {c[2][0].kind for c in CASES} == set(ViolationKind)


def test_violation_kinds_are_stable_codes() -> None:
    assert ViolationKind.PAIR_APART == "pair_apart"
    assert ViolationKind("link_gap") is ViolationKind.LINK_GAP

"""``timetable``: start times for orders a planner chose by hand, by the solver's own rule."""

from __future__ import annotations

import dataclasses

import pytest

from bench.scale import district_day
from hverdag.planning.evaluate import ViolationKind, evaluate
from hverdag.planning.mankowska import read_instance
from hverdag.planning.model import Break, Caregiver, Link, Problem, ProblemError, Route, Stop, Visit
from hverdag.planning.solve import solve
from hverdag.planning.stop import MaxIterations
from hverdag.planning.timetable import Timetable, timetable
from tests.planning.conftest import HHCRSP, line_travel

KARI = Caregiver("kari", 0, 480, 0, 0, skills={"nurse"})
OLA = Caregiver("ola", 0, 480, 0, 0, skills={"nurse"})


def _starts(t: Timetable) -> dict[str, list[tuple[str, float]]]:
    return {r.caregiver: [(s.visit, s.start) for s in r.stops] for r in t.routes}


def test_each_visit_starts_at_arrival_or_when_its_window_opens_and_the_break_fits_in() -> None:
    kari = dataclasses.replace(KARI, break_rule=Break(60, 120, 30))
    problem = Problem(
        (kari,),
        (
            Visit("a", "ingrid", 1, 30, 60, 20),
            Visit("b", "per", 2, 40, 200, 10),
            Visit("c", "astrid", 3, 0, 300, 10),
        ),
        line_travel(4),
    )
    t = timetable(problem, {"kari": ["a", "b", "c"]})
    # a waits for its window (arrives 10); b is reached at 60, just as the break window opens,
    # so the break comes after b (70-100) and c starts on arrival at 110.
    assert t.routes == (Route("kari", (Stop("a", 30), Stop("b", 60), Stop("c", 110)), 70),)
    assert t.synchronised
    assert evaluate(problem, t.routes).feasible


def test_the_two_halves_of_a_double_visit_start_together_and_later_visits_follow() -> None:
    problem = Problem(
        (KARI, OLA),
        (
            Visit("x", "ingrid", 1, 50, 100, 30),
            Visit("pair", "per", 2, 0, 200, 20, staff=2),
            Visit("y", "astrid", 3, 0, 300, 10),
        ),
        line_travel(4),
    )
    t = timetable(problem, {"kari": ["x", "pair"], "ola": ["pair", "y"]})
    # Ola could start the pair at 20 but waits for Kari (x ends at 80, +10 travel); y follows.
    assert _starts(t) == {"kari": [("x", 50), ("pair", 90)], "ola": [("pair", 90), ("y", 120)]}
    assert t.route("ola").stops[1] == Stop("y", 120)
    assert evaluate(problem, t.routes).feasible


def test_a_link_gap_holds_and_a_pinned_visit_keeps_its_time() -> None:
    problem = Problem(
        (KARI,),
        (
            Visit("insulin", "ingrid", 1, 0, 100, 10, pinned_start=45),
            Visit("sugar", "ingrid", 1, 0, 300, 10),
        ),
        line_travel(2),
        links=(Link("insulin", "sugar", 60, 90, distinct=False),),
    )
    t = timetable(problem, {"kari": ["insulin", "sugar"]})
    assert _starts(t) == {"kari": [("insulin", 45), ("sugar", 105)]}


def test_orders_that_deadlock_are_timed_route_by_route_and_say_so() -> None:
    problem = Problem(
        (KARI, OLA),
        (Visit("p", "ingrid", 1, 0, 500, 10, staff=2), Visit("q", "per", 2, 0, 500, 10, staff=2)),
        line_travel(3),
    )
    t = timetable(problem, {"kari": ["p", "q"], "ola": ["q", "p"]})
    assert not t.synchronised
    assert _starts(t) == {"kari": [("p", 10), ("q", 30)], "ola": [("q", 20), ("p", 40)]}
    kinds = [v.kind for v in evaluate(problem, t.routes).violations]
    assert kinds == [ViolationKind.PAIR_APART, ViolationKind.PAIR_APART]


def test_a_hand_edit_may_break_rules_and_the_evaluator_names_them() -> None:
    problem = Problem(
        (KARI, OLA),
        (
            Visit("wound", "ingrid", 1, 0, 60, 20, skills={"wound"}),
            Visit("pair", "per", 2, 0, 200, 20, staff=2),
        ),
        line_travel(3),
        skills=frozenset({"nurse", "wound"}),
    )
    # Unqualified, and only one half of the pair planned: both kept where the planner put them.
    t = timetable(problem, {"kari": ["wound", "pair"], "ola": []})
    assert _starts(t) == {"kari": [("wound", 10), ("pair", 40)], "ola": []}
    kinds = {v.kind for v in evaluate(problem, t.routes).violations}
    assert kinds == {ViolationKind.MISSING_SKILL, ViolationKind.STAFF_COUNT}


@pytest.mark.parametrize(
    ("sequences", "message"),
    [
        ({"nils": []}, "timetable: unknown caregiver 'nils'"),
        ({"kari": ["nope"]}, "timetable: kari: unknown visit 'nope'"),
        ({"kari": ["a", "a"]}, "timetable: kari: visit 'a' twice on one route"),
        (
            {"kari": ["a"], "ola": ["a"]},
            r"timetable: visit 'a' is on more routes than its staff \(1\)",
        ),
    ],
)
def test_bad_orders_are_refused_by_name(sequences: dict[str, list[str]], message: str) -> None:
    problem = Problem((KARI, OLA), (Visit("a", "ingrid", 1, 0, 60, 20),), line_travel(2))
    with pytest.raises(ProblemError, match=message):
        timetable(problem, sequences)


def _solved_days() -> list[tuple[str, Problem]]:
    b6 = next((HHCRSP / "instances").glob("InstanzCPLEX_HCSRP_25_6.txt"))
    return [
        ("hhcrsp-B6", read_instance(b6)),  # synchronised pairs and precedence gaps
        ("district-60", district_day(60, seed=2)),  # breaks, double visits, hard windows
    ]


@pytest.mark.parametrize(("name", "problem"), _solved_days(), ids=[d[0] for d in _solved_days()])
def test_the_solvers_plans_are_timed_exactly_as_the_solver_timed_them(
    name: str, problem: Problem
) -> None:
    result = solve(problem, MaxIterations(150), seed=1)
    orders = {r.caregiver: [s.visit for s in r.stops] for r in result.routes}
    t = timetable(problem, orders)
    assert t.synchronised
    assert t.routes == result.routes, name

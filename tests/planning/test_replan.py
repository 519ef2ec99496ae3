from __future__ import annotations

import pytest

from hverdag.planning.evaluate import evaluate
from hverdag.planning.mankowska import read_instance
from hverdag.planning.model import Problem, ProblemError, Route, Visit
from hverdag.planning.replan import (
    CaregiverSick,
    VisitAdded,
    VisitCancelled,
    apply_change,
    replan,
)
from hverdag.planning.solve import solve
from hverdag.planning.stop import MaxIterations
from tests.planning.conftest import HHCRSP

B1 = HHCRSP / "instances" / "InstanzCPLEX_HCSRP_25_1.txt"


@pytest.fixture(scope="module")
def day() -> tuple[Problem, tuple[Route, ...]]:
    problem = read_instance(B1)
    return problem, solve(problem, MaxIterations(300), seed=1).routes


def test_sick_caregiver_moves_only_her_visits(day) -> None:  # type: ignore[no-untyped-def]
    problem, routes = day
    sick = next(r for r in routes if r.caregiver == "c4")  # c5 has the same skills
    result = replan(problem, routes, CaregiverSick(sick.caregiver), MaxIterations(200), seed=1)
    new = apply_change(problem, CaregiverSick(sick.caregiver))
    assert evaluate(new, result.routes).complete
    assert sick.caregiver not in {r.caregiver for r in result.routes}
    assert result.moved is not None
    assert len(sick.stops) <= result.moved <= len(sick.stops) + 6


def test_only_caregiver_with_a_skill_sick(day) -> None:  # type: ignore[no-untyped-def]
    problem, routes = day
    result = replan(problem, routes, CaregiverSick("c1"), MaxIterations(50), seed=1)
    reasons = {u.visit: u.message for u in result.unassigned}
    assert reasons["p24-s1"] == "no qualified caregiver"
    assert reasons["p24-s4"] == "linked visit 'p24-s1' could not be planned either"
    assert result.feasible


def test_cancelled_visit_moves_nothing(day) -> None:  # type: ignore[no-untyped-def]
    problem, routes = day
    linked = {lk.first for lk in problem.links} | {lk.second for lk in problem.links}
    gone = next(v.id for v in problem.visits if v.id not in linked)
    result = replan(problem, routes, VisitCancelled(gone), MaxIterations(100), seed=1)
    assert result.moved == 0
    assert gone not in {s.visit for r in result.routes for s in r.stops}
    assert result.evaluation.complete


def test_added_visit_is_planned_with_few_moves(day) -> None:  # type: ignore[no-untyped-def]
    problem, routes = day
    extra = Visit("p3-extra", "p3", 3, 200, 320, 15, skills={"s1"})
    result = replan(problem, routes, VisitAdded(extra), MaxIterations(100), seed=1)
    assert "p3-extra" in {s.visit for r in result.routes for s in r.stops}
    assert result.evaluation.complete
    assert result.moved is not None and result.moved <= 2


def test_unknown_names_in_a_change(day) -> None:  # type: ignore[no-untyped-def]
    problem, routes = day
    with pytest.raises(ProblemError, match="unknown caregiver 'c99'"):
        replan(problem, routes, CaregiverSick("c99"), MaxIterations(1))
    with pytest.raises(ProblemError, match="unknown visit 'nope'"):
        replan(problem, routes, VisitCancelled("nope"), MaxIterations(1))

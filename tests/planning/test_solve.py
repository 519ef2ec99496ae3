from __future__ import annotations

import csv

import pytest

from hverdag.planning import jsonio
from hverdag.planning.evaluate import evaluate
from hverdag.planning.mankowska import read_instance
from hverdag.planning.model import Caregiver, Link, Problem, Visit
from hverdag.planning.solve import Progress, Unassigned, UnassignedReason, solve
from hverdag.planning.stop import MaxIterations, MaxRuntime
from tests.planning.conftest import HHCRSP, line_travel

SET_A = [r for r in csv.DictReader((HHCRSP / "bks.csv").open()) if r["instance"].startswith("A")]


@pytest.mark.parametrize("row", SET_A, ids=[r["instance"] for r in SET_A])
def test_set_a_reaches_the_proven_optimum(row: dict[str, str]) -> None:
    problem = read_instance(HHCRSP / "instances" / row["file"])
    result = solve(problem, MaxIterations(1500) | MaxRuntime(5), seed=1)
    ev = evaluate(problem, result.routes)
    assert ev.complete, ev.violations
    assert ev.objective == pytest.approx(result.objective)
    assert result.objective == pytest.approx(float(row["bks_verified"]), abs=0.01)


def test_same_seed_same_plan() -> None:
    problem = read_instance(HHCRSP / "instances" / "InstanzCPLEX_HCSRP_25_1.txt")
    one = solve(problem, MaxIterations(150), seed=7)
    two = solve(problem, MaxIterations(150), seed=7)
    assert one.routes == two.routes
    assert one.iterations == two.iterations == 150


def test_anytime_callback_sees_each_improvement() -> None:
    problem = read_instance(HHCRSP / "instances" / "InstanzCPLEX_HCSRP_25_2.txt")
    seen: list[Progress] = []
    result = solve(problem, MaxIterations(300), seed=3, on_improvement=seen.append)
    assert seen
    assert [p.objective for p in seen] == sorted((p.objective for p in seen), reverse=True)
    assert seen[-1].routes == result.routes
    assert evaluate(problem, seen[0].routes).objective == pytest.approx(seen[0].objective)


def test_small_problem(small_problem: Problem) -> None:
    result = solve(small_problem, MaxIterations(200), seed=0)
    assert result.evaluation.complete
    per = {r.caregiver: [s.visit for s in r.stops] for r in result.routes}
    assert "ingrid-morning" in per["kari"]  # only Kari has insulin training
    assert "per-shower" in per["kari"] and "per-shower" in per["ola"]


def test_unassigned_visits_come_with_a_reason() -> None:
    kari = Caregiver("kari", 0, 120, 0, 0, skills={"nurse"})
    problem = Problem(
        (kari,),
        (
            Visit("wound", "ingrid", 1, 0, 60, 20, skills={"wound"}),
            Visit("early", "per", 4, 0, 5, 10, hard_latest=True),
            Visit("long", "astrid", 2, 0, 60, 200),
            Visit("ok", "astrid", 2, 0, 60, 10),
        ),
        line_travel(5),
        skills=frozenset({"nurse", "wound"}),
    )
    result = solve(problem, MaxIterations(50), seed=0)
    reasons = {u.visit: u.message for u in result.unassigned}
    assert reasons == {
        "wound": "no qualified caregiver",
        "early": "window unreachable: no qualified caregiver can get there in time",
        "long": "shift too short: no qualified caregiver can do it and get back within the shift",
    }
    assert result.evaluation.unassigned == ("wound", "early", "long")
    assert result.feasible


def test_capacity_is_respected() -> None:
    vans = tuple(Caregiver(f"van{i}", 0, 480, 0, 0, capacity=10) for i in range(3))
    visits = tuple(Visit(f"v{i}", f"c{i}", 1 + i % 3, 0, 400, 5, demand=4) for i in range(6))
    problem = Problem(vans, visits, line_travel(4))
    result = solve(problem, MaxIterations(100), seed=0)
    assert result.evaluation.complete
    assert all(len(r.stops) <= 2 for r in result.routes)


def test_empty_days() -> None:
    travel = line_travel(2)
    nobody = Problem((), (Visit("a", "x", 1, 0, 10, 5),), travel)
    result = solve(nobody, MaxRuntime(5), seed=0)
    assert [u.message for u in result.unassigned] == ["no qualified caregiver"]
    assert result.seconds < 1
    idle = Problem((Caregiver("kari", 0, 100, 0, 0),), (), travel)
    result = solve(idle, MaxRuntime(5), seed=0)
    assert result.objective == 0 and result.seconds < 1


def test_two_person_visit_linked_to_a_follow_up() -> None:
    """A double visit tied to a later check-up (not necessarily by someone else)."""
    nurses = tuple(Caregiver(n, 0, 480, 0, 0) for n in ("kari", "ola", "nora"))
    problem = Problem(
        nurses,
        (
            Visit("lift", "per", 1, 60, 120, 30, staff=2),
            Visit("check", "per", 1, 0, 400, 10),
        ),
        line_travel(3),
        links=(Link("lift", "check", 60, 120, distinct=False),),
    )
    result = solve(problem, MaxIterations(50), seed=0)
    assert result.evaluation.complete, result.evaluation.violations
    lifts = [r.caregiver for r in result.routes for s in r.stops if s.visit == "lift"]
    assert len(set(lifts)) == 2


def test_one_caregiver_serves_both_ends_of_a_non_distinct_link() -> None:
    """Insulin, then a blood-sugar check 30-60 min later: Kari can do both herself."""
    kari = Caregiver("kari", 0, 480, 0, 0, skills={"nurse"})
    problem = Problem(
        (kari,),
        (
            Visit("insulin", "ingrid", 1, 60, 90, 10, skills={"nurse"}),
            Visit("sugar", "ingrid", 1, 0, 400, 5, skills={"nurse"}),
            Visit("meal", "per", 2, 80, 120, 20),
        ),
        line_travel(3),
        links=(Link("insulin", "sugar", 30, 60, distinct=False),),
    )
    result = solve(problem, MaxIterations(50), seed=0)
    assert result.evaluation.complete, result.evaluation.violations
    assert [s.visit for s in result.routes[0].stops] == ["insulin", "meal", "sugar"]


# Each reason a visit can be left out for: the reason, the other object named, and its English.

R = UnassignedReason
KARI = Caregiver("kari", 0, 120, 0, 0, skills={"nurse"})
OLA = Caregiver("ola", 0, 120, 0, 0)
NEEDS_WOUND = frozenset({"nurse", "wound"})

REASONS: list[tuple[Problem, Unassigned, str]] = [
    (
        Problem(
            (KARI,),
            (Visit("w", "ingrid", 1, 0, 60, 20, skills={"wound"}),),
            line_travel(2),
            skills=NEEDS_WOUND,
        ),
        Unassigned("w", R.NO_QUALIFIED),
        "no qualified caregiver",
    ),
    (
        Problem((KARI,), (Visit("d", "per", 1, 0, 60, 20, staff=2),), line_travel(2)),
        Unassigned("d", R.TOO_FEW_QUALIFIED),
        "not enough qualified caregivers",
    ),
    (
        Problem(
            (KARI, OLA),
            (Visit("p", "astrid", 1, 0, 60, 20, skills={"nurse"}, pinned_caregiver="ola"),),
            line_travel(2),
        ),
        Unassigned("p", R.PINNED_UNAVAILABLE, "ola"),
        "pinned caregiver 'ola' is not qualified or not available",
    ),
    (
        Problem((KARI,), (Visit("e", "per", 4, 0, 5, 10, hard_latest=True),), line_travel(5)),
        Unassigned("e", R.WINDOW_UNREACHABLE),
        "window unreachable: no qualified caregiver can get there in time",
    ),
    (
        Problem((KARI,), (Visit("l", "astrid", 2, 0, 60, 200),), line_travel(3)),
        Unassigned("l", R.SHIFT_TOO_SHORT),
        "shift too short: no qualified caregiver can do it and get back within the shift",
    ),
    (
        Problem(
            (KARI,),
            (
                Visit("meal", "astrid", 1, 0, 60, 10),
                Visit("wound", "astrid", 1, 0, 60, 10, skills={"wound"}),
            ),
            line_travel(2),
            links=(Link("meal", "wound", 0, 30, distinct=False),),
            skills=NEEDS_WOUND,
        ),
        Unassigned("meal", R.LINKED_UNPLANNED, "wound"),
        "linked visit 'wound' could not be planned either",
    ),
    (
        Problem(
            (KARI,),
            (
                Visit("first", "ingrid", 1, 10, 10, 50, hard_latest=True),
                Visit("second", "per", 1, 10, 10, 50, hard_latest=True),
            ),
            line_travel(2),
        ),
        Unassigned("second", R.NO_ROOM),
        "no room: the qualified caregivers' days are full around its window",
    ),
]


@pytest.mark.parametrize(
    ("problem", "expected", "text"), REASONS, ids=[r[1].reason.value for r in REASONS]
)
def test_each_reason_names_what_it_is_about(
    problem: Problem, expected: Unassigned, text: str
) -> None:
    result = solve(problem, MaxIterations(30), seed=0)
    left_out = {u.visit: u for u in result.unassigned}
    assert left_out[expected.visit] == expected
    assert expected.message == text and str(expected) == text
    # The JSON result keeps the English sentence, as before the reason became data.
    payload = jsonio.result_to_json(problem, result)["unassigned"]
    assert {"visit": expected.visit, "reason": text} in payload


def test_every_unassigned_reason_has_a_case() -> None:
    assert {r[1].reason for r in REASONS} == set(UnassignedReason)

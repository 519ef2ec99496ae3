from __future__ import annotations

import pytest

from hverdag.planning.model import Break, Caregiver, Link, Problem, ProblemError, Visit
from tests.planning.conftest import line_travel


def nurse(cid: str = "kari", **kw: object) -> Caregiver:
    args: dict[str, object] = {"skills": {"nurse"}} | kw
    return Caregiver(cid, 0, 480, 0, 0, **args)  # type: ignore[arg-type]


def visit(vid: str = "v1", **kw: object) -> Visit:
    args: dict[str, object] = {
        "client": "ingrid",
        "location": 1,
        "earliest": 0,
        "latest": 60,
        "duration": 15,
    } | kw
    return Visit(vid, **args)  # type: ignore[arg-type]


def test_valid_problem_converts_skill_lists_to_frozensets() -> None:
    c = Caregiver("kari", 0, 480, 0, 0, skills=["nurse"])  # type: ignore[arg-type]
    assert c.skills == frozenset({"nurse"})
    p = Problem((c,), (visit(skills={"nurse"}),), line_travel(3))
    assert p.skills == frozenset({"nurse"})
    assert p.qualified(p.visits[0], c)


def test_negative_duration_is_named() -> None:
    with pytest.raises(ProblemError, match="visit 'v1': negative duration -5"):
        visit(duration=-5)


def test_window_closing_before_it_opens() -> None:
    with pytest.raises(
        ProblemError, match=r"visit 'v1': time window closes \(10\) before it opens \(60\)"
    ):
        visit(earliest=60, latest=10)


def test_empty_shift() -> None:
    with pytest.raises(ProblemError, match="caregiver 'ola': empty shift"):
        Caregiver("ola", 480, 480, 0, 0)


def test_unknown_transport_mode() -> None:
    with pytest.raises(ProblemError, match="unknown transport mode 'horse'"):
        Caregiver("ola", 0, 480, 0, 0, transport="horse")  # type: ignore[arg-type]


def test_unknown_skill() -> None:
    with pytest.raises(ProblemError, match="visit 'v1': unknown skill 'insulin'"):
        Problem((nurse(),), (visit(skills={"insulin"}),), line_travel(3))


def test_declared_skill_without_caregiver_is_allowed() -> None:
    p = Problem(
        (nurse(),),
        (visit(skills={"insulin"}),),
        line_travel(3),
        skills=frozenset({"nurse", "insulin"}),
    )
    assert not p.qualified(p.visits[0], p.caregivers[0])


def test_location_out_of_range() -> None:
    with pytest.raises(ProblemError, match="visit 'v1': location 7 is not a location"):
        Problem((nurse(),), (visit(location=7),), line_travel(3))


def test_duplicate_visit_id() -> None:
    with pytest.raises(ProblemError, match="visit 'v1': duplicate id"):
        Problem((nurse(),), (visit(), visit()), line_travel(3))


def test_precedence_cycle_is_reported_with_its_path() -> None:
    vs = (visit("a"), visit("b"), visit("c"))
    links = (Link("a", "b", 10, 20), Link("b", "c", 10, 20), Link("c", "a", 5, 30))
    with pytest.raises(ProblemError, match="precedence cycle: a -> b -> c -> a"):
        Problem((nurse(),), vs, line_travel(3), links=links)


def test_link_rules() -> None:
    with pytest.raises(ProblemError, match="max_gap 5 < min_gap 10"):
        Link("a", "b", 10, 5)
    with pytest.raises(ProblemError, match="linked to itself"):
        Link("a", "a")
    with pytest.raises(ProblemError, match="unknown visit 'zz'"):
        Problem((nurse(),), (visit("a"),), line_travel(3), links=(Link("a", "zz"),))


def test_pinned_and_preferred_caregivers_must_exist() -> None:
    with pytest.raises(ProblemError, match="pinned to unknown caregiver 'nora'"):
        Problem((nurse(),), (visit(pinned_caregiver="nora"),), line_travel(3))
    with pytest.raises(ProblemError, match="preferred names unknown caregiver 'nora'"):
        Problem((nurse(),), (visit(preferred={"nora"}),), line_travel(3))


def test_pinned_start_outside_window() -> None:
    with pytest.raises(ProblemError, match="pinned_start 100 is outside its window"):
        visit(pinned_start=100, hard_latest=True)


def test_break_rules() -> None:
    with pytest.raises(ProblemError, match="break: window closes"):
        Break(200, 100, 30)
    with pytest.raises(ProblemError, match="break window lies outside the shift"):
        Caregiver("kari", 0, 480, 0, 0, break_rule=Break(470, 500, 30))


def test_staff_must_be_one_or_two() -> None:
    with pytest.raises(ProblemError, match="staff must be 1 or 2"):
        visit(staff=3)


def test_not_a_number() -> None:
    with pytest.raises(ProblemError, match="earliest must be a finite number"):
        visit(earliest=float("nan"))


def test_negative_demand_and_capacity() -> None:
    with pytest.raises(ProblemError, match="visit 'v1': negative demand -1"):
        visit(demand=-1)
    with pytest.raises(ProblemError, match="caregiver 'van': capacity must be >= 0"):
        Caregiver("van", 0, 480, 0, 0, capacity=-5)

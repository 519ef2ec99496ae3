"""The schedule propagation behind the search: sync, precedence gaps, deadlocks, breaks."""

from __future__ import annotations

from hverdag.planning import engine
from hverdag.planning.model import Break, Caregiver, Link, Problem, Route, Stop, Visit
from tests.planning.conftest import line_travel


def two_nurses(*visits: Visit, links: tuple[Link, ...] = (), brk: Break | None = None) -> Problem:
    return Problem(
        (Caregiver("kari", 0, 600, 0, 0, break_rule=brk), Caregiver("ola", 0, 600, 0, 0)),
        visits,
        line_travel(5),
        links=links,
    )


def state(p: Problem, kari: list[str], ola: list[str]) -> tuple[engine.Compiled, engine.State]:
    c = engine.compile_problem(p)
    routes = [
        Route("kari", tuple(Stop(v, 0) for v in kari)),
        Route("ola", tuple(Stop(v, 0) for v in ola)),
    ]
    return c, engine.from_routes(c, routes)


def starts(c: engine.Compiled, st: engine.State) -> dict[str, float]:
    return {s.visit + "@" + r.caregiver: s.start for r in engine.to_routes(c, st) for s in r.stops}


def test_synchronised_double_visit_starts_at_the_later_arrival() -> None:
    p = two_nurses(
        Visit("far", "a", 4, 0, 100, 10),
        Visit("shower", "b", 1, 0, 100, 30, staff=2),
    )
    c, st = state(p, ["far", "shower"], ["shower"])
    got = starts(c, st)
    # kari: 0 -> 4 (40) + 10 -> 1 (30) arrives 80; ola arrives at 10 and waits.
    assert got["shower@kari"] == got["shower@ola"] == 80
    assert not st.deadlock and st.violation == 0


def test_precedence_gap_delays_the_first_visit_when_the_second_is_late() -> None:
    p = two_nurses(
        Visit("meds", "a", 1, 0, 300, 10),
        Visit("far", "b", 4, 0, 300, 100),
        Visit("check", "a", 1, 0, 300, 10),
        links=(Link("meds", "check", 10, 20),),
    )
    c, st = state(p, ["meds"], ["far", "check"])
    got = starts(c, st)
    # ola reaches check at 40 + 100 + 30 = 170, so meds may start no earlier than 150.
    assert got["check@ola"] == 170
    assert got["meds@kari"] == 150


def test_crossed_synchronised_pairs_deadlock() -> None:
    p = two_nurses(
        Visit("x", "a", 1, 0, 300, 10, staff=2),
        Visit("y", "b", 2, 0, 300, 10, staff=2),
    )
    _, st = state(p, ["x", "y"], ["y", "x"])
    assert st.deadlock
    assert st.violation >= 1e6


def test_break_taken_in_the_first_gap_after_it_opens() -> None:
    p = two_nurses(
        Visit("a", "a", 1, 0, 300, 100),
        Visit("b", "b", 1, 0, 300, 50),
        brk=Break(60, 200, 30),
    )
    c, st = state(p, ["a", "b"], [])
    route = engine.to_routes(c, st)[0]
    assert route.break_start == 110
    assert [s.start for s in route.stops] == [10, 140]

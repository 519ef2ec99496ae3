"""``timetable(problem, sequences)``: start times for routes whose order is already decided.

For a planner who moves or swaps a visit by hand: the order of each caregiver's day is given,
and this computes when everything starts by the same rule the solver uses, so a hand-edited plan
is timed exactly as the solver would time the same orders:

* each visit starts at ``max(arrival, earliest)`` (a pinned visit at its pinned start, or at
  arrival if that is later);
* the break is taken in the first gap where the next start would fall after the break window
  opens (or after the last visit);
* the two caregivers of a two-person visit start together, and every link gap holds: a visit
  waits for its partner, which can move the partner's caregiver's later visits too.

That *earliest* schedule is computed by the engine's ``schedule`` (via :func:`engine.timed`),
not re-implemented here: the solver and a hand edit cannot disagree about times. The evaluator
stays the independent check: run :func:`~hverdag.planning.evaluate.evaluate` on the result to
learn what the edit broke (late, over the shift, unqualified, a pair apart).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hverdag.planning import engine
from hverdag.planning.model import Problem, ProblemError, Route


@dataclass(frozen=True)
class Timetable:
    """The routes with start times and break start, one per caregiver given, in that order."""

    routes: tuple[Route, ...]
    #: False when the orders contradict the links (two pairs in opposite orders on two routes):
    #: then each route is timed as if it had no links, and ``evaluate`` names the pairs apart.
    synchronised: bool = True

    def route(self, caregiver: str) -> Route:
        for r in self.routes:
            if r.caregiver == caregiver:
                return r
        raise KeyError(caregiver)


def timetable(problem: Problem, sequences: Mapping[str, Sequence[str]]) -> Timetable:
    """Start times for ``sequences`` (caregiver id -> visit ids in the order they are done).

    Pass every route of the day that is linked to the ones changed (simplest: all of them); a
    caregiver left out counts as having no visits, so a partner on that route cannot be waited
    for. Visits need not be qualified for their caregiver, and one half of a pair may be missing:
    a hand edit may do that and the evaluator reports it. Raises :class:`ProblemError` for an
    unknown caregiver or visit, a visit twice on one route, or on more routes than its ``staff``.
    """
    c = engine.compile_problem(problem)
    route_index = {cg.id: r for r, cg in enumerate(problem.caregivers)}
    visit_index = {v.id: i for i, v in enumerate(problem.visits)}
    used: set[int] = set()
    tasks: list[list[int]] = [[] for _ in problem.caregivers]
    for cid, visits in sequences.items():
        r = route_index.get(cid)
        if r is None:
            raise ProblemError(f"timetable: unknown caregiver {cid!r}")
        seen: set[str] = set()
        for vid in visits:
            vi = visit_index.get(vid)
            if vi is None:
                raise ProblemError(f"timetable: {cid}: unknown visit {vid!r}")
            if vid in seen:
                raise ProblemError(f"timetable: {cid}: visit {vid!r} twice on one route")
            seen.add(vid)
            free = [t for t in c.tasks_of_visit[vi] if t not in used]
            if not free:
                staff = problem.visits[vi].staff
                raise ProblemError(
                    f"timetable: visit {vid!r} is on more routes than its staff ({staff})"
                )
            used.add(free[0])
            tasks[r].append(free[0])
    st = engine.timed(c, tasks)
    by_id = {r.caregiver: r for r in engine.to_routes(c, st)}
    return Timetable(tuple(by_id[cid] for cid in sequences), synchronised=not st.deadlock)

"""Re-planning: apply a change to the day and re-solve from the current plan, moving few visits.

Every visit that keeps its place in the plan stays with its caregiver unless moving it saves more
than ``move_cost``; the result reports how many visits changed caregiver (``Result.moved``; a
visit that was planned and is now left out counts as moved too).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from hverdag.planning.model import Link, Problem, ProblemError, Route, Visit
from hverdag.planning.params import Params
from hverdag.planning.solve import Result, solve
from hverdag.planning.stop import StoppingCriterion


@dataclass(frozen=True)
class CaregiverSick:
    """A caregiver drops out for the day; their visits must go to others (or stay unplanned)."""

    caregiver: str


@dataclass(frozen=True)
class VisitAdded:
    visit: Visit
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class VisitCancelled:
    visit: str


Change = CaregiverSick | VisitAdded | VisitCancelled


def apply_change(problem: Problem, change: Change) -> Problem:
    """The problem after ``change``; raises :class:`ProblemError` if it names nothing known."""
    if isinstance(change, CaregiverSick):
        cid = change.caregiver
        if cid not in {c.id for c in problem.caregivers}:
            raise ProblemError(f"change: unknown caregiver {cid!r}")
        visits = tuple(
            dataclasses.replace(
                v,
                preferred=v.preferred - {cid},
                forbidden=v.forbidden - {cid},
                pinned_caregiver=None if v.pinned_caregiver == cid else v.pinned_caregiver,
            )
            for v in problem.visits
        )
        return dataclasses.replace(
            problem,
            caregivers=tuple(c for c in problem.caregivers if c.id != cid),
            visits=visits,
        )
    if isinstance(change, VisitAdded):
        return dataclasses.replace(
            problem,
            visits=(*problem.visits, change.visit),
            links=(*problem.links, *change.links),
        )
    vid = change.visit
    if vid not in {v.id for v in problem.visits}:
        raise ProblemError(f"change: unknown visit {vid!r}")
    return dataclasses.replace(
        problem,
        visits=tuple(v for v in problem.visits if v.id != vid),
        links=tuple(lk for lk in problem.links if vid not in (lk.first, lk.second)),
    )


def _assignment(routes: Sequence[Route]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for r in routes:
        for s in r.stops:
            out.setdefault(s.visit, set()).add(r.caregiver)
    return {v: frozenset(cs) for v, cs in out.items()}


def replan(
    problem: Problem,
    current: Sequence[Route],
    change: Change,
    stop: StoppingCriterion,
    seed: int = 0,
    move_cost: float = 100.0,
    params: Params | None = None,
) -> Result:
    """Re-solve ``problem`` after ``change``, starting from ``current`` and keeping it stable."""
    new = apply_change(problem, change)
    known_caregivers = {c.id for c in new.caregivers}
    known_visits = {v.id for v in new.visits}
    kept = [
        Route(r.caregiver, tuple(s for s in r.stops if s.visit in known_visits), r.break_start)
        for r in current
        if r.caregiver in known_caregivers
    ]
    before = _assignment(current)
    cg_index = {c.id: i for i, c in enumerate(new.caregivers)}
    home: dict[int, frozenset[int]] = {}
    for vi, v in enumerate(new.visits):
        if v.id in before:
            home[vi] = frozenset(cg_index[c] for c in before[v.id] if c in cg_index)

    def extra(vi: int, r: int) -> float:
        h = home.get(vi)
        return move_cost if h is not None and r not in h else 0.0

    result = solve(new, stop, seed, initial=kept, extra_cost=extra, params=params)
    after = _assignment(result.routes)
    moved = sum(
        1 for v, cs in before.items() if v in known_visits and after.get(v, frozenset()) != cs
    )
    return dataclasses.replace(result, moved=moved)

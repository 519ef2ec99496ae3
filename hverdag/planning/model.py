"""The planning problem: caregivers, visits, links between visits, weights, and plans.

Everything here is an immutable, picklable value, validated on construction. A rule that is broken
raises :class:`ProblemError` naming the object, the field and the rule, so bad input never reaches
the solver. Times are minutes (floats; the benchmark uses fractional travel times).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from hverdag.planning.travel import TransportMode, TravelTimes


class ProblemError(ValueError):
    """The problem (or a plan for it) is malformed; the message names what and why."""


def _frozen(value: Iterable[str] | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset([value])
    return frozenset(value)


def _finite(owner: str, name: str, value: float) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise ProblemError(f"{owner}: {name} must be a finite number, got {value!r}")


@dataclass(frozen=True)
class Break:
    """One break per shift: ``duration`` minutes starting between ``earliest`` and ``latest``."""

    earliest: float
    latest: float
    duration: float

    def __post_init__(self) -> None:
        for name in ("earliest", "latest", "duration"):
            _finite("break", name, getattr(self, name))
        if self.duration <= 0:
            raise ProblemError(f"break: duration must be > 0, got {self.duration}")
        if self.latest < self.earliest:
            raise ProblemError(
                f"break: window closes ({self.latest}) before it opens ({self.earliest})"
            )


@dataclass(frozen=True)
class Caregiver:
    """A caregiver's day: shift window, where it starts and ends, skills, break, transport."""

    id: str
    shift_start: float
    shift_end: float
    start_location: int
    end_location: int
    skills: AbstractSet[str] = frozenset()
    transport: TransportMode = TransportMode.CAR
    break_rule: Break | None = None
    #: Minutes the shift may run over (costed per minute by ``Weights.overtime``).
    max_overtime: float = 0.0
    #: Load limit over the day (sum of visit ``demand``); ``None`` = no limit.
    capacity: float | None = None

    def __post_init__(self) -> None:
        who = f"caregiver {self.id!r}"
        if not isinstance(self.id, str) or not self.id:
            raise ProblemError(f"caregiver id must be a non-empty string, got {self.id!r}")
        object.__setattr__(self, "skills", _frozen(self.skills))
        try:
            object.__setattr__(self, "transport", TransportMode(self.transport))
        except ValueError:
            modes = ", ".join(m.value for m in TransportMode)
            raise ProblemError(
                f"{who}: unknown transport mode {self.transport!r} (one of {modes})"
            ) from None
        for name in ("shift_start", "shift_end", "max_overtime"):
            _finite(who, name, getattr(self, name))
        if self.shift_end <= self.shift_start:
            raise ProblemError(
                f"{who}: empty shift (shift_end {self.shift_end} <= shift_start {self.shift_start})"
            )
        if self.max_overtime < 0:
            raise ProblemError(f"{who}: max_overtime must be >= 0, got {self.max_overtime}")
        if self.capacity is not None:
            _finite(who, "capacity", self.capacity)
            if self.capacity < 0:
                raise ProblemError(f"{who}: capacity must be >= 0, got {self.capacity}")
        if self.break_rule is not None and (
            self.break_rule.earliest < self.shift_start
            or self.break_rule.latest + self.break_rule.duration
            > self.shift_end + self.max_overtime
        ):
            raise ProblemError(f"{who}: break window lies outside the shift")


@dataclass(frozen=True)
class Visit:
    """A visit to a client.

    ``earliest`` is a hard earliest start. Starting after ``latest`` costs lateness per minute, or
    is forbidden when ``hard_latest``. ``staff = 2`` asks for two caregivers who start together;
    both need ``skills``. A visit done by two caregivers with *different* skills, or one that must
    follow another visit, is two visits joined by a :class:`Link`.
    """

    id: str
    client: str
    location: int
    earliest: float
    latest: float
    duration: float
    skills: AbstractSet[str] = frozenset()
    staff: int = 1
    hard_latest: bool = False
    preferred: AbstractSet[str] = frozenset()
    forbidden: AbstractSet[str] = frozenset()
    pinned_caregiver: str | None = None
    pinned_start: float | None = None
    #: Load taken from the caregiver's ``capacity`` (0 for ordinary home-care visits).
    demand: float = 0.0

    def __post_init__(self) -> None:
        who = f"visit {self.id!r}"
        if not isinstance(self.id, str) or not self.id:
            raise ProblemError(f"visit id must be a non-empty string, got {self.id!r}")
        for name in ("skills", "preferred", "forbidden"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        for name in ("earliest", "latest", "duration", "demand"):
            _finite(who, name, getattr(self, name))
        if self.demand < 0:
            raise ProblemError(f"{who}: negative demand {self.demand}")
        if self.duration < 0:
            raise ProblemError(f"{who}: negative duration {self.duration}")
        if self.latest < self.earliest:
            raise ProblemError(
                f"{who}: time window closes ({self.latest}) before it opens ({self.earliest})"
            )
        if self.staff not in (1, 2):
            raise ProblemError(f"{who}: staff must be 1 or 2, got {self.staff!r}")
        if self.pinned_start is not None:
            _finite(who, "pinned_start", self.pinned_start)
            if self.pinned_start < self.earliest or (
                self.hard_latest and self.pinned_start > self.latest
            ):
                raise ProblemError(f"{who}: pinned_start {self.pinned_start} is outside its window")
        if self.pinned_caregiver is not None and self.pinned_caregiver in self.forbidden:
            raise ProblemError(f"{who}: pinned caregiver {self.pinned_caregiver!r} is forbidden")
        if self.pinned_caregiver is not None and self.staff != 1:
            raise ProblemError(f"{who}: a pinned caregiver needs staff = 1")


@dataclass(frozen=True)
class Link:
    """``second`` starts between ``min_gap`` and ``max_gap`` minutes after ``first``.

    ``min_gap = max_gap = 0`` synchronises the two visits. ``distinct`` asks for two different
    caregivers (a double-staffed visit with two skills).
    """

    first: str
    second: str
    min_gap: float = 0.0
    max_gap: float = 0.0
    distinct: bool = True

    def __post_init__(self) -> None:
        who = f"link {self.first!r} -> {self.second!r}"
        _finite(who, "min_gap", self.min_gap)
        _finite(who, "max_gap", self.max_gap)
        if self.first == self.second:
            raise ProblemError(f"{who}: a visit cannot be linked to itself")
        if self.min_gap < 0:
            raise ProblemError(f"{who}: min_gap must be >= 0, got {self.min_gap}")
        if self.max_gap < self.min_gap:
            raise ProblemError(f"{who}: max_gap {self.max_gap} < min_gap {self.min_gap}")

    @property
    def synchronised(self) -> bool:
        return self.min_gap == 0 and self.max_gap == 0


@dataclass(frozen=True)
class Weights:
    """Objective weights. The objective is a weighted sum, see ``docs/planning.md``."""

    travel: float = 1.0
    lateness: float = 1.0
    max_lateness: float = 0.0
    overtime: float = 2.0
    #: Per visit done by a caregiver the client has not had before (see ``Problem.familiar``).
    continuity: float = 10.0
    #: Per visit with preferred caregivers done by someone else.
    preference: float = 5.0
    #: Per visit left unassigned.
    unassigned: float = 10_000.0

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            _finite("weights", name, value)
            if value < 0:
                raise ProblemError(f"weights: {name} must be >= 0, got {value}")


@dataclass(frozen=True)
class Problem:
    """A day to plan. ``skills`` declares the known skills (``None``: the caregivers' skills)."""

    caregivers: tuple[Caregiver, ...]
    visits: tuple[Visit, ...]
    travel: TravelTimes
    links: tuple[Link, ...] = ()
    skills: frozenset[str] | None = None
    #: (client, caregiver id) pairs: caregivers the client already knows.
    familiar: frozenset[tuple[str, str]] = frozenset()
    weights: Weights = field(default_factory=Weights)

    def __post_init__(self) -> None:
        object.__setattr__(self, "caregivers", tuple(self.caregivers))
        object.__setattr__(self, "visits", tuple(self.visits))
        object.__setattr__(self, "links", tuple(self.links))
        object.__setattr__(self, "familiar", frozenset(self.familiar))
        if not isinstance(self.travel, TravelTimes):
            raise ProblemError("travel must provide size, time() and matrix() (TravelTimes)")
        declared = (
            frozenset().union(*(c.skills for c in self.caregivers))
            if self.skills is None
            else frozenset(self.skills)
        )
        object.__setattr__(self, "skills", declared)
        n = self.travel.size
        seen: set[str] = set()
        for c in self.caregivers:
            if c.id in seen:
                raise ProblemError(f"caregiver {c.id!r}: duplicate id")
            seen.add(c.id)
            for name in ("start_location", "end_location"):
                loc = getattr(c, name)
                if not 0 <= loc < n:
                    raise ProblemError(
                        f"caregiver {c.id!r}: {name} {loc} is not a location (0..{n - 1})"
                    )
            unknown = c.skills - declared
            if unknown:
                raise ProblemError(f"caregiver {c.id!r}: unknown skill {sorted(unknown)[0]!r}")
        caregiver_ids = seen
        seen = set()
        for v in self.visits:
            if v.id in seen:
                raise ProblemError(f"visit {v.id!r}: duplicate id")
            seen.add(v.id)
            if not 0 <= v.location < n:
                raise ProblemError(f"visit {v.id!r}: location {v.location} is not a location")
            unknown = v.skills - declared
            if unknown:
                raise ProblemError(f"visit {v.id!r}: unknown skill {sorted(unknown)[0]!r}")
            for name in ("preferred", "forbidden"):
                strangers = getattr(v, name) - caregiver_ids
                if strangers:
                    raise ProblemError(
                        f"visit {v.id!r}: {name} names unknown caregiver {sorted(strangers)[0]!r}"
                    )
            if v.pinned_caregiver is not None and v.pinned_caregiver not in caregiver_ids:
                raise ProblemError(
                    f"visit {v.id!r}: pinned to unknown caregiver {v.pinned_caregiver!r}"
                )
        pairs: set[tuple[str, str]] = set()
        for link in self.links:
            for end in (link.first, link.second):
                if end not in seen:
                    raise ProblemError(
                        f"link {link.first!r} -> {link.second!r}: unknown visit {end!r}"
                    )
            key = (min(link.first, link.second), max(link.first, link.second))
            if key in pairs:
                raise ProblemError(f"link {link.first!r} -> {link.second!r}: duplicate link")
            pairs.add(key)
        self._check_cycles()

    def _check_cycles(self) -> None:
        """Precedence links (min_gap > 0) must not form a cycle: no order could satisfy them."""
        succ: dict[str, list[str]] = {}
        for link in self.links:
            if link.min_gap > 0:
                succ.setdefault(link.first, []).append(link.second)
        state: dict[str, int] = {}
        for root in succ:
            if state.get(root):
                continue
            stack: list[tuple[str, int]] = [(root, 0)]
            path: list[str] = []
            while stack:
                node, i = stack.pop()
                if i == 0:
                    state[node] = 1
                    path.append(node)
                children = succ.get(node, [])
                if i < len(children):
                    stack.append((node, i + 1))
                    child = children[i]
                    if state.get(child) == 1:
                        cycle = [*path[path.index(child) :], child]
                        raise ProblemError("precedence cycle: " + " -> ".join(cycle))
                    if not state.get(child):
                        stack.append((child, 0))
                else:
                    state[node] = 2
                    path.pop()

    # Convenience look-ups -------------------------------------------------------------------
    def visit(self, visit_id: str) -> Visit:
        for v in self.visits:
            if v.id == visit_id:
                return v
        raise KeyError(visit_id)

    def caregiver(self, caregiver_id: str) -> Caregiver:
        for c in self.caregivers:
            if c.id == caregiver_id:
                return c
        raise KeyError(caregiver_id)

    def qualified(self, visit: Visit, caregiver: Caregiver) -> bool:
        """May ``caregiver`` do ``visit`` (skills, forbidden, pinned)?"""
        if not visit.skills <= caregiver.skills or caregiver.id in visit.forbidden:
            return False
        return visit.pinned_caregiver is None or visit.pinned_caregiver == caregiver.id


@dataclass(frozen=True)
class Stop:
    """One visit on a route and the minute its service starts."""

    visit: str
    start: float


@dataclass(frozen=True)
class Route:
    """A caregiver's day in order. ``break_start`` is when the break begins, if one is taken."""

    caregiver: str
    stops: tuple[Stop, ...]
    break_start: float | None = None

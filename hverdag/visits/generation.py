"""Concrete visits from the service lines of standing decisions, over a rolling horizon.

A run makes one municipality's visits from ``first`` to ``last`` match what its decisions
say, and writes only the difference:

- create the visits a line produces that do not exist yet; on a public holiday (practical
  household help) or a day the client is away they are created *cancelled*, so the record
  shows why nobody came;
- update team, window and minutes of planned visits when the line or the client changed;
- cancel planned visits a line no longer produces (decision changed, ended, shortened);
- restore visits it cancelled itself once the reason is gone (an absence withdrawn).

Never touched: done visits, visits before ``today``, visits with a locked entry in a draft
or published plan (and their partner), visits a planner cancelled. Nothing is deleted.

The key of a generated visit is (line, date, slot, position), the model's unique
constraint; a second run over the same range writes nothing. The work is a handful of
queries, a pure-Python comparison and bulk writes, all in one transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from hverdag.clients.models import Client, ClientAbsence
from hverdag.decisions.models import Decision, DecisionStatus, ServiceCategory, ServiceLine
from hverdag.org.models import Municipality
from hverdag.visits import bulk
from hverdag.visits.bulk import Key, NewVisit, Pairing, Target
from hverdag.visits.holidays import public_holidays
from hverdag.visits.models import CancelReason, PlanEntry, PlanStatus, Visit, VisitStatus

#: A change is a new version with new lines, so only the standing version produces visits.
#: An approved decision not yet sent may still be discarded (and its lines with it), and the
#: client has not been told: its visits come when the letter goes.
PRODUCING_STATUSES = (DecisionStatus.SENT, DecisionStatus.ACTIVE)

#: Household help pauses on public holidays, as municipal home help does. Personal care
#: (hygiene, meals) is practical assistance in law too, but it is a daily need like health
#: care: nobody's breakfast help stops on Christmas Day.
PAUSED_ON_HOLIDAYS = frozenset({ServiceCategory.HOUSEHOLD, ServiceCategory.ADDITIONAL})

#: The window of a line that names none: the day service's opening hours.
DEFAULT_WINDOW = (dt.time(8, 0), dt.time(21, 0))

#: The rolling horizon the daily job and the command keep generated.
HORIZON_DAYS = 28

#: Reasons the generator gives itself and may take back; a planner's cancellation stays.
AUTOMATIC_REASONS = frozenset(
    {CancelReason.CLIENT_ABSENT, CancelReason.PUBLIC_HOLIDAY, CancelReason.DECISION_CHANGED}
)

#: A locked entry holds its visit only while its plan is still in force.
HOLDING_PLAN_STATUSES = (PlanStatus.DRAFT, PlanStatus.PUBLISHED)

M = TypeVar("M", Visit, ServiceLine, ClientAbsence, PlanEntry, Decision)


@dataclass(frozen=True)
class GenerationReport:
    """What one run did, in visits (a double-staffed slot counts two)."""

    created: int = 0
    updated: int = 0
    cancelled: int = 0
    restored: int = 0
    unchanged: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, int | float]:
        return dataclasses.asdict(self)


class Stored(NamedTuple):
    """A generated visit as the run read it."""

    pk: int
    partner_id: int | None
    target: Target


class LineSpec(NamedTuple):
    """A service line reduced to what generation needs, with its dates for this run."""

    id: int
    client_id: int
    team_id: int
    provider_id: int
    service_id: int
    paused_on_holidays: bool
    weekdays: frozenset[int]
    every_n_weeks: int
    #: The Monday of the decision's first week: every-n-weeks counts from there.
    anchor: dt.date
    first: dt.date
    last: dt.date
    times_per_day: int
    staff_count: int
    minutes: int
    window: tuple[dt.time, dt.time]


@dataclass(frozen=True)
class RunScope:
    """Which visits a run may look at: one municipality, a date range, maybe some clients."""

    municipality_id: int
    first: dt.date
    last: dt.date
    clients: QuerySet[Client] | None = None

    def limit(self, rows: QuerySet[M], client_path: str) -> QuerySet[M]:
        if self.clients is None:
            return rows
        return rows.filter(**{f"{client_path}__in": self.clients.values("pk")})


# Entry points ----------------------------------------------------------------------------


def generate_visits(
    municipality: Municipality,
    first: dt.date,
    last: dt.date,
    *,
    today: dt.date | None = None,
    clients: QuerySet[Client] | None = None,
) -> GenerationReport:
    """Make the visits of ``municipality`` from ``first`` to ``last`` match its decisions.

    ``today`` (default: the local date) is the first day that may change; earlier days
    are history. ``clients`` limits the run, e.g. to one client after a decision changed.
    """
    if last < first:
        raise ValueError(f"last ({last}) is before first ({first})")
    started = time.perf_counter()
    today = today or timezone.localdate()
    scope = RunScope(municipality.pk, max(first, today), last, clients)
    if scope.first > scope.last:
        return GenerationReport(seconds=round(time.perf_counter() - started, 3))
    with transaction.atomic():
        # Two runs for one municipality (the daily job and a decision change) queue here
        # instead of racing to insert the same keys. NO KEY: a plain FOR UPDATE would also
        # hold up every insert that references the municipality (its foreign-key check)
        # for the whole run.
        lock = Municipality.objects.select_for_update(no_key=True).filter(pk=municipality.pk)
        list(lock.values("pk"))
        counts = _run(scope)
    return dataclasses.replace(counts, seconds=round(time.perf_counter() - started, 3))


def generate_for_client(
    client: Client, first: dt.date, last: dt.date, *, today: dt.date | None = None
) -> GenerationReport:
    """Regenerate one client's visits, e.g. right after one of their decisions changed."""
    return generate_visits(
        client.municipality,
        first,
        last,
        today=today,
        clients=Client.objects.filter(pk=client.pk),
    )


def generate_all(
    first: dt.date, last: dt.date, *, today: dt.date | None = None
) -> dict[str, GenerationReport]:
    """Every municipality, each in its own transaction; keyed by municipality number."""
    return {
        municipality.number: generate_visits(municipality, first, last, today=today)
        for municipality in Municipality.objects.order_by("number")
    }


# The calendar: what a line produces on which day -----------------------------------------


def slot_windows(
    day: dt.date, start: dt.time, end: dt.time, parts: int, zone: ZoneInfo
) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
    """``start``–``end`` on ``day`` cut into ``parts`` consecutive, equal windows.

    Cut on the local clock, so a series keeps its clock time across a daylight-saving
    change, and in whole minutes, so planners see round times.
    """
    begin = start.hour * 60 + start.minute
    total = end.hour * 60 + end.minute - begin
    bounds = [begin + total * i // parts for i in range(parts + 1)]
    return tuple(
        (_local(day, bounds[i], zone), _local(day, bounds[i + 1], zone)) for i in range(parts)
    )


def _local(day: dt.date, minute: int, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=zone)


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def produces_on(line: LineSpec, day: dt.date) -> bool:
    """Whether ``line`` has visits on ``day`` (its weekday, in one of its weeks)."""
    if day.isoweekday() not in line.weekdays:
        return False
    weeks = (monday(day) - line.anchor).days // 7
    return weeks % line.every_n_weeks == 0


@dataclass
class Calendar:
    """Holidays, absences and the (cached) slot windows of one run."""

    holidays: frozenset[dt.date]
    absent: frozenset[tuple[int, dt.date]]
    zone: ZoneInfo
    _windows: dict[
        tuple[tuple[dt.time, dt.time], int, dt.date], tuple[tuple[dt.datetime, dt.datetime], ...]
    ] = field(default_factory=dict)

    def windows(self, line: LineSpec, day: dt.date) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
        # Most lines share a handful of windows; building aware datetimes once per day and
        # window instead of once per visit is a large part of the run time saved.
        key = (line.window, line.times_per_day, day)
        cached = self._windows.get(key)
        if cached is None:
            start, end = line.window
            cached = slot_windows(day, start, end, line.times_per_day, self.zone)
            self._windows[key] = cached
        return cached

    def status(self, line: LineSpec, day: dt.date) -> tuple[str, str]:
        """The status a visit gets; a holiday outranks an absence, as it outlasts a withdrawal."""
        if line.paused_on_holidays and day in self.holidays:
            return VisitStatus.CANCELLED, CancelReason.PUBLIC_HOLIDAY
        if (line.client_id, day) in self.absent:
            return VisitStatus.CANCELLED, CancelReason.CLIENT_ABSENT
        return VisitStatus.PLANNED, ""


def targets(line: LineSpec, calendar: Calendar) -> Iterator[tuple[Key, Target]]:
    """Every visit ``line`` produces from ``line.first`` to ``line.last``."""
    day = line.first
    one_day = dt.timedelta(days=1)
    while day <= line.last:
        if produces_on(line, day):
            status, reason = calendar.status(line, day)
            for slot, (start, end) in enumerate(calendar.windows(line, day)):
                target = Target(
                    line.team_id,
                    line.provider_id,
                    line.service_id,
                    start,
                    end,
                    line.minutes,
                    status,
                    reason,
                )
                for position in range(1, line.staff_count + 1):
                    yield (line.id, day, slot, position), target
        day += one_day


# Loading: one query each ------------------------------------------------------------------


def load_lines(scope: RunScope) -> list[LineSpec]:
    """The lines of standing decisions that overlap the run, cut to their producing days."""
    successors = _successor_starts(scope)
    rows = (
        ServiceLine.objects.filter(
            decision__municipality_id=scope.municipality_id,
            decision__status__in=PRODUCING_STATUSES,
            decision__valid_from__lte=scope.last,
            # A client marked inactive (moved, died) gets no new visits; the decision is
            # ended by the caseworker, and until then the planner must not send anyone.
            decision__client__active=True,
        )
        .filter(Q(decision__valid_to__isnull=True) | Q(decision__valid_to__gte=scope.first))
        .order_by("pk")
    )
    values = scope.limit(rows, "decision__client").values_list(
        "pk",
        "decision_id",
        "decision__client_id",
        "decision__client__team_id",
        "provider_id",
        "service_id",
        "service__category",
        "weekdays",
        "every_n_weeks",
        "times_per_day",
        "staff_count",
        "minutes_per_visit",
        "window_start",
        "window_end",
        "decision__valid_from",
        "decision__valid_to",
    )
    lines = []
    for (
        pk,
        decision_id,
        client_id,
        team_id,
        provider_id,
        service_id,
        category,
        weekdays,
        every_n_weeks,
        times_per_day,
        staff_count,
        minutes,
        window_start,
        window_end,
        valid_from,
        valid_to,
    ) in values:
        last = min(scope.last, valid_to or scope.last)
        if decision_id in successors:
            last = min(last, successors[decision_id] - dt.timedelta(days=1))
        lines.append(
            LineSpec(
                id=pk,
                client_id=client_id,
                team_id=team_id,
                provider_id=provider_id,
                service_id=service_id,
                paused_on_holidays=category in PAUSED_ON_HOLIDAYS,
                weekdays=frozenset(weekdays),
                every_n_weeks=max(1, every_n_weeks),
                anchor=monday(valid_from),
                first=max(scope.first, valid_from),
                last=last,
                times_per_day=times_per_day,
                staff_count=staff_count,
                minutes=minutes,
                window=_window(window_start, window_end),
            )
        )
    return lines


def _window(start: dt.time | None, end: dt.time | None) -> tuple[dt.time, dt.time]:
    # Validation refuses half or reversed windows; should one slip in, the default keeps a
    # single bad line from failing the whole municipality's run on the visit check.
    if start is None or end is None or end <= start:
        return DEFAULT_WINDOW
    return (start, end)


def _successor_starts(scope: RunScope) -> dict[int, dt.date]:
    """Decision id → first day of the standing version that replaces it.

    A change that is sent but not yet in force leaves its predecessor active;
    without this cut both versions would produce visits from the change's first day.
    """
    rows = Decision.objects.filter(
        municipality_id=scope.municipality_id,
        status__in=PRODUCING_STATUSES,
        previous__isnull=False,
    )
    return {
        previous_id: valid_from
        for previous_id, valid_from in scope.limit(rows, "client").values_list(
            "previous_id", "valid_from"
        )
        if previous_id is not None
    }


def load_stored(scope: RunScope) -> dict[Key, Stored]:
    """The generated visits already in the run's range (hand-made visits have no line)."""
    rows = Visit.objects.filter(
        municipality_id=scope.municipality_id,
        line__isnull=False,
        date__gte=scope.first,
        date__lte=scope.last,
    )
    values = scope.limit(rows, "client").values_list(
        "pk",
        "partner_id",
        "line_id",
        "date",
        "slot",
        "position",
        "team_id",
        "provider_id",
        "service_id",
        "window_start",
        "window_end",
        "minutes",
        "status",
        "cancel_reason",
    )
    stored: dict[Key, Stored] = {}
    for row in values.iterator(bulk.BATCH_SIZE):
        pk, partner_id, line_id, day, slot, position = row[:6]
        assert line_id is not None  # filtered above
        stored[(line_id, day, slot, position)] = Stored(pk, partner_id, Target._make(row[6:]))
    return stored


def load_locked(scope: RunScope) -> set[int]:
    """Visits a planner pinned in a plan that is still in force."""
    rows = PlanEntry.objects.filter(
        locked=True,
        plan__status__in=HOLDING_PLAN_STATUSES,
        visit__municipality_id=scope.municipality_id,
        visit__date__gte=scope.first,
        visit__date__lte=scope.last,
    )
    return set(scope.limit(rows, "visit__client").values_list("visit_id", flat=True))


def load_absent(scope: RunScope) -> frozenset[tuple[int, dt.date]]:
    """(client, day) for every day in the range a standing absence covers."""
    rows = ClientAbsence.objects.filter(
        client__municipality_id=scope.municipality_id,
        withdrawn_at__isnull=True,
        starts_on__lte=scope.last,
        ends_on__gte=scope.first,
    )
    absent = set()
    for client_id, starts_on, ends_on in scope.limit(rows, "client").values_list(
        "client_id", "starts_on", "ends_on"
    ):
        day, end = max(starts_on, scope.first), min(ends_on, scope.last)
        while day <= end:
            absent.add((client_id, day))
            day += dt.timedelta(days=1)
    return frozenset(absent)


def frozen_ids(stored: dict[Key, Stored], locked: set[int]) -> set[int]:
    """Stored visits a run must leave exactly as they are.

    Done and locked visits hold their partner too: changing one half of a double-staffed
    visit would leave the two caregivers with different times.
    """
    held = set(locked)
    held.update(s.pk for s in stored.values() if s.target.status == VisitStatus.DONE)
    partners = set()
    for s in stored.values():
        if s.pk in held and s.partner_id is not None:
            partners.add(s.partner_id)
        elif s.partner_id in held:
            partners.add(s.pk)
    by_planner = {
        s.pk
        for s in stored.values()
        if s.target.status == VisitStatus.CANCELLED
        and s.target.cancel_reason not in AUTOMATIC_REASONS
    }
    return held | partners | by_planner


# Comparing --------------------------------------------------------------------------------


@dataclass
class Changes:
    """The writes one run will make, and the counts for its report."""

    new: dict[Key, NewVisit] = field(default_factory=dict)
    #: Keys of new visits that are one half of a double-staffed slot.
    double: set[Key] = field(default_factory=set)
    #: (status, reason) → visits that only change status: one UPDATE per group.
    status_only: defaultdict[tuple[str, str], list[int]] = field(
        default_factory=lambda: defaultdict(list)
    )
    #: Visits whose team, window or minutes change too (a line or client edited in place).
    rewritten: list[tuple[int, Target]] = field(default_factory=list)
    cancelled: int = 0
    restored: int = 0
    updated: int = 0
    unchanged: int = 0

    def create(self, line: LineSpec, key: Key, target: Target) -> None:
        self.new[key] = NewVisit(line.client_id, target)
        if line.staff_count == 2:
            self.double.add(key)

    def compare(self, old: Stored, target: Target | None) -> None:
        """Record what must change in ``old``; ``target`` None: the line no longer produces it."""
        if target is None:
            if old.target.status != VisitStatus.PLANNED:
                self.unchanged += 1
                return
            target = old.target._replace(
                status=VisitStatus.CANCELLED, cancel_reason=CancelReason.DECISION_CHANGED
            )
        if old.target == target:
            self.unchanged += 1
            return
        was_planned = old.target.status == VisitStatus.PLANNED
        if was_planned and target.status == VisitStatus.CANCELLED:
            self.cancelled += 1
        elif not was_planned and target.status == VisitStatus.PLANNED:
            self.restored += 1
        else:
            self.updated += 1
        same_otherwise = old.target._replace(
            status=target.status, cancel_reason=target.cancel_reason
        )
        if same_otherwise == target:
            self.status_only[(target.status, target.cancel_reason)].append(old.pk)
        else:
            self.rewritten.append((old.pk, target))


def compare(
    lines: Iterable[LineSpec], stored: dict[Key, Stored], frozen: set[int], calendar: Calendar
) -> Changes:
    """What the run must write to make ``stored`` match what ``lines`` produce."""
    changes = Changes()
    produced: set[Key] = set()
    for line in lines:
        for key, target in targets(line, calendar):
            produced.add(key)
            old = stored.get(key)
            if old is None:
                changes.create(line, key, target)
            elif old.pk in frozen:
                changes.unchanged += 1
            else:
                changes.compare(old, target)
    for key, old in stored.items():
        if key in produced:
            continue
        if old.pk in frozen:
            changes.unchanged += 1
        else:
            changes.compare(old, None)
    return changes


def pair(changes: Changes, stored: dict[Key, Stored], frozen: set[int]) -> Pairing:
    """Which new visits are linked to which: each other, or a stored other half."""
    pairing = Pairing()
    linked_stored: set[int] = set()
    for key in changes.double:
        line_id, day, slot, position = key
        other_key = (line_id, day, slot, 3 - position)
        if other_key in changes.new:
            if position == 1:
                pairing.both_new.append((key, other_key))
            continue
        # The other half exists already (the line became double-staffed): link to it
        # unless it is frozen or taken.
        other = stored.get(other_key)
        if other is not None and other.partner_id is None and other.pk not in frozen:
            pairing.to_stored[key] = other.pk
            linked_stored.add(other.pk)
    _count_links(changes, linked_stored)
    return pairing


def _count_links(changes: Changes, linked: set[int]) -> None:
    # A stored half that gets a partner is a written row: it moves from unchanged to updated
    # unless it was changed (and counted) already.
    if not linked:
        return
    counted = {pk for pks in changes.status_only.values() for pk in pks}
    counted.update(pk for pk, _ in changes.rewritten)
    moved = len(linked - counted)
    changes.unchanged -= moved
    changes.updated += moved


def write(municipality_id: int, changes: Changes, pairing: Pairing) -> None:
    now = timezone.now()
    bulk.insert(municipality_id, changes.new, pairing, now)
    bulk.set_status(changes.status_only, now, only=still_generated())
    bulk.rewrite(changes.rewritten, now, only=still_generated())


def still_generated() -> Q:
    """Visits the generator may still change when it writes.

    The comparison worked from what it read; a planner may have locked, completed or
    cancelled a visit since. Repeating the rule in the UPDATE leaves those alone.
    """
    held = PlanEntry.objects.filter(
        visit=OuterRef("pk"), locked=True, plan__status__in=HOLDING_PLAN_STATUSES
    )
    by_generator = Q(status=VisitStatus.PLANNED) | Q(
        status=VisitStatus.CANCELLED, cancel_reason__in=AUTOMATIC_REASONS
    )
    return by_generator & Q(~Exists(held))


# The run ----------------------------------------------------------------------------------


def _run(scope: RunScope) -> GenerationReport:
    stored = load_stored(scope)
    frozen = frozen_ids(stored, load_locked(scope))
    calendar = Calendar(
        holidays=public_holidays(scope.first, scope.last),
        absent=load_absent(scope),
        zone=ZoneInfo(timezone.get_default_timezone_name()),
    )
    changes = compare(load_lines(scope), stored, frozen, calendar)
    write(scope.municipality_id, changes, pair(changes, stored, frozen))
    return GenerationReport(
        created=len(changes.new),
        updated=changes.updated,
        cancelled=changes.cancelled,
        restored=changes.restored,
        unchanged=changes.unchanged,
    )

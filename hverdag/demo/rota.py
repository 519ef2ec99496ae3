"""The demo district's rota: who works which day, and a few planned absences.

Pure Python, no Django, like ``generate``: from the staff specs, a date range and the seed.
``hverdag.demo.load`` writes the result as Shift and Absence rows.

How the teams work (a plain version of a home-care turnus):

- Field staff of a team work day shifts 07:30–15:30 (home helpers 08:00–15:30: cleaning
  starts at nine) and evening shifts 15:00–22:30.
- Weekdays: how many follows a 4-week rotation (full-time staff four a week, part-timers
  fewer, by their percentage); which ones is balanced each week over the team, nurses
  first, so that every weekday has about as many at work and a nurse by day.
- Weekends: full-time staff every third weekend, part-time staff every second. Part-time
  positions are where weekends are covered in most Norwegian home services; with every
  third weekend for everyone a team has four or five on a Saturday, too few for the
  visits. A worked weekend comes with a day off next to it, the Friday before or the
  Monday after (every other worker).
- Evenings: EVENING_STAFF nurses or health workers each evening, for the medication and
  evening care between 19 and 22. Who takes the evening rotates (fewest evenings so far
  first), and whoever worked an evening works evenings until two days off: an evening
  ending 22:30 leaves too little rest before a day shift (§ 10-8 (1): 11 hours to the next
  day; § 10-8 (2): 35 hours in the week, 33 over a single day off).
- District-wide staff and private providers' helpers work weekday day shifts 08:00–15:30;
  the private helpers also their provider's weekends. Desk staff have no shifts.

Dates: the rotation counts from ROTA_EPOCH in blocks of 12 weeks (4-week weekdays, 3- and
2-week weekends), so a date falls on the same turn whichever range is asked for within its
block; the seed decides who takes which turn.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from hverdag.demo.spec import MUNICIPAL, ClientSpec, StaffSpec
from hverdag.staff import working_time

# The Monday of the week of generate.REFERENCE_DATE: week 0 of every cycle.
ROTA_EPOCH = dt.date(2025, 12, 29)
ROTATION_WEEKS = 4
BLOCK_DAYS = 12 * 7  # weekdays repeat every 4 weeks, weekends every 3 or 2: all in 12

DAY = ("day", dt.time(7, 30), dt.time(15, 30))
LATE_DAY = ("day", dt.time(8, 0), dt.time(15, 30))
EVENING = ("evening", dt.time(15, 0), dt.time(22, 30))

# A full-time turnus with evenings and every third weekend is 35.5 hours a week in the
# municipal collective agreement: about 4.7 shifts of seven and a half hours.
FULL_TIME_SHIFTS_PER_WEEK = 35.5 / 7.5
FULL_TIME_WEEKEND_EVERY = 3
PART_TIME_WEEKEND_EVERY = 2
# Each team has 7-9 hours of visits between 19 and 22 (needs.py): three on the evening.
EVENING_STAFF = 3
CARERS = ("nurse", "health_worker")
ONE_DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(days=7)

HOLIDAY_NOTE = "Ferie"
COURSE_NOTES = (
    "Kurs i legemiddelhåndtering",
    "Kurs i forflytning og bruk av personløfter",
    "Kurs i sårbehandling",
    "Fagdag demens",
)


@dataclass(frozen=True)
class ShiftSpec:
    username: str
    date: dt.date
    kind: str  # staff.ShiftKind value
    starts_at: dt.time
    ends_at: dt.time
    break_minutes: int

    @property
    def minutes(self) -> int:
        """The shift's length, break included."""
        return working_time.minutes_between(
            working_time.local(self.date, self.starts_at),
            working_time.local(self.date, self.ends_at),
        )


@dataclass(frozen=True)
class AbsenceSpec:
    username: str
    kind: str  # staff.AbsenceKind value
    starts_on: dt.date
    ends_on: dt.date
    note: str
    registered_by: str  # username of the team leader


@dataclass(frozen=True)
class Rota:
    shifts: tuple[ShiftSpec, ...]
    absences: tuple[AbsenceSpec, ...]


def _week(monday: dt.date) -> int:
    return (monday - ROTA_EPOCH).days // 7


@dataclass
class _Worker:
    spec: StaffSpec
    position: int  # place in the rotation order: turns and the day off next to a weekend
    weekend_every: int | None  # None: no weekends
    weekend_group: int
    evenings: bool
    day_shift: tuple[str, dt.time, dt.time]
    evenings_worked: int = 0
    last_evening: dt.date | None = None

    @property
    def username(self) -> str:
        return self.spec.username

    def works_weekend(self, monday: dt.date) -> bool:
        if self.weekend_every is None:
            return False
        return (_week(monday) + self.weekend_group) % self.weekend_every == 0

    def weekday_count(self, monday: dt.date) -> int:
        """How many weekdays the worker works in the week starting ``monday``."""
        share = self.spec.employment_percent / 100
        if self.weekend_every is None:
            rate = share * 5  # daytime work: a full-time week is five days
        else:
            # Weekends count towards the hours; a full-time week keeps four weekdays.
            rate = min(4.0, share * FULL_TIME_SHIFTS_PER_WEEK - 2 / self.weekend_every)
        # The fraction spread over the 4-week rotation (Bresenham), each worker in step.
        turn = (_week(monday) + self.position) % ROTATION_WEEKS
        return max(0, min(5, math.floor((turn + 1) * rate) - math.floor(turn * rate)))

    def day_off_by_weekend(self, monday: dt.date) -> int | None:
        """The weekday (0-4) off that goes with a worked weekend this week, if any."""
        if self.position % 2 == 0:
            return 4 if self.works_weekend(monday) else None
        return 0 if self.works_weekend(monday - WEEK) else None


class _Team:
    """One rota group (a team, a provider's helpers, the district-wide staff)."""

    def __init__(self, workers: list[_Worker]) -> None:
        self.workers = workers
        self._weeks: dict[dt.date, dict[str, frozenset[int]]] = {}

    def works(self, w: _Worker, day: dt.date) -> bool:
        monday = day - dt.timedelta(days=day.weekday())
        if day.weekday() >= 5:
            return w.works_weekend(monday)
        if monday not in self._weeks:
            self._weeks[monday] = self._plan_week(monday)
        return day.weekday() in self._weeks[monday][w.username]

    def _plan_week(self, monday: dt.date) -> dict[str, frozenset[int]]:
        """Who works which weekday: each takes the least staffed days still open to them.

        Nurses go first and are balanced among themselves, so every day has nurses; then
        the rest by the whole count. Ties rotate with the week, so days off move.
        """
        week = _week(monday)
        everyone: Counter[int] = Counter()
        by_profession: dict[str, Counter[int]] = {}
        plan: dict[str, frozenset[int]] = {}
        order = sorted(self.workers, key=lambda w: (w.spec.profession != "nurse", w.position))
        for w in order:
            blocked = w.day_off_by_weekend(monday)
            open_days = [d for d in range(5) if d != blocked]
            same = by_profession.setdefault(w.spec.profession, Counter())
            ranked = sorted(
                open_days, key=lambda d: (same[d], everyone[d], (d - week - w.position) % 5)
            )
            count = w.weekday_count(monday)
            if w.works_weekend(monday) and 0 in ranked and count >= len(ranked) - 1:
                # A single day off on the Monday of a worked weekend leaves the week 31.5
                # hours of rest (from midnight), short of § 10-8 (2): work the Monday.
                ranked.remove(0)
                ranked.insert(0, 0)
            chosen = ranked[:count]
            everyone.update(chosen)
            same.update(chosen)
            plan[w.username] = frozenset(chosen)
        return plan


def _teams(staff: Sequence[StaffSpec], seed: int) -> dict[str, _Team]:
    """The field staff by rota group (team slug or provider key), in rotation order."""
    groups: dict[str, list[StaffSpec]] = {}
    for s in staff:
        if s.role == "field_staff":
            groups.setdefault(s.team or s.provider, []).append(s)
    result: dict[str, _Team] = {}
    for key, members in sorted(groups.items()):
        # A string seed is hashed with SHA-512: the same on every run, unlike hash().
        rng = random.Random(f"{seed}:rota:{key}")
        members = sorted(members, key=lambda s: s.username)
        rng.shuffle(members)
        # Carers first, so that the weekend groups below spread them evenly.
        members.sort(key=lambda s: s.profession not in CARERS)
        counters = {FULL_TIME_WEEKEND_EVERY: 0, PART_TIME_WEEKEND_EVERY: 0}
        workers = []
        for position, s in enumerate(members):
            in_team = s.team is not None
            every: int | None = None
            if in_team or s.provider != MUNICIPAL:
                full = s.employment_percent >= 100
                every = FULL_TIME_WEEKEND_EVERY if full else PART_TIME_WEEKEND_EVERY
            group = 0
            if every is not None:
                group = counters[every] % every
                counters[every] += 1
            carer = in_team and s.profession in CARERS
            workers.append(
                _Worker(
                    spec=s,
                    position=position,
                    weekend_every=every,
                    weekend_group=group,
                    evenings=carer,
                    day_shift=DAY if carer else LATE_DAY,
                )
            )
        result[key] = _Team(workers)
    return result


def _shift(worker: _Worker, day: dt.date, kind: tuple[str, dt.time, dt.time]) -> ShiftSpec:
    name, starts, ends = kind
    minutes = working_time.minutes_between(
        working_time.local(day, starts), working_time.local(day, ends)
    )
    return ShiftSpec(
        username=worker.username,
        date=day,
        kind=name,
        starts_at=starts,
        ends_at=ends,
        break_minutes=working_time.required_break_minutes(minutes),
    )


def _single_day_off_ahead(team: _Team, w: _Worker, day: dt.date) -> bool:
    """Whether evenings from ``day`` on would run across a single day off.

    Evenings run until two days off in a row; one day off in between holds the worker to
    evenings beyond it, where others have taken the evening already, and the evening
    crowds while the day shift runs short.
    """
    off = 0
    for i in range(1, 15):
        if team.works(w, day + i * ONE_DAY):
            if off == 1:
                return True
            off = 0
        else:
            off += 1
            if off == 2:
                return False
    return False


def _evening(team: _Team, working: list[_Worker], day: dt.date) -> list[_Worker]:
    """Who works the evening of ``day``: those held to evenings, then by turn."""
    # After an evening (22:30) the next shift within two days is an evening again.
    evening = [
        w for w in working if w.last_evening is not None and (day - w.last_evening).days <= 2
    ]
    spare = [w for w in working if w.evenings and w not in evening]

    def nurses(among: list[_Worker]) -> int:
        return sum(1 for w in among if w.spec.profession == "nurse")

    while len(evening) < EVENING_STAFF and spare:
        day_nurses = nurses([w for w in working if w not in evening])
        # One nurse in the evening is enough; the day needs them for wounds and injections.
        spare_nurse = day_nurses <= 2 or nurses(evening) >= 1
        candidates = [w for w in spare if w.spec.profession != "nurse" or day_nurses > 1]
        if not candidates:
            break
        chosen = min(
            candidates,
            key=lambda w: (
                _single_day_off_ahead(team, w, day),
                w.spec.profession == "nurse" and spare_nurse,
                w.evenings_worked,
                w.position,
            ),
        )
        evening.append(chosen)
        spare.remove(chosen)
    return evening


def _shifts(team: _Team, first: dt.date, last: dt.date) -> list[ShiftSpec]:
    # Run the rota from the start of the 12-week block, so that the turns (evenings so far,
    # evenings in a row) of the first day asked for are those of the calendar.
    block = (first - ROTA_EPOCH).days // BLOCK_DAYS
    day = ROTA_EPOCH + dt.timedelta(days=block * BLOCK_DAYS)
    found: list[ShiftSpec] = []
    while day <= last:
        working = [w for w in team.workers if team.works(w, day)]
        evening = _evening(team, working, day)
        for w in working:
            if w in evening:
                w.evenings_worked += 1
                w.last_evening = day
            if day >= first:
                found.append(_shift(w, day, EVENING if w in evening else w.day_shift))
        day += ONE_DAY
    return found


def _absences(
    teams: dict[str, _Team],
    staff: Sequence[StaffSpec],
    first: dt.date,
    last: dt.date,
    seed: int,
) -> list[AbsenceSpec]:
    """Per team a week's holiday (Monday to Friday) and a course day, for two people."""
    rng = random.Random(f"{seed}:absences:{first.isoformat()}")
    leaders = {s.team: s.username for s in staff if s.role == "team_leader" and s.team}
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    mondays = [d for d in days if d.weekday() == 0 and d + 4 * ONE_DAY <= last]
    weekdays = [d for d in days if d.weekday() < 5]
    keys = [key for key in teams if key in leaders and len(teams[key].workers) >= 2]
    found: list[AbsenceSpec] = []
    if not mondays:
        return found
    # Holidays in different weeks where the range allows: a unit spreads them.
    weeks = rng.sample(mondays, len(mondays))
    for i, key in enumerate(keys):
        away, course = rng.sample(teams[key].workers, 2)
        monday = weeks[i % len(weeks)]
        found.append(
            AbsenceSpec(
                away.username, "holiday", monday, monday + 4 * ONE_DAY, HOLIDAY_NOTE, leaders[key]
            )
        )
        day = rng.choice(weekdays)
        found.append(
            AbsenceSpec(course.username, "course", day, day, rng.choice(COURSE_NOTES), leaders[key])
        )
    return found


def rota(staff: Sequence[StaffSpec], first: dt.date, last: dt.date, *, seed: int) -> Rota:
    """Shifts of every field worker from ``first`` to ``last`` inclusive, and absences.

    Absences leave the shifts in place: the rota is the plan an absence interrupts, and
    the planner leaves out whoever is away (staff.selectors.available_employees).
    """
    teams = _teams(staff, seed)
    shifts = [s for team in teams.values() for s in _shifts(team, first, last)]
    shifts.sort(key=lambda s: (s.date, s.starts_at, s.username))
    return Rota(tuple(shifts), tuple(_absences(teams, staff, first, last, seed)))


# --------------------------------------------------------------------------- demand

# Physiotherapy is the district's physiotherapists'; practical help from a private
# provider is the provider's. The rest is the team's.
NOT_THE_TEAMS = ("physiotherapy",)


def team_visit_minutes(clients: Sequence[ClientSpec], team: str, weekday: int) -> float:
    """Staff minutes of visits the team's decisions ask for on an ISO ``weekday`` (1-7).

    Counted per person (a two-person visit counts twice); a line every second week counts
    half, as the average day does.
    """
    total = 0.0
    for c in clients:
        if c.team != team:
            continue
        for line in c.decision.lines:
            if line.provider != MUNICIPAL or line.service in NOT_THE_TEAMS:
                continue
            if weekday in line.weekdays:
                total += line.times_per_day * line.minutes * line.staff_count / line.every_n_weeks
    return total

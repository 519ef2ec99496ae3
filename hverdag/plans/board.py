"""Read-only data for the planning board: one plan scope, one day, a fixed number of queries.

The board draws what is saved: PlanEntry and PlanRoute rows, and the key figures computed when
the plan was saved (``Plan.figures``). It never builds the planning problem: that costs a
solver-sized amount of work and queries per request, and the board must stay fast for a team
of 25 caregivers and 300 visits. Every query here is one per board, never one per row; the
query-count test in tests/web/test_planning_board.py pins that.

Timeline positions are percentages of the day's range (whole hours around the shifts and
visits), so the page needs no JavaScript to lay out. The map is an SVG drawn from latitude and
longitude with an equirectangular projection fitted to the day's points: no map tiles, no
requests to anyone else's server (client addresses must not leak to a tile provider).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hverdag.core.clock import day_origin, hhmm, local_time_on, minutes_of
from hverdag.planning.travel import HaversineTravel, TransportMode
from hverdag.plans.jobs import current_job
from hverdag.plans.models import OptimisationJob
from hverdag.plans.scope import Scope
from hverdag.plans.services import HANDED_BACK
from hverdag.staff.models import Absence, Employee, Shift
from hverdag.visits.models import Plan, PlanEntry, PlanRoute, PlanStatus, Visit, VisitStatus

# One colour per caregiver, shared by the timeline's name swatch and the map's route; after
# twelve the colours repeat with a dash pattern so routes stay told apart.
PALETTE = (
    "#1f6fb4",
    "#c2362b",
    "#2b8a3e",
    "#7b4fb0",
    "#d9730d",
    "#0f8a94",
    "#8c564b",
    "#c2478f",
    "#5c6670",
    "#8f8a12",
    "#35408f",
    "#4f6b2a",
)
DASHES = ("", "6 3", "2 3")
MAP_WIDTH = 640.0
MAP_PAD = 18.0
# A block narrower than this many minutes gets no text label (the tooltip still has it all).
LABEL_MINUTES = 20


# Visits -------------------------------------------------------------------------------------


@dataclass
class BoardVisit:
    pk: int
    public_id: uuid.UUID
    client: str
    client_short: str
    service: str
    window: str
    minutes: int
    lat: float | None
    lon: float | None
    partner_pk: int | None
    employee_pk: int | None = None
    caregiver: str = ""
    start_min: float | None = None
    end_min: float | None = None
    start: str = ""
    end: str = ""
    locked: bool = False
    late_minutes: int = 0
    early: bool = False
    partner_caregiver: str = ""
    reason: str = ""
    style: str = ""
    label: bool = False
    title: str = ""

    @property
    def double(self) -> bool:
        return self.partner_pk is not None

    @property
    def outside_window(self) -> bool:
        return self.late_minutes > 0 or self.early

    @property
    def assigned(self) -> bool:
        return self.employee_pk is not None


@dataclass
class BoardRow:
    pk: int
    public_id: uuid.UUID
    name: str
    colour: str
    dash: str
    shift: str = ""
    shift_min: tuple[float, float] = (0.0, 0.0)
    break_min: tuple[float, float] | None = None
    shift_style: str = ""
    break_style: str = ""
    break_label: str = ""
    travel_minutes: float = 0.0
    absent: bool = False
    visits: list[BoardVisit] = field(default_factory=list)
    travel: list[str] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    transport: str = TransportMode.CAR

    @property
    def visit_minutes(self) -> int:
        return sum(v.minutes for v in self.visits)


@dataclass(frozen=True)
class FigureRow:
    label: str
    draft: str
    published: str
    delta: str
    trend: str  # "better", "worse", "same" or "" (nothing to compare / neither is better)


@dataclass(frozen=True)
class MapRoute:
    name: str
    colour: str
    dash: str
    points: str


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    label: str
    unassigned: bool = False


@dataclass
class BoardMap:
    width: float
    height: float
    routes: list[MapRoute]
    clients: list[MapPoint]
    bases: list[MapPoint]


@dataclass
class Board:
    scope: Scope
    date: dt.date
    today: dt.date
    draft: Plan | None
    published: Plan | None
    job: OptimisationJob | None
    rows: list[BoardRow]
    unassigned: list[BoardVisit]
    hours: list[tuple[str, str]]
    figures: list[FigureRow]
    histogram: list[tuple[str, int, str]]
    violations: list[str]
    moved: list[dict[str, str]]
    absent_name: str
    map: BoardMap | None
    visits_total: int
    not_in_plan: int
    on_shift: int

    @property
    def plan(self) -> Plan | None:
        """The plan the board shows: the draft being worked on, else the published one."""
        return self.draft or self.published

    @property
    def past(self) -> bool:
        return self.date < self.today

    @property
    def job_active(self) -> bool:
        return self.job is not None and self.job.active

    @property
    def editable(self) -> bool:
        return self.draft is not None and not self.job_active and not self.past

    @property
    def planned_visits(self) -> list[BoardVisit]:
        return [v for r in self.rows for v in r.visits]

    @property
    def sick_choices(self) -> list[BoardRow]:
        """Caregivers who can call in sick: planned today and not already absent."""
        return [r for r in self.rows if not r.absent]


# Reasons and violations, in the reader's language ------------------------------------------

_LINKED = re.compile(r"^linked visit '(?P<visit>[^']+)' could not be planned either$")
_PINNED = re.compile(r"^pinned caregiver '(?P<who>[^']+)' is not qualified or not available$")


def explain_reason(
    raw: str, visit_label: Callable[[str], str], employee_label: Callable[[str], str]
) -> str:
    """Why a visit is unassigned, from the planner's English reason (solve.unassigned_reason)."""
    fixed = {
        "no qualified caregiver": _("No caregiver on shift has the competence the visit needs."),
        "not enough qualified caregivers": _(
            "Too few caregivers on shift have the competence the visit needs."
        ),
        "taken out by the planner": _("Taken out of the plan by the planner."),
        "": _("No reason was recorded."),
    }
    if raw in fixed:
        return fixed[raw]
    if raw.startswith(HANDED_BACK):
        return _("Handed back by the caregiver: %(reason)s") % {
            "reason": raw.removeprefix(HANDED_BACK)
        }
    if raw.startswith("window unreachable"):
        return _("No qualified caregiver can get there within the agreed time.")
    if raw.startswith("shift too short"):
        return _("No qualified caregiver can do it and get back within their shift.")
    if raw.startswith("no room"):
        return _("No room: the qualified caregivers' days are full around the agreed time.")
    if m := _LINKED.match(raw):
        return _("Double-staffed, and the other half (%(visit)s) could not be planned either.") % {
            "visit": visit_label(m["visit"])
        }
    if m := _PINNED.match(raw):
        return _("Locked to %(name)s, who is not qualified or not on duty this day.") % {
            "name": employee_label(m["who"])
        }
    return raw


_T = r"(?P<t>-?[\d.]+)"
_WHO = r"^(?P<who>.+?): "
# A visit is named by its quoted id; figures._readable sometimes replaces a quoted id that
# equals a caregiver's id with that caregiver's name, so an unquoted name is accepted too.
_V = r"visit (?P<v>'[^']+'|.+?)"
_LINK = r"^link (?P<v>'[^']+'|.+?) -> (?P<w>'[^']+'|.+?): "
_VIOLATIONS: list[tuple[re.Pattern[str], Any]] = [
    (
        re.compile(_WHO + _V + r" starts at " + _T + r" before arrival (?P<a>[\d.]+)$"),
        gettext_lazy("%(who)s: %(visit)s starts at %(t)s, before arriving (%(a)s)."),
    ),
    (
        re.compile(
            _WHO + _V + r" starts at " + _T + r" before its window opens \((?P<a>[\d.]+)\)$"
        ),
        gettext_lazy("%(who)s: %(visit)s starts at %(t)s, before the agreed time (%(a)s)."),
    ),
    (
        re.compile(
            _WHO + _V + r" starts at " + _T + r" after its hard latest start (?P<a>[\d.]+)$"
        ),
        gettext_lazy("%(who)s: %(visit)s starts at %(t)s, after its latest start (%(a)s)."),
    ),
    (
        re.compile(_WHO + _V + r" is pinned to (?P<a>[\d.]+), starts " + _T + r"$"),
        gettext_lazy("%(who)s: %(visit)s is locked to %(a)s but starts at %(t)s."),
    ),
    (
        re.compile(_WHO + r"lacks skill '(?P<skill>[^']+)' for " + _V + r"$"),
        gettext_lazy("%(who)s lacks the competence %(visit)s needs (%(skill)s)."),
    ),
    (re.compile(_WHO + r"no break taken$"), gettext_lazy("%(who)s gets no break.")),
    (
        re.compile(_WHO + r"break at " + _T + r" outside \[(?P<a>[\d.]+), (?P<b>[\d.]+)\]$"),
        gettext_lazy("%(who)s: the break at %(t)s is outside %(a)s–%(b)s."),
    ),
    (
        re.compile(_WHO + r"break at " + _T + r" overlaps a visit or its travel$"),
        gettext_lazy("%(who)s: the break at %(t)s overlaps a visit or the travel to it."),
    ),
    (
        re.compile(_WHO + r"shift ends at " + _T + r", beyond (?P<a>[\d.]+) \+ (?P<b>[\d.]+) "),
        gettext_lazy("%(who)s finishes at %(t)s, beyond the shift end and allowed overtime."),
    ),
    (
        re.compile(r"^" + _V + r" needs (?P<n>\d+) caregiver\(s\), has (?P<k>\d+)$"),
        gettext_lazy("%(visit)s needs %(n)s caregivers and has %(k)s."),
    ),
    (
        re.compile(r"^" + _V + r": the two caregivers start at " + _T + r" and (?P<a>[\d.]+)$"),
        gettext_lazy("%(visit)s: the two caregivers start at different times (%(t)s and %(a)s)."),
    ),
    (
        re.compile(_LINK + r"gap " + _T + r" outside "),
        gettext_lazy("%(visit)s: the two caregivers do not start together."),
    ),
    (
        re.compile(_LINK + r"both done by (?P<who>.+)$"),
        gettext_lazy("%(visit)s: both halves of a double-staffed visit are given to %(who)s."),
    ),
    (
        re.compile(_LINK + r"(?P<a>'[^']+'|.+?) is unassigned"),
        gettext_lazy("%(visit)s: only one of the two caregivers is planned."),
    ),
]


def _visit_ref(raw: str, visit_label: Callable[[str], str], *, linked: bool) -> str:
    key = raw.strip("'")
    if raw.startswith("'") and key.isdigit():
        return visit_label(key)
    # The id was lost (see _V): say what kind of thing it is rather than a wrong name.
    return _("A double-staffed visit") if linked else _("A visit")


def explain_violation(raw: str, origin: dt.datetime, visit_label: Callable[[str], str]) -> str:
    """A rule the plan breaks, readable: times of day and client names instead of minutes and
    ids (the planner's texts in planning.evaluate are for developers)."""

    def clock(value: str) -> str:
        try:
            return hhmm(origin + dt.timedelta(minutes=float(value)))
        except ValueError:
            return value

    for pattern, text in _VIOLATIONS:
        m = pattern.match(raw)
        if m is None:
            continue
        groups = m.groupdict()
        values = {
            "who": groups.get("who") or "",
            "visit": _visit_ref(groups.get("v") or "", visit_label, linked="w" in groups),
            "skill": groups.get("skill") or "",
            "n": groups.get("n") or "",
            "k": groups.get("k") or "",
        }
        for key in ("t", "a", "b"):
            values[key] = clock(groups[key]) if groups.get(key) else ""
        return str(text) % values
    return raw


# Key figures ---------------------------------------------------------------------------------

# (key path, label, lower is better?, kind): kind "int", "min" (minutes), "pct", "num".
FIGURES: tuple[tuple[tuple[str, ...], Any, bool | None, str], ...] = (
    (("travel_minutes",), gettext_lazy("Travel (minutes)"), True, "min"),
    (("outside_window",), gettext_lazy("Visits outside the agreed time"), True, "int"),
    (("punctuality",), gettext_lazy("Punctuality"), False, "pct"),
    (("overtime_minutes",), gettext_lazy("Overtime (minutes)"), True, "min"),
    (("unassigned",), gettext_lazy("Unassigned visits"), True, "int"),
    (("caregivers",), gettext_lazy("Caregivers with visits"), None, "int"),
    (
        ("new_caregiver_visits",),
        gettext_lazy("Visits by a caregiver new to the client"),
        True,
        "int",
    ),
    (
        ("continuity_14d", "median"),
        gettext_lazy("Caregivers per client in 14 days (median)"),
        True,
        "num",
    ),
    (
        ("continuity_14d", "mean"),
        gettext_lazy("Caregivers per client in 14 days (mean)"),
        True,
        "num",
    ),
    (
        ("continuity_14d", "max"),
        gettext_lazy("Caregivers per client in 14 days (most)"),
        True,
        "int",
    ),
)


def _dig(figures: Mapping[str, Any], path: tuple[str, ...]) -> float | None:
    value: Any = figures
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return float(value) if isinstance(value, int | float) else None


def _fmt(value: float | None, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "pct":
        return f"{value * 100:.0f} %"
    if kind == "min":
        return f"{value:.0f}"
    if kind == "num":
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{value:.0f}"


def compare_figures(draft: Plan | None, published: Plan | None) -> list[FigureRow]:
    """The draft's figures next to the published plan's, with the change and whether it helps."""
    rows = []
    for path, label, lower_better, kind in FIGURES:
        d = _dig(draft.figures, path) if draft else None
        p = _dig(published.figures, path) if published else None
        delta, trend = "", ""
        if d is not None and p is not None:
            diff = d - p
            scale = 100 if kind == "pct" else 1
            shown = _fmt(abs(diff) / scale if kind == "pct" else abs(diff), kind)
            if abs(diff) < 1e-9 or shown in ("0", "0 %"):
                delta, trend = "=", "same"
            else:
                arrow = "▲" if diff > 0 else "▼"
                sign = "+" if diff > 0 else "−"
                if kind == "pct":
                    shown = f"{abs(diff) * 100:.0f} %-p"
                delta = f"{arrow} {sign}{shown}"
                if lower_better is not None:
                    trend = "better" if (diff < 0) == lower_better else "worse"
        rows.append(FigureRow(str(label), _fmt(d, kind), _fmt(p, kind), delta, trend))
    return rows


def histogram(figures: Mapping[str, Any]) -> list[tuple[str, int, str]]:
    """(caregivers per client, clients, bar width %) of the 14-day continuity distribution."""
    hist = (figures.get("continuity_14d") or {}).get("histogram") or {}
    items = sorted(((int(k), int(v)) for k, v in hist.items()), key=lambda kv: kv[0])
    top = max((v for _, v in items), default=0)
    return [(str(k), v, f"width:{v / top * 100:.1f}%") for k, v in items] if top else []


# Loading -------------------------------------------------------------------------------------


def _travel_minutes(a: tuple[float, float], b: tuple[float, float], mode: str) -> float:
    """One leg as the planner reckons it, so drawn travel matches planned travel."""
    if a == b:
        return 0.0
    m = TransportMode(mode) if mode in TransportMode.__members__.values() else TransportMode.CAR
    return HaversineTravel((a, b)).time(0, 1, m)


class _Axis:
    """Minutes of the day → CSS percentages of the board's range (whole hours)."""

    def __init__(self, origin: dt.datetime, lo: float, hi: float) -> None:
        self.origin = origin
        self.lo = math.floor(lo / 60) * 60
        self.hi = max(self.lo + 60, math.ceil(hi / 60) * 60)
        self.span = self.hi - self.lo

    def pct(self, minutes: float) -> float:
        return (min(max(minutes, self.lo), self.hi) - self.lo) / self.span * 100

    def style(self, start: float, end: float) -> str:
        left = self.pct(start)
        return f"left:{left:.2f}%;width:{max(self.pct(end) - left, 0.15):.2f}%"

    def hours(self) -> list[tuple[str, str]]:
        out = []
        for m in range(int(self.lo), int(self.hi) + 1, 60):
            label = hhmm(self.origin + dt.timedelta(minutes=m))[:2]
            out.append((label, f"left:{self.pct(m):.2f}%"))
        return out


def _short(first: str, last: str) -> str:
    return f"{first} {last[:1]}." if last else first


def _project(
    rows: list[BoardRow], visits: Iterable[BoardVisit], unassigned: list[BoardVisit]
) -> BoardMap | None:
    """The day's routes on an SVG, equirectangular, fitted to the bounding box of its points."""
    points: list[tuple[float, float]] = [
        (v.lat, v.lon) for v in visits if v.lat is not None and v.lon is not None
    ]
    points += [(v.lat, v.lon) for v in unassigned if v.lat is not None and v.lon is not None]
    points += [(r.lat, r.lon) for r in rows if r.lat is not None and r.lon is not None]
    if not points:
        return None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    mid = math.radians((min(lats) + max(lats)) / 2)
    # Degrees of longitude are shorter than degrees of latitude by cos(latitude).
    w = max((max(lons) - min(lons)) * math.cos(mid), 1e-4)
    h = max(max(lats) - min(lats), 1e-4)
    inner_w = MAP_WIDTH - 2 * MAP_PAD
    height = min(max(inner_w * h / w, 200.0), 560.0) + 2 * MAP_PAD
    scale = min(inner_w / w, (height - 2 * MAP_PAD) / h)
    off_x = (MAP_WIDTH - w * scale) / 2
    off_y = (height - h * scale) / 2
    west, north = min(lons), max(lats)

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (
            round(off_x + (lon - west) * math.cos(mid) * scale, 1),
            round(off_y + (north - lat) * scale, 1),
        )

    routes, bases = [], []
    seen_base: set[tuple[float, float]] = set()
    for r in rows:
        if r.lat is None or r.lon is None:
            continue
        home = xy(r.lat, r.lon)
        if home not in seen_base:
            seen_base.add(home)
            bases.append(MapPoint(home[0], home[1], r.name))
        stops = [xy(v.lat, v.lon) for v in r.visits if v.lat is not None and v.lon is not None]
        if stops:
            line = [home, *stops, home]
            routes.append(MapRoute(r.name, r.colour, r.dash, " ".join(f"{x},{y}" for x, y in line)))
    clients: dict[tuple[float, float], MapPoint] = {}
    for v in visits:
        if v.lat is not None and v.lon is not None:
            x, y = xy(v.lat, v.lon)
            clients.setdefault((x, y), MapPoint(x, y, v.client))
    for v in unassigned:
        if v.lat is not None and v.lon is not None:
            x, y = xy(v.lat, v.lon)
            clients[(x, y)] = MapPoint(x, y, v.client, unassigned=True)
    return BoardMap(MAP_WIDTH, round(height, 1), routes, list(clients.values()), bases)


# What the board reads of each plan entry: name here -> column path.
_ENTRY_FIELDS = {
    "visit": "visit_id",
    "employee": "employee_id",
    "start": "start",
    "locked": "locked",
    "reason": "reason",
    "public_id": "visit__public_id",
    "partner": "visit__partner_id",
    "window_start": "visit__window_start",
    "window_end": "visit__window_end",
    "minutes": "visit__minutes",
    "service": "visit__service__name",
    "first_name": "visit__client__first_name",
    "last_name": "visit__client__last_name",
    "lat": "visit__client__lat",
    "lon": "visit__client__lon",
}


def load_board(scope: Scope, date: dt.date, *, today: dt.date | None = None) -> Board:
    """Everything the board shows for the scope and day, in a fixed number of queries."""
    from django.utils import timezone

    today = today or timezone.localdate()
    origin = day_origin(date)
    staff = Employee.objects.filter(scope.employee_filter())

    # 1: draft and published plan of the day.
    draft = published = None
    for plan in Plan.objects.filter(
        scope.plan_filter(), date=date, status__in=[PlanStatus.DRAFT, PlanStatus.PUBLISHED]
    ).select_related("created_by", "published_by"):
        if plan.status == PlanStatus.DRAFT:
            draft = plan
        else:
            published = plan
    shown = draft or published
    # 2: the latest optimisation touching the day.
    job = current_job(scope, date)
    # 3: the day's planned visits (to say how many are not in the plan yet).
    day_visits = set(
        Visit.objects.filter(
            scope.visit_filter(), date=date, status=VisitStatus.PLANNED
        ).values_list("pk", flat=True)
    )
    # 4, 5: shifts and absences of the day.
    shifts = list(
        Shift.objects.filter(date=date, employee__active=True, employee__in=staff)
        .select_related("employee")
        .order_by("starts_at", "employee__last_name", "employee__first_name")
    )
    absent = set(
        Absence.objects.filter(
            starts_on__lte=date, ends_on__gte=date, withdrawn_at__isnull=True, employee__in=staff
        ).values_list("employee_id", flat=True)
    )

    entries: list[dict[str, Any]] = []
    routes: list[PlanRoute] = []
    if shown is not None:
        # 6, 7: the shown plan's entries with their visits, and its routes with their people.
        # Plain rows, not model instances: building 300 entries with their visits, clients and
        # services as objects was a fifth of the board's time.
        entries = list(
            PlanEntry.objects.filter(plan=shown).values(*_ENTRY_FIELDS.values()).iterator()
        )
        routes = list(PlanRoute.objects.filter(plan=shown).select_related("employee"))

    rows: list[BoardRow] = []
    by_employee: dict[int, BoardRow] = {}

    def add_row(employee: Employee) -> BoardRow:
        i = len(rows)
        row = BoardRow(
            pk=employee.pk,
            public_id=employee.public_id,
            name=employee.full_name,
            colour=PALETTE[i % len(PALETTE)],
            dash=DASHES[(i // len(PALETTE)) % len(DASHES)],
            absent=employee.pk in absent,
            lat=employee.home_base_lat,
            lon=employee.home_base_lon,
            transport=employee.transport_mode,
        )
        rows.append(row)
        by_employee[employee.pk] = row
        return row

    spans: list[tuple[float, float]] = []
    if shown is not None:
        for r in sorted(routes, key=lambda r: (r.shift_start, r.employee.last_name, r.employee.pk)):
            row = add_row(r.employee)
            start, end = minutes_of(r.shift_start, origin), minutes_of(r.shift_end, origin)
            spans.append((start, end))
            row.shift = f"{hhmm(r.shift_start)}–{hhmm(r.shift_end)}"
            row.travel_minutes = r.travel_minutes
            row.shift_min = (start, end)
            if r.break_start is not None and r.break_minutes:
                b = minutes_of(r.break_start, origin)
                row.break_min = (b, b + r.break_minutes)
                row.break_label = (
                    f"{hhmm(r.break_start)}–"
                    f"{hhmm(r.break_start + dt.timedelta(minutes=r.break_minutes))}"
                )
    else:
        for s in shifts:
            row = add_row(s.employee)
            start = minutes_of(local_time_on(date, s.starts_at), origin)
            end = minutes_of(local_time_on(date, s.ends_at), origin)
            spans.append((start, end))
            row.shift = f"{s.starts_at:%H:%M}–{s.ends_at:%H:%M}"
            row.shift_min = (start, end)

    visits: dict[int, BoardVisit] = {}
    unassigned: list[BoardVisit] = []
    for raw in entries:
        e = {name: raw[column] for name, column in _ENTRY_FIELDS.items()}
        minutes = e["minutes"]
        bv = BoardVisit(
            pk=e["visit"],
            public_id=e["public_id"],
            client=f"{e['first_name']} {e['last_name']}",
            client_short=_short(e["first_name"], e["last_name"]),
            service=e["service"],
            window=f"{hhmm(e['window_start'])}–{hhmm(e['window_end'])}",
            minutes=minutes,
            lat=e["lat"],
            lon=e["lon"],
            partner_pk=e["partner"],
            employee_pk=e["employee"],
            locked=e["locked"],
        )
        visits[bv.pk] = bv
        if e["employee"] is None or e["start"] is None:
            unassigned.append(bv)
            bv.reason = e["reason"]
            continue
        start = minutes_of(e["start"], origin)
        bv.start_min, bv.end_min = start, start + minutes
        bv.start = hhmm(e["start"])
        bv.end = hhmm(e["start"] + dt.timedelta(minutes=minutes))
        window_end = minutes_of(e["window_end"], origin)
        bv.late_minutes = max(0, math.ceil(bv.end_min - window_end - 1e-6))
        bv.early = start < minutes_of(e["window_start"], origin) - 1e-6
        spans.append((start, bv.end_min))
        owner = by_employee.get(e["employee"])
        if owner is None:  # plans are saved with a route per caregiver; never seen in practice
            continue
        owner.visits.append(bv)
        bv.caregiver = owner.name

    for bv in visits.values():
        if bv.partner_pk is not None and bv.partner_pk in visits:
            bv.partner_caregiver = visits[bv.partner_pk].caregiver

    def visit_label(key: str) -> str:
        bv = visits.get(int(key)) if key.isdigit() else None
        return f"{bv.client} ({bv.service}, {bv.start or bv.window})" if bv else key

    def employee_label(key: str) -> str:
        row = by_employee.get(int(key)) if key.isdigit() else None
        return row.name if row else key

    if not spans:
        spans = [(7 * 60, 16 * 60)]
    axis = _Axis(origin, min(s for s, _ in spans), max(e for _, e in spans))
    for row in rows:
        row.shift_style = axis.style(*row.shift_min)
        if row.break_min is not None:
            row.break_style = axis.style(*row.break_min)
        row.visits.sort(key=lambda v: (v.start_min or 0.0, v.pk))
        _travel_bars(row, axis)
        for bv in row.visits:
            assert bv.start_min is not None and bv.end_min is not None
            bv.style = axis.style(bv.start_min, bv.end_min)
            bv.label = bv.minutes >= LABEL_MINUTES * axis.span / 600
            bv.title = _title(bv)
    for bv in unassigned:
        bv.reason = explain_reason(bv.reason, visit_label, employee_label)
        bv.title = _title(bv)
    unassigned.sort(key=lambda v: (v.window, v.client))

    figures = shown.figures if shown is not None else {}
    return Board(
        scope=scope,
        date=date,
        today=today,
        draft=draft,
        published=published,
        job=job,
        rows=rows,
        unassigned=unassigned,
        hours=axis.hours(),
        figures=compare_figures(draft, published) if shown is not None else [],
        histogram=histogram(figures),
        violations=[
            explain_violation(str(v), origin, visit_label) for v in figures.get("violations", [])
        ],
        moved=_moved(figures.get("moved", []), visits.values()),
        absent_name=str(figures.get("absent", "")),
        map=_project(rows, [v for r in rows for v in r.visits], unassigned),
        visits_total=len(day_visits),
        not_in_plan=len(day_visits - set(visits)),
        on_shift=sum(1 for s in shifts if s.employee_id not in absent),
    )


def _moved(
    moved: Iterable[Mapping[str, str]], visits: Iterable[BoardVisit]
) -> list[dict[str, str]]:
    """The re-plan's "what moved" rows with each visit's service and time now (the job saved
    only the client and the two caregivers: the same client may have moved twice)."""
    by_id = {str(v.public_id): v for v in visits}
    out = []
    for m in moved:
        v = by_id.get(str(m.get("visit", "")))
        out.append(
            {
                "client": str(m.get("client", "")),
                "from": str(m.get("from", "")),
                "to": str(m.get("to", "")),
                "service": v.service if v else "",
                "when": (v.start or v.window) if v else "",
            }
        )
    return sorted(out, key=lambda m: (m["when"], m["client"]))


def _travel_bars(row: BoardRow, axis: _Axis) -> None:
    """Travel legs as bars: to the first visit ending at its start, then after each visit
    (and after the break if it comes first), and home after the last."""
    if row.lat is None or row.lon is None or not row.visits:
        return
    home = (row.lat, row.lon)
    brk = row.break_min
    here, free = home, None
    for v in row.visits:
        if v.lat is None or v.lon is None or v.start_min is None:
            continue
        leg = _travel_minutes(here, (v.lat, v.lon), row.transport)
        if leg > 0:
            if free is None:
                dep = v.start_min - leg
            else:
                dep = free
                if brk is not None and free - 1e-6 <= brk[0] <= v.start_min:
                    dep = max(free, brk[1])
            row.travel.append(axis.style(dep, min(dep + leg, v.start_min)))
        here, free = (v.lat, v.lon), v.end_min
    if free is not None:
        leg = _travel_minutes(here, home, row.transport)
        if leg > 0:
            dep = brk[1] if brk is not None and brk[0] >= free - 1e-6 else free
            row.travel.append(axis.style(dep, dep + leg))


def _title(v: BoardVisit) -> str:
    parts = [f"{v.client} – {v.service}", _("Agreed %(window)s") % {"window": v.window}]
    if v.start:
        parts.append(_("Planned %(start)s–%(end)s") % {"start": v.start, "end": v.end})
    if v.late_minutes:
        parts.append(_("%(minutes)s min after the agreed time") % {"minutes": v.late_minutes})
    if v.double:
        parts.append(
            _("Double-staffed with %(name)s") % {"name": v.partner_caregiver}
            if v.partner_caregiver
            else _("Double-staffed")
        )
    if v.locked:
        parts.append(_("Locked"))
    return " · ".join(parts)


# The visit panel (the edit forms for one visit) -----------------------------------------------


@dataclass
class VisitPanel:
    board: Board
    visit: BoardVisit
    swap_with: list[BoardVisit]


def load_visit_panel(
    scope: Scope, date: dt.date, visit_id: uuid.UUID | str, *, today: dt.date | None = None
) -> VisitPanel | None:
    """The board plus the one visit the planner picked, and the visits it could swap with."""
    board = load_board(scope, date, today=today)
    wanted = str(visit_id)
    every = [*board.planned_visits, *board.unassigned]
    visit = next((v for v in every if str(v.public_id) == wanted), None)
    if visit is None:
        return None
    swap = [
        v
        for v in sorted(board.planned_visits, key=lambda v: (v.start_min or 0.0, v.client))
        if v.pk != visit.pk and v.employee_pk != visit.employee_pk and not v.locked
    ]
    return VisitPanel(board, visit, swap)

"""The planning board laid out: the board's data (``plans.selectors.board_data``) as a page.

Timeline positions are CSS percentages of the day's range (whole hours around the shifts and
visits), so the page needs no JavaScript to lay out. The map is an SVG drawn from latitude and
longitude with an equirectangular projection fitted to the day's points: no map tiles, no
requests to anyone else's server (client addresses must not leak to a tile provider). The
words for reasons and broken rules come from ``web.planning_words``; figures are formatted
here. Nothing here queries the database: the board's query count is the selector's.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hverdag.core.clock import hhmm
from hverdag.plans.models import OptimisationJob
from hverdag.plans.scope import Scope
from hverdag.plans.selectors import BoardData, BoardVisit, CaregiverDay, board_data
from hverdag.visits.models import Plan
from hverdag.web.planning_words import reason_words, violation_words

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


@dataclass
class VisitBlock:
    """A visit as the board draws it: a block on a caregiver's row, or a line of the
    unassigned list; ``data`` is the selector's visit."""

    data: BoardVisit
    client_short: str
    window: str
    start: str = ""
    end: str = ""
    reason: str = ""
    style: str = ""
    label: bool = False
    title: str = ""

    # What the templates read of the visit itself.
    @property
    def pk(self) -> int:
        return self.data.pk

    @property
    def public_id(self) -> uuid.UUID:
        return self.data.public_id

    @property
    def client(self) -> str:
        return self.data.client

    @property
    def service(self) -> str:
        return self.data.service

    @property
    def minutes(self) -> int:
        return self.data.minutes

    @property
    def caregiver(self) -> str:
        return self.data.caregiver

    @property
    def partner_caregiver(self) -> str:
        return self.data.partner_caregiver

    @property
    def employee_pk(self) -> int | None:
        return self.data.employee_pk

    @property
    def start_min(self) -> float | None:
        return self.data.start_min

    @property
    def locked(self) -> bool:
        return self.data.locked

    @property
    def late_minutes(self) -> int:
        return self.data.late_minutes

    @property
    def double(self) -> bool:
        return self.data.double

    @property
    def outside_window(self) -> bool:
        return self.data.outside_window

    @property
    def assigned(self) -> bool:
        return self.data.assigned


@dataclass
class BoardRow:
    pk: int
    public_id: uuid.UUID
    name: str
    colour: str
    dash: str
    absent: bool
    shift: str
    shift_style: str
    travel_minutes: float
    break_style: str = ""
    break_label: str = ""
    visits: list[VisitBlock] = field(default_factory=list)
    travel: list[str] = field(default_factory=list)


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
    data: BoardData
    rows: list[BoardRow]
    unassigned: list[VisitBlock]
    hours: list[tuple[str, str]]
    figures: list[FigureRow]
    histogram: list[tuple[str, int, str]]
    violations: list[str]
    moved: list[dict[str, str]]
    map: BoardMap | None

    # What the templates read of the data itself.
    @property
    def scope(self) -> Scope:
        return self.data.scope

    @property
    def date(self) -> dt.date:
        return self.data.date

    @property
    def draft(self) -> Plan | None:
        return self.data.draft

    @property
    def published(self) -> Plan | None:
        return self.data.published

    @property
    def plan(self) -> Plan | None:
        return self.data.plan

    @property
    def job(self) -> OptimisationJob | None:
        return self.data.job

    @property
    def past(self) -> bool:
        return self.data.past

    @property
    def job_active(self) -> bool:
        return self.data.job_active

    @property
    def editable(self) -> bool:
        return self.data.editable

    @property
    def absent_name(self) -> str:
        return self.data.absent_name

    @property
    def visits_total(self) -> int:
        return self.data.visits_total

    @property
    def not_in_plan(self) -> int:
        return self.data.not_in_plan

    @property
    def on_shift(self) -> int:
        return self.data.on_shift

    @property
    def planned_visits(self) -> list[VisitBlock]:
        return [v for r in self.rows for v in r.visits]

    @property
    def sick_choices(self) -> list[BoardRow]:
        """Caregivers who can call in sick: planned today and not already absent."""
        return [r for r in self.rows if not r.absent]


@dataclass
class VisitPanel:
    board: Board
    visit: VisitBlock
    swap_with: list[VisitBlock]


# Key figures ---------------------------------------------------------------------------------

# (key path, label, lower is better?, kind): kind "int", "min" (minutes), "pct", "num".
FIGURES: tuple[tuple[tuple[str, ...], Promise, bool | None, str], ...] = (
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
            shown = _fmt(abs(diff), kind)
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


# The timeline --------------------------------------------------------------------------------


class Axis:
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


def _block(v: BoardVisit) -> VisitBlock:
    return VisitBlock(
        data=v,
        client_short=_short(v.first_name, v.last_name),
        window=f"{hhmm(v.window_start)}–{hhmm(v.window_end)}",
        start=hhmm(v.start),
        end=hhmm(v.end),
    )


def _title(v: VisitBlock) -> str:
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


def _row(i: int, day: CaregiverDay, axis: Axis) -> BoardRow:
    row = BoardRow(
        pk=day.pk,
        public_id=day.public_id,
        name=day.name,
        colour=PALETTE[i % len(PALETTE)],
        dash=DASHES[(i // len(PALETTE)) % len(DASHES)],
        absent=day.absent,
        shift=f"{hhmm(day.shift_start)}–{hhmm(day.shift_end)}",
        shift_style=axis.style(*day.shift_min),
        travel_minutes=day.travel_minutes,
    )
    if day.break_min is not None:
        row.break_style = axis.style(*day.break_min)
        row.break_label = f"{hhmm(day.break_start)}–{hhmm(day.break_end)}"
    row.travel = [axis.style(leave, arrive) for leave, arrive in day.travel]
    for v in day.visits:
        assert v.start_min is not None and v.end_min is not None
        block = _block(v)
        block.style = axis.style(v.start_min, v.end_min)
        block.label = v.minutes >= LABEL_MINUTES * axis.span / 600
        block.title = _title(block)
        row.visits.append(block)
    return row


# The map -------------------------------------------------------------------------------------


def project(
    days: list[CaregiverDay], rows: list[BoardRow], unassigned: list[BoardVisit]
) -> BoardMap | None:
    """The day's routes on an SVG, equirectangular, fitted to the bounding box of its points."""
    visits = [v for d in days for v in d.visits]
    points: list[tuple[float, float]] = [
        (v.lat, v.lon) for v in visits if v.lat is not None and v.lon is not None
    ]
    points += [(v.lat, v.lon) for v in unassigned if v.lat is not None and v.lon is not None]
    points += [(d.lat, d.lon) for d in days if d.lat is not None and d.lon is not None]
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
    for d, r in zip(days, rows, strict=True):
        if d.lat is None or d.lon is None:
            continue
        home = xy(d.lat, d.lon)
        if home not in seen_base:
            seen_base.add(home)
            bases.append(MapPoint(home[0], home[1], d.name))
        stops = [xy(v.lat, v.lon) for v in d.visits if v.lat is not None and v.lon is not None]
        if stops:
            line = [home, *stops, home]
            routes.append(MapRoute(d.name, r.colour, r.dash, " ".join(f"{x},{y}" for x, y in line)))
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


# The board -----------------------------------------------------------------------------------


def _moved(
    moved: Iterable[Mapping[str, str]], blocks: Iterable[VisitBlock]
) -> list[dict[str, str]]:
    """The re-plan's "what moved" rows with each visit's service and time now (the job saved
    only the client and the two caregivers: the same client may have moved twice)."""
    by_id = {str(v.public_id): v for v in blocks}
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


def lay_out(data: BoardData) -> Board:
    """The board page for the selector's data."""
    axis = Axis(data.origin, *data.span)
    rows = [_row(i, day, axis) for i, day in enumerate(data.caregivers)]
    blocks = {b.pk: b for r in rows for b in r.visits}
    unassigned = [_block(v) for v in data.unassigned]
    blocks.update((b.pk, b) for b in unassigned)
    names = {f"e{d.pk}": d.name for d in data.caregivers}

    def visit_label(key: str) -> str | None:
        b = blocks.get(int(key[1:])) if key[:1] == "v" and key[1:].isdigit() else None
        return f"{b.client} ({b.service}, {b.start or b.window})" if b else None

    def caregiver_label(key: str) -> str | None:
        return names.get(key)

    for b in unassigned:
        v = b.data
        other = visit_label(v.reason_other) or caregiver_label(v.reason_other) or v.reason_other
        b.reason = reason_words(v.reason, other=other, words=v.reason_words, text=v.reason_text)
        b.title = _title(b)
    shown = data.plan
    return Board(
        data=data,
        rows=rows,
        unassigned=unassigned,
        hours=axis.hours(),
        figures=compare_figures(data.draft, data.published) if shown is not None else [],
        histogram=histogram(data.figures),
        violations=[
            violation_words(v, data.origin, visit_label, caregiver_label) for v in data.violations
        ],
        moved=_moved(data.moved, blocks.values()),
        map=project(data.caregivers, rows, data.unassigned),
    )


def load_board(scope: Scope, date: dt.date, *, today: dt.date | None = None) -> Board:
    return lay_out(board_data(scope, date, today=today))


def load_visit_panel(
    scope: Scope, date: dt.date, visit_id: uuid.UUID | str, *, today: dt.date | None = None
) -> VisitPanel | None:
    """The board plus the one visit the planner picked, and the visits it could swap with."""
    data = board_data(scope, date, today=today)
    board = lay_out(data)
    wanted = data.find(visit_id)
    blocks = {b.pk: b for b in [*board.planned_visits, *board.unassigned]}
    if wanted is None or wanted.pk not in blocks:
        return None
    swap = [blocks[v.pk] for v in data.swap_candidates(wanted)]
    return VisitPanel(board, blocks[wanted.pk], swap)

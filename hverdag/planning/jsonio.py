"""Our own JSON problem and result formats (``--format json``), documented in docs/planning.md.

Field names are the dataclass field names of :mod:`hverdag.planning.model`. Reading is strict:
an unknown or missing field, or a value of the wrong type, is a :class:`ProblemError` naming the
path to it (``visits[3].duration``).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hverdag.planning.model import (
    Break,
    Caregiver,
    Link,
    Problem,
    ProblemError,
    Route,
    Stop,
    Visit,
    Weights,
)
from hverdag.planning.solve import Result
from hverdag.planning.travel import (
    HaversineTravel,
    MatrixTravel,
    TransportMode,
    TravelError,
    TravelTimes,
)

SET_FIELDS = {"skills", "preferred", "forbidden"}


def _object(raw: object, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, dict):
        raise ProblemError(f"{where}: expected an object, got {type(raw).__name__}")
    return raw


def _build(cls: type[Any], raw: object, where: str, nested: Mapping[str, type[Any]] = {}) -> Any:
    data = dict(_object(raw, where))
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ProblemError(f"{where}: unknown field {unknown[0]!r}")
    missing = [
        name
        for name, f in fields.items()
        if name not in data
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise ProblemError(f"{where}: missing field {missing[0]!r}")
    for name, value in list(data.items()):
        if name in nested and value is not None:
            data[name] = _build(nested[name], value, f"{where}.{name}")
        elif name in SET_FIELDS:
            if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
                raise ProblemError(f"{where}.{name}: expected a list of strings")
            data[name] = frozenset(value)
        elif name in ("id", "client", "first", "second", "pinned_caregiver"):
            if value is not None and not isinstance(value, str):
                raise ProblemError(f"{where}.{name}: expected a string, got {value!r}")
        elif name in ("location", "start_location", "end_location", "staff"):
            if not isinstance(value, int) or isinstance(value, bool):
                raise ProblemError(f"{where}.{name}: expected an integer, got {value!r}")
        elif name in ("hard_latest", "distinct") and not isinstance(value, bool):
            raise ProblemError(f"{where}.{name}: expected true or false, got {value!r}")
    try:
        return cls(**data)
    except ProblemError as exc:
        raise ProblemError(f"{where}: {exc}") from None
    except TypeError as exc:
        raise ProblemError(f"{where}: {exc}") from None


def _travel(raw: object) -> TravelTimes:
    data = _object(raw, "travel")
    try:
        if "matrix" in data:
            by_mode = {
                TransportMode(mode): rows
                for mode, rows in _object(data.get("by_mode", {}), "travel.by_mode").items()
            }
            return MatrixTravel(data["matrix"], by_mode)
        if "osrm" in data:
            return MatrixTravel.from_osrm(_object(data["osrm"], "travel.osrm"))
        if "coordinates" in data:
            speeds = data.get("speeds_kmh")
            return HaversineTravel(
                [tuple(pt) for pt in data["coordinates"]],
                detour=float(data.get("detour", 1.3)),
                speeds_kmh=None
                if speeds is None
                else {TransportMode(k): float(v) for k, v in speeds.items()},
            )
    except (TravelError, ValueError, TypeError) as exc:
        raise ProblemError(f"travel: {exc}") from None
    raise ProblemError("travel: needs 'matrix', 'osrm' or 'coordinates'")


def problem_from_json(raw: object) -> Problem:
    data = _object(raw, "problem")
    allowed = {"caregivers", "visits", "links", "skills", "familiar", "weights", "travel"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ProblemError(f"problem: unknown field {unknown[0]!r}")
    for key in ("caregivers", "visits", "travel"):
        if key not in data:
            raise ProblemError(f"problem: missing field {key!r}")
    lists = {}
    for key in ("caregivers", "visits", "links", "familiar"):
        value = data.get(key, [])
        if not isinstance(value, list):
            raise ProblemError(f"problem.{key}: expected a list")
        lists[key] = value
    caregivers = tuple(
        _build(Caregiver, c, f"caregivers[{i}]", {"break_rule": Break})
        for i, c in enumerate(lists["caregivers"])
    )
    visits = tuple(_build(Visit, v, f"visits[{i}]") for i, v in enumerate(lists["visits"]))
    links = tuple(_build(Link, lk, f"links[{i}]") for i, lk in enumerate(lists["links"]))
    familiar = set()
    for i, pair in enumerate(lists["familiar"]):
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(s, str) for s in pair)
        ):
            raise ProblemError(f"familiar[{i}]: expected [client, caregiver id]")
        familiar.add((pair[0], pair[1]))
    weights = _build(Weights, data["weights"], "weights") if "weights" in data else Weights()
    skills = data.get("skills")
    if skills is not None and (
        not isinstance(skills, list) or not all(isinstance(s, str) for s in skills)
    ):
        raise ProblemError("problem.skills: expected a list of strings")
    return Problem(
        caregivers=caregivers,
        visits=visits,
        travel=_travel(data["travel"]),
        links=links,
        skills=None if skills is None else frozenset(skills),
        familiar=frozenset(familiar),
        weights=weights,
    )


def read_problem(path: str | Path) -> Problem:
    p = Path(path)
    try:
        raw = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProblemError(f"{p}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProblemError(f"{p}: not valid JSON ({exc})") from None
    try:
        return problem_from_json(raw)
    except ProblemError as exc:
        raise ProblemError(f"{p}: {exc}") from None


def _plain(value: object) -> object:
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, TransportMode):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def problem_to_json(problem: Problem) -> dict[str, Any]:
    """Our JSON for ``problem``; the travel times are written as one matrix per mode in use."""
    modes = sorted({c.transport for c in problem.caregivers}, key=lambda m: m.value)
    default = problem.travel.matrix(modes[0] if modes else TransportMode.CAR)
    travel: dict[str, Any] = {"matrix": default}
    others = {m.value: problem.travel.matrix(m) for m in modes[1:]}
    if others:
        travel["by_mode"] = others
    return {
        "skills": sorted(problem.skills or ()),
        "caregivers": [_plain(c) for c in problem.caregivers],
        "visits": [_plain(v) for v in problem.visits],
        "links": [_plain(lk) for lk in problem.links],
        "familiar": sorted([list(p) for p in problem.familiar]),
        "weights": _plain(problem.weights),
        "travel": travel,
    }


def routes_to_json(problem: Problem, routes: tuple[Route, ...]) -> list[dict[str, Any]]:
    durations = {v.id: v.duration for v in problem.visits}
    return [
        {
            "caregiver": r.caregiver,
            "break_start": r.break_start,
            "stops": [
                {"visit": s.visit, "start": s.start, "end": s.start + durations[s.visit]}
                for s in r.stops
            ],
        }
        for r in routes
    ]


def routes_from_json(raw: object) -> list[Route]:
    if not isinstance(raw, list):
        raise ProblemError("routes: expected a list")
    out = []
    for i, r in enumerate(raw):
        d = _object(r, f"routes[{i}]")
        stops = []
        for j, s in enumerate(d.get("stops", [])):
            sd = _object(s, f"routes[{i}].stops[{j}]")
            if not isinstance(sd.get("visit"), str) or not isinstance(sd.get("start"), int | float):
                raise ProblemError(f"routes[{i}].stops[{j}]: needs 'visit' and numeric 'start'")
            stops.append(Stop(sd["visit"], float(sd["start"])))
        if not isinstance(d.get("caregiver"), str):
            raise ProblemError(f"routes[{i}]: needs 'caregiver'")
        out.append(Route(d["caregiver"], tuple(stops), d.get("break_start")))
    return out


def result_to_json(problem: Problem, result: Result) -> dict[str, Any]:
    ev = result.evaluation
    return {
        "objective": ev.objective,
        "feasible": ev.feasible,
        "costs": {
            "travel": ev.travel,
            "total_lateness": ev.total_lateness,
            "max_lateness": ev.max_lateness,
            "overtime": ev.overtime,
            "continuity": ev.continuity,
            "preference": ev.preference,
            "unassigned": len(ev.unassigned),
        },
        "violations": [str(v) for v in ev.violations],
        "routes": routes_to_json(problem, result.routes),
        "unassigned": [{"visit": u.visit, "reason": u.message} for u in result.unassigned],
        "moved": result.moved,
        "iterations": result.iterations,
        "seconds": result.seconds,
        "seed": result.seed,
    }

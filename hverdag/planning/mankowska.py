"""Reader for the Mankowska et al. (2014) HHCRSP benchmark and its solution JSON.

The instance format is described in ``../shared/benchmarks/hhcrsp/README.md``. Each (patient,
required service) pair becomes a :class:`Visit` ``"p<node>-s<service>"``; a double-service patient
becomes two visits joined by a :class:`Link` (synchronised when ``mind = maxd = 0``, otherwise the
lower service index goes first, within ``[mind, maxd]``). The objective is ``(D + T + Tmax) / 3``.

Solutions use the JSON schema of Ceschia et al. (``routes`` → ``caregiver_id`` ``"cK"``,
``locations`` → ``patient`` ``"pK"``, ``service`` ``"sK"``, ``arrival_time`` = service start).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from hverdag.planning.model import (
    Caregiver,
    Link,
    Problem,
    ProblemError,
    Route,
    Stop,
    Visit,
    Weights,
)
from hverdag.planning.travel import MatrixTravel, TravelError

KEYWORDS = (
    "nbNodes",
    "nbVehi",
    "nbServi",
    "r",
    "DS",
    "a",
    "x",
    "y",
    "d",
    "p",
    "mind",
    "maxd",
    "e",
    "l",
)

#: Shift bounds that never bind: the benchmark has no shift length.
OPEN_SHIFT = (0.0, 1_000_000.0)

BENCHMARK_WEIGHTS = Weights(
    travel=1 / 3,
    lateness=1 / 3,
    max_lateness=1 / 3,
    overtime=0.0,
    continuity=0.0,
    preference=0.0,
    unassigned=100_000.0,
)


def visit_id(node: int, service: int) -> str:
    """Visit id for 0-based ``service`` at ``node``: ``p<node>-s<service + 1>``."""
    return f"p{node}-s{service + 1}"


def _read_text(path: Path) -> str:
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rt", encoding="ascii") as fh:
                return fh.read()
        return path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise ProblemError(f"{path}: no such file") from None
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise ProblemError(f"{path}: cannot read instance ({exc})") from None


def _blocks(text: str, source: str) -> dict[str, list[str]]:
    blocks: dict[str, list[str]] = {}
    current: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line in KEYWORDS:
            if line in blocks:
                raise ProblemError(f"{source}: keyword {line!r} appears twice")
            current = line
            blocks[line] = []
            continue
        if current is None:
            raise ProblemError(f"{source}: expected a keyword such as 'nbNodes', got {line[:30]!r}")
        blocks[current].extend(line.split())
    missing = [k for k in KEYWORDS if k not in blocks]
    if missing:
        raise ProblemError(f"{source}: missing block {missing[0]!r}")
    return blocks


def _numbers(blocks: dict[str, list[str]], key: str, count: int | None, source: str) -> list[float]:
    tokens = blocks[key]
    if count is not None and len(tokens) != count:
        raise ProblemError(f"{source}: block {key!r} has {len(tokens)} numbers, expected {count}")
    try:
        return [float(t) for t in tokens]
    except ValueError:
        bad = next(t for t in tokens if not _is_number(t))
        raise ProblemError(f"{source}: block {key!r} has a non-number {bad!r}") from None


def _is_number(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def _count(blocks: dict[str, list[str]], key: str, source: str, minimum: int) -> int:
    (value,) = _numbers(blocks, key, 1, source)
    if value != int(value) or value < minimum:
        raise ProblemError(f"{source}: {key} must be an integer >= {minimum}, got {value}")
    return int(value)


def parse_instance(text: str, source: str = "instance") -> Problem:
    """Parse the text of a Mankowska instance."""
    b = _blocks(text, source)
    n = _count(b, "nbNodes", source, 3)
    k = _count(b, "nbVehi", source, 1)
    s = _count(b, "nbServi", source, 1)
    r = _numbers(b, "r", n * s, source)
    a = _numbers(b, "a", k * s, source)
    _numbers(b, "x", n, source)
    _numbers(b, "y", n, source)
    d = _numbers(b, "d", n * n, source)
    p = _numbers(b, "p", n * k * s, source)
    mind = _numbers(b, "mind", n, source)
    maxd = _numbers(b, "maxd", n, source)
    e = _numbers(b, "e", n, source)
    late = _numbers(b, "l", n, source)
    ds = {int(v) - 1 for v in _numbers(b, "DS", None, source)}
    for node in ds:
        if not 1 <= node <= n - 2:
            raise ProblemError(f"{source}: DS names node {node + 1}, not a patient")
    try:
        travel = MatrixTravel([d[i * n : (i + 1) * n] for i in range(n)])
    except TravelError as exc:
        raise ProblemError(f"{source}: {exc}") from None
    services = [f"s{j + 1}" for j in range(s)]
    caregivers = tuple(
        Caregiver(
            id=f"c{c + 1}",
            shift_start=OPEN_SHIFT[0],
            shift_end=OPEN_SHIFT[1],
            start_location=0,
            end_location=n - 1,
            skills=frozenset(services[j] for j in range(s) if a[c * s + j] == 1),
        )
        for c in range(k)
    )
    visits: list[Visit] = []
    links: list[Link] = []
    for node in range(1, n - 1):
        required = [j for j in range(s) if r[node * s + j] == 1]
        if not 1 <= len(required) <= 2:
            raise ProblemError(f"{source}: patient {node} requires {len(required)} services")
        if (len(required) == 2) != (node in ds):
            raise ProblemError(f"{source}: patient {node}: r row and DS list disagree")
        for j in required:
            durations = {p[(node * k + c) * s + j] for c in range(k)}
            if len(durations) != 1:
                raise ProblemError(
                    f"{source}: patient {node}: caregiver-dependent durations are not supported"
                )
            try:
                visits.append(
                    Visit(
                        id=visit_id(node, j),
                        client=f"p{node}",
                        location=node,
                        earliest=e[node],
                        latest=late[node],
                        duration=durations.pop(),
                        skills=frozenset([services[j]]),
                    )
                )
            except ProblemError as exc:
                raise ProblemError(f"{source}: {exc}") from None
        if len(required) == 2:
            try:
                links.append(
                    Link(
                        visit_id(node, required[0]),
                        visit_id(node, required[1]),
                        mind[node],
                        maxd[node],
                    )
                )
            except ProblemError as exc:
                raise ProblemError(f"{source}: {exc}") from None
    try:
        return Problem(
            caregivers=caregivers,
            visits=tuple(visits),
            travel=travel,
            links=tuple(links),
            skills=frozenset(services),
            weights=BENCHMARK_WEIGHTS,
        )
    except ProblemError as exc:
        raise ProblemError(f"{source}: {exc}") from None


def read_instance(path: str | Path) -> Problem:
    """Read a Mankowska instance file, plain or ``.gz``."""
    p = Path(path)
    return parse_instance(_read_text(p), str(p))


def _parse_visit(patient: object, service: object, where: str) -> str:
    if not (isinstance(patient, str) and patient.startswith("p") and patient[1:].isdigit()):
        raise ProblemError(f"{where}: patient must look like 'p12', got {patient!r}")
    if not (isinstance(service, str) and service.startswith("s") and service[1:].isdigit()):
        raise ProblemError(f"{where}: service must look like 's3', got {service!r}")
    return f"{patient}-{service}"


def routes_from_json(data: Mapping[str, Any], source: str = "solution") -> list[Route]:
    """Routes from a solution in the Ceschia et al. JSON schema."""
    raw_routes = data.get("routes")
    if not isinstance(raw_routes, list):
        raise ProblemError(f"{source}: missing 'routes' list")
    routes: list[Route] = []
    for i, raw in enumerate(raw_routes):
        where = f"{source}: routes[{i}]"
        if not isinstance(raw, dict) or not isinstance(raw.get("caregiver_id"), str):
            raise ProblemError(f"{where}: needs a 'caregiver_id'")
        stops: list[Stop] = []
        for j, loc in enumerate(raw.get("locations", [])):
            w = f"{where}.locations[{j}]"
            if not isinstance(loc, dict):
                raise ProblemError(f"{w}: not an object")
            start = loc.get("arrival_time")
            if not isinstance(start, int | float):
                raise ProblemError(f"{w}: arrival_time must be a number")
            stops.append(
                Stop(_parse_visit(loc.get("patient"), loc.get("service"), w), float(start))
            )
        routes.append(Route(raw["caregiver_id"], tuple(stops)))
    return routes


def read_solution(path: str | Path) -> list[Route]:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ProblemError(f"{p}: cannot read solution ({exc})") from None
    if not isinstance(data, dict):
        raise ProblemError(f"{p}: solution must be a JSON object")
    return routes_from_json(data, str(p))


def routes_to_json(problem: Problem, routes: Sequence[Route]) -> dict[str, Any]:
    """The Ceschia et al. JSON for ``routes`` (all caregivers listed, empty ones too)."""
    by_id = {r.caregiver: r for r in routes}
    durations = {v.id: v.duration for v in problem.visits}
    out_routes = []
    first_start: dict[str, float] = {}
    for c in problem.caregivers:
        route = by_id.get(c.id)
        locations = []
        for stop in route.stops if route else ():
            patient, service = stop.visit.split("-", 1)
            first_start[patient] = min(first_start.get(patient, stop.start), stop.start)
            locations.append(
                {
                    "arrival_time": stop.start,
                    "departure_time": stop.start + durations[stop.visit],
                    "patient": patient,
                    "service": service,
                }
            )
        out_routes.append({"caregiver_id": c.id, "locations": locations})
    ordering = sorted(first_start, key=lambda pt: (first_start[pt], int(pt[1:])))
    return {"global_ordering": ordering, "routes": out_routes}

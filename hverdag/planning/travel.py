"""Travel times behind one interface.

Locations are integer indices. A :class:`TravelTimes` answers "how many minutes from location
``a`` to location ``b`` for a caregiver travelling by ``mode``". Two implementations:

* :class:`MatrixTravel` — a full matrix, as in the benchmarks, or loaded from the ``durations``
  table an OSRM / Valhalla server returns (:meth:`MatrixTravel.from_osrm`).
* :class:`HaversineTravel` — great-circle distance between (lat, lon) points times a road-detour
  factor, divided by a speed per transport mode, plus a fixed overhead per trip (parking, waiting
  for the tram). Good enough for planning real addresses without a routing server.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable


class TransportMode(StrEnum):
    WALK = "walk"
    BIKE = "bike"
    CAR = "car"
    PUBLIC_TRANSPORT = "public_transport"


class TravelError(ValueError):
    """A travel-time source is malformed (ragged matrix, negative time, bad coordinate)."""


@runtime_checkable
class TravelTimes(Protocol):
    """Minutes between integer locations, per transport mode."""

    @property
    def size(self) -> int:
        """Number of locations (valid indices are ``0 .. size - 1``)."""
        ...

    def time(self, origin: int, destination: int, mode: TransportMode) -> float:
        """Travel time in minutes."""
        ...

    def matrix(self, mode: TransportMode) -> list[list[float]]:
        """The full matrix for one mode, as nested lists (what the solver's inner loop reads)."""
        ...


def _check_matrix(rows: Sequence[Sequence[float]], what: str) -> list[list[float]]:
    n = len(rows)
    out: list[list[float]] = []
    for i, row in enumerate(rows):
        if len(row) != n:
            raise TravelError(f"{what}: row {i} has {len(row)} entries, expected {n}")
        values = [float(v) for v in row]
        for j, v in enumerate(values):
            if not math.isfinite(v) or v < 0:
                raise TravelError(f"{what}: entry [{i}][{j}] = {v} must be a finite number >= 0")
        out.append(values)
    return out


class MatrixTravel:
    """A travel-time matrix in minutes, optionally a different one per transport mode."""

    def __init__(
        self,
        times: Sequence[Sequence[float]],
        by_mode: Mapping[TransportMode, Sequence[Sequence[float]]] | None = None,
    ) -> None:
        self._default = _check_matrix(times, "travel matrix")
        self._by_mode: dict[TransportMode, list[list[float]]] = {}
        for mode, rows in (by_mode or {}).items():
            m = _check_matrix(rows, f"travel matrix for {mode.value}")
            if len(m) != len(self._default):
                raise TravelError(
                    f"travel matrix for {mode.value} has {len(m)} rows, "
                    f"expected {len(self._default)}"
                )
            self._by_mode[TransportMode(mode)] = m

    @classmethod
    def from_osrm(cls, table: Mapping[str, Any]) -> MatrixTravel:
        """Build from an OSRM ``/table`` (or Valhalla ``sources_to_targets``) answer in seconds."""
        durations = table.get("durations")
        if not isinstance(durations, list):
            raise TravelError("OSRM table: missing 'durations' list")
        rows: list[list[float]] = []
        for i, row in enumerate(durations):
            if not isinstance(row, list):
                raise TravelError(f"OSRM table: durations[{i}] is not a list")
            if any(v is None for v in row):
                raise TravelError(f"OSRM table: durations[{i}] has an unreachable (null) entry")
            rows.append([float(v) / 60.0 for v in row])
        return cls(rows)

    @property
    def size(self) -> int:
        return len(self._default)

    def time(self, origin: int, destination: int, mode: TransportMode) -> float:
        return self._by_mode.get(mode, self._default)[origin][destination]

    def matrix(self, mode: TransportMode) -> list[list[float]]:
        return self._by_mode.get(mode, self._default)


#: Door-to-door speeds in km/h used when nothing else is given (urban Norway).
DEFAULT_SPEEDS_KMH: Mapping[TransportMode, float] = {
    TransportMode.WALK: 4.5,
    TransportMode.BIKE: 14.0,
    TransportMode.CAR: 24.0,
    TransportMode.PUBLIC_TRANSPORT: 16.0,
}

#: Fixed minutes per trip: parking for a car, waiting for public transport, locking a bike.
DEFAULT_OVERHEAD_MIN: Mapping[TransportMode, float] = {
    TransportMode.WALK: 0.0,
    TransportMode.BIKE: 1.0,
    TransportMode.CAR: 3.0,
    TransportMode.PUBLIC_TRANSPORT: 5.0,
}

EARTH_RADIUS_KM = 6371.0088


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points in degrees."""
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class HaversineTravel:
    """Straight-line distance × detour factor ÷ speed per mode (+ overhead per trip)."""

    def __init__(
        self,
        coordinates: Sequence[tuple[float, float]],
        detour: float = 1.3,
        speeds_kmh: Mapping[TransportMode, float] | None = None,
        overhead_min: Mapping[TransportMode, float] | None = None,
    ) -> None:
        if detour < 1.0:
            raise TravelError(f"detour factor {detour} must be >= 1")
        self.coordinates = tuple((float(lat), float(lon)) for lat, lon in coordinates)
        for i, (lat, lon) in enumerate(self.coordinates):
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise TravelError(f"coordinate {i} = ({lat}, {lon}) is not a (lat, lon) pair")
        self.detour = detour
        self.speeds_kmh = dict(DEFAULT_SPEEDS_KMH if speeds_kmh is None else speeds_kmh)
        self.overhead_min = dict(DEFAULT_OVERHEAD_MIN if overhead_min is None else overhead_min)
        for mode in TransportMode:
            if self.speeds_kmh.get(mode, 1.0) <= 0:
                raise TravelError(f"speed for {mode.value} must be > 0")
        self._km: list[list[float]] | None = None
        self._matrices: dict[TransportMode, list[list[float]]] = {}

    @property
    def size(self) -> int:
        return len(self.coordinates)

    def _speed(self, mode: TransportMode) -> float:
        if mode not in self.speeds_kmh:
            raise TravelError(f"no speed configured for transport mode {mode.value}")
        return self.speeds_kmh[mode]

    def time(self, origin: int, destination: int, mode: TransportMode) -> float:
        if origin == destination:
            return 0.0
        km = haversine_km(self.coordinates[origin], self.coordinates[destination])
        return km * self.detour / self._speed(mode) * 60.0 + self.overhead_min.get(mode, 0.0)

    def matrix(self, mode: TransportMode) -> list[list[float]]:
        cached = self._matrices.get(mode)
        if cached is not None:
            return cached
        if self._km is None:
            coords = self.coordinates
            self._km = [[haversine_km(a, b) for b in coords] for a in coords]
        factor = self.detour / self._speed(mode) * 60.0
        overhead = self.overhead_min.get(mode, 0.0)
        m = [
            [0.0 if i == j else d * factor + overhead for j, d in enumerate(row)]
            for i, row in enumerate(self._km)
        ]
        self._matrices[mode] = m
        return m

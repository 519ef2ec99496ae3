from __future__ import annotations

import pytest

from hverdag.planning.travel import (
    HaversineTravel,
    MatrixTravel,
    TransportMode,
    TravelError,
    TravelTimes,
    haversine_km,
)


def test_matrix_travel_default_and_per_mode() -> None:
    m = MatrixTravel([[0, 5], [6, 0]], by_mode={TransportMode.WALK: [[0, 20], [20, 0]]})
    assert isinstance(m, TravelTimes)
    assert m.size == 2
    assert m.time(0, 1, TransportMode.CAR) == 5.0
    assert m.time(0, 1, TransportMode.WALK) == 20.0
    assert m.matrix(TransportMode.BIKE) == [[0.0, 5.0], [6.0, 0.0]]


def test_matrix_travel_rejects_ragged_and_negative() -> None:
    with pytest.raises(TravelError, match="row 1 has 1 entries, expected 2"):
        MatrixTravel([[0, 1], [1]])
    with pytest.raises(TravelError, match=r"entry \[0\]\[1\] = -1.0"):
        MatrixTravel([[0, -1], [1, 0]])


def test_osrm_table_in_seconds() -> None:
    m = MatrixTravel.from_osrm({"durations": [[0, 120], [180, 0]]})
    assert m.time(1, 0, TransportMode.CAR) == 3.0
    with pytest.raises(TravelError, match="unreachable"):
        MatrixTravel.from_osrm({"durations": [[0, None], [1, 0]]})


def test_haversine_oslo() -> None:
    # Oslo S to Tøyen is about 1.5 km in a straight line.
    oslo_s, toyen = (59.9110, 10.7528), (59.9149, 10.7749)
    assert haversine_km(oslo_s, toyen) == pytest.approx(1.34, abs=0.05)
    t = HaversineTravel([oslo_s, toyen], detour=1.3)
    walk = t.time(0, 1, TransportMode.WALK)
    car = t.time(0, 1, TransportMode.CAR)
    assert walk == pytest.approx(1.34 * 1.3 / 4.5 * 60, rel=0.05)
    assert car < walk
    assert t.matrix(TransportMode.WALK)[0][1] == pytest.approx(walk)
    assert t.matrix(TransportMode.WALK)[1][1] == 0.0


def test_haversine_rejects_bad_coordinates() -> None:
    with pytest.raises(TravelError, match="not a \\(lat, lon\\) pair"):
        HaversineTravel([(100.0, 10.0)])
    with pytest.raises(TravelError, match="detour"):
        HaversineTravel([(59.9, 10.7)], detour=0.5)

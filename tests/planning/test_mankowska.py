from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from hverdag.planning.evaluate import evaluate
from hverdag.planning.mankowska import (
    read_instance,
    read_solution,
    routes_from_json,
    routes_to_json,
)
from hverdag.planning.model import ProblemError
from tests.planning.conftest import HHCRSP

A1 = HHCRSP / "instances" / "InstanzCPLEX_HCSRP_10_1.txt"


def test_reads_a1() -> None:
    p = read_instance(A1)
    assert len(p.caregivers) == 3
    assert len(p.visits) == 13  # 10 patients, 3 of them double
    assert {(lk.first, lk.second, lk.min_gap, lk.max_gap) for lk in p.links} == {
        ("p8-s5", "p8-s6", 0, 0),
        ("p9-s1", "p9-s4", 51, 102),
        ("p10-s3", "p10-s6", 8, 16),
    }
    assert p.caregivers[0].skills == {"s1", "s2", "s3"}
    assert p.visit("p1-s4").earliest == 345 and p.visit("p1-s4").duration == 14


def test_reads_gzip_like_plain(tmp_path: Path) -> None:
    gz = tmp_path / "a1.txt.gz"
    gz.write_bytes(gzip.compress(A1.read_bytes()))
    assert read_instance(gz).visits == read_instance(A1).visits


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("maxd", "maxx"), "expected a keyword|missing block 'maxd'"),
        (lambda t: t.replace("nbVehi\n3", "nbVehi\n4"), "block 'a' has 18 numbers, expected 24"),
        (lambda t: t.replace("0 0 0 1 0 0", "0 0 0 x 0 0", 1), "block 'r' has a non-number 'x'"),
        (lambda t: t.replace("DS\n11 10 9", "DS\n11 10"), "r row and DS list disagree"),
        (lambda t: t.replace("\ne\n0  345", "\ne\n0  999"), "window closes"),
        (lambda t: "", "missing block 'nbNodes'"),
    ],
)
def test_malformed_files_name_the_problem(tmp_path: Path, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.txt"
    bad.write_text(edit(A1.read_text()))
    with pytest.raises(ProblemError, match=message):
        read_instance(bad)


def test_missing_and_corrupt_files(tmp_path: Path) -> None:
    with pytest.raises(ProblemError, match="no such file"):
        read_instance(tmp_path / "nope.txt")
    corrupt = tmp_path / "x.txt.gz"
    corrupt.write_bytes(b"not gzip")
    with pytest.raises(ProblemError, match="cannot read instance"):
        read_instance(corrupt)


def test_solution_json_round_trip() -> None:
    p = read_instance(A1)
    sol = sorted((HHCRSP / "solutions_ceschia2024").glob("sol-InstanzCPLEX_HCSRP_10_1-*.json"))[0]
    routes = read_solution(sol)
    data = routes_to_json(p, routes)
    assert [r["caregiver_id"] for r in data["routes"]] == ["c1", "c2", "c3"]
    assert data["routes"][1]["locations"][0] == {
        "arrival_time": 46.0,
        "departure_time": 60.0,
        "patient": "p8",
        "service": "s6",
    }
    again = routes_from_json(data)
    assert evaluate(p, again).objective == pytest.approx(218.199, abs=0.001)


def test_bad_solution_json() -> None:
    with pytest.raises(ProblemError, match="missing 'routes'"):
        routes_from_json({})
    with pytest.raises(ProblemError, match="patient must look like 'p12'"):
        routes_from_json(
            {
                "routes": [
                    {
                        "caregiver_id": "c1",
                        "locations": [{"patient": "x", "service": "s1", "arrival_time": 1}],
                    }
                ]
            }
        )

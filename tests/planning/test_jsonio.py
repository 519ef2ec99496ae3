from __future__ import annotations

import json
from pathlib import Path

import pytest

from hverdag.planning.jsonio import (
    problem_from_json,
    problem_to_json,
    read_problem,
    result_to_json,
    routes_from_json,
)
from hverdag.planning.model import Problem, ProblemError
from hverdag.planning.solve import solve
from hverdag.planning.stop import MaxIterations

DAY = {
    "skills": ["nurse", "insulin"],
    "travel": {"coordinates": [[59.905, 10.77], [59.91, 10.78], [59.90, 10.76]], "detour": 1.3},
    "caregivers": [
        {
            "id": "kari",
            "shift_start": 420,
            "shift_end": 900,
            "start_location": 0,
            "end_location": 0,
            "skills": ["nurse", "insulin"],
            "transport": "bike",
            "break_rule": {"earliest": 660, "latest": 720, "duration": 30},
        },
        {
            "id": "ola",
            "shift_start": 420,
            "shift_end": 900,
            "start_location": 0,
            "end_location": 0,
            "skills": ["nurse"],
            "transport": "walk",
        },
    ],
    "visits": [
        {
            "id": "ingrid-1",
            "client": "ingrid",
            "location": 1,
            "earliest": 480,
            "latest": 540,
            "duration": 20,
            "skills": ["insulin"],
            "hard_latest": True,
        },
        {
            "id": "per-1",
            "client": "per",
            "location": 2,
            "earliest": 500,
            "latest": 600,
            "duration": 40,
            "staff": 2,
        },
    ],
    "familiar": [["ingrid", "kari"]],
    "weights": {"travel": 1, "lateness": 2},
}


def test_round_trip_and_solve() -> None:
    problem = problem_from_json(DAY)
    assert problem.caregivers[0].break_rule is not None
    assert problem.visits[1].staff == 2
    again = problem_from_json(json.loads(json.dumps(problem_to_json(problem))))
    assert again.visits == problem.visits and again.caregivers == problem.caregivers
    result = solve(problem, MaxIterations(50), seed=0)
    out = result_to_json(problem, result)
    assert out["feasible"] is True
    assert out["costs"]["unassigned"] == 0
    routes = routes_from_json(out["routes"])
    assert routes == list(result.routes)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["visits"][0].update(duration=-5),
            r"visits\[0\]: visit 'ingrid-1': negative duration",
        ),
        (lambda d: d["visits"][0].update(durration=5), r"visits\[0\]: unknown field 'durration'"),
        (lambda d: d["visits"][0].pop("client"), r"visits\[0\]: missing field 'client'"),
        (lambda d: d["visits"][0].update(skills="insulin"), r"visits\[0\].skills: expected a list"),
        (lambda d: d["visits"][0].update(skills=["dialysis"]), "unknown skill 'dialysis'"),
        (lambda d: d["caregivers"][1].update(shift_end=420), "caregiver 'ola': empty shift"),
        (lambda d: d["caregivers"][1].update(transport="horse"), "unknown transport mode 'horse'"),
        (lambda d: d.update(travel={}), "travel: needs 'matrix', 'osrm' or 'coordinates'"),
        (
            lambda d: d.update(
                links=[
                    {"first": "ingrid-1", "second": "per-1", "min_gap": 10, "max_gap": 20},
                    {"first": "per-1", "second": "ingrid-1", "min_gap": 5, "max_gap": 9},
                ]
            ),
            "duplicate link",
        ),
    ],
)
def test_bad_input_names_the_path(edit, message: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(json.dumps(DAY))
    edit(data)
    with pytest.raises(ProblemError, match=message):
        problem_from_json(data)


def test_read_problem_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "day.json"
    bad.write_text("{not json")
    with pytest.raises(ProblemError, match="not valid JSON"):
        read_problem(bad)
    with pytest.raises(ProblemError, match="no such file"):
        read_problem(tmp_path / "missing.json")


def test_problem_type() -> None:
    assert isinstance(problem_from_json(DAY), Problem)

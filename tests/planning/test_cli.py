from __future__ import annotations

import json
from pathlib import Path

import pytest

from hverdag.planning.cli import main
from hverdag.planning.evaluate import evaluate
from hverdag.planning.mankowska import read_instance, routes_from_json
from tests.planning.conftest import HHCRSP
from tests.planning.test_jsonio import DAY

A4 = HHCRSP / "instances" / "InstanzCPLEX_HCSRP_10_4.txt"


def test_solve_mankowska_writes_the_published_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a4.json"
    code = main(
        [
            "solve",
            "--format",
            "mankowska",
            str(A4),
            "--time-limit",
            "1",
            "--seed",
            "2",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert "objective 186.897" in capsys.readouterr().out
    data = json.loads(out.read_text())
    assert set(data) == {"global_ordering", "routes"}
    assert set(data["routes"][0]) == {"caregiver_id", "locations"}
    ev = evaluate(read_instance(A4), routes_from_json(data))
    assert ev.complete and ev.objective == pytest.approx(186.897, abs=0.01)
    assert main(["evaluate", "--format", "mankowska", str(A4), str(out)]) == 0


def test_solve_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    day = tmp_path / "day.json"
    day.write_text(json.dumps(DAY))
    out = tmp_path / "plan.json"
    assert main(["solve", str(day), "--time-limit", "0.5", "--out", str(out)]) == 0
    plan = json.loads(out.read_text())
    assert plan["feasible"] and plan["unassigned"] == []


def test_bad_input_is_a_message_not_a_trace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text("nbNodes\n12\nnbVehi\nthree\n")
    assert main(["solve", "--format", "mankowska", str(broken), "--time-limit", "1"]) == 2
    err = capsys.readouterr().err
    assert "error:" in err and "Traceback" not in err
    assert main(["solve", "--format", "mankowska", str(tmp_path / "none.txt")]) == 2
    assert "no such file" in capsys.readouterr().err

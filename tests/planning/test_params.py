from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hverdag.planning import engine
from hverdag.planning.cli import main
from hverdag.planning.mankowska import read_instance
from hverdag.planning.model import ProblemError
from hverdag.planning.params import Params
from hverdag.planning.solve import solve
from hverdag.planning.stop import MaxIterations
from tests.planning.conftest import HHCRSP

A1 = HHCRSP / "instances" / "InstanzCPLEX_HCSRP_10_1.txt"


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "params.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_the_tuned_values() -> None:
    assert Params() == Params(
        t_start=3.0, t_end=0.02, cycle_min=2000, cycle_max=20_000, cycle_work=400_000, q_max=12
    )


def test_a_file_sets_some_keys_and_keeps_the_rest(tmp_path: Path) -> None:
    path = _toml(tmp_path, "# cooler and smaller\nt_start = 2\nq_max = 8\n")
    assert Params.from_toml(path) == Params(t_start=2, q_max=8)
    assert Params.from_toml(_toml(tmp_path, "")) == Params()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "q_maxx = 3",
            "unknown key 'q_maxx' (known: cycle_max, cycle_min, cycle_work, q_max, t_end, t_start)",
        ),
        ("[search]\nq_max = 3", "unknown key 'search'"),
        ('t_start = "hot"', "t_start must be a number, got 'hot'"),
        ("t_end = true", "t_end must be a number, got True"),
        ("q_max = 2.5", "q_max must be an integer, got 2.5"),
        ("cycle_min = false", "cycle_min must be an integer, got False"),
        ("t_end = 0", "t_end must be > 0, got 0"),
        ("t_start = nan", "t_start must be a finite number, got nan"),
        ("q_max = 0", "q_max must be >= 1, got 0"),
        ("cycle_min = 500\ncycle_max = 100", "cycle_max 100 < cycle_min 500"),
        ("q_max = ", "not valid TOML"),
    ],
)
def test_a_bad_file_names_the_file_and_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = _toml(tmp_path, text)
    with pytest.raises(ProblemError) as caught:
        Params.from_toml(path)
    assert str(caught.value).startswith(f"{path}: {message}")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ProblemError, match=r"nope\.toml: no such file"):
        Params.from_toml(tmp_path / "nope.toml")


def test_values_are_checked_in_code_too() -> None:
    with pytest.raises(ProblemError, match="params: q_max must be an integer"):
        Params(q_max=2.5)  # type: ignore[arg-type]


def test_solve_hands_the_parameters_to_the_search(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Any] = []
    search = engine.search

    def spy(*args: Any) -> Any:
        seen.append(args[-1])
        return search(*args)

    monkeypatch.setattr(engine, "search", spy)
    problem = read_instance(A1)
    mine = Params(q_max=3)
    solve(problem, MaxIterations(5), seed=1, params=mine)
    solve(problem, MaxIterations(5), seed=1)
    assert seen == [mine, None]


def test_explicit_defaults_give_the_same_plan() -> None:
    problem = read_instance(A1)
    default = solve(problem, MaxIterations(200), seed=3)
    explicit = solve(problem, MaxIterations(200), seed=3, params=Params())
    assert explicit.routes == default.routes


def test_cli_reads_a_params_file_and_refuses_a_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _toml(tmp_path, "q_max = 4\n")
    out = tmp_path / "sol.json"
    args = ["solve", "--format", "mankowska", str(A1), "--time-limit", "0.2", "--out", str(out)]
    assert main([*args, "--params", str(good)]) == 0
    assert out.exists()
    bad = tmp_path / "bad.toml"
    bad.write_text("q_max = 'many'\n")
    assert main([*args, "--params", str(bad)]) == 2
    assert capsys.readouterr().err == f"error: {bad}: q_max must be an integer, got 'many'\n"

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench import solomon


def _run(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["solomon.py", *args])
    return solomon.main()


def test_a_bad_params_file_stops_before_solving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    params = tmp_path / "p.toml"
    params.write_text("q_max = 1.5\n")
    assert _run(monkeypatch, "--instances", "C101", "--params", str(params)) == 2
    assert f"error: {params}: q_max must be an integer, got 1.5" in capsys.readouterr().err


def test_params_file_is_named_in_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pyvrp is left out so the test measures only our planner, quickly.
    monkeypatch.setattr(solomon, "pyvrp_distance", lambda *a: None)
    params = tmp_path / "p.toml"
    params.write_text("q_max = 4\n")
    out = tmp_path / "c101.csv"
    args = ["--instances", "C101", "--time-limit", "0.2", "--out", str(out)]
    assert _run(monkeypatch, *args, "--params", str(params)) == 0
    assert f"Search parameters from `{params}`." in out.with_suffix(".md").read_text()

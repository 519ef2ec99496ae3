from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench import hhcrsp


def _run(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["hhcrsp.py", *args])
    return hhcrsp.main()


def test_params_file_is_used_and_named_in_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    params = tmp_path / "p.toml"
    params.write_text("q_max = 4\n")
    out = tmp_path / "a1.csv"
    args = ["--instances", "A1", "--time-limit", "0.2", "--baseline", "none", "--out", str(out)]
    assert _run(monkeypatch, *args, "--params", str(params)) == 0
    assert f"search parameters from `{params}`" in out.with_suffix(".md").read_text()
    assert _run(monkeypatch, *args) == 0
    assert "search parameters" not in out.with_suffix(".md").read_text()


def test_a_bad_params_file_stops_before_solving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    params = tmp_path / "p.toml"
    params.write_text("t_strat = 1\n")
    assert _run(monkeypatch, "--instances", "A1", "--params", str(params)) == 2
    assert "unknown key 't_strat'" in capsys.readouterr().err

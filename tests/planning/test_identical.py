"""The fast cases of ``bench/identical.py`` give exactly the recorded plans, words and costs.

The file was recorded before the planner's results became data (issue 10 §3); any difference
means a change that was meant to be a refactoring changed a plan or a message.
"""

from __future__ import annotations

import json

import pytest

from bench.identical import CASES, RESULTS, Case, compare, run_case

RECORDED = RESULTS / "identical-2026-12-02.json"


@pytest.mark.parametrize("case", [c for c in CASES if c.fast], ids=lambda c: c.name)
def test_fast_cases_are_bit_identical_to_the_recording(case: Case) -> None:
    recorded = json.loads(RECORDED.read_text())["cases"][case.name]
    assert compare(recorded, run_case(case)) == []

"""Shared fixtures for the planning tests: a small district with named caregivers."""

from __future__ import annotations

from pathlib import Path

import pytest

from hverdag.planning.model import Break, Caregiver, Link, Problem, Visit, Weights
from hverdag.planning.travel import MatrixTravel

HHCRSP = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "hhcrsp"
if not HHCRSP.exists():  # the repo may be checked out elsewhere; fall back to the shared mount
    HHCRSP = Path("/work/shared/benchmarks/hhcrsp")


def line_travel(n: int, step: float = 10.0) -> MatrixTravel:
    """Locations 0..n-1 on a line, ``step`` minutes apart."""
    return MatrixTravel([[abs(i - j) * step for j in range(n)] for i in range(n)])


@pytest.fixture
def small_problem() -> Problem:
    """Two nurses on team Øst (Kari, Ola) and four clients on a line; one double visit."""
    kari = Caregiver("kari", 0, 480, 0, 0, skills={"nurse", "insulin"})
    ola = Caregiver("ola", 0, 480, 0, 0, skills={"nurse"})
    visits = (
        Visit("ingrid-morning", "ingrid", 1, 30, 60, 20, skills={"insulin"}),
        Visit("per-shower", "per", 2, 60, 120, 30, staff=2, skills={"nurse"}),
        Visit("astrid-meal", "astrid", 3, 100, 200, 15),
        Visit("astrid-meds", "astrid", 3, 100, 200, 10, skills={"nurse"}),
    )
    return Problem(
        caregivers=(kari, ola),
        visits=visits,
        travel=line_travel(4),
        links=(Link("astrid-meal", "astrid-meds", 0, 0, distinct=True),),
        weights=Weights(continuity=0, preference=0),
    )


__all__ = ["HHCRSP", "Break", "line_travel"]

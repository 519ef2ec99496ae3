"""The package's public face: what ``hverdag.planning`` exports, and that it stands alone."""

from __future__ import annotations

import subprocess
import sys

import hverdag.planning as planning


def test_the_public_api_is_exported_from_the_package() -> None:
    for name in (
        "solve",
        "Result",
        "Unassigned",
        "UnassignedReason",
        "Violation",
        "ViolationKind",
        "Params",
        "evaluate",
        "timetable",
        "Timetable",
    ):
        assert name in planning.__all__ and hasattr(planning, name), name


def test_importing_the_planner_loads_neither_django_nor_other_hverdag_code() -> None:
    # hverdag/__init__.py itself loads the Celery app (and so some of Django); what counts is
    # what the planner adds on top of that.
    code = (
        "import sys, hverdag; before = set(sys.modules); import hverdag.planning; "
        "print(sorted(m for m in set(sys.modules) - before if m.split('.')[0] == 'django' "
        "or (m.startswith('hverdag.') and not m.startswith('hverdag.planning'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

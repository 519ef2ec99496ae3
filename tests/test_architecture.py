"""The layer contracts cover every part of Hverdag, so a new app cannot slip past them.

`lint-imports` (run by `make test`) checks the contracts themselves; this checks that the
contracts name every top-level module of the package.
"""

from __future__ import annotations

import pkgutil
import tomllib
from pathlib import Path

import hverdag

ROOT = Path(__file__).resolve().parent.parent
# Wiring, not a context: settings, the Celery app, the root URLconf and the WSGI entry.
WIRING = {"hverdag.settings", "hverdag.celery", "hverdag.urls", "hverdag.wsgi"}


def contracts() -> dict[str, dict[str, list[str]]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return {c["id"]: c for c in config["contracts"]}


def top_level_modules() -> set[str]:
    return {f"hverdag.{m.name}" for m in pkgutil.iter_modules(hverdag.__path__)}


def test_every_context_is_in_a_layer() -> None:
    layered = {
        name.strip() for layer in contracts()["layers"]["layers"] for name in layer.split("|")
    }
    assert top_level_modules() - WIRING - {"hverdag.planning"} == layered


def test_the_planner_is_forbidden_every_other_part_of_hverdag() -> None:
    forbidden = set(contracts()["planning-apart"]["forbidden_modules"])
    assert top_level_modules() - {"hverdag.planning"} <= forbidden
    assert {"django", "ninja", "celery"} <= forbidden

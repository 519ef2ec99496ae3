"""The dependencies are what pyproject.toml says, and the locks are the pins it names.

No database, no network: these read pyproject.toml, requirements/*.txt and hverdag's sources.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
APP_LOCK = ROOT / "requirements" / "app.txt"
DEV_LOCK = ROOT / "requirements" / "dev.txt"
LOCKED = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+) \\$")

# Packages the app must not import at run time: benchmark baselines and test-only tools.
NOT_AT_RUN_TIME = {"ortools", "pyvrp", "stdnum", "pytest", "pypdf", "polib", "playwright"}


def pins(requirements: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for text in requirements:
        req = Requirement(text)
        (spec,) = req.specifier  # every dependency is pinned with ==
        assert spec.operator == "==", f"{text}: pin it with =="
        out[canonicalize_name(req.name)] = spec.version
    return out


def locked(path: Path) -> dict[str, str]:
    entries: dict[str, str] = {}
    lines = path.read_text().splitlines()
    for i, line in enumerate(lines):
        m = LOCKED.match(line)
        if m:
            assert lines[i + 1].strip().startswith("--hash=sha256:"), f"{path.name}: {line}"
            entries[canonicalize_name(m["name"])] = m["version"]
    return entries


APP = pins(PYPROJECT["project"]["dependencies"])
EXTRAS = {k: pins(v) for k, v in PYPROJECT["project"]["optional-dependencies"].items()}


def test_the_app_lock_holds_every_app_pin_and_nothing_of_dev_or_bench() -> None:
    lock = locked(APP_LOCK)
    for name, version in APP.items():
        assert lock.get(name) == version, f"{name}=={version} is not in {APP_LOCK.name}: make lock"
    for name in [*EXTRAS["dev"], *EXTRAS["bench"]]:
        assert name not in lock, f"{name} is a dev/bench dependency but in {APP_LOCK.name}"


def test_the_dev_lock_is_the_app_lock_plus_dev_at_the_same_versions() -> None:
    app, dev = locked(APP_LOCK), locked(DEV_LOCK)
    for name, version in EXTRAS["dev"].items():
        assert dev.get(name) == version, f"{name}=={version} is not in {DEV_LOCK.name}: make lock"
    for name, version in app.items():
        assert dev.get(name) == version, f"{name}: {version} in app, {dev.get(name)} in dev"
    for name in EXTRAS["bench"]:
        assert name not in dev, f"{name} is a benchmark baseline: make test must not install it"


def test_the_build_backend_is_locked_for_an_install_without_build_isolation() -> None:
    (backend,) = PYPROJECT["build-system"]["requires"]
    req = Requirement(backend)
    for path in (APP_LOCK, DEV_LOCK):
        version = locked(path).get(canonicalize_name(req.name))
        assert version is not None and req.specifier.contains(version), path.name


def module_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(NOT_AT_RUN_TIME))
def test_the_app_does_not_import_benchmark_or_test_only_packages(package: str) -> None:
    users = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "hverdag").rglob("*.py"))
        if package in module_imports(path)
    ]
    assert not users, f"{package} is not an app dependency, yet imported by {users}"

"""Search parameters of the planner, with defaults tuned on the HHCRSP benchmark.

``solve(..., params=Params(...))`` or ``Params.from_toml(path)`` for a file such as::

    # faster cooling, smaller ruins
    t_start = 2.0
    q_max = 8

Every key is optional (a missing one keeps its default); an unknown key or a wrong type is a
:class:`~hverdag.planning.model.ProblemError` naming the file and the key, so a typo never
silently runs the defaults.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from hverdag.planning.model import ProblemError


@dataclass(frozen=True)
class Params:
    """How the ruin-and-recreate search behaves (``docs/planning.md``, "The solver")."""

    #: Start and end temperature of a cooling cycle, relative to the average cost per task.
    t_start: float = 3.0
    t_end: float = 0.02
    #: Iterations per cooling cycle: ``cycle_work / tasks``, clamped to [cycle_min, cycle_max].
    cycle_min: int = 2000
    cycle_max: int = 20_000
    cycle_work: int = 400_000
    #: Most visit groups removed by one ruin (fewer on small problems).
    q_max: int = 12

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type == "int":
                if not isinstance(value, int) or isinstance(value, bool):
                    raise ProblemError(f"params: {f.name} must be an integer, got {value!r}")
            elif (
                not isinstance(value, int | float)
                or isinstance(value, bool)
                or not math.isfinite(value)
            ):
                raise ProblemError(f"params: {f.name} must be a finite number, got {value!r}")
        # The temperature is cooled geometrically from t_start to t_end, so both must be > 0.
        for name in ("t_start", "t_end"):
            if getattr(self, name) <= 0:
                raise ProblemError(f"params: {name} must be > 0, got {getattr(self, name)}")
        for name in ("cycle_min", "cycle_work", "q_max"):
            if getattr(self, name) < 1:
                raise ProblemError(f"params: {name} must be >= 1, got {getattr(self, name)}")
        if self.cycle_max < self.cycle_min:
            raise ProblemError(f"params: cycle_max {self.cycle_max} < cycle_min {self.cycle_min}")

    @classmethod
    def from_mapping(cls, data: dict[str, Any], source: str = "params") -> Params:
        """Parameters from a mapping (e.g. a parsed TOML table); errors name ``source``."""
        known = {f.name: f.type for f in fields(cls)}
        for key, value in data.items():
            kind = known.get(key)
            if kind is None:
                raise ProblemError(
                    f"{source}: unknown key {key!r} (known: {', '.join(sorted(known))})"
                )
            # TOML has separate integers and floats: an integer is a fine float, not vice versa.
            if kind == "int" and (not isinstance(value, int) or isinstance(value, bool)):
                raise ProblemError(f"{source}: {key} must be an integer, got {value!r}")
            if kind == "float" and (not isinstance(value, int | float) or isinstance(value, bool)):
                raise ProblemError(f"{source}: {key} must be a number, got {value!r}")
        try:
            return cls(**data)
        except ProblemError as exc:
            raise ProblemError(f"{source}: {str(exc).removeprefix('params: ')}") from None

    @classmethod
    def from_toml(cls, path: str | Path) -> Params:
        """Parameters from a TOML file of top-level ``key = value`` lines."""
        source = str(path)
        try:
            with Path(path).open("rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            raise ProblemError(f"{source}: no such file") from None
        except OSError as exc:
            raise ProblemError(f"{source}: cannot read ({exc})") from None
        except tomllib.TOMLDecodeError as exc:
            raise ProblemError(f"{source}: not valid TOML ({exc})") from None
        return cls.from_mapping(data, source)

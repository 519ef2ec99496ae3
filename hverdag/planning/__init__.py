"""Hverdag's home-care routing and scheduling engine (pure Python, no Django).

Pure data in, a :class:`Result` out: build a :class:`Problem`, call :func:`solve`, and check any
plan with the independent :func:`evaluate`. Broken rules come back as :class:`Violation` and
left-out visits as :class:`Unassigned`, data a caller can word in its own language;
:func:`timetable` times routes whose order a planner chose by hand. See ``docs/planning.md``.
"""

from hverdag.planning.evaluate import Evaluation, Violation, ViolationKind, evaluate
from hverdag.planning.model import (
    Break,
    Caregiver,
    Link,
    Problem,
    ProblemError,
    Route,
    Stop,
    Visit,
    Weights,
)
from hverdag.planning.params import Params
from hverdag.planning.solve import Result, Unassigned, UnassignedReason, solve
from hverdag.planning.timetable import Timetable, timetable
from hverdag.planning.travel import HaversineTravel, MatrixTravel, TransportMode, TravelTimes

__all__ = [
    "Break",
    "Caregiver",
    "Evaluation",
    "HaversineTravel",
    "Link",
    "MatrixTravel",
    "Params",
    "Problem",
    "ProblemError",
    "Result",
    "Route",
    "Stop",
    "Timetable",
    "TransportMode",
    "TravelTimes",
    "Unassigned",
    "UnassignedReason",
    "Violation",
    "ViolationKind",
    "Visit",
    "Weights",
    "evaluate",
    "solve",
    "timetable",
]

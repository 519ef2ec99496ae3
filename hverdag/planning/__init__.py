"""Hverdag's home-care routing and scheduling engine (pure Python, no Django).

Pure data in, a :class:`Result` out: build a :class:`Problem`, call :func:`solve`, and check any
plan with the independent :func:`evaluate`. See ``docs/planning.md``.
"""

from hverdag.planning.evaluate import Evaluation, evaluate
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
from hverdag.planning.travel import HaversineTravel, MatrixTravel, TransportMode, TravelTimes

__all__ = [
    "Break",
    "Caregiver",
    "Evaluation",
    "HaversineTravel",
    "Link",
    "MatrixTravel",
    "Problem",
    "ProblemError",
    "Route",
    "Stop",
    "TransportMode",
    "TravelTimes",
    "Visit",
    "Weights",
    "evaluate",
]

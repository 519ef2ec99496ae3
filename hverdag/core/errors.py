"""Domain errors that name the field and the rule that was broken."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Violation:
    field: str
    rule: str
    message: str


class RuleViolation(Exception):
    """Raised by a service function before anything is written.

    Carries every violation found, so a form or an API client can show them all at once.
    """

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        super().__init__("; ".join(f"{v.field}: {v.message}" for v in violations))

    @classmethod
    def single(cls, field: str, rule: str, message: str) -> RuleViolation:
        return cls([Violation(field, rule, message)])

    def as_dict(self) -> dict[str, list[dict[str, str]]]:
        out: dict[str, list[dict[str, str]]] = {}
        for v in self.violations:
            out.setdefault(v.field, []).append({"rule": v.rule, "message": v.message})
        return out


class PermissionDenied(Exception):
    """The user's role or care relationship does not allow the action."""


class NotFound(Exception):
    """The object does not exist or is outside what the user may know about."""


class Collector:
    """Collects violations during validation, then raises them together."""

    def __init__(self) -> None:
        self.violations: list[Violation] = []

    def add(self, field: str, rule: str, message: str) -> None:
        self.violations.append(Violation(field, rule, message))

    def raise_if_any(self) -> None:
        if self.violations:
            raise RuleViolation(self.violations)

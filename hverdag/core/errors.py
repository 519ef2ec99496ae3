"""Domain errors that name the field and the rule that was broken."""

from __future__ import annotations

from dataclasses import dataclass

from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Violation:
    field: str
    rule: str
    # Usually a lazy translation: a service may run before the reader's language is known
    # (a Celery task, a request whose language is not yet active), so the words are chosen
    # where they are shown.
    text: StrOrPromise

    @property
    def message(self) -> str:
        """The text in the language active now: read it where it is shown."""
        return str(self.text)


class RuleViolation(Exception):
    """Raised by a service function before anything is written.

    Carries every violation found, so a form or an API client can show them all at once.
    """

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        # The violations, not a joined sentence, so a pickled error (a Celery result) can be
        # rebuilt, and str() below renders in the language active when it is shown.
        super().__init__(violations)

    def __str__(self) -> str:
        return "; ".join(f"{v.field}: {v.message}" for v in self.violations)

    @classmethod
    def single(cls, field: str, rule: str, message: StrOrPromise) -> RuleViolation:
        return cls([Violation(field, rule, message)])

    def as_dict(self) -> dict[str, list[dict[str, str]]]:
        """For JSON: each message rendered now, in the language of the response."""
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

    def add(self, field: str, rule: str, message: StrOrPromise) -> None:
        self.violations.append(Violation(field, rule, message))

    def raise_if_any(self) -> None:
        if self.violations:
            raise RuleViolation(self.violations)

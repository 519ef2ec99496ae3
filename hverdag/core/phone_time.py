"""When a phone says an action happened: the time its offline queue sends as ``at``.

A phone's clock may run a little ahead of the server's, so a few minutes in the future are
accepted; more is refused, as is a time without a time zone. Near a visit, the time must be
within a day of the visit's date.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hverdag.core.errors import RuleViolation, Violation

CLOCK_SKEW = dt.timedelta(minutes=5)


def phone_time_violations(at: dt.datetime, near: dt.date | None = None) -> list[Violation]:
    if timezone.is_naive(at):
        return [Violation("at", "naive", _("The time must carry its time zone."))]
    if at > timezone.now() + CLOCK_SKEW:
        return [Violation("at", "future", _("The time is in the future."))]
    if near is not None and abs((timezone.localtime(at).date() - near).days) > 1:
        message = _("The time is more than a day away from the visit's date.")
        return [Violation("at", "far_from_visit", message)]
    return []


def check_phone_time(at: dt.datetime, near: dt.date | None = None) -> None:
    violations = phone_time_violations(at, near)
    if violations:
        raise RuleViolation(violations)

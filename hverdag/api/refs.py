"""Turning the references a caller sends (slugs, UUIDs) into rows the user may use.

The API never takes or returns database ids. What the caller names is looked up only
inside the user's own municipalities, so a reference to another municipality's row is
reported exactly like one that does not exist.
"""

from __future__ import annotations

import uuid

from django.utils.translation import gettext_lazy as _

from hverdag.access.models import User
from hverdag.access.selectors import visible_teams
from hverdag.core.errors import RuleViolation
from hverdag.org.models import Team


def as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def find_team(user: User, ref: str, *, field: str = "team") -> Team | None:
    """A team by UUID or slug; None if there is none. Raises if a slug is ambiguous."""
    key = as_uuid(ref.strip())
    teams = visible_teams(user)
    found = list(teams.filter(public_id=key) if key else teams.filter(slug=ref.strip())[:2])
    if len(found) > 1:
        raise RuleViolation.single(
            field, "ambiguous", _("Several teams have this short name; use the team's id.")
        )
    return found[0] if found else None


def require_team(user: User, ref: str, *, field: str = "team") -> Team:
    team = find_team(user, ref, field=field)
    if team is None:
        raise RuleViolation.single(
            field, "unknown", _("Choose one of the teams of your municipality.")
        )
    return team

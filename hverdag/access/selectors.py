"""Reads scoped by the user's role assignments that are not health information (nothing
here is logged): which teams and providers a user may name."""

from __future__ import annotations

from django.db.models import QuerySet

from hverdag.access import policy
from hverdag.access.models import User
from hverdag.org.models import Provider, Team


def visible_teams(user: User) -> QuerySet[Team]:
    """The teams of the user's own municipalities (a list filter, a reference to resolve)."""
    return Team.objects.filter(municipality_id__in=policy.municipality_ids(user)).select_related(
        "unit__district"
    )


def visible_providers(user: User) -> QuerySet[Provider]:
    """The active providers of the user's own municipalities (to name in decision lines)."""
    return Provider.objects.filter(municipality_id__in=policy.municipality_ids(user), active=True)

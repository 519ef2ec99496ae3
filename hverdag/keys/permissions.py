"""Who keeps a team's key register: its team leaders and planners (or the district's)."""

from __future__ import annotations

from django.db.models import QuerySet

from hverdag.access import policy
from hverdag.access.models import Role, User
from hverdag.org.models import Team

KEEPER_ROLES = frozenset({Role.TEAM_LEADER, Role.PLANNER})


def kept_teams(user: User) -> QuerySet[Team]:
    """The teams whose key register the user keeps (none for anyone else; a private
    provider's planner keeps no municipal team's keys)."""
    covered = policy.teams_where(user, KEEPER_ROLES)
    return Team.objects.filter(covered).select_related("unit").order_by("name")


def keeps(user: User, team_id: int) -> bool:
    return kept_teams(user).filter(pk=team_id).exists()


def keeps_any(user: User) -> bool:
    return policy.has_role(user, *KEEPER_ROLES) and kept_teams(user).exists()

"""Who handles a team's deviations: its leader, a district's leader, the system administrator."""

from __future__ import annotations

from django.db.models import Q

from hverdag.access import policy
from hverdag.access.models import Role, User


def led_teams(user: User) -> Q:
    """A filter on ``team`` for the deviations the user handles (matches nothing if none)."""
    q = Q(pk__in=[])
    for a in policy.assignments(user):
        if a.role == Role.TEAM_LEADER:
            if a.team_id:
                q |= Q(team_id=a.team_id)
            elif a.district_id:
                q |= Q(team__unit__district_id=a.district_id, municipality_id=a.municipality_id)
        elif a.role == Role.SYSTEM_ADMIN:
            q |= Q(municipality_id=a.municipality_id)
    return q


def leads_any_team(user: User) -> bool:
    return policy.has_role(user, Role.TEAM_LEADER, Role.SYSTEM_ADMIN)

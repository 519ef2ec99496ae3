"""Who handles a team's deviations: its leader, a district's leader, the system administrator;
and who may follow one up (the reporter too)."""

from __future__ import annotations

from django.db.models import Q

from hverdag.access import policy
from hverdag.access.models import Role, User
from hverdag.deviations.models import Deviation


def led_teams(user: User) -> Q:
    """A filter on deviations the user handles (matches nothing if none)."""
    return policy.teams_where(
        user,
        {Role.TEAM_LEADER},
        team_field="team_id",
        path="team__",
        municipality_wide={Role.SYSTEM_ADMIN},
    )


def leads_any_team(user: User) -> bool:
    return policy.has_role(user, Role.TEAM_LEADER, Role.SYSTEM_ADMIN)


def may_handle(user: User, deviation: Deviation) -> bool:
    """The leader of the deviation's team (or of its district), or the system administrator."""
    return Deviation.objects.filter(led_teams(user), pk=deviation.pk).exists()


def may_follow_up(user: User, deviation: Deviation) -> bool:
    return deviation.reported_by_id == user.pk or may_handle(user, deviation)

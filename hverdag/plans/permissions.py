"""Who may plan a scope: its planners and team leaders, district planners, a provider's admin."""

from __future__ import annotations

from hverdag.access import policy
from hverdag.access.models import Role, User
from hverdag.core.errors import PermissionDenied
from hverdag.plans.scope import Scope, all_scopes

PLANNING_ROLES = frozenset({Role.PLANNER, Role.TEAM_LEADER})


def may_plan(user: User, scope: Scope) -> bool:
    for a in policy.assignments(user):
        if a.municipality_id != scope.provider.municipality_id:
            continue
        if a.role == Role.SYSTEM_ADMIN:
            return True
        if scope.team is None:
            if a.provider_id == scope.provider.pk and a.role in (
                PLANNING_ROLES | {Role.PROVIDER_ADMIN}
            ):
                return True
            continue
        if a.role not in PLANNING_ROLES:
            continue
        if a.team_id == scope.team.pk:
            return True
        if a.district_id and a.district_id == scope.team.unit.district_id:
            return True
    return False


def require_planner(user: User, scope: Scope) -> None:
    if not may_plan(user, scope):
        raise PermissionDenied(f"You do not plan {scope.label}.")


def plannable_scopes(user: User) -> list[Scope]:
    """Every scope the user may plan, teams first (for the planning start page)."""
    return [scope for scope in all_scopes() if may_plan(user, scope)]

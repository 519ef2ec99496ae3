"""Who may change the rota and staff absences, and whose profession opens the journal.

Built on ``hverdag.access.policy``: the role table and the user's role assignments.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hverdag.access import policy
from hverdag.access.models import Role, RoleAssignment, User
from hverdag.core.errors import PermissionDenied
from hverdag.core.i18n import interpolate
from hverdag.staff.models import Employee
from hverdag.staff.selectors import employee_of

# Professions that are not health personnel: they give practical assistance, have no journal
# duty (forskrift 16.12.2011 nr. 1393 § 2) and so no service need for the journal. What
# they document goes to the case file.
NON_HEALTH_PROFESSIONS = frozenset({"home_helper"})


def may_use_journal(user: User) -> bool:
    """Whether the user's profession lets them read and write clients' journals.

    Only the profession is asked here; role and care relationship are checked on top.
    A user who is not an employee (the client, next of kin) is not refused by this rule.
    """
    employee = employee_of(user)
    return employee is None or employee.profession not in NON_HEALTH_PROFESSIONS


# What a refusal says the user tried to do (the action codes are for the code, not people).
STAFF_ACTION_LABELS = {
    "staff.shifts": _("changing the rota"),
    "staff.absence": _("registering staff absences"),
}


def require_staff_action(user: User, action: str, employee: Employee) -> None:
    """Raise PermissionDenied unless the user may change the employee's rota or absences.

    A planner or team leader for the staff of their team (or of every team of their
    district), a provider's administrator for the provider's own staff, the system
    administrator for the municipality's staff.
    """
    allowed = policy.ACTION_ROLES[action]
    if not policy.has_role(user, *allowed):
        what = STAFF_ACTION_LABELS.get(action, action)
        raise PermissionDenied(
            interpolate(_("Your role does not allow %(action)s."), {"action": what})
        )
    if not any(
        _covers_employee(a, employee) for a in policy.assignments(user) if a.role in allowed
    ):
        raise PermissionDenied(_("You may plan only the staff of your own team or provider."))


def _covers_employee(a: RoleAssignment, employee: Employee) -> bool:
    if a.municipality_id != employee.municipality_id:
        return False
    if a.role == Role.SYSTEM_ADMIN:
        return True
    if a.role == Role.PROVIDER_ADMIN or policy.provider_scoped(a):
        return bool(a.provider_id) and a.provider_id == employee.provider_id
    if a.team_id:
        return a.team_id == employee.team_id
    if a.district_id and employee.team_id:
        # Staff without a team (district-wide therapists) have no district on record; the
        # system administrator plans them until they do.
        team = employee.team
        return team is not None and team.unit.district_id == a.district_id
    return False


def visible_employees(user: User) -> Q:
    """Municipal staff see the staff of their municipality; a private provider, its
    administrator and its own staff see its own people only."""
    q = Q(pk__in=[])
    for a in policy.assignments(user):
        if a.role == Role.PROVIDER_ADMIN or (
            a.role in policy.CLINICAL_ROLES and policy.provider_scoped(a)
        ):
            if a.provider_id:
                q |= Q(provider_id=a.provider_id)
        elif a.role in policy.CLINICAL_ROLES or a.role == Role.SYSTEM_ADMIN:
            q |= Q(municipality_id=a.municipality_id)
    return q

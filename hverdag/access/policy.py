"""Who may see and do what: role permission ∧ (care relationship ∨ emergency access).

Every page and API endpoint asks these functions; none decides access on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hverdag.access.models import AccessReason, BreakGlass, Role, RoleAssignment, User
from hverdag.core.errors import PermissionDenied

if TYPE_CHECKING:
    from hverdag.clients.models import Client
    from hverdag.staff.models import Employee

STAFF_ROLES = frozenset(
    {Role.CASEWORKER, Role.PLANNER, Role.FIELD_STAFF, Role.TEAM_LEADER, Role.PROVIDER_ADMIN}
)
# Roles whose holders, with a care relationship, read and record health information.
CLINICAL_ROLES = frozenset({Role.CASEWORKER, Role.FIELD_STAFF, Role.TEAM_LEADER, Role.PLANNER})
# Roles whose district-wide scope is itself a service need: the allocation office and the
# unit's leaders and planners. A district-wide therapist or coordinator is not thereby in a
# care relationship with every client of the district; that comes from being the contact
# person or (with the visits context) from a planned visit.
DISTRICT_ROLES = frozenset({Role.CASEWORKER, Role.TEAM_LEADER, Role.PLANNER})
# Who keeps the rota and staff absences. No care relationship here: a scope over employees
# instead (require_staff_action).
ROTA_ROLES = frozenset({Role.PLANNER, Role.TEAM_LEADER, Role.SYSTEM_ADMIN, Role.PROVIDER_ADMIN})
# What each write action needs; the care relationship is checked on top.
ACTION_ROLES: dict[str, frozenset[Role]] = {
    "client.register": frozenset({Role.CASEWORKER}),
    "client.update": frozenset({Role.CASEWORKER, Role.TEAM_LEADER}),
    "client.home_notes": frozenset({Role.CASEWORKER, Role.FIELD_STAFF, Role.TEAM_LEADER}),
    "client.resource_persons": frozenset({Role.CASEWORKER, Role.FIELD_STAFF, Role.TEAM_LEADER}),
    "client.welfare_technology": frozenset({Role.CASEWORKER, Role.FIELD_STAFF, Role.TEAM_LEADER}),
    "client.assessment": frozenset({Role.CASEWORKER}),
    "decision.edit": frozenset({Role.CASEWORKER}),
    "break_glass.review": frozenset({Role.TEAM_LEADER}),
    # "Not home": whoever learns of it first registers it, the client and proxy included,
    # so that nobody rings a locked door.
    "client.absence": frozenset(
        {
            Role.CASEWORKER,
            Role.FIELD_STAFF,
            Role.TEAM_LEADER,
            Role.PLANNER,
            Role.CLIENT,
            Role.NEXT_OF_KIN,
        }
    ),
    "staff.shifts": ROTA_ROLES,
    "staff.absence": ROTA_ROLES,
    # Deviations (avvik): any staff member who saw it reports it; a client or next of kin
    # raises a concern through the team instead.
    "deviation.report": frozenset(
        {Role.CASEWORKER, Role.FIELD_STAFF, Role.TEAM_LEADER, Role.PLANNER}
    ),
    # The medication list: caseworkers, and nurses among the field staff and leaders (the
    # medication service checks the profession).
    "medication.edit": frozenset({Role.CASEWORKER, Role.FIELD_STAFF, Role.TEAM_LEADER}),
    # A note (journal or case file) from the client record; from a visit, being the
    # caregiver planned for it is the rule. The journal also needs may_use_journal.
    "note.write": frozenset({Role.CASEWORKER, Role.FIELD_STAFF, Role.TEAM_LEADER}),
}


def assignments(user: User) -> list[RoleAssignment]:
    """The user's role assignments, loaded once per request object."""
    cached: list[RoleAssignment] | None = getattr(user, "_role_cache", None)
    if cached is None:
        if not user.is_authenticated or not user.is_active:
            cached = []
        else:
            cached = list(
                RoleAssignment.objects.filter(user=user).select_related(
                    "team__unit", "district", "provider"
                )
            )
        user._role_cache = cached  # type: ignore[attr-defined]
    return cached


def roles(user: User) -> set[str]:
    return {a.role for a in assignments(user)}


def has_role(user: User, *wanted: str) -> bool:
    return bool(roles(user) & set(wanted))


def is_staff_user(user: User) -> bool:
    return bool(roles(user) & STAFF_ROLES)


def municipality_ids(user: User) -> set[int]:
    return {a.municipality_id for a in assignments(user)}


def care_relationship(
    user: User, client: Client, *, for_roles: Iterable[str] | None = None
) -> AccessReason | None:
    """The reason the user has a service need for the client's record, or None."""
    wanted = set(for_roles) if for_roles is not None else None
    for a in assignments(user):
        if wanted is not None and a.role not in wanted:
            continue
        if a.municipality_id != client.municipality_id:
            continue
        if a.role == Role.CLIENT and a.client_id == client.pk:
            return AccessReason.OWN_RECORD
        if a.role == Role.NEXT_OF_KIN and a.client_id == client.pk:
            return AccessReason.PROXY
        if a.role == Role.PROVIDER_ADMIN:
            if a.provider_id and a.provider_id == client.practical_provider_id:
                return AccessReason.PROVIDER
            continue
        if a.role in CLINICAL_ROLES:
            if _provider_scoped(a):
                # A private provider's own staff: its clients, read as narrowly as its admin.
                if a.provider_id == client.practical_provider_id:
                    return AccessReason.PROVIDER
                continue
            # A caregiver reads a record only for the visits they make (planned visit, below)
            # or as contact person; the team shows them basic details only (issue 5 §7).
            if a.team_id and a.team_id == client.team_id and a.role != Role.FIELD_STAFF:
                return AccessReason.TEAM
            if a.role in DISTRICT_ROLES and a.district_id and a.district_id == client.district_id:
                return AccessReason.DISTRICT
    # Being the contact person counts only for the clinical roles asked about.
    contact_roles = {r for r in CLINICAL_ROLES if wanted is None or r in wanted}
    if contact_roles and has_role(user, *contact_roles):
        employee_id = _employee_id(user)
        if employee_id is not None and client.contact_person_id == employee_id:
            return AccessReason.CONTACT_PERSON
        if employee_id is not None and _planned_visit(employee_id, client):
            return AccessReason.PLANNED_VISIT
    return None


# A visit in the published plan from yesterday to tomorrow: the caregiver prepares the visit,
# makes it and documents it afterwards; outside that the team or contact person rule applies.
PLANNED_VISIT_DAYS = 1


def _planned_visit(employee_id: int, client: Client) -> bool:
    from hverdag.visits.models import PlanEntry, PlanStatus

    today = timezone.localdate()
    return PlanEntry.objects.filter(
        employee_id=employee_id,
        visit__client_id=client.pk,
        plan__status=PlanStatus.PUBLISHED,
        plan__date__gte=today - dt.timedelta(days=PLANNED_VISIT_DAYS),
        plan__date__lte=today + dt.timedelta(days=PLANNED_VISIT_DAYS),
    ).exists()


def _provider_scoped(a: RoleAssignment) -> bool:
    return bool(a.provider_id) and not a.team_id and not a.district_id


def _employee_id(user: User) -> int | None:
    from hverdag.staff.selectors import employee_of

    employee = employee_of(user)
    return employee.pk if employee is not None else None


def active_break_glass(user: User, client: Client) -> BreakGlass | None:
    if not is_staff_user(user):
        return None
    return (
        BreakGlass.objects.filter(user=user, client=client, expires_at__gt=timezone.now())
        .order_by("-opened_at")
        .first()
    )


# A private provider needs what it takes to deliver its part (who, where, how to get in),
# not the client's assessments, decisions or the rest of the record.
PROVIDER_MAY_READ = frozenset({"overview", "home_notes", "entry_code", "resource_persons"})


def health_reason(
    user: User, client: Client, what: str | None = None
) -> tuple[AccessReason, BreakGlass | None] | None:
    """Why the user may read ``what`` of the client's record (None: may not).

    ``what`` None asks whether any part of the record is open to the user.
    """
    reason = care_relationship(user, client)
    if reason == AccessReason.PROVIDER and what is not None and what not in PROVIDER_MAY_READ:
        reason = None
    if reason is not None:
        return reason, None
    glass = active_break_glass(user, client)
    if glass is not None:
        return AccessReason.BREAK_GLASS, glass
    return None


# Professions that are not health personnel: they give practical assistance, have no journal
# duty (forskrift 16.12.2011 nr. 1393 § 2) and so no service need for the journal. What
# they document goes to the case file.
NON_HEALTH_PROFESSIONS = frozenset({"home_helper"})


def may_use_journal(user: User) -> bool:
    """Whether the user's profession lets them read and write clients' journals.

    Only the profession is asked here; role and care relationship are checked on top.
    A user who is not an employee (the client, next of kin) is not refused by this rule.
    """
    from hverdag.staff.selectors import employee_of

    employee = employee_of(user)
    return employee is None or employee.profession not in NON_HEALTH_PROFESSIONS


def require_action(user: User, action: str, client: Client | None = None) -> AccessReason | None:
    """Raise PermissionDenied unless the user's role allows the action on this client."""
    allowed = ACTION_ROLES[action]
    if not has_role(user, *allowed):
        raise PermissionDenied(f"Your role does not allow {action}.")
    if client is None:
        return None
    reason = care_relationship(user, client, for_roles=allowed)
    if reason is not None:
        return reason
    if action in TEAM_ACTIONS and on_clients_team(user, client, allowed):
        return AccessReason.TEAM
    if active_break_glass(user, client) is not None:
        return AccessReason.BREAK_GLASS
    raise PermissionDenied("You have no care relationship with this client.")


# What any member of the client's team may record without reading the record: what went
# wrong (a deviation), and that the client is away (a hospital stay phoned in).
TEAM_ACTIONS = frozenset({"deviation.report", "client.absence"})


def on_clients_team(user: User, client: Client, roles: Iterable[str] | None = None) -> bool:
    wanted = set(roles) if roles is not None else CLINICAL_ROLES
    return any(
        a.role in wanted
        and a.municipality_id == client.municipality_id
        and a.team_id is not None
        and a.team_id == client.team_id
        for a in assignments(user)
    )


# What a refusal says the user tried to do (the action codes are for the code, not people).
STAFF_ACTION_LABELS = {
    "staff.shifts": gettext_lazy("changing the rota"),
    "staff.absence": gettext_lazy("registering staff absences"),
}


def require_staff_action(user: User, action: str, employee: Employee) -> None:
    """Raise PermissionDenied unless the user may change the employee's rota or absences.

    A planner or team leader for the staff of their team (or of every team of their
    district), a provider's administrator for the provider's own staff, the system
    administrator for the municipality's staff.
    """
    allowed = ACTION_ROLES[action]
    if not has_role(user, *allowed):
        what = STAFF_ACTION_LABELS.get(action, action)
        raise PermissionDenied(_("Your role does not allow %(action)s.") % {"action": what})
    if not any(_covers_employee(a, employee) for a in assignments(user) if a.role in allowed):
        raise PermissionDenied(_("You may plan only the staff of your own team or provider."))


def _covers_employee(a: RoleAssignment, employee: Employee) -> bool:
    if a.municipality_id != employee.municipality_id:
        return False
    if a.role == Role.SYSTEM_ADMIN:
        return True
    if a.role == Role.PROVIDER_ADMIN or _provider_scoped(a):
        return bool(a.provider_id) and a.provider_id == employee.provider_id
    if a.team_id:
        return a.team_id == employee.team_id
    if a.district_id and employee.team_id:
        # Staff without a team (district-wide therapists) have no district on record; the
        # system administrator plans them until they do.
        team = employee.team
        return team is not None and team.unit.district_id == a.district_id
    return False


def may_read_access_log(user: User, client: Client) -> bool:
    """The client, next of kin acting for them, and the leader of the client's team.

    The client's right to see who has read their record (pasientjournalloven, GDPR
    art. 15); the team leader reviews the log as part of access control (Normen).
    """
    if care_relationship(user, client, for_roles={Role.CLIENT, Role.NEXT_OF_KIN}):
        return True
    reason = care_relationship(user, client, for_roles={Role.TEAM_LEADER})
    return reason in (AccessReason.TEAM, AccessReason.DISTRICT)


def basic_visible_clients(user: User) -> QuerySet[Client]:
    """Clients whose basic details (name, address, team) the user may look up.

    Staff of a district find its clients (to answer a phone call, to start a case);
    a private provider only its own; a client or next of kin only their own record.
    """
    from hverdag.clients.models import Client

    q = Q(pk__in=[])
    for a in assignments(user):
        if a.role in CLINICAL_ROLES and not _provider_scoped(a):
            district_id = a.district_id or (a.team.unit.district_id if a.team else None)
            if district_id:
                q |= Q(district_id=district_id)
        elif a.role in CLINICAL_ROLES | {Role.PROVIDER_ADMIN} and a.provider_id:
            q |= Q(practical_provider_id=a.provider_id)
        elif a.role in (Role.CLIENT, Role.NEXT_OF_KIN) and a.client_id:
            q |= Q(pk=a.client_id)
    return Client.objects.filter(q)


def require_basic(user: User, client: Client) -> None:
    if not basic_visible_clients(user).filter(pk=client.pk).exists():
        raise PermissionDenied("You may not see this client.")

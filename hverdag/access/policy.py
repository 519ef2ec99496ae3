"""Who may see and do what: role permission ∧ (care relationship ∨ emergency access).

Every page and API endpoint asks these functions; none decides access on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hverdag.access import relationships
from hverdag.access.models import AccessReason, BreakGlass, Role, RoleAssignment, User
from hverdag.core.errors import PermissionDenied
from hverdag.core.i18n import interpolate

if TYPE_CHECKING:
    from hverdag.clients.models import Client

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
            if provider_scoped(a):
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
    # The relationships other contexts know (contact person, planned visit) count only for
    # the clinical roles asked about.
    contact_roles = {r for r in CLINICAL_ROLES if wanted is None or r in wanted}
    if contact_roles and has_role(user, *contact_roles):
        return relationships.first_relationship(user, client)
    return None


def teams_where(
    user: User,
    roles: Iterable[str],
    *,
    team_field: str = "pk",
    path: str = "",
    municipality_wide: Iterable[str] = (),
) -> Q:
    """A filter for the teams the user holds one of ``roles`` for (matches nothing if none).

    A team assignment covers that team, a district assignment every team of the district;
    a role in ``municipality_wide`` covers the whole municipality. On a ``Team`` queryset
    the defaults apply; on rows that have a team, name its field and path, e.g.
    ``team_field="team_id", path="team__"``. A provider-wide assignment covers no municipal
    team. Every "who may, for which teams" rule (keys, deviations) is built on this.
    """
    wanted, everywhere = set(roles), set(municipality_wide)
    q = Q(pk__in=[])
    for a in assignments(user):
        if a.role in everywhere:
            q |= Q(municipality_id=a.municipality_id)
        elif a.role not in wanted:
            continue
        elif a.team_id:
            q |= Q(**{team_field: a.team_id})
        elif a.district_id:
            q |= Q(
                **{f"{path}unit__district_id": a.district_id, "municipality_id": a.municipality_id}
            )
    return q


def provider_scoped(a: RoleAssignment) -> bool:
    """A role held for a private provider as a whole (not for a team or district)."""
    return bool(a.provider_id) and not a.team_id and not a.district_id


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


def require_action(user: User, action: str, client: Client | None = None) -> AccessReason | None:
    """Raise PermissionDenied unless the user's role allows the action on this client."""
    allowed = ACTION_ROLES[action]
    if not has_role(user, *allowed):
        raise PermissionDenied(
            interpolate(_("Your role does not allow %(action)s."), {"action": action})
        )
    if client is None:
        return None
    reason = care_relationship(user, client, for_roles=allowed)
    if reason is not None:
        return reason
    if action in TEAM_ACTIONS and on_clients_team(user, client, allowed):
        return AccessReason.TEAM
    if active_break_glass(user, client) is not None:
        return AccessReason.BREAK_GLASS
    raise PermissionDenied(_("You have no care relationship with this client."))


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


def may_read_access_log(user: User, client: Client) -> bool:
    """The client, next of kin acting for them, and the leader of the client's team.

    The client's right to see who has read their record (pasientjournalloven, GDPR
    art. 15); the team leader reviews the log as part of access control (Normen).
    """
    if care_relationship(user, client, for_roles={Role.CLIENT, Role.NEXT_OF_KIN}):
        return True
    reason = care_relationship(user, client, for_roles={Role.TEAM_LEADER})
    return reason in (AccessReason.TEAM, AccessReason.DISTRICT)

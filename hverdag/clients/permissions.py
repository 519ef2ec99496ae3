"""Whose basic details a user may look up, and the contact person as a care relationship.

Built on ``hverdag.access.policy`` (role assignments); the contact person is registered with
``hverdag.access.relationships`` at start-up (``ClientsConfig.ready``).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hverdag.access import policy
from hverdag.access.models import Role, User
from hverdag.clients.models import Client
from hverdag.core.errors import PermissionDenied
from hverdag.staff.selectors import employee_of


def basic_visible_clients(user: User) -> QuerySet[Client]:
    """Clients whose basic details (name, address, team) the user may look up.

    Staff of a district find its clients (to answer a phone call, to start a case);
    a private provider only its own; a client or next of kin only their own record.
    """
    q = Q(pk__in=[])
    for a in policy.assignments(user):
        if a.role in policy.CLINICAL_ROLES and not policy.provider_scoped(a):
            district_id = a.district_id or (a.team.unit.district_id if a.team else None)
            if district_id:
                q |= Q(district_id=district_id)
        elif a.role in policy.CLINICAL_ROLES | {Role.PROVIDER_ADMIN} and a.provider_id:
            q |= Q(practical_provider_id=a.provider_id)
        elif a.role in (Role.CLIENT, Role.NEXT_OF_KIN) and a.client_id:
            q |= Q(pk=a.client_id)
    return Client.objects.filter(q)


def require_basic(user: User, client: Client) -> None:
    if not basic_visible_clients(user).filter(pk=client.pk).exists():
        raise PermissionDenied(_("You may not see this client."))


def is_contact_person(user: User, client: Client) -> bool:
    """The user is the client's contact person (primærkontakt): a care relationship."""
    employee = employee_of(user)
    return employee is not None and client.contact_person_id == employee.pk

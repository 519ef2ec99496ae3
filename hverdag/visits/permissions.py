"""Who may act at a visit: the caregiver planned for it; and the planned visit as a care
relationship, which ``VisitsConfig.ready`` registers with ``access``.

A caregiver prepares a visit, makes it and documents it afterwards: a visit in the
published plan from yesterday to tomorrow opens the client's record to them. Outside that
the team or contact person rule applies.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from hverdag.access import policy
from hverdag.access.models import User
from hverdag.clients.models import Client
from hverdag.core.errors import PermissionDenied
from hverdag.staff.models import Employee
from hverdag.staff.selectors import employee_of
from hverdag.visits.models import PlanEntry, PlanStatus, Visit

PLANNED_VISIT_DAYS = 1


def has_planned_visit(user: User, client: Client) -> bool:
    employee = employee_of(user)
    if employee is None:
        return False
    today = timezone.localdate()
    return PlanEntry.objects.filter(
        employee_id=employee.pk,
        visit__client_id=client.pk,
        plan__status=PlanStatus.PUBLISHED,
        plan__date__gte=today - dt.timedelta(days=PLANNED_VISIT_DAYS),
        plan__date__lte=today + dt.timedelta(days=PLANNED_VISIT_DAYS),
    ).exists()


# A caregiver acts on visits from yesterday to tomorrow (documenting late, a night visit).
DAYS_AROUND_TODAY = PLANNED_VISIT_DAYS


def planned_entry(employee: Employee, visit: Visit) -> PlanEntry | None:
    """The caregiver's entry for the visit in the published plan, if they are planned for it."""
    return (
        PlanEntry.objects.filter(visit=visit, employee=employee, plan__status=PlanStatus.PUBLISHED)
        .select_related("plan")
        .first()
    )


def require_caregiver(user: User, refusal: StrOrPromise | None = None) -> Employee:
    """The acting caregiver: an active employee in a clinical role. ``refusal`` says what the
    action was, in the words of the service refusing it."""
    employee = employee_of(user)
    if employee is None or not policy.has_role(user, *policy.CLINICAL_ROLES):
        raise PermissionDenied(
            refusal or _("Only the caregiver planned for the visit can do this.")
        )
    return employee


def require_planned(
    employee: Employee, visit: Visit, refusal: StrOrPromise | None = None
) -> PlanEntry:
    entry = planned_entry(employee, visit)
    if entry is None:
        raise PermissionDenied(
            refusal or _("Only the caregiver planned for the visit can do this.")
        )
    return entry

"""The planned visit as a care relationship, registered with ``access`` at start-up.

A caregiver prepares a visit, makes it and documents it afterwards: a visit in the
published plan from yesterday to tomorrow opens the client's record to them. Outside that
the team or contact person rule applies.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hverdag.access.models import User
from hverdag.clients.models import Client
from hverdag.staff.selectors import employee_of
from hverdag.visits.models import PlanEntry, PlanStatus

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

"""When a scheduled dose is due, and who may give it. Pure rules, shared by reads and writes.

A dose is due at a visit when its local clock time on a day falls inside the visit's agreed
window (``window_start``..``window_end``, both ends included): a medicine at 08:00 is given at
the visit agreed for 07:30–10:30 that day. Only scheduled medicines the staff give count;
a dispenser's doses and as-needed medicines are never "due". Two visits whose windows both
hold the time (a double-staffed pair, back-to-back visits) show the same dose; it is signed
once, by whoever signs first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from hverdag.core.clock import local_time_on
from hverdag.medication.models import MedicationOrder
from hverdag.staff.models import Employee, Profession
from hverdag.visits.models import Visit

# The competence a caregiver needs to give and sign medicines (staff.reference).
MEDICATION_COMPETENCE = "medication_administration"
# Who changes the medication list among the clinical staff; caseworkers may too.
NURSES = frozenset({Profession.NURSE, Profession.ADVANCED_CLINICAL_NURSE})


def clock(hhmm: str) -> dt.time:
    return dt.time.fromisoformat(hhmm)


def due_times(order: MedicationOrder, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """The order's scheduled moments (aware, UTC) with ``start <= moment <= end``."""
    if not order.signed_at_visits:
        return []
    from django.utils import timezone

    first = timezone.localtime(start).date()
    last = timezone.localtime(end).date()
    out = []
    day = first
    while day <= last:
        if order.active_on(day):
            for hhmm in order.times:
                moment = local_time_on(day, clock(hhmm))
                if start <= moment <= end:
                    out.append(moment)
        day += dt.timedelta(days=1)
    return sorted(out)


def due_at_visit(
    orders: Iterable[MedicationOrder], visit: Visit
) -> list[tuple[MedicationOrder, dt.datetime]]:
    """(order, due) for each dose due at the visit, in time order, then by drug."""
    found = [
        (order, moment)
        for order in orders
        if order.client_id == visit.client_id
        for moment in due_times(order, visit.window_start, visit.window_end)
    ]
    return sorted(found, key=lambda pair: (pair[1], pair[0].drug.lower()))


def may_give_medicines(employee: Employee) -> bool:
    return employee.competences.filter(code=MEDICATION_COMPETENCE).exists()

"""Handing a visit back: the caregiver cannot make it, and says why.

The visit goes back to the planner's unassigned list (in the published plan and in a draft
of the day) with the reason, and leaves the caregiver's day. It is refused once the
caregiver has checked in, once the visit is done, and after its agreed window has closed:
then it is not a visit to re-plan but one that was missed, which is a deviation.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from hverdag.access.logging import audit, snapshot
from hverdag.access.models import User
from hverdag.core.errors import Collector
from hverdag.core.idempotency import save_once
from hverdag.plans.services import take_out_handed_back
from hverdag.staff.models import Employee
from hverdag.visits.models import HandBack, Visit, VisitStatus
from hverdag.visits.services import act_at_visit, check_moment, checked_in

REASON_MAX = 300


def do_hand_back(
    user: User, visit: Visit, reason: str, at: dt.datetime, key: uuid.UUID | str
) -> HandBack:
    def act(employee: Employee, visit: Visit, key: uuid.UUID) -> HandBack:
        check_moment(visit, at)
        errors = Collector()
        if visit.status != VisitStatus.PLANNED:
            errors.add(
                "visit", "not_planned", _("Only a visit still to be made can be handed back.")
            )
        elif checked_in(employee, visit):
            errors.add("visit", "checked_in", _("You have checked in on this visit."))
        elif visit.window_end <= timezone.now():
            errors.add(
                "visit",
                "window_passed",
                _("The agreed time is over: report a missed visit as a deviation instead."),
            )
        if not reason.strip():
            errors.add("reason", "required", _("Say why you cannot make it."))
        elif len(reason) > REASON_MAX:
            errors.add("reason", "too_long", _("At most %(n)s characters.") % {"n": REASON_MAX})
        errors.raise_if_any()
        handed, written = save_once(
            HandBack(
                visit=visit,
                employee=employee,
                reason=reason.strip(),
                at=at,
                idempotency_key=key,
                recorded_by=user,
            ),
            same,
        )
        if written:
            audit(user, "visit.hand_back", handed, client=visit.client, new=snapshot(handed))
            take_out_handed_back(user, visit, employee, handed.reason)
        return handed

    same = _same(user, visit)
    return act_at_visit(user, visit, key, HandBack, same, act)


def _same(user: User, visit: Visit) -> Callable[[HandBack], bool]:
    def same(found: HandBack) -> bool:
        return (found.visit_id, found.recorded_by_id) == (visit.pk, user.pk)

    return same

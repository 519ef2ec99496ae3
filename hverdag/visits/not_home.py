"""Client not home: the caregiver followed the agreed procedure and could not get in.

The procedure (shown on the visit page): call the client; call the next of kin; tell the
team. The report records who was called and whether anyone knows where the client is, and
the visit becomes "client not home". The planner and team leader see it on the board at once;
when nobody knows where the client is, the board shows it as urgent, because a client who
does not open may be lying hurt inside.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from hverdag.access.logging import audit, snapshot
from hverdag.access.models import User
from hverdag.core.errors import Collector
from hverdag.core.i18n import interpolate
from hverdag.core.idempotency import save_once
from hverdag.staff.models import Employee
from hverdag.visits.execution import act_at_visit, check_moment, checked_in
from hverdag.visits.models import NotHomeReport, Visit, VisitStatus

EXPLANATION_MAX = 2000


def do_report_not_home(
    user: User,
    visit: Visit,
    *,
    called_client: bool,
    called_next_of_kin: bool,
    whereabouts_known: bool,
    explanation: str,
    at: dt.datetime,
    key: uuid.UUID | str,
) -> NotHomeReport:
    def act(employee: Employee, visit: Visit, key: uuid.UUID) -> NotHomeReport:
        check_moment(visit, at)
        errors = Collector()
        if visit.status == VisitStatus.DONE:
            errors.add("visit", "done", _("The visit is already done."))
        if visit.status == VisitStatus.NOT_HOME:
            errors.add("visit", "not_home", _("The visit is already recorded as not home."))
        if checked_in(employee, visit):
            errors.add("visit", "checked_in", _("You checked in, so you got in."))
        has_kin = visit.client.resource_persons.filter(active=True, is_next_of_kin=True).exists()
        if not called_client:
            errors.add("called_client", "procedure", _("Call the client first."))
        if has_kin and not called_next_of_kin:
            errors.add("called_next_of_kin", "procedure", _("Call the next of kin too."))
        if not explanation.strip():
            errors.add("explanation", "required", _("Write what you found out."))
        elif len(explanation) > EXPLANATION_MAX:
            errors.add(
                "explanation",
                "too_long",
                interpolate(_("At most %(n)s characters."), {"n": EXPLANATION_MAX}),
            )
        errors.raise_if_any()
        report, written = save_once(
            NotHomeReport(
                visit=visit,
                employee=employee,
                called_client=called_client,
                called_next_of_kin=called_next_of_kin,
                whereabouts_known=whereabouts_known,
                explanation=explanation.strip(),
                at=at,
                idempotency_key=key,
                recorded_by=user,
            ),
            same,
        )
        if not written:
            return report
        audit(user, "visit.not_home", report, client=visit.client, new=snapshot(report))
        group = [visit.pk] + ([visit.partner_id] if visit.partner_id else [])
        for v in Visit.objects.filter(pk__in=group).exclude(status=VisitStatus.DONE):
            v.status = VisitStatus.NOT_HOME
            v.save(update_fields=["status", "updated_at"])
        return report

    same = _same(user, visit)
    return act_at_visit(user, visit, key, NotHomeReport, same, act)


def _same(user: User, visit: Visit) -> Callable[[NotHomeReport], bool]:
    def same(found: NotHomeReport) -> bool:
        return (found.visit_id, found.recorded_by_id) == (visit.pk, user.pk)

    return same

"""Reads of the medication context. The list and the doses are health information: each
read is access-logged with the section ``medication``."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hverdag.access import policy
from hverdag.access.logging import access_health, log_read
from hverdag.access.models import AccessReason, User
from hverdag.clients.models import Client
from hverdag.core.errors import NotFound
from hverdag.medication.models import (
    AlertStatus,
    DoseOutcome,
    DoseRecord,
    GivenBy,
    MedicationAlert,
    MedicationOrder,
)
from hverdag.medication.rules import due_at_visit, may_give_medicines
from hverdag.staff.models import Employee
from hverdag.visits.models import HandBack, Visit, VisitStatus

# What the access log says was read.
ACCESS_WHAT = "medication"
# As-needed doses wait for their follow-up this long; older ones are for the nurse.
FOLLOW_UP_WITHIN = dt.timedelta(hours=36)


def current_orders(client: Client) -> QuerySet[MedicationOrder]:
    """The versions in force (nobody replaced them), stopped ones included."""
    return MedicationOrder.objects.filter(client=client, next_version__isnull=True).order_by(
        "drug", "id"
    )


def in_use(orders: QuerySet[MedicationOrder], day: dt.date) -> QuerySet[MedicationOrder]:
    return orders.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gt=day))


@dataclass
class DueDose:
    order: MedicationOrder
    due_at: dt.datetime
    record: DoseRecord | None

    @property
    def key(self) -> str:
        """Unique within the page: the series and the moment."""
        return f"{self.order.series}-{self.due_at:%Y%m%d%H%M}"


@dataclass
class PrnMedicine:
    order: MedicationOrder
    given_24h: int

    @property
    def at_max(self) -> bool:
        return self.order.max_per_day is not None and self.given_24h >= self.order.max_per_day


@dataclass
class VisitMedication:
    visit: Visit
    may_sign: bool
    due: list[DueDose] = field(default_factory=list)
    as_needed: list[PrnMedicine] = field(default_factory=list)
    dispenser: list[MedicationOrder] = field(default_factory=list)
    awaiting_follow_up: list[DoseRecord] = field(default_factory=list)
    prn_given_here: list[DoseRecord] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.due or self.as_needed or self.dispenser or self.awaiting_follow_up)


def visit_medication(user: User, visit: Visit, employee: Employee) -> VisitMedication:
    """What the visit page shows of the client's medicines; the caller found the visit as the
    user's planned visit (``find_my_visit``), so the read is logged as a planned visit."""
    client = visit.client
    log_read(user, client, ACCESS_WHAT, AccessReason.PLANNED_VISIT)
    day = visit.date
    orders = list(in_use(current_orders(client), day))
    due_pairs = due_at_visit(orders, visit)
    signed = {
        (d.series, d.due_at): d
        for d in DoseRecord.objects.filter(
            series__in={o.series for o, _due in due_pairs},
            due_at__in={due for _o, due in due_pairs},
        ).select_related("employee")
    }
    now = timezone.now()
    prn_orders = [o for o in orders if o.as_needed and o.given_by == GivenBy.STAFF]
    prn_doses = list(
        DoseRecord.objects.filter(
            client=client,
            due_at__isnull=True,
            outcome=DoseOutcome.GIVEN,
            at__gt=now - FOLLOW_UP_WITHIN,
        )
        .select_related("order", "employee")
        .prefetch_related("follow_up")
        .order_by("at")
    )
    counts: dict[object, int] = {}
    for d in prn_doses:
        if d.at > now - dt.timedelta(hours=24):
            counts[d.series] = counts.get(d.series, 0) + 1
    awaiting = [d for d in prn_doses if not _has_follow_up(d)]
    return VisitMedication(
        visit=visit,
        may_sign=may_give_medicines(employee),
        due=[DueDose(o, due, signed.get((o.series, due))) for o, due in due_pairs],
        as_needed=[PrnMedicine(o, counts.get(o.series, 0)) for o in prn_orders],
        dispenser=[o for o in orders if o.given_by == GivenBy.DISPENSER],
        awaiting_follow_up=awaiting,
        prn_given_here=[d for d in prn_doses if d.visit_id == visit.pk],
    )


def _has_follow_up(dose: DoseRecord) -> bool:
    try:
        return dose.follow_up is not None
    except DoseRecord.follow_up.RelatedObjectDoesNotExist:
        return False


@dataclass
class ClientMedication:
    in_use: list[MedicationOrder]
    coming: list[MedicationOrder]
    stopped: list[MedicationOrder]
    recent_doses: list[DoseRecord]


def client_medication(user: User, client: Client) -> ClientMedication:
    """The client's medication list for the record page (access-checked and logged)."""
    access_health(user, client, ACCESS_WHAT)
    today = timezone.localdate()
    current = list(current_orders(client).select_related("recorded_by"))
    using = [o for o in current if o.active_on(today)]
    coming = [o for o in current if o.start_date > today]
    stopped = [o for o in current if o.end_date is not None and o.end_date <= today]
    recent = list(
        DoseRecord.objects.filter(client=client)
        .select_related("order", "employee")
        .order_by("-at")[:30]
    )
    return ClientMedication(using, coming, stopped, recent)


def find_order(client_id: int, public_id: uuid.UUID | str) -> MedicationOrder:
    """One of the client's medicines (any version); NotFound otherwise. The caller has
    resolved the client (a planned visit, a record the user may open)."""
    try:
        return MedicationOrder.objects.get(client_id=client_id, public_id=public_id)
    except (MedicationOrder.DoesNotExist, ValueError, ValidationError) as exc:
        raise NotFound(gettext_lazy("No such medicine.")) from exc


def find_dose(client_id: int, public_id: uuid.UUID | str) -> DoseRecord:
    """One of the client's signed doses; NotFound otherwise."""
    try:
        dose = DoseRecord.objects.filter(client_id=client_id, public_id=public_id).first()
    except (ValueError, ValidationError) as exc:
        raise NotFound(gettext_lazy("No such dose.")) from exc
    if dose is None:
        raise NotFound(gettext_lazy("No such dose."))
    return dose


def find_alert(public_id: uuid.UUID | str) -> MedicationAlert:
    """An unsigned-dose alert by id; who may answer it is the service's question."""
    try:
        alert = MedicationAlert.objects.filter(public_id=public_id).select_related("client").first()
    except (ValueError, ValidationError) as exc:
        raise NotFound(gettext_lazy("No such alert.")) from exc
    if alert is None:
        raise NotFound(gettext_lazy("No such alert."))
    return alert


def history(order: MedicationOrder) -> list[MedicationOrder]:
    return list(MedicationOrder.objects.filter(series=order.series).order_by("-version"))


def alerts_for_nurse(user: User) -> list[MedicationAlert] | None:
    """Open unsigned-dose alerts of the clients the nurse on duty cares for; None when the
    user is not a nurse on duty today. Each client's alert shown is logged as a read."""
    from hverdag.medication.services import is_nurse_on_duty
    from hverdag.staff.selectors import employee_of

    if not is_nurse_on_duty(user):
        return None
    employee = employee_of(user)
    assert employee is not None
    shift_teams = set(
        employee.shifts.filter(date=timezone.localdate(), team__isnull=False).values_list(
            "team_id", flat=True
        )
    )
    teams = shift_teams | ({employee.team_id} if employee.team_id else set())
    alerts = list(
        MedicationAlert.objects.filter(team_id__in=teams, status=AlertStatus.OPEN)
        .select_related("client", "order")
        .order_by("-due_at", "client__last_name", "id")
    )
    logged: set[int] = set()
    for alert in alerts:
        if alert.client_id in logged:
            continue
        # The alert is for the team's nurse on duty, planned for the client or not.
        reason, glass = policy.health_reason(user, alert.client, ACCESS_WHAT) or (
            AccessReason.ON_DUTY,
            None,
        )
        log_read(user, alert.client, ACCESS_WHAT, reason, glass)
        logged.add(alert.client_id)
    _explain(alerts)
    return alerts


def _explain(alerts: list[MedicationAlert]) -> None:
    """Why each dose went unsigned, as far as the visits tell (``alert.why``; one query):
    the client was not home, the visit was handed back or cancelled, or no visit covered
    the time. Empty when a visit was made and the dose simply not signed."""
    if not alerts:
        return
    visits = list(
        Visit.objects.filter(
            client_id__in={a.client_id for a in alerts},
            window_start__lte=max(a.due_at for a in alerts),
            window_end__gte=min(a.due_at for a in alerts),
        ).only("id", "client_id", "status", "window_start", "window_end")
    )
    handed = set(HandBack.objects.filter(visit__in=visits).values_list("visit_id", flat=True))
    for alert in alerts:
        covering = [
            v
            for v in visits
            if v.client_id == alert.client_id and v.window_start <= alert.due_at <= v.window_end
        ]
        statuses = {v.status for v in covering}
        if not covering:
            alert.why = _("No visit covered this time.")  # type: ignore[attr-defined]
        elif VisitStatus.NOT_HOME in statuses:
            alert.why = _("The client was not home.")  # type: ignore[attr-defined]
        elif any(v.pk in handed for v in covering):
            alert.why = _("The visit was handed back.")  # type: ignore[attr-defined]
        elif statuses == {VisitStatus.CANCELLED}:
            alert.why = _("The visit was cancelled.")  # type: ignore[attr-defined]
        else:
            alert.why = ""  # type: ignore[attr-defined]

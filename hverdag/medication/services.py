"""Writes of the medication context. Nothing here edits or deletes a record.

- The list: ``do_add_order``, ``do_change_order`` (a new version), ``do_discontinue_order``
  (a new version with the day it stops). Caseworkers and nurses with a care relationship.
- At the visit, by the caregiver planned for it who holds the medication competence:
  ``do_sign_dose`` (a scheduled dose: given, not given or refused), ``do_give_prn`` (an
  as-needed dose, with the reason for giving it now), ``do_follow_up_prn`` (its effect).
  These follow the offline protocol: a key applied once, ``at`` from the phone.
- ``raise_unsigned_alerts`` (Celery beat, every 10 min) and ``do_acknowledge_alert``.

Corrections of a signed dose (a new version of the record) are not offered yet.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hverdag.access import policy
from hverdag.access.logging import audit, snapshot
from hverdag.access.models import Role, User
from hverdag.clients.models import Client
from hverdag.core.errors import Collector, PermissionDenied, RuleViolation
from hverdag.core.i18n import interpolate
from hverdag.core.idempotency import parse_key, replayed, save_once
from hverdag.core.phone_time import check_phone_time
from hverdag.medication.inputs import OrderInput
from hverdag.medication.models import (
    AlertStatus,
    DoseOutcome,
    DoseRecord,
    DrugForm,
    Effect,
    GivenBy,
    MedicationAlert,
    MedicationOrder,
    OrderChange,
    PrnFollowUp,
    Route,
)
from hverdag.medication.rules import NURSES, due_times, may_give_medicines
from hverdag.staff.models import Employee
from hverdag.staff.selectors import employee_of
from hverdag.visits.models import Visit
from hverdag.visits.permissions import require_caregiver, require_planned
from hverdag.visits.services import check_visit_open

MAX_TEXT = 2000
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MAX_TIMES = 8
# Alerts look back one day: an older unsigned dose is for the deviation system, not the shift.
ALERT_LOOKBACK = dt.timedelta(hours=24)


# --- the list -------------------------------------------------------------------------------


def may_edit_list(user: User, client: Client) -> bool:
    try:
        _require_editor(user, client)
    except PermissionDenied:
        return False
    return True


def _require_editor(user: User, client: Client) -> None:
    """A caseworker, or a nurse (by profession), with a care relationship to the client."""
    policy.require_action(user, "medication.edit", client)
    if policy.has_role(user, Role.CASEWORKER):
        return
    employee = employee_of(user)
    if employee is None or employee.profession not in NURSES:
        raise PermissionDenied(_("Only nurses and caseworkers change the medication list."))


def _text(errors: Collector, field: str, value: str, limit: int, *, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.add(field, "required", _("This field is required."))
    if len(value) > limit:
        errors.add(
            field, "max_length", interpolate(_("At most %(limit)d characters."), {"limit": limit})
        )
    return value


def _clean(data: OrderInput) -> dict[str, Any]:
    """The order's fields, validated; RuleViolation naming each field otherwise."""
    errors = Collector()
    out: dict[str, Any] = {
        "drug": _text(errors, "drug", data.drug, 120, required=True),
        "strength": _text(errors, "strength", data.strength, 60, required=False),
        "dose": _text(errors, "dose", data.dose, 120, required=True),
        "dose_unit": _text(errors, "dose_unit", data.dose_unit, 20, required=False),
        "prescriber": _text(errors, "prescriber", data.prescriber, 120, required=True),
        "note": _text(errors, "note", data.note, MAX_TEXT, required=False),
        "indication": _text(errors, "indication", data.indication, 200, required=False),
    }
    if data.form not in DrugForm.values:
        errors.add("form", "choice", _("Choose the drug's form."))
    if data.route not in Route.values:
        errors.add("route", "choice", _("Choose how the drug is given."))
    if data.given_by not in GivenBy.values:
        errors.add("given_by", "choice", _("Choose who gives the drug."))
    if data.dose_amount is not None and data.dose_amount <= 0:
        errors.add("dose_amount", "positive", _("The amount must be more than zero."))
    times = sorted({t.strip() for t in data.times if t.strip()})
    bad = [t for t in times if not TIME.match(t)]
    if bad:
        errors.add("times", "format", _("Write the times as HH:MM, e.g. 08:00, 20:00."))
    if len(times) > MAX_TIMES:
        errors.add("times", "max", interpolate(_("At most %(n)d times a day."), {"n": MAX_TIMES}))
    if data.as_needed:
        if times:
            errors.add("times", "as_needed", _("An as-needed medicine has no fixed times."))
        if not out["indication"]:
            errors.add("indication", "required", _("Say when the as-needed medicine is given."))
        if not data.max_per_day or data.max_per_day < 1:
            errors.add("max_per_day", "required", _("Give the most doses in 24 hours."))
        if data.given_by == GivenBy.DISPENSER:
            errors.add("given_by", "as_needed", _("A dispenser gives only scheduled doses."))
    else:
        if not times:
            errors.add("times", "required", _("Give the times, or mark it as needed."))
        if data.max_per_day is not None:
            errors.add("max_per_day", "scheduled", _("Only as-needed medicines have a maximum."))
    if data.end_date is not None and data.end_date < data.start_date:
        errors.add("end_date", "after_start", _("The end cannot be before the start."))
    errors.raise_if_any()
    out.update(
        form=data.form,
        route=data.route,
        given_by=data.given_by,
        dose_amount=data.dose_amount,
        times=times,
        as_needed=data.as_needed,
        max_per_day=data.max_per_day if data.as_needed else None,
        start_date=data.start_date,
        end_date=data.end_date,
    )
    return out


def do_add_order(user: User, client: Client, data: OrderInput) -> MedicationOrder:
    _require_editor(user, client)
    fields = _clean(data)
    with transaction.atomic():
        order = MedicationOrder.objects.create(
            municipality_id=client.municipality_id,
            client=client,
            change=OrderChange.NEW,
            recorded_by=user,
            **fields,
        )
        audit(user, "medication.add", order, client=client, new=snapshot(order))
    return order


def _current(order: MedicationOrder) -> MedicationOrder:
    """The order, locked, if it is the version in force; RuleViolation if replaced since."""
    locked = MedicationOrder.objects.select_for_update().get(pk=order.pk)
    if MedicationOrder.objects.filter(previous=locked).exists():
        raise RuleViolation.single(
            "order",
            "stale",
            _("The medicine was changed by someone else meanwhile; open the list again."),
        )
    return locked


def _next_version(
    user: User, old: MedicationOrder, change: OrderChange, fields: dict[str, Any]
) -> MedicationOrder:
    try:
        with transaction.atomic():
            new = MedicationOrder.objects.create(
                municipality_id=old.municipality_id,
                client_id=old.client_id,
                series=old.series,
                version=old.version + 1,
                previous=old,
                change=change,
                recorded_by=user,
                **fields,
            )
    except IntegrityError as exc:  # another version was written at the same moment
        raise RuleViolation.single(
            "order", "stale", _("The medicine was changed by someone else meanwhile.")
        ) from exc
    audit(
        user,
        f"medication.{change}",
        new,
        client=old.client,
        old=snapshot(old),
        new=snapshot(new),
    )
    return new


def do_change_order(user: User, order: MedicationOrder, data: OrderInput) -> MedicationOrder:
    """A new version of the order with the given fields; the old one stays as it was."""
    _require_editor(user, order.client)
    fields = _clean(data)
    with transaction.atomic():
        old = _current(order)
        if old.change == OrderChange.DISCONTINUE:
            raise RuleViolation.single(
                "order", "discontinued", _("The medicine is discontinued; add it anew.")
            )
        return _next_version(user, old, OrderChange.CHANGE, {**fields, "end_reason": ""})


COPIED = [
    "drug",
    "strength",
    "form",
    "dose",
    "dose_amount",
    "dose_unit",
    "route",
    "times",
    "as_needed",
    "indication",
    "max_per_day",
    "given_by",
    "start_date",
    "prescriber",
    "note",
]


def do_discontinue_order(
    user: User, order: MedicationOrder, end_date: dt.date, reason: str
) -> MedicationOrder:
    """Stop the medicine from ``end_date`` (no doses that day or after): a new version."""
    _require_editor(user, order.client)
    errors = Collector()
    reason = _text(errors, "end_reason", reason, 300, required=True)
    if end_date < order.start_date:
        errors.add("end_date", "after_start", _("The end cannot be before the start."))
    errors.raise_if_any()
    with transaction.atomic():
        old = _current(order)
        if old.change == OrderChange.DISCONTINUE:
            raise RuleViolation.single(
                "order", "discontinued", _("The medicine is already discontinued.")
            )
        fields = {name: getattr(old, name) for name in COPIED}
        fields.update(end_date=end_date, end_reason=reason)
        return _next_version(user, old, OrderChange.DISCONTINUE, fields)


# --- at the visit ---------------------------------------------------------------------------


def _caregiver(user: User) -> Employee:
    return require_caregiver(user, _("Only the caregiver planned for the visit signs medicines."))


def _visit_rules(user: User, employee: Employee, visit: Visit, at: dt.datetime) -> Visit:
    """Lock the client (one medication action at a time) and check the caregiver and time."""
    Client.objects.select_for_update().get(pk=visit.client_id)
    locked = Visit.objects.get(pk=visit.pk)
    require_planned(
        employee, locked, _("Only the caregiver planned for the visit signs medicines.")
    )
    if not may_give_medicines(employee):
        raise PermissionDenied(_("Giving medicines needs the medication competence."))
    check_visit_open(locked, _("Sign medicines only on visits from yesterday to tomorrow."))
    check_phone_time(at)
    return locked


def _same_dose(
    user: User, visit: Visit, order: MedicationOrder, due_at: dt.datetime | None, outcome: str
) -> Callable[[DoseRecord], bool]:
    def same(found: DoseRecord) -> bool:
        return (
            found.series == order.series
            and found.due_at == due_at
            and found.visit_id == visit.pk
            and found.outcome == outcome
            and found.recorded_by_id == user.pk
        )

    return same


def _write_dose(user: User, dose: DoseRecord, same: Callable[[DoseRecord], bool]) -> DoseRecord:
    try:
        row, written = save_once(dose, same)
    except IntegrityError as exc:  # the (series, due) constraint: signed on another visit
        raise RuleViolation.single(
            "due_at", "already_signed", _("This dose has already been signed.")
        ) from exc
    if written:
        audit(user, "medication.dose", row, client=row.client, new=snapshot(row))
    return row


def do_sign_dose(
    user: User,
    visit: Visit,
    order: MedicationOrder,
    due_at: dt.datetime,
    outcome: str,
    reason: str,
    at: dt.datetime,
    key: uuid.UUID | str,
) -> DoseRecord:
    """Sign a scheduled dose due at the visit: given, not given or refused (with a reason)."""
    key = parse_key(key)
    same = _same_dose(user, visit, order, due_at, outcome)
    employee = _caregiver(user)
    with transaction.atomic():
        found = replayed(DoseRecord, key, same)
        if found is not None:
            return found
        locked = _visit_rules(user, employee, visit, at)
        errors = Collector()
        if order.client_id != locked.client_id:
            errors.add("order", "other_client", _("The medicine is not this client's."))
        elif due_at not in due_times(order, locked.window_start, locked.window_end):
            errors.add("due_at", "not_due", _("This dose is not due at this visit."))
        if outcome not in DoseOutcome.values:
            errors.add("outcome", "choice", _("Choose given, not given or refused."))
        required = outcome != DoseOutcome.GIVEN
        reason = _text(errors, "reason", reason, MAX_TEXT, required=required)
        errors.raise_if_any()
        if DoseRecord.objects.filter(series=order.series, due_at=due_at).exists():
            raise RuleViolation.single(
                "due_at", "already_signed", _("This dose has already been signed.")
            )
        dose = _write_dose(
            user,
            DoseRecord(
                order=order,
                series=order.series,
                client_id=locked.client_id,
                visit=locked,
                due_at=due_at,
                outcome=outcome,
                reason=reason,
                at=at,
                employee=employee,
                recorded_by=user,
                idempotency_key=key,
            ),
            same,
        )
        _close_alert(dose)
        return dose


def _close_alert(dose: DoseRecord) -> None:
    """A dose signed after its alert was raised closes the alert."""
    if dose.due_at is None:
        return
    MedicationAlert.objects.filter(
        series=dose.series, due_at=dose.due_at, status=AlertStatus.OPEN
    ).update(status=AlertStatus.SIGNED, closed_at=dose.recorded_at, dose=dose)


def do_give_prn(
    user: User,
    visit: Visit,
    order: MedicationOrder,
    reason: str,
    at: dt.datetime,
    key: uuid.UUID | str,
) -> DoseRecord:
    """Give an as-needed dose at the visit; the reason for giving it now is required."""
    key = parse_key(key)
    same = _same_dose(user, visit, order, None, DoseOutcome.GIVEN)
    employee = _caregiver(user)
    with transaction.atomic():
        found = replayed(DoseRecord, key, same)
        if found is not None:
            return found
        locked = _visit_rules(user, employee, visit, at)
        errors = Collector()
        if order.client_id != locked.client_id:
            errors.add("order", "other_client", _("The medicine is not this client's."))
        elif not order.as_needed or order.given_by != GivenBy.STAFF:
            errors.add("order", "not_as_needed", _("This medicine is not given as needed."))
        elif MedicationOrder.objects.filter(previous=order).exists() or not order.active_on(
            timezone.localtime(at).date()
        ):
            errors.add("order", "not_active", _("This medicine is not in use now."))
        reason = _text(errors, "reason", reason, MAX_TEXT, required=True)
        errors.raise_if_any()
        given = DoseRecord.objects.filter(
            series=order.series,
            due_at__isnull=True,
            outcome=DoseOutcome.GIVEN,
            at__gt=at - dt.timedelta(hours=24),
            at__lte=at + dt.timedelta(hours=24),
        ).count()
        if order.max_per_day is not None and given >= order.max_per_day:
            raise RuleViolation.single(
                "order",
                "max_per_day",
                interpolate(
                    _("At most %(n)d doses in 24 hours; call the nurse or the doctor."),
                    {"n": order.max_per_day},
                ),
            )
        return _write_dose(
            user,
            DoseRecord(
                order=order,
                series=order.series,
                client_id=locked.client_id,
                visit=locked,
                due_at=None,
                outcome=DoseOutcome.GIVEN,
                reason=reason,
                at=at,
                employee=employee,
                recorded_by=user,
                idempotency_key=key,
            ),
            same,
        )


def do_follow_up_prn(
    user: User,
    visit: Visit,
    dose: DoseRecord,
    effect: str,
    text: str,
    at: dt.datetime,
    key: uuid.UUID | str,
) -> PrnFollowUp:
    """Record the effect of an as-needed dose (once per dose), at a visit to the client."""
    key = parse_key(key)

    def same(found: PrnFollowUp) -> bool:
        return (found.dose_id, found.visit_id, found.recorded_by_id) == (
            dose.pk,
            visit.pk,
            user.pk,
        )

    employee = _caregiver(user)
    with transaction.atomic():
        found = replayed(PrnFollowUp, key, same)
        if found is not None:
            return found
        locked = _visit_rules(user, employee, visit, at)
        errors = Collector()
        if dose.client_id != locked.client_id or not dose.as_needed:
            errors.add("dose", "not_as_needed", _("This is not an as-needed dose of this client."))
        elif at < dose.at:
            errors.add("at", "before_dose", _("The follow-up is before the dose was given."))
        if effect not in Effect.values:
            errors.add("effect", "choice", _("Choose how well it worked."))
        text = _text(errors, "text", text, MAX_TEXT, required=effect == Effect.NONE)
        errors.raise_if_any()
        if PrnFollowUp.objects.filter(dose=dose).exists():
            raise RuleViolation.single(
                "dose", "already_followed_up", _("The effect of this dose is already recorded.")
            )
        follow_up, written = save_once(
            PrnFollowUp(
                dose=dose,
                visit=locked,
                effect=effect,
                text=text,
                at=at,
                employee=employee,
                recorded_by=user,
                idempotency_key=key,
            ),
            same,
        )
        if written:
            audit(
                user,
                "medication.follow_up",
                follow_up,
                client=locked.client,
                new=snapshot(follow_up),
            )
        return follow_up


# --- alerts ---------------------------------------------------------------------------------


def grace() -> dt.timedelta:
    return dt.timedelta(minutes=settings.MEDICATION_SIGN_GRACE_MINUTES)


def raise_unsigned_alerts(now: dt.datetime | None = None) -> int:
    """Raise one alert per scheduled staff-given dose unsigned ``grace`` after it was due.

    Idempotent (a unique (series, due) row per alert); looks back 24 hours. Doses due before
    the medicine was put on the list, and days the client is registered away, do not alert.
    Returns how many alerts it raised.
    """
    from hverdag.clients.models import ClientAbsence

    now = now or timezone.now()
    cutoff = now - grace()
    since = now - ALERT_LOOKBACK
    first_day = timezone.localtime(since).date()
    last_day = timezone.localtime(cutoff).date()
    orders = list(
        MedicationOrder.objects.filter(
            next_version__isnull=True,
            as_needed=False,
            given_by=GivenBy.STAFF,
            start_date__lte=last_day,
        )
        .exclude(end_date__lte=first_day)
        .select_related("client")
    )
    if not orders:
        return 0
    series = {o.series for o in orders}
    added = dict(
        MedicationOrder.objects.filter(series__in=series)
        .values("series")
        .annotate(first=Min("recorded_at"))
        .values_list("series", "first")
    )
    away = {
        (a.client_id, day)
        for a in ClientAbsence.objects.filter(
            client_id__in={o.client_id for o in orders},
            withdrawn_at__isnull=True,
            starts_on__lte=last_day,
            ends_on__gte=first_day,
        )
        for day in (first_day, last_day)
        if a.starts_on <= day <= a.ends_on
    }
    done = set(
        DoseRecord.objects.filter(series__in=series, due_at__gt=since).values_list(
            "series", "due_at"
        )
    )
    done |= set(
        MedicationAlert.objects.filter(series__in=series, due_at__gt=since).values_list(
            "series", "due_at"
        )
    )
    new = []
    for order in orders:
        for due in due_times(order, since + dt.timedelta(microseconds=1), cutoff):
            if due < added[order.series] or (order.series, due) in done:
                continue
            if (order.client_id, timezone.localtime(due).date()) in away:
                continue
            new.append(
                MedicationAlert(
                    municipality_id=order.municipality_id,
                    team_id=order.client.team_id,
                    client_id=order.client_id,
                    order=order,
                    series=order.series,
                    due_at=due,
                )
            )
    MedicationAlert.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def is_nurse_on_duty(user: User, day: dt.date | None = None) -> bool:
    """A nurse (by profession) with a shift on the day (today by default)."""
    employee = employee_of(user)
    if employee is None or employee.profession not in NURSES:
        return False
    return employee.shifts.filter(date=day or timezone.localdate()).exists()


def do_acknowledge_alert(
    user: User, alert: MedicationAlert, note: str, at: dt.datetime, key: uuid.UUID | str
) -> MedicationAlert:
    """The nurse on duty has seen to the unsigned dose: close the alert with a note."""
    key = parse_key(key)
    if not is_nurse_on_duty(user) or policy.care_relationship(user, alert.client) is None:
        raise PermissionDenied(_("The nurse on duty for the client's team handles this alert."))
    with transaction.atomic():
        locked = MedicationAlert.objects.select_for_update().get(pk=alert.pk)
        if locked.close_key == key:
            return locked
        if MedicationAlert.objects.filter(close_key=key).exists():
            raise RuleViolation.single(
                "idempotency_key",
                "conflict",
                interpolate(
                    _("The key %(key)s was already used for another action."), {"key": key}
                ),
            )
        errors = Collector()
        note = _text(errors, "note", note, MAX_TEXT, required=True)
        errors.raise_if_any()
        check_phone_time(at)
        if locked.status != AlertStatus.OPEN:
            raise RuleViolation.single("alert", "closed", _("The alert is already closed."))
        locked.status = AlertStatus.ACKNOWLEDGED
        locked.closed_at = at
        locked.closed_by = user
        locked.note = note
        locked.close_key = key
        locked.save(update_fields=["status", "closed_at", "closed_by", "note", "close_key"])
        audit(
            user,
            "medication.alert_acknowledged",
            locked,
            client=locked.client,
            new=snapshot(locked, ["status", "closed_at", "note"]),
        )
        return locked

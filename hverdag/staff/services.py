"""Writes of the staff context: the rota (shifts) and staff absences.

Each ``do_*``: permission (``permissions.require_staff_action``), validation that names the field
and the rule, one transaction, audit. The working-time limits come from ``working_time``.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from hverdag.access.logging import audit, changed, snapshot
from hverdag.access.models import User
from hverdag.core.errors import Collector, RuleViolation
from hverdag.core.i18n import interpolate
from hverdag.core.periods import first_overlapping
from hverdag.staff import working_time
from hverdag.staff.models import Absence, AbsenceKind, Employee, Shift, ShiftKind
from hverdag.staff.permissions import require_staff_action

SHIFTS = "staff.shifts"
ABSENCE = "staff.absence"
# A year of leave, leap day included; a longer leave is registered again when it is extended,
# which is also when the team leader should look at it again.
MAX_ABSENCE_DAYS = 366
ONE_DAY = dt.timedelta(days=1)


def _duration(minutes: int) -> StrOrPromise:
    hours, rest = divmod(max(0, minutes), 60)
    if not rest:
        return interpolate(_("%(hours)d h"), {"hours": hours})
    return interpolate(_("%(hours)d h %(minutes)d min"), {"hours": hours, "minutes": rest})


def _explain(breach: working_time.Breach) -> StrOrPromise:
    """The message for a broken working-time limit, with the section of the Act."""
    values = {
        "limit": _duration(breach.limit_minutes),
        "actual": _duration(breach.actual_minutes),
    }
    if breach.rule == "end_before_start":
        return _("The shift must end after it starts, on the same day.")
    if breach.rule == "max_day":
        return interpolate(
            _(
                "A shift may last at most %(limit)s including overtime "
                "(Working Environment Act § 10-6 (8)); this one lasts %(actual)s."
            ),
            values,
        )
    if breach.rule == "rest_before":
        return interpolate(
            _(
                "Only %(actual)s off after the previous day's shift; at least %(limit)s are "
                "required (Working Environment Act § 10-8 (1))."
            ),
            values,
        )
    if breach.rule == "rest_after":
        return interpolate(
            _(
                "Only %(actual)s off before the next day's shift; at least %(limit)s are "
                "required (Working Environment Act § 10-8 (1))."
            ),
            values,
        )
    return breach.rule


def _lock(employee: Employee) -> None:
    """Serialise writes per employee.

    Two planners saving neighbouring days (or overlapping absences) at the same time would
    each check against the other's old state and together break the rule.
    """
    Employee.objects.select_for_update().filter(pk=employee.pk).first()


def do_plan_shift(
    user: User,
    employee: Employee,
    date: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    kind: str,
) -> Shift:
    """Create the employee's shift on ``date``, or replace the one there is (one a day).

    The break follows from the length (§ 10-9 (1)). Refused: an inactive employee, a shift
    that ends before it starts or lasts more than 13 hours, and less than 11 hours of rest
    to the shift of the day before or after.
    """
    require_staff_action(user, SHIFTS, employee)
    errors = Collector()
    if kind not in ShiftKind.values:
        errors.add("kind", "choice", _("Choose a day or an evening shift."))
    if not employee.active:
        errors.add(
            "employee",
            "inactive",
            interpolate(_("%(name)s is no longer active."), {"name": employee}),
        )
    starts = working_time.local(date, starts_at)
    ends = working_time.local(date, ends_at)
    with transaction.atomic():
        _lock(employee)
        near = {
            s.date: s
            for s in Shift.objects.filter(
                employee=employee, date__in=(date - ONE_DAY, date + ONE_DAY)
            )
        }
        before, after = near.get(date - ONE_DAY), near.get(date + ONE_DAY)
        for breach in working_time.check_shift(
            starts,
            ends,
            previous_end=working_time.local(before.date, before.ends_at) if before else None,
            next_start=working_time.local(after.date, after.starts_at) if after else None,
        ):
            errors.add(breach.field, breach.rule, _explain(breach))
        errors.raise_if_any()
        values = {
            "team": employee.team,
            "kind": kind,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "break_minutes": working_time.required_break_minutes(
                working_time.minutes_between(starts, ends)
            ),
        }
        shift = Shift.objects.select_for_update().filter(employee=employee, date=date).first()
        if shift is None:
            shift = Shift.objects.create(employee=employee, date=date, **values)
            audit(user, "shift.plan", shift, new=snapshot(shift))
            return shift
        old = snapshot(shift)
        for name, value in values.items():
            setattr(shift, name, value)
        shift.save()
        was, now = changed(old, snapshot(shift))
        if now:
            audit(user, "shift.replan", shift, old=was, new=now)
    return shift


def do_remove_shift(user: User, shift: Shift) -> None:
    """Take a shift off the rota; the audit row keeps what it was."""
    require_staff_action(user, SHIFTS, shift.employee)
    with transaction.atomic():
        # The audit row names the object, so write it before the row disappears.
        audit(user, "shift.remove", shift, old=snapshot(shift))
        shift.delete()


def do_register_absence(
    user: User,
    employee: Employee,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date,
    note: str = "",
) -> Absence:
    """The employee is away whole days, ``starts_on`` to ``ends_on`` inclusive.

    Their shifts stay on the rota (the rota is the plan the absence interrupts); they are
    not offered to the planner on those days. At most a year, and never overlapping another
    absence of the same employee that is still registered.
    """
    require_staff_action(user, ABSENCE, employee)
    errors = Collector()
    note = note.strip()
    if kind not in AbsenceKind.values:
        errors.add("kind", "choice", _("Choose one of the listed kinds of absence."))
    if ends_on < starts_on:
        errors.add("ends_on", "end_before_start", _("The absence cannot end before it starts."))
    elif (ends_on - starts_on).days + 1 > MAX_ABSENCE_DAYS:
        errors.add(
            "ends_on",
            "max_days",
            interpolate(
                _("At most %(days)d days; register a longer absence again when it is extended."),
                {"days": MAX_ABSENCE_DAYS},
            ),
        )
    limit = Absence._meta.get_field("note").max_length
    if limit is not None and len(note) > limit:
        errors.add(
            "note", "max_length", interpolate(_("At most %(limit)d characters."), {"limit": limit})
        )
    with transaction.atomic():
        _lock(employee)
        if ends_on >= starts_on:
            clash = first_overlapping(Absence.objects.filter(employee=employee), starts_on, ends_on)
            if clash is not None:
                errors.add(
                    "starts_on",
                    "overlap",
                    interpolate(
                        _("%(name)s is already registered away from %(from)s to %(to)s."),
                        {
                            "name": employee,
                            "from": date_format(clash.starts_on, "SHORT_DATE_FORMAT"),
                            "to": date_format(clash.ends_on, "SHORT_DATE_FORMAT"),
                        },
                    ),
                )
        errors.raise_if_any()
        absence = Absence.objects.create(
            employee=employee,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            note=note,
            registered_by=user,
        )
        audit(user, "absence.register", absence, new=snapshot(absence))
    return absence


def do_withdraw_absence(user: User, absence: Absence) -> Absence:
    """The absence no longer holds; it stays on record, marked withdrawn."""
    require_staff_action(user, ABSENCE, absence.employee)
    with transaction.atomic():
        # Read under the lock: the instance may be older than a withdrawal made meanwhile.
        withdrawn = (
            Absence.objects.select_for_update()
            .filter(pk=absence.pk)
            .values_list("withdrawn_at", flat=True)
            .get()
        )
        if withdrawn is not None:
            raise RuleViolation.single(
                "withdrawn_at", "already_withdrawn", _("The absence is already withdrawn.")
            )
        absence.withdrawn_at = timezone.now()
        absence.save(update_fields=["withdrawn_at"])
        audit(
            user,
            "absence.withdraw",
            absence,
            old={"withdrawn_at": None},
            new={"withdrawn_at": absence.withdrawn_at},
        )
    return absence

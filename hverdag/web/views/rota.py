"""The week rota ("Vaktplan") of a plan scope: its shifts and absences, Monday to Sunday.

Views stay thin: the week comes from staff.selectors (three queries), laid out by
web.rota_layout; every change goes through the staff services (which check the permission
again, apply the Working Environment Act and write the audit log). Every write is POST and
then a redirect back to the week; when the service refuses, the posted values and its
messages ride in the session across the redirect, so the form shows them on the fields they
name and a reload never posts again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hverdag.access.models import User
from hverdag.core.errors import NotFound, RuleViolation
from hverdag.plans.scope import Scope
from hverdag.staff import services
from hverdag.staff.models import Absence, Employee, Shift
from hverdag.staff.selectors import week_of
from hverdag.web.errors import staff_page, submit
from hverdag.web.rota_forms import (
    AbsenceForm,
    AbsenceRefForm,
    ShiftForm,
    ShiftRefForm,
)
from hverdag.web.rota_layout import load_week
from hverdag.web.views.planning import _planner_scope, scope_key

# The refused form of the last POST, shown once by the next GET of the week.
REFUSED = "rota.refused"
FORMS: dict[str, type[ShiftForm] | type[AbsenceForm]] = {
    "shift": ShiftForm,
    "absence": AbsenceForm,
}


def rota_url(scope: Scope, day: dt.date, anchor: str = "") -> str:
    url = reverse("web:rota_week", args=[scope_key(scope), week_of(day)])
    return f"{url}#{anchor}" if anchor else url


def _short(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _employees(scope: Scope) -> list[Employee]:
    """Whom the forms may name: the scope's active employees (one query)."""
    return list(
        Employee.objects.filter(scope.employee_filter(), active=True).order_by(
            "last_name", "first_name", "id"
        )
    )


def _forms(request: HttpRequest, employees: list[Employee]) -> tuple[ShiftForm, AbsenceForm]:
    """The two forms of the page: the one refused last (with its messages), or fresh ones
    filled from a cell's link (``?ansatt=…&dag=…``)."""
    refused = request.session.pop(REFUSED, None)
    if refused and refused.get("form") in FORMS:
        data = QueryDict(mutable=True)
        for name, value in refused["data"].items():
            data[name] = value
        form = FORMS[refused["form"]](data, employees=employees)
        form.is_valid()
        for name, texts in refused["errors"].items():
            for text in texts:
                if text not in form.errors.get(name, []):
                    form.add_error(None if name == "__all__" else name, text)
        if isinstance(form, ShiftForm):
            return form, AbsenceForm(employees=employees)
        return ShiftForm(employees=employees), form
    initial: dict[str, Any] = {}
    employee = request.GET.get("ansatt")
    if employee:
        initial["employee"] = employee
    day = _parse_date(request.GET.get("dag"))
    shift_initial = dict(initial)
    if day is not None:
        shift_initial["date"] = day
        initial |= {"starts_on": day, "ends_on": day}
    for name in ("kind", "starts_at", "ends_at"):
        if request.GET.get(name):
            shift_initial[name] = request.GET[name]
    return (
        ShiftForm(initial=shift_initial, employees=employees),
        AbsenceForm(initial=initial, employees=employees),
    )


# The page ----------------------------------------------------------------------------------


@login_required
@require_GET
@staff_page
def rota_week(request: HttpRequest, scope_id: Any, day: dt.date) -> HttpResponse:
    _user, scope = _planner_scope(request, scope_id)
    wanted = _parse_date(request.GET.get("dato"))
    if wanted is not None:  # the date picker
        return redirect(rota_url(scope, wanted))
    week = load_week(scope.employee_filter(), day)
    shift_form, absence_form = _forms(request, week.employees)
    monday = week.monday
    return render(
        request,
        "web/planning/rota.html",
        {
            "nav": "planning",
            "scope": scope,
            "key": scope_key(scope),
            "week": week,
            "today": timezone.localdate(),
            "this_week": week_of(timezone.localdate()),
            "previous_week": monday - dt.timedelta(days=7),
            "next_week": monday + dt.timedelta(days=7),
            "shift_form": shift_form,
            "absence_form": absence_form,
        },
    )


# Actions -----------------------------------------------------------------------------------

# An action says what it did and which day's week to show next.
Action = Callable[[HttpRequest, User, Scope, dt.date], tuple[str, dt.date]]


def _refuse(request: HttpRequest, name: str, form: ShiftForm | AbsenceForm) -> None:
    """Keep the refused form for the GET after the redirect."""
    data = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
    request.session[REFUSED] = {"form": name, "data": data, "errors": errors}


class _Refused(Exception):
    """The form was refused; the page shows it on the week of ``day``."""

    def __init__(self, day: dt.date, anchor: str) -> None:
        self.day, self.anchor = day, anchor


def _plan_shift(
    request: HttpRequest, user: User, scope: Scope, day: dt.date
) -> tuple[str, dt.date]:
    form = ShiftForm(request.POST, employees=_employees(scope))
    shift = submit(
        form,
        lambda: services.do_plan_shift(
            user,
            form.cleaned_data["employee"],
            form.cleaned_data["date"],
            form.cleaned_data["starts_at"],
            form.cleaned_data["ends_at"],
            form.cleaned_data["kind"],
        ),
    )
    if shift is None:
        _refuse(request, "shift", form)
        raise _Refused(form.cleaned_data.get("date") or day, "shift-form")
    message = _("Shift saved: %(name)s, %(date)s %(from)s–%(to)s.") % {
        "name": shift.employee.full_name,
        "date": _short(shift.date),
        "from": f"{shift.starts_at:%H:%M}",
        "to": f"{shift.ends_at:%H:%M}",
    }
    return message, shift.date


def _register_absence(
    request: HttpRequest, user: User, scope: Scope, day: dt.date
) -> tuple[str, dt.date]:
    form = AbsenceForm(request.POST, employees=_employees(scope))
    absence = submit(
        form,
        lambda: services.do_register_absence(
            user,
            form.cleaned_data["employee"],
            form.cleaned_data["kind"],
            form.cleaned_data["starts_on"],
            form.cleaned_data["ends_on"],
            form.cleaned_data["note"],
        ),
    )
    if absence is None:
        _refuse(request, "absence", form)
        raise _Refused(day, "absence-form")
    message = _("Absence registered: %(name)s, %(kind)s %(from)s–%(to)s.") % {
        "name": absence.employee.full_name,
        "kind": absence.get_kind_display(),
        "from": _short(absence.starts_on),
        "to": _short(absence.ends_on),
    }
    # Stay on the week shown when the absence touches it, else go to where it starts.
    monday = week_of(day)
    shown = absence.starts_on <= monday + dt.timedelta(days=6) and absence.ends_on >= monday
    return message, day if shown else absence.starts_on


R = TypeVar("R", Shift, Absence)


def _of_scope(model: type[R], public_id: uuid.UUID, scope: Scope) -> R | None:
    """The rota row with this id, if it belongs to an employee of the scope."""
    return (
        model.objects.filter(
            public_id=public_id, employee__in=Employee.objects.filter(scope.employee_filter())
        )
        .select_related("employee")
        .first()
    )


def _remove_shift(
    request: HttpRequest, user: User, scope: Scope, day: dt.date
) -> tuple[str, dt.date]:
    form = ShiftRefForm(request.POST)
    shift = _of_scope(Shift, form.cleaned_data["shift"], scope) if form.is_valid() else None
    if shift is None:
        raise RuleViolation.single("shift", "gone", _("The shift is no longer on the rota."))
    services.do_remove_shift(user, shift)
    message = _("Shift removed: %(name)s, %(date)s.") % {
        "name": shift.employee.full_name,
        "date": _short(shift.date),
    }
    return message, shift.date


def _withdraw_absence(
    request: HttpRequest, user: User, scope: Scope, day: dt.date
) -> tuple[str, dt.date]:
    form = AbsenceRefForm(request.POST)
    absence = _of_scope(Absence, form.cleaned_data["absence"], scope) if form.is_valid() else None
    if absence is None:
        raise RuleViolation.single("absence", "gone", _("The absence is not registered."))
    services.do_withdraw_absence(user, absence)
    message = _("Absence withdrawn: %(name)s, %(kind)s %(from)s–%(to)s.") % {
        "name": absence.employee.full_name,
        "kind": absence.get_kind_display(),
        "from": _short(absence.starts_on),
        "to": _short(absence.ends_on),
    }
    return message, day


ACTIONS: dict[str, Action] = {
    "shift": _plan_shift,
    "remove-shift": _remove_shift,
    "absence": _register_absence,
    "withdraw-absence": _withdraw_absence,
}


@login_required
@require_POST
@staff_page
def rota_action(
    request: HttpRequest, scope_id: Any, day: dt.date, action: str
) -> HttpResponseRedirect:
    """Every form of the rota page: run the service, say what happened, show the week again."""
    user, scope = _planner_scope(request, scope_id)
    handler = ACTIONS.get(action)
    if handler is None:
        raise NotFound(_("Unknown action."))
    try:
        message, shown = handler(request, user, scope, day)
        messages.success(request, message)
        return redirect(rota_url(scope, shown))
    except _Refused as refused:
        return redirect(rota_url(scope, refused.day, refused.anchor))
    except RuleViolation as exc:
        for v in exc.violations:
            messages.error(request, v.message)
    return redirect(rota_url(scope, day))

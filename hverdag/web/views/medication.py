"""Medication pages: the doses at the visit (Min dag), the unsigned-dose alerts of the nurse
on duty, and the medication list on the client record.

The visit's actions follow the offline protocol (``web.offline``): a form post or JSON, a
key applied once. The visit page and Min dag show their sections with the data read here
(``visit_section``, ``alerts_section``), so every read goes view → selector.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hverdag.access.models import User
from hverdag.clients import selectors as client_selectors
from hverdag.clients.models import Client
from hverdag.core.clock import hhmm
from hverdag.medication import selectors
from hverdag.medication.inputs import OrderInput
from hverdag.medication.models import (
    DoseOutcome,
    DoseRecord,
    DrugForm,
    Effect,
    GivenBy,
    MedicationAlert,
    MedicationOrder,
    PrnFollowUp,
    Route,
)
from hverdag.medication.services import (
    MAX_TEXT,
    do_acknowledge_alert,
    do_add_order,
    do_change_order,
    do_discontinue_order,
    do_follow_up_prn,
    do_give_prn,
    do_sign_dose,
    may_edit_list,
)
from hverdag.staff.selectors import employee_of
from hverdag.visits.models import Visit
from hverdag.visits.selectors import find_my_visit
from hverdag.web.errors import staff_page, submit
from hverdag.web.offline import ActionForm, offline_action, run_action
from hverdag.web.views.my_day import visit_page_url


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _dose_json(dose: DoseRecord) -> dict[str, Any]:
    return {
        "dose": {
            "id": str(dose.public_id),
            "order": str(dose.order.public_id),
            "due_at": dose.due_at.isoformat() if dose.due_at else None,
            "outcome": dose.outcome,
            "reason": dose.reason,
            "at": dose.at.isoformat(),
            "idempotency_key": str(dose.idempotency_key),
        }
    }


# --- at the visit ---------------------------------------------------------------------------


def visit_section(user: User, visit: Visit) -> dict[str, Any]:
    """The visit page's medicines; the page found the visit as the user's planned visit,
    so the selector logs the read as for a planned visit."""
    employee = employee_of(user)
    assert employee is not None  # find_my_visit found the user's employee record
    return {"meds": selectors.visit_medication(user, visit, employee)}


def alerts_section(user: User) -> dict[str, Any]:
    """Min dag's unsigned-dose alerts for the nurse on duty (None for anyone else); the
    selector logs each client shown."""
    return {"alerts": selectors.alerts_for_nurse(user), "today": timezone.localdate()}


class DoseForm(ActionForm):
    due = forms.DateTimeField()
    outcome = forms.ChoiceField(choices=DoseOutcome.choices)
    reason = forms.CharField(required=False, max_length=MAX_TEXT)


class PrnForm(ActionForm):
    reason = forms.CharField(max_length=MAX_TEXT)


class FollowUpForm(ActionForm):
    effect = forms.ChoiceField(choices=Effect.choices)
    text = forms.CharField(required=False, max_length=MAX_TEXT)


@login_required
@require_POST
@offline_action
def visit_dose(request: HttpRequest, public_id: str, order_id: str) -> HttpResponse:
    user = _user(request)
    visit, _entry, _employee = find_my_visit(user, public_id)
    order = selectors.find_order(visit.client_id, order_id)

    def apply(form: DoseForm) -> DoseRecord:
        data = form.cleaned_data
        return do_sign_dose(
            user, visit, order, data["due"], data["outcome"], data["reason"], form.moment(),
            data["key"],
        )  # fmt: skip

    def done(dose: DoseRecord) -> str:
        return _("%(drug)s: %(outcome)s, signed at %(time)s.") % {
            "drug": order.label,
            "outcome": dose.get_outcome_display().lower(),
            "time": hhmm(dose.at),
        }

    return run_action(
        request,
        DoseForm,
        apply,
        page=visit_page_url(visit, "medication"),
        done=done,
        payload=_dose_json,
    )


@login_required
@require_POST
@offline_action
def visit_prn(request: HttpRequest, public_id: str, order_id: str) -> HttpResponse:
    user = _user(request)
    visit, _entry, _employee = find_my_visit(user, public_id)
    order = selectors.find_order(visit.client_id, order_id)

    def apply(form: PrnForm) -> DoseRecord:
        data = form.cleaned_data
        return do_give_prn(user, visit, order, data["reason"], form.moment(), data["key"])

    def done(dose: DoseRecord) -> str:
        return _("%(drug)s given as needed at %(time)s. Follow up the effect.") % {
            "drug": order.label,
            "time": hhmm(dose.at),
        }

    return run_action(
        request,
        PrnForm,
        apply,
        page=visit_page_url(visit, "medication"),
        done=done,
        payload=_dose_json,
    )


@login_required
@require_POST
@offline_action
def visit_prn_follow_up(request: HttpRequest, public_id: str, dose_id: str) -> HttpResponse:
    user = _user(request)
    visit, _entry, _employee = find_my_visit(user, public_id)
    dose = selectors.find_dose(visit.client_id, dose_id)

    def apply(form: FollowUpForm) -> PrnFollowUp:
        data = form.cleaned_data
        return do_follow_up_prn(
            user, visit, dose, data["effect"], data["text"], form.moment(), data["key"]
        )

    def payload(follow: PrnFollowUp) -> dict[str, Any]:
        return {
            "follow_up": {
                "id": str(follow.public_id),
                "dose": str(dose.public_id),
                "effect": follow.effect,
                "at": follow.at.isoformat(),
                "idempotency_key": str(follow.idempotency_key),
            }
        }

    return run_action(
        request,
        FollowUpForm,
        apply,
        page=visit_page_url(visit, "medication"),
        done=lambda _f: _("The effect is recorded."),
        payload=payload,
    )


class AcknowledgeForm(ActionForm):
    note = forms.CharField(max_length=MAX_TEXT)


@login_required
@require_POST
@offline_action
def alert_acknowledge(request: HttpRequest, alert_id: str) -> HttpResponse:
    user = _user(request)
    alert = selectors.find_alert(alert_id)

    def apply(form: AcknowledgeForm) -> MedicationAlert:
        data = form.cleaned_data
        return do_acknowledge_alert(user, alert, data["note"], form.moment(), data["key"])

    return run_action(
        request,
        AcknowledgeForm,
        apply,
        page=reverse("web:my_day"),
        done=lambda _a: _("The alert is closed."),
        payload=lambda a: {"alert": {"id": str(a.public_id), "status": a.status}},
    )


# --- the list on the client record ----------------------------------------------------------


class OrderForm(forms.Form):
    drug = forms.CharField(label=gettext_lazy("Drug"), max_length=120)
    strength = forms.CharField(
        label=gettext_lazy("Strength"), max_length=60, required=False, help_text="500 mg"
    )
    form = forms.ChoiceField(label=gettext_lazy("Form"), choices=DrugForm.choices)
    dose = forms.CharField(label=gettext_lazy("Dose"), max_length=120, help_text="1 tablett")
    route = forms.ChoiceField(label=gettext_lazy("Route"), choices=Route.choices)
    given_by = forms.ChoiceField(label=gettext_lazy("Given by"), choices=GivenBy.choices)
    times = forms.CharField(
        label=gettext_lazy("Times"),
        required=False,
        help_text=gettext_lazy("Local times, separated by commas: 08:00, 20:00"),
    )
    as_needed = forms.BooleanField(label=gettext_lazy("As needed"), required=False)
    indication = forms.CharField(
        label=gettext_lazy("Indication (as needed)"), max_length=200, required=False
    )
    max_per_day = forms.IntegerField(
        label=gettext_lazy("At most doses in 24 h (as needed)"), required=False, min_value=1
    )
    start_date = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    prescriber = forms.CharField(
        label=gettext_lazy("Prescribed by"), max_length=120, help_text="fastlege Dr. Berg"
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def to_input(self) -> OrderInput:
        d = self.cleaned_data
        return OrderInput(
            drug=d["drug"],
            strength=d["strength"],
            form=d["form"],
            dose=d["dose"],
            route=d["route"],
            given_by=d["given_by"],
            times=tuple(t for t in d["times"].replace(";", ",").replace(" ", ",").split(",")),
            as_needed=d["as_needed"],
            indication=d["indication"],
            max_per_day=d["max_per_day"],
            start_date=d["start_date"],
            prescriber=d["prescriber"],
            note=d["note"],
        )

    @classmethod
    def of(cls, order: MedicationOrder) -> OrderForm:
        fields = [name for name in cls.base_fields if name != "times"]
        initial: dict[str, Any] = {name: getattr(order, name) for name in fields}
        initial["times"] = ", ".join(order.times)
        return cls(initial=initial)


class StopForm(forms.Form):
    end_date = forms.DateField(
        label=gettext_lazy("Stopped from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)


def medication_context(request: HttpRequest, user: User, client: Client) -> dict[str, Any]:
    """The record page's medication section (the read is access-checked and logged)."""
    meds = selectors.client_medication(user, client)
    editing = None
    raw = request.GET.get("endre", "")
    if raw:
        editing = next((o for o in meds.in_use + meds.coming if str(o.public_id) == raw), None)
    return {
        "meds": meds,
        "may_edit_medication": may_edit_list(user, client),
        "editing": editing,
        "order_form": OrderForm.of(editing)
        if editing
        else OrderForm(initial={"start_date": timezone.localdate()}),
        "stop_form": StopForm(initial={"end_date": timezone.localdate()}),
        "today": timezone.localdate(),
    }


def _refused(
    request: HttpRequest, user: User, client: Client, page_forms: dict[str, Any]
) -> HttpResponse:
    from hverdag.web.views.clients import _record_page

    return _record_page(request, user, client, "medication", forms=page_forms, status=422)


@login_required
@require_POST
@staff_page
def order_add(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    client = client_selectors.find_client(user, public_id)
    form = OrderForm(request.POST)
    order = submit(form, lambda: do_add_order(user, client, form.to_input()))
    if order is None:
        return _refused(request, user, client, {"order_form": form})
    messages.success(request, _("%(drug)s added to the medication list.") % {"drug": order.label})
    return redirect("web:client_section", client.public_id, "medication")


@login_required
@require_POST
@staff_page
def order_change(request: HttpRequest, public_id: str, order_id: str) -> HttpResponse:
    user = _user(request)
    client = client_selectors.find_client(user, public_id)
    old = selectors.find_order(client.pk, order_id)
    form = OrderForm(request.POST)
    order = submit(form, lambda: do_change_order(user, old, form.to_input()))
    if order is None:
        return _refused(request, user, client, {"order_form": form, "editing": old})
    messages.success(
        request, _("%(drug)s changed (version %(v)d).") % {"drug": order.label, "v": order.version}
    )
    return redirect("web:client_section", client.public_id, "medication")


@login_required
@require_POST
@staff_page
def order_stop(request: HttpRequest, public_id: str, order_id: str) -> HttpResponse:
    user = _user(request)
    client = client_selectors.find_client(user, public_id)
    old = selectors.find_order(client.pk, order_id)
    form = StopForm(request.POST)
    order = submit(
        form,
        lambda: do_discontinue_order(
            user, old, form.cleaned_data["end_date"], form.cleaned_data["end_reason"]
        ),
    )
    if order is None:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{old.label}: {error}")
        return redirect("web:client_section", client.public_id, "medication")
    messages.success(request, _("%(drug)s discontinued.") % {"drug": order.label})
    return redirect("web:client_section", client.public_id, "medication")

"""Min dag: the caregiver's day on the phone, the visit with what to know before the door,
check-in and check-out. The pages' sections (keys, medication, notes) are read here through
their selectors and handed to the templates; no template reads or logs anything itself.

The check endpoints take a form post or JSON (``Accept: application/json``) with an
idempotency key, so a phone's offline queue can send the same action again safely.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from hverdag.access.models import User
from hverdag.core.clock import hhmm
from hverdag.core.errors import NotFound, PermissionDenied
from hverdag.visits import services
from hverdag.visits.models import SkipReason, Visit, VisitCheck
from hverdag.visits.selectors import (
    days_open,
    find_my_visit,
    log_day_list,
    my_day,
    reveal_visit_entry_code,
    visit_card,
    visit_tasks,
)
from hverdag.web.errors import staff_page
from hverdag.web.offline import ActionForm, offline_action, run_action

ACTIONS = {"sjekk-inn": services.do_check_in, "sjekk-ut": services.do_check_out}


class CheckForm(ActionForm):
    share_position = forms.BooleanField(
        required=False, label=gettext_lazy("Share my position with this action")
    )
    lat = forms.FloatField(required=False)
    lon = forms.FloatField(required=False)

    def position(self) -> services.Position | None:
        lat, lon = self.cleaned_data["lat"], self.cleaned_data["lon"]
        if lat is None or lon is None:
            return None
        return services.Position(lat, lon, consent=self.cleaned_data["share_position"])


def visit_page_url(visit: Visit, section: str = "") -> str:
    """Where an action at the visit returns to: the visit page, at its section."""
    return reverse("web:my_day_visit", args=[visit.public_id]) + (f"#{section}" if section else "")


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@login_required
@require_GET
@staff_page
def my_day_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    open_days = days_open()
    today = open_days[len(open_days) // 2]
    raw = request.GET.get("dato", "")
    try:
        day = dt.date.fromisoformat(raw) if raw else today
    except ValueError:
        day = None
    if day not in open_days:
        messages.error(request, _("Min dag shows yesterday, today and tomorrow."))
        return redirect("web:my_day")
    plan = my_day(user, day)
    if plan.employee is None:
        raise PermissionDenied(_("Min dag is for staff who make visits."))
    log_day_list(user, plan)
    # Imported here: those modules import visit_page_url from this one.
    from hverdag.web.views import keys, medication, notes

    context = {
        "nav": "my_day",
        "day": plan,
        "today": today,
        "days": [(d, d - today) for d in open_days],
        # The sections' reads, in the order the page shows them (each logs its own).
        "medication_alerts": medication.alerts_section(user),
        "my_keys": keys.my_keys(user),
        "important_clients": notes.important_clients(user, plan.stops) if plan.stops else set(),
    }
    return render(request, "web/my_day/day.html", context)


@login_required
@require_GET
@staff_page
def visit_page(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    card = visit_card(user, public_id)
    visit = card.stop.visit
    from hverdag.web.views import keys, medication, notes  # (see my_day_page)

    context: dict[str, Any] = {
        "nav": "my_day",
        "card": card,
        "stop": card.stop,
        "today": timezone.localdate(),
        "tasks": visit_tasks(visit),
        "skip_reasons": SkipReason.choices,
        # The sections' reads, in the order the page shows them (each selector logs its own).
        "keys_section": keys.visit_section(user, card),
        "medication_section": medication.visit_section(user, visit),
        "notes_section": notes.visit_section(user, visit),
    }
    return render(request, "web/my_day/visit.html", context)


@login_required
@require_POST
@staff_page
def visit_code(request: HttpRequest, public_id: str) -> HttpResponse:
    code = reveal_visit_entry_code(_user(request), public_id)
    return render(request, "web/clients/_code.html", {"code": code})


@login_required
@require_POST
@offline_action
def visit_check(request: HttpRequest, public_id: str, action: str) -> HttpResponse:
    user = _user(request)
    service = ACTIONS.get(action)
    if service is None:
        raise NotFound(gettext_lazy("No such action."))
    visit, _entry, _employee = find_my_visit(user, public_id)

    def done(check: VisitCheck) -> str:
        if check.action == "check_in":
            return _("Checked in at %(time)s.") % {"time": hhmm(check.at)}
        return _("Checked out at %(time)s.") % {"time": hhmm(check.at)}

    return run_action(
        request,
        CheckForm,
        lambda form: service(user, visit, form.moment(), form.cleaned_data["key"], form.position()),
        page=visit_page_url(visit),
        done=done,
        payload=lambda check: {"check": _check_json(check)},
    )


def _check_json(check: VisitCheck) -> dict[str, Any]:
    check.visit.refresh_from_db(fields=["status"])
    return {
        "id": str(check.public_id),
        "visit": str(check.visit.public_id),
        "action": check.action,
        "at": check.at.isoformat(),
        "idempotency_key": str(check.idempotency_key),
        "recorded_at": check.recorded_at.isoformat(),
        "visit_status": check.visit.status,
    }

"""Deviations (avvik): report on the phone, the leader's list, the report and its follow-up."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hverdag.access import policy
from hverdag.access.models import User
from hverdag.core.errors import PermissionDenied
from hverdag.deviations import selectors
from hverdag.deviations.models import DeviationEvent
from hverdag.deviations.permissions import leads_any_team, may_handle
from hverdag.deviations.services import do_add_follow_up, do_report_deviation
from hverdag.web.deviation_forms import DeviationForm, FollowUpForm
from hverdag.web.errors import staff_page, submit

LIST_LIMIT = 200


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _uuid(raw: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw) if raw else None
    except ValueError:
        return None


@login_required
@staff_page
def deviation_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not policy.has_role(user, *policy.ACTION_ROLES["deviation.report"]):
        raise PermissionDenied(_("Only the service's staff report deviations."))
    source = request.POST if request.method == "POST" else request.GET
    visit = selectors.visit_to_report(user, _uuid(source.get("visit") or request.GET.get("besok")))
    client = visit.client if visit is not None else None
    if client is None:
        client = selectors.client_to_report(user, _uuid(request.GET.get("bruker")))
    initial: dict[str, Any] = {}
    if client is not None:
        initial["client"] = client.public_id
    if visit is not None:
        initial["visit"] = visit.public_id
    form = DeviationForm(
        request.POST or None,
        clients=selectors.clients_to_choose(user, client),
        visit=visit,
        initial=initial,
    )
    if request.method == "POST" and (
        deviation := submit(form, lambda: do_report_deviation(user, form.to_input()))
    ):
        messages.success(request, _("Deviation reported. The team leader has been notified."))
        return redirect("web:deviation_detail", deviation.public_id)
    context = {"form": form, "visit": visit, "client": client, "nav": "deviations"}
    return render(request, "web/deviations/new.html", context, status=422 if form.errors else 200)


@login_required
@staff_page
def deviation_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    leader = leads_any_team(user)
    if leader:
        rows = selectors.deviations_for_leader(user)
    else:
        rows = selectors.deviations_reported_by(user)
    context = {
        "nav": "deviations",
        "leader": leader,
        "deviations": rows[:LIST_LIMIT],
        "total": rows.count(),
    }
    return render(request, "web/deviations/list.html", context)


@login_required
@staff_page
def deviation_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    deviation = selectors.find_deviation(user, public_id)
    leader = may_handle(user, deviation)
    form = FollowUpForm(
        request.POST or None,
        leader=leader,
        team_users=selectors.team_users(deviation) if leader else None,
        initial={
            "new_status": deviation.status,
            "assign_to": deviation.assigned_to.public_id if deviation.assigned_to else None,
        },
    )
    if request.method == "POST":

        def follow_up() -> DeviationEvent:
            d = form.cleaned_data
            return do_add_follow_up(
                user, deviation, d["text"], d.get("new_status"), d.get("assign_to")
            )

        if submit(form, follow_up):
            messages.success(request, _("Follow-up added."))
            return redirect("web:deviation_detail", deviation.public_id)
    deviation, events = selectors.deviation_detail(user, deviation.public_id)
    context = {
        "nav": "deviations",
        "deviation": deviation,
        "events": events,
        "form": form,
        "leader": leader,
    }
    return render(
        request, "web/deviations/detail.html", context, status=422 if form.errors else 200
    )

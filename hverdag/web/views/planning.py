"""The planning board: one team (or private provider) and one day, for its planners.

Views stay thin: the board's data comes from plans.selectors (a fixed number of queries) and
is laid out by web.board_layout; every change goes through the plans services (which check
the permission again, write the audit log and keep the optimistic lock). A solve never runs in
a web request: the optimise button queues a job for the Celery worker and the page polls a
small progress fragment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hverdag.access.models import User
from hverdag.core.errors import NotFound, PermissionDenied, RuleViolation, Violation
from hverdag.org.models import Provider, Team
from hverdag.plans import jobs, services
from hverdag.plans.field_reports import field_reports
from hverdag.plans.permissions import plannable_scopes, require_planner
from hverdag.plans.scope import Scope, provider_scope, team_scope
from hverdag.staff.models import Employee
from hverdag.visits.models import Plan
from hverdag.web.board_layout import load_board, load_visit_panel
from hverdag.web.errors import staff_page
from hverdag.web.planning_forms import (
    DateForm,
    LockForm,
    MoveForm,
    OptimiseForm,
    PlanVersionForm,
    SickForm,
    SwapForm,
    UnassignForm,
)


class IsoDateConverter:
    """``2026-11-25`` in a URL ↔ a date; anything else is a 404, not a server error."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        return dt.date.fromisoformat(value)  # ValueError → Django answers 404

    def to_url(self, value: dt.date | str) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(value)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def scope_key(scope: Scope) -> str:
    """The scope's id in URLs: the team's public id, or the private provider's."""
    return str(scope.team.public_id if scope.team is not None else scope.provider.public_id)


def _scope(scope_id: Any) -> Scope:
    team = Team.objects.select_related("unit", "municipality").filter(public_id=scope_id).first()
    if team is not None:
        return team_scope(team)
    provider = Provider.objects.filter(public_id=scope_id, kind=Provider.Kind.PRIVATE).first()
    if provider is None:
        raise NotFound(_("No such team or provider."))
    return provider_scope(provider)


def _planner_scope(request: HttpRequest, scope_id: Any) -> tuple[User, Scope]:
    user = _user(request)
    scope = _scope(scope_id)
    require_planner(user, scope)
    return user, scope


def board_url(scope: Scope, date: dt.date, visit: Any = None) -> str:
    url = reverse("web:planning_board", args=[scope_key(scope), date])
    return f"{url}?{urlencode({'besok': str(visit)})}#edit" if visit else url


# Pages -----------------------------------------------------------------------------------


@login_required
@require_GET
@staff_page
def planning_start(request: HttpRequest) -> HttpResponse:
    """The scopes the user plans; picking one and a day opens its board."""
    user = _user(request)
    scopes = plannable_scopes(user)
    if not scopes:
        raise PermissionDenied(_("Only planners and team leaders plan visits."))
    form = DateForm(request.GET or None)
    if form.is_valid():
        wanted = str(form.cleaned_data["scope"])
        scope = next((s for s in scopes if scope_key(s) == wanted), None)
        if scope is not None:
            return redirect(board_url(scope, form.cleaned_data["date"]))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    return render(
        request,
        "web/planning/start.html",
        {
            "nav": "planning",
            "scopes": [(scope_key(s), s) for s in scopes],
            "date": tomorrow,
        },
    )


@login_required
@require_GET
@staff_page
def planning_board(request: HttpRequest, scope_id: Any, day: dt.date) -> HttpResponse:
    _user, scope = _planner_scope(request, scope_id)
    # A worker that died mid-solve would otherwise leave the board "running" forever.
    jobs.reap_stale_jobs()
    wanted = request.GET.get("besok")
    panel = load_visit_panel(scope, day, wanted) if wanted else None
    board = panel.board if panel is not None else load_board(scope, day)
    return render(
        request,
        "web/planning/board.html",
        {
            "nav": "planning",
            "board": board,
            "panel": panel,
            "field": field_reports(scope, day),
            "key": scope_key(scope),
            "visit_base": board_url(scope, day) + "besok/",
            "previous_day": day - dt.timedelta(days=1),
            "next_day": day + dt.timedelta(days=1),
        },
    )


@login_required
@require_GET
@staff_page
def planning_visit(
    request: HttpRequest, scope_id: Any, day: dt.date, visit_id: Any
) -> HttpResponse:
    """The edit panel for one visit (htmx swaps it in; without JavaScript, the board opens
    with the panel)."""
    _user, scope = _planner_scope(request, scope_id)
    if not request.headers.get("HX-Request"):
        return redirect(board_url(scope, day, visit_id))
    panel = load_visit_panel(scope, day, visit_id)
    if panel is None:
        raise NotFound(_("The visit is not in this day's plan."))
    return render(
        request,
        "web/planning/_visit_panel.html",
        {"panel": panel, "board": panel.board, "key": scope_key(scope)},
    )


@login_required
@require_GET
@staff_page
def planning_job(request: HttpRequest, scope_id: Any, day: dt.date) -> HttpResponse:
    """The progress fragment the board polls every second while a job runs.

    When the job the page was drawn with has ended, htmx is told to reload the whole page, so
    the planner sees the new draft (or the job's error) without pressing anything.
    """
    _user, scope = _planner_scope(request, scope_id)
    jobs.reap_stale_jobs()
    job = jobs.current_job(scope, day)
    response = render(
        request, "web/planning/_job.html", {"job": job, "key": scope_key(scope), "day": day}
    )
    watching = request.GET.get("jobb")
    if watching and (job is None or str(job.public_id) != watching or not job.active):
        response["HX-Refresh"] = "true"
    return response


# Actions ---------------------------------------------------------------------------------

Action = Callable[[HttpRequest, User, Scope, dt.date], tuple[str, Any]]


def _invalid(form: Any) -> RuleViolation:
    problems = "; ".join(str(m) for errors in form.errors.values() for m in errors)
    return RuleViolation.single("form", "invalid", problems or _("The form was incomplete."))


def _draft(request: HttpRequest, scope: Scope, day: dt.date) -> tuple[Plan, int]:
    """The plan and version the posted form was drawn with."""
    form = PlanVersionForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    plan = Plan.objects.filter(
        scope.plan_filter(), date=day, public_id=form.cleaned_data["plan"]
    ).first()
    if plan is None:
        raise RuleViolation.single("version", "stale", _("The plan is gone: reload the board."))
    return plan, form.cleaned_data["version"]


def _optimise(request: HttpRequest, user: User, scope: Scope, day: dt.date) -> tuple[str, Any]:
    form = OptimiseForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    jobs.do_start_optimisation(
        user,
        scope,
        day,
        days=form.days,
        seconds=float(form.cleaned_data["seconds"]),
        continuity=form.cleaned_data["continuity"],
    )
    return _("Optimisation started. The new draft appears here when it is done."), None


def _cancel(request: HttpRequest, user: User, scope: Scope, day: dt.date) -> tuple[str, Any]:
    job = jobs.current_job(scope, day)
    if job is None or not job.active:
        raise RuleViolation.single("job", "finished", _("The optimisation has already finished."))
    jobs.do_cancel(user, job)
    return _("The optimisation is being stopped; the plan stays as it was."), None


def _publish(request: HttpRequest, user: User, scope: Scope, day: dt.date) -> tuple[str, Any]:
    plan, version = _draft(request, scope, day)
    services.do_publish(user, plan, version)
    return _("The plan is published."), None


def _new_draft(request: HttpRequest, user: User, scope: Scope, day: dt.date) -> tuple[str, Any]:
    services.do_new_draft(user, scope, day)
    return _("A new draft was made from the published plan."), None


def _move(request: HttpRequest, user: User, scope: Scope, day: dt.date) -> tuple[str, Any]:
    plan, version = _draft(request, scope, day)
    form = MoveForm(request.POST, plan=plan)
    if not form.is_valid():
        raise _invalid(form)
    visit, employee = form.cleaned_data["visit"], form.cleaned_data["employee"]
    services.do_move(user, plan, version, visit, employee)
    message = _("%(client)s now goes to %(name)s.") % {
        "client": visit.client.full_name,
        "name": employee.full_name,
    }
    return message, visit.public_id


def _swap(request: HttpRequest, user: User, scope: Scope, day: dt.date) -> tuple[str, Any]:
    plan, version = _draft(request, scope, day)
    form = SwapForm(request.POST, plan=plan)
    if not form.is_valid():
        raise _invalid(form)
    first, second = form.cleaned_data["visit"], form.cleaned_data["other"]
    services.do_swap(user, plan, version, first, second)
    return _("The two visits swapped caregivers."), first.public_id


def _lock(request: HttpRequest, user: User, scope: Scope, day: dt.date) -> tuple[str, Any]:
    plan, version = _draft(request, scope, day)
    form = LockForm(request.POST, plan=plan)
    if not form.is_valid():
        raise _invalid(form)
    visit, locked = form.cleaned_data["visit"], form.cleaned_data["locked"]
    services.do_set_locked(user, plan, version, visit, locked)
    if locked:
        return _("Visit locked: optimising again keeps it with its caregiver and time."), (
            visit.public_id
        )
    return _("Visit unlocked."), visit.public_id


def _unassign(request: HttpRequest, user: User, scope: Scope, day: dt.date) -> tuple[str, Any]:
    plan, version = _draft(request, scope, day)
    form = UnassignForm(request.POST, plan=plan)
    if not form.is_valid():
        raise _invalid(form)
    visit = form.cleaned_data["visit"]
    services.do_unassign(user, plan, version, visit)
    return _("The visit was taken out of the plan."), visit.public_id


def _sick(request: HttpRequest, user: User, scope: Scope, day: dt.date) -> tuple[str, Any]:
    draft, published = services.plans_for(scope, day)
    base = draft or published
    if base is None:
        raise RuleViolation.single(
            "date", "no_plan", _("There is no plan for this day yet: optimise it first.")
        )
    form = SickForm(request.POST, plan=base)
    if not form.is_valid():
        raise _invalid(form)
    employee: Employee = form.cleaned_data["employee"]
    jobs.do_report_sick(user, scope, day, employee)
    message = _(
        "%(name)s is registered sick. The day is being re-planned, moving as few visits "
        "as possible."
    ) % {"name": employee.full_name}
    return message, None


ACTIONS: dict[str, Action] = {
    "optimise": _optimise,
    "cancel": _cancel,
    "publish": _publish,
    "new-draft": _new_draft,
    "move": _move,
    "swap": _swap,
    "lock": _lock,
    "unassign": _unassign,
    "sick": _sick,
}


def explain(violation: Violation) -> str:
    """The service's refusal as the board says it. The services speak the planner's language;
    only a stale plan gets the board's own words, because the page it returns to already
    shows the current plan."""
    if violation.rule == "stale":
        return _(
            "Someone else changed this plan while you were working on it. Nothing was saved: "
            "the board now shows the current plan. Make your change again if it still fits."
        )
    return violation.message


@login_required
@require_POST
@staff_page
def planning_action(
    request: HttpRequest, scope_id: Any, day: dt.date, action: str
) -> HttpResponseRedirect:
    """Every button of the board: run the service, say what happened, show the board again."""
    user, scope = _planner_scope(request, scope_id)
    handler = ACTIONS.get(action)
    if handler is None:
        raise NotFound(_("Unknown action."))
    visit = None
    try:
        message, visit = handler(request, user, scope, day)
        messages.success(request, message)
    except RuleViolation as exc:
        visit = request.POST.get("visit") or None
        for v in exc.violations:
            # A conflict gets its own look: the planner must notice nothing was saved.
            tags = "conflict" if v.rule == "stale" else ""
            messages.error(request, explain(v), extra_tags=tags)
    return redirect(board_url(scope, day, visit))

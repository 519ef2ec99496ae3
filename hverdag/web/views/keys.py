"""The key register in the browser: take and return a key from the visit page and Min dag
(queued actions, see ``web.offline``), and the team's register page for leaders and planners.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from hverdag.access.models import User
from hverdag.core.clock import hhmm
from hverdag.core.errors import NotFound, RuleViolation
from hverdag.keys import selectors
from hverdag.keys.models import Key, KeyEvent, KeyEventKind
from hverdag.keys.permissions import kept_teams
from hverdag.keys.services import (
    KeyInput,
    do_check_out_key,
    do_register_key,
    do_report_key_lost,
    do_retire_key,
    do_return_key,
)
from hverdag.org.models import Team
from hverdag.staff.selectors import employee_of
from hverdag.visits.selectors import VisitCard, find_my_visit
from hverdag.web.errors import add_violations, staff_page
from hverdag.web.key_forms import KeyNoteForm, KeyRegisterForm
from hverdag.web.offline import offline_action, run_action
from hverdag.web.views.my_day import visit_page_url


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _done(event: KeyEvent) -> str:
    if event.kind == KeyEventKind.CHECKED_OUT:
        return _("You took the key %(key)s at %(time)s.") % {
            "key": event.key,
            "time": hhmm(event.at),
        }
    if event.kind == KeyEventKind.RETURNED:
        return _("The key %(key)s is back (%(time)s).") % {"key": event.key, "time": hhmm(event.at)}
    return _("The key %(key)s is reported lost.") % {"key": event.key}


def _payload(event: KeyEvent) -> dict[str, Any]:
    return {
        "key_event": {
            "id": str(event.public_id),
            "key": str(event.key.public_id),
            "kind": event.kind,
            "at": event.at.isoformat(),
            "idempotency_key": str(event.idempotency_key),
            "employee": event.employee.full_name if event.employee else None,
        }
    }


def _parse(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise NotFound(gettext_lazy("No such key.")) from exc


# --- the caregiver's phone ----------------------------------------------------------------


def visit_section(user: User, card: VisitCard) -> dict[str, Any]:
    """The visit page's keys: where each of the client's keys is kept, who has it."""
    employee = employee_of(user)
    return {
        "states": selectors.client_keys(card.stop.client),
        "me": employee.pk if employee else None,
        "has_code": bool(card.notes and card.notes.entry_code_encrypted),
    }


def my_keys(user: User) -> dict[str, Any]:
    """Min dag's banner: the keys the caregiver has now, and alerts for keys not back."""
    employee = employee_of(user)
    return {
        "held": selectors.held_by(employee) if employee else [],
        "alerts": selectors.open_alerts_for(employee) if employee else [],
    }


@login_required
@require_POST
@offline_action
def visit_key_action(
    request: HttpRequest, public_id: str, key_id: str, action: str
) -> HttpResponse:
    """Take (``ta``) or return (``lever``) one of the visit's client's keys."""
    user = _user(request)
    visit, _entry, _employee = find_my_visit(user, public_id)
    key = selectors.find_visit_key(visit, key_id)
    apply: Callable[[KeyNoteForm], KeyEvent]
    if action == "ta":

        def apply(form: KeyNoteForm) -> KeyEvent:
            data = form.cleaned_data
            return do_check_out_key(user, key, visit, form.moment(), data["key"], data["note"])

    elif action == "lever":

        def apply(form: KeyNoteForm) -> KeyEvent:
            data = form.cleaned_data
            return do_return_key(user, key, form.moment(), data["key"], note=data["note"])

    else:
        raise NotFound(gettext_lazy("No such action."))
    return run_action(
        request,
        KeyNoteForm,
        apply,
        page=visit_page_url(visit),
        done=_done,
        payload=_payload,
    )


@login_required
@require_POST
@offline_action
def held_key_return(request: HttpRequest, key_id: str) -> HttpResponse:
    """Return a key from Min dag's list of keys the caregiver has."""
    user = _user(request)
    employee = employee_of(user)
    held = {s.key.public_id: s.key for s in selectors.held_by(employee)} if employee else {}
    key = held.get(_parse(key_id))
    if key is None:
        raise NotFound(gettext_lazy("No such key."))
    return run_action(
        request,
        KeyNoteForm,
        lambda form: do_return_key(
            user, key, form.moment(), form.cleaned_data["key"], note=form.cleaned_data["note"]
        ),
        page=reverse("web:my_day"),
        done=_done,
        payload=_payload,
    )


# --- the team's register ------------------------------------------------------------------


def _team(user: User, team_id: str | None) -> tuple[Team, list[Team]]:
    teams = list(kept_teams(user))
    if not teams:
        raise NotFound(gettext_lazy("No key register."))
    if team_id is None:
        return teams[0], teams
    wanted = _parse(team_id)
    team = next((t for t in teams if t.public_id == wanted), None)
    if team is None:
        raise NotFound(gettext_lazy("No such key register."))
    return team, teams


def _cabinet_order(key: Key) -> tuple[bool, list[tuple[int, str]], str]:
    """Key numbers in natural order (Ø-2 before Ø-10); keys without a number last."""
    parts = [(int(p), "") if p.isdigit() else (0, p) for p in re.split(r"(\d+)", key.tag) if p]
    return (not key.tag, parts, key.client.last_name)


def _register_url(team: Team, teams: list[Team]) -> str:
    if len(teams) == 1:
        return reverse("web:key_register")
    return reverse("web:key_register_team", args=[team.public_id])


@login_required
@require_http_methods(["GET", "POST"])
@staff_page
def key_register(request: HttpRequest, team_id: str | None = None) -> HttpResponse:
    """Every key of the team: where it is kept, who has it since when, what is overdue."""
    user = _user(request)
    team, teams = _team(user, team_id)
    clients = selectors.team_clients(team)
    form = KeyRegisterForm(request.POST or None, clients=clients)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            key = do_register_key(
                user,
                KeyInput(
                    client=data["client"],
                    label=data["label"],
                    kind=data["kind"],
                    tag=data["tag"],
                    location=data["location"],
                    team=team,
                ),
            )
        except RuleViolation as exc:
            add_violations(form, exc)
        else:
            messages.success(request, _("The key %(key)s is in the register.") % {"key": key})
            return redirect(_register_url(team, teams))
    # Overdue first, then the keys out, then the cabinet by hook, key boxes and locks last.
    states = sorted(
        selectors.register(team),
        key=lambda s: (not s.overdue, s.status != selectors.OUT, _cabinet_order(s.key)),
    )
    context = {
        "nav": "keys",
        "team": team,
        "teams": teams,
        "states": states,
        # Out, overdue or lost: a card each, with what to do; the rest one line each.
        "moving": [s for s in states if s.status != selectors.IN_PLACE],
        "cabinet": [s for s in states if s.key.portable and s.status == selectors.IN_PLACE],
        "doors": [s for s in states if not s.key.portable],
        "out": sum(1 for s in states if s.status == selectors.OUT),
        "overdue": sum(1 for s in states if s.overdue),
        "retired": selectors.register(team, retired=True),
        "form": form,
        "open_form": request.method == "POST",
        "page": _register_url(team, teams),
    }
    return render(request, "web/keys/register.html", context)


KEEPER_ACTIONS = {"levert", "mistet", "pensjoner"}


@login_required
@require_POST
@offline_action
def key_action(request: HttpRequest, key_id: str, action: str) -> HttpResponse:
    """A leader's action on one key: return on behalf (``levert``), lost, retire."""
    user = _user(request)
    if action not in KEEPER_ACTIONS:
        raise NotFound(gettext_lazy("No such action."))
    key = selectors.find_kept_key(user, key_id)
    teams = list(kept_teams(user))
    page = _register_url(key.team, teams)
    if action == "pensjoner":
        try:
            do_retire_key(user, key)
        except RuleViolation as exc:
            for violation in exc.violations:
                messages.error(request, violation.message)
        else:
            messages.success(request, _("The key %(key)s is retired.") % {"key": key})
        return redirect(page)
    if action == "levert":

        def apply(form: KeyNoteForm) -> KeyEvent:
            holder = selectors.state_of(key).holder
            data = form.cleaned_data
            return do_return_key(user, key, form.moment(), data["key"], holder, data["note"])

    else:

        def apply(form: KeyNoteForm) -> KeyEvent:
            data = form.cleaned_data
            return do_report_key_lost(user, key, form.moment(), data["key"], data["note"])

    return run_action(request, KeyNoteForm, apply, page=page, done=_done, payload=_payload)

"""The decision editor, its letter preview, the lifecycle buttons and letter downloads."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hverdag.access import policy
from hverdag.access.models import User
from hverdag.clients import selectors
from hverdag.clients.models import Client
from hverdag.core.errors import NotFound, RuleViolation
from hverdag.decisions import selectors as decision_selectors
from hverdag.decisions import services
from hverdag.decisions.inputs import DecisionInput, input_from_decision
from hverdag.decisions.letters import build_letter_content
from hverdag.decisions.models import Decision, DecisionStatus
from hverdag.web.decision_forms import (
    DecisionForm,
    LineForm,
    LineFormSet,
    SendForm,
    TerminateForm,
    decision_input,
)
from hverdag.web.errors import add_violations, staff_page

WEEKDAY_ABBR = {1: "ma", 2: "ti", 3: "on", 4: "to", 5: "fr", 6: "lø", 7: "sø"}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def decisions_context(user: User, client: Client) -> dict[str, Any]:
    """For the client page's decisions tab (the read is logged by the selector)."""
    return {
        "decisions": decision_selectors.decisions_for(user, client),
        "weekday_abbr": WEEKDAY_ABBR,
    }


def _line_formset(
    request: HttpRequest, municipality_id: int, initial: list[dict[str, object]] | None = None
) -> Any:
    data: Any = request.POST if request.method == "POST" else None
    extra_rows = 1 if not initial else 0
    if data is not None and "add_line" in data:
        # Re-render with one more empty row; keep what was typed.
        data = data.copy()
        data["lines-TOTAL_FORMS"] = str(int(data.get("lines-TOTAL_FORMS", "0")) + 1)
    formset = LineFormSet(
        data,
        initial=(initial or []) + [{}] * extra_rows if data is None else None,
        prefix="lines",
        form_kwargs={"municipality_id": municipality_id},
    )
    return formset


def _save(
    request: HttpRequest, user: User, client: Client, decision: Decision | None
) -> HttpResponse | tuple[DecisionForm, Any]:
    form = DecisionForm(request.POST)
    formset = _line_formset(request, client.municipality_id)
    if "add_line" in request.POST:
        form.is_valid()
        return form, formset
    if form.is_valid() and formset.is_valid():
        lines: list[LineForm] = [
            f for f in formset.forms if not f.cleaned_data.get("DELETE") and not f.is_blank()
        ]
        try:
            data = decision_input(form, lines)
            if decision is None:
                decision = services.do_create_decision(user, client, data)
            else:
                services.do_update_draft(user, decision, data)
        except RuleViolation as exc:
            _show_violations(form, formset, lines, exc)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("web:decision_edit", decision.public_id)
    return form, formset


def _show_violations(
    form: DecisionForm, formset: Any, lines: list[LineForm], exc: RuleViolation
) -> None:
    """Violations on ``lines.N.field`` go to the N-th kept line form, the rest to the header."""
    header = []
    for v in exc.violations:
        parts = v.field.split(".")
        if (
            parts[0] == "lines"
            and len(parts) >= 2
            and parts[1].isdigit()
            and int(parts[1]) < len(lines)
        ):
            line_form = lines[int(parts[1])]
            field = parts[2] if len(parts) > 2 and parts[2] in line_form.fields else None
            line_form.add_error(field, f"{v.message}")
        else:
            header.append(v)
    if header:
        add_violations(form, RuleViolation(header))


@login_required
@staff_page
def decision_new(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    client = selectors.find_client(user, public_id)
    policy.require_action(user, "decision.edit", client)
    if request.method == "POST":
        result = _save(request, user, client, None)
        if isinstance(result, HttpResponse):
            return result
        form, formset = result
        status = 200 if "add_line" in request.POST else 422
    else:
        today = timezone.localdate()
        form = DecisionForm(initial={"applied_on": today, "valid_from": today})
        formset = _line_formset(request, client.municipality_id)
        status = 200
    return render(
        request,
        "web/decisions/edit.html",
        {"client": client, "form": form, "formset": formset, "decision": None, "nav": "clients"},
        status=status,
    )


@login_required
@staff_page
def decision_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        # The role before the (logged) read: a refused save must leave no access-log row.
        policy.require_action(user, "decision.edit")
    decision = decision_selectors.access_decision_for_editor(user, public_id)
    client = decision.client
    editable = decision.status == DecisionStatus.DRAFT
    status = 200
    if request.method == "POST" and editable:
        policy.require_action(user, "decision.edit", client)
        result = _save(request, user, client, decision)
        if isinstance(result, HttpResponse):
            return result
        form, formset = result
        status = 200 if "add_line" in request.POST else 422
    else:
        form = DecisionForm(initial=DecisionForm.initial_from(decision))
        formset = _line_formset(
            request,
            client.municipality_id,
            [
                LineForm.initial_from(line)
                for line in decision.lines.select_related("service", "provider")
            ],
        )
    return render(
        request,
        "web/decisions/edit.html",
        {
            "client": client,
            "decision": decision,
            "form": form,
            "formset": formset,
            "editable": editable,
            "can_decide": policy.has_role(user, "caseworker"),
            "send_form": SendForm(),
            "terminate_form": TerminateForm(),
            "lines": decision_selectors.lines_of(decision),
            "letters": decision_selectors.letters_of(decision),
            "weekday_abbr": WEEKDAY_ABBR,
            "nav": "clients",
        },
        status=status,
    )


@login_required
@staff_page
def decision_preview(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    decision = decision_selectors.access_decision_for_editor(user, public_id)
    content = build_letter_content(decision, timezone.localdate())
    return render(request, "web/decisions/_letter.html", {"letter": content, "preview": True})


@login_required
@require_POST
@staff_page
def decision_action(request: HttpRequest, public_id: str, action: str) -> HttpResponse:
    user = _user(request)
    policy.require_action(user, "decision.edit")  # (as in decision_edit: role before the read)
    decision = decision_selectors.access_decision_for_editor(user, public_id)
    try:
        if action == "approve":
            services.do_approve(user, decision)
            messages.success(request, _("Decision approved."))
        elif action == "send":
            form = SendForm(request.POST)
            if not form.is_valid():
                raise RuleViolation.single(
                    "informed_how", "required", _("Say how the client was informed.")
                )
            services.do_send(
                user, decision, form.cleaned_data["informed_how"], form.cleaned_data["informed_on"]
            )
            messages.success(request, _("Decision sent. The letter is stored."))
        elif action == "change":
            new = services.do_change(user, decision, _change_input(decision))
            messages.success(request, _("A new draft version was made. Edit it and send it."))
            return redirect("web:decision_edit", new.public_id)
        elif action == "terminate":
            tform = TerminateForm(request.POST)
            if not tform.is_valid():
                raise RuleViolation.single(
                    "end_date", "required", _("Give the last day and the reasons.")
                )
            new = services.do_terminate(
                user, decision, tform.cleaned_data["end_date"], tform.cleaned_data["reasons"]
            )
            messages.success(request, _("A termination draft was made. Approve and send it."))
            return redirect("web:decision_edit", new.public_id)
        elif action == "discard":
            services.do_discard_draft(user, decision)
            messages.success(request, _("Draft discarded."))
            return redirect("web:client_section", decision.client.public_id, "decisions")
        else:
            raise NotFound(_("Unknown action."))
    except RuleViolation as exc:
        for v in exc.violations:
            messages.error(request, f"{v.message}")
    return redirect("web:decision_edit", decision.public_id)


def _change_input(decision: Decision) -> DecisionInput:
    """A change starts as a copy of the standing decision, valid from today at the earliest."""
    data = input_from_decision(decision)
    return dataclasses.replace(data, valid_from=max(data.valid_from, timezone.localdate()))


@login_required
@staff_page
def letter_pdf(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    letter = decision_selectors.access_letter(user, public_id)
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="vedtak-{letter.decision.reference}.pdf"'
    )
    return response

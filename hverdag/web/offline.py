"""The protocol of the staff app's actions, which a phone may queue while offline.

An action is a POST to its own URL, as a form (no script) or as JSON from the offline queue
(``static/web/offline.js``), with the header ``Accept: application/json``. It carries

- ``key``: a UUID the phone chose; the service applies it once (``core.idempotency``);
- ``at``: when it happened on the phone (ISO 8601 with offset); the server's now if absent.

JSON answers: 200 ``{"ok": true, ...}``; 422 ``{"errors": {field: [{rule, message}]}}``;
403 and 404 the same shape with the field ``__all__``, so the queue can show the reason and
keep the action instead of dropping it. A form post gets a redirect with a message.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from hverdag.access import policy
from hverdag.core.errors import NotFound, PermissionDenied, RuleViolation
from hverdag.web.errors import View, staff_page

ALL = "__all__"


class ActionForm(forms.Form):
    """The fields every queued action has; subclasses add their own."""

    key = forms.UUIDField()
    at = forms.DateTimeField(required=False)

    def moment(self) -> dt.datetime:
        at: dt.datetime | None = self.cleaned_data.get("at")
        return at or timezone.now()


F = TypeVar("F", bound=ActionForm)
R = TypeVar("R")


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "") or (
        request.content_type == "application/json"
    )


def _error(status: int, rule: str, message: str) -> JsonResponse:
    return JsonResponse({"errors": {ALL: [{"rule": rule, "message": message}]}}, status=status)


def offline_action(view: View) -> View:
    """``staff_page`` for actions: refusals answer as JSON when the queue asked for JSON."""
    as_page = staff_page(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not wants_json(request):
            return as_page(request, *args, **kwargs)
        try:
            if not policy.is_staff_user(request.user):  # type: ignore[arg-type]
                raise PermissionDenied(_("These pages are for the service's staff."))
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return _error(403, "denied", str(exc))
        except NotFound as exc:
            return _error(404, "not_found", str(exc) or _("Not found."))
        except RuleViolation as exc:
            return JsonResponse({"errors": exc.as_dict()}, status=422)

    return wrapped


def action_data(request: HttpRequest) -> Any:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return request.POST


def form_errors(form: forms.Form) -> dict[str, list[dict[str, str]]]:
    """A form's errors in the shape of ``RuleViolation.as_dict``."""
    return {
        field: [{"rule": e["code"] or "invalid", "message": e["message"]} for e in errors]
        for field, errors in form.errors.get_json_data().items()
    }


def run_action(
    request: HttpRequest,
    form_class: type[F],
    apply: Callable[[F], R],
    *,
    page: str,
    done: Callable[[R], str],
    payload: Callable[[R], dict[str, Any]],
    then: str | None = None,
) -> HttpResponse:
    """Read the action, apply it through its service, and answer the page or the queue.

    ``done`` is the message a page shows; ``payload`` what the queue gets back (a ``next``
    in it sends the phone there). A refusal goes back to ``page``, success to ``then``
    (``page`` when not given).
    """
    as_json = wants_json(request)
    form = form_class(action_data(request))
    if not form.is_valid():
        if as_json:
            return JsonResponse({"errors": form_errors(form)}, status=422)
        for errors in form_errors(form).values():
            for error in errors:
                messages.error(request, error["message"])
        return redirect(page)
    try:
        result = apply(form)
    except RuleViolation as exc:
        if as_json:
            return JsonResponse({"errors": exc.as_dict()}, status=422)
        for violation in exc.violations:
            messages.error(request, violation.message)
        return redirect(page)
    if as_json:
        return JsonResponse({"ok": True, **payload(result)})
    messages.success(request, done(result))
    return redirect(then or page)

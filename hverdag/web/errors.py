"""Turn domain errors into pages and form errors, in one place."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hverdag.access import policy
from hverdag.core.errors import NotFound, PermissionDenied, RuleViolation

View = Callable[..., HttpResponse]


def staff_page(view: View) -> View:
    """Staff only; PermissionDenied → 403 page with the reason; NotFound → 404."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            if not policy.is_staff_user(request.user):  # type: ignore[arg-type]
                # Clients and next of kin read their record in the portal, not here.
                raise PermissionDenied(_("These pages are for the service's staff."))
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return render(request, "web/denied.html", {"reason": str(exc)}, status=403)
        except NotFound as exc:
            raise Http404(str(exc)) from exc

    return wrapped


def add_violations(
    form: forms.Form, error: RuleViolation, field_map: dict[str, str] | None = None
) -> None:
    """Show each violation on its field (or on the form when the field is not on it)."""
    for violation in error.violations:
        name = (field_map or {}).get(violation.field, violation.field)
        target = name if name in form.fields else None
        form.add_error(target, forms.ValidationError(violation.message, code=violation.rule))


T = TypeVar("T")


def submit(
    form: forms.Form, action: Callable[[], T], field_map: dict[str, str] | None = None
) -> T | None:
    """Validate the form and run the service action; its violations land on the form.

    Returns the action's result, or None when the form or the service refused.
    """
    if not form.is_valid():
        return None
    try:
        return action()
    except RuleViolation as exc:
        add_violations(form, exc, field_map)
        return None

"""One error format for the whole API: a sentence, and per field the rules that were broken.

    422 {"detail": "...", "errors": {"team": [{"rule": "unknown", "message": "..."}]}}
    401/403/404/400 {"detail": "..."}

Domain errors (``RuleViolation``) and the schema checks ninja makes before a view runs
end in the same shape, so a client handles one format.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaValidationError

from hverdag.core.errors import NotFound, PermissionDenied, RuleViolation

NO_CREDENTIALS = gettext_lazy("Sign in, or send Authorization: Bearer <token>.")
# Where ninja says an invalid value came from; the first part of its error location.
SOURCES = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})


def field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    """``("body", "payload", "goals", 0, "kind")`` → ``"goals.0.kind"``.

    The body parameter's own name is an implementation detail and is left out; a body
    that is not an object at all is reported as ``body``.
    """
    parts = list(loc)
    source = parts.pop(0) if parts and parts[0] in SOURCES else ""
    if source == "body" and parts:
        parts.pop(0)
    return ".".join(str(p) for p in parts) or source or "body"


# Schema checks that mean what a service's rule of the same name means, named alike so a
# client handles "required" or "max_length" once, whichever layer found it.
RULE_NAMES = {
    "missing": "required",
    "string_too_long": "max_length",
    "greater_than_equal": "min_value",
    "less_than_equal": "max_value",
}


def schema_errors(exc: SchemaValidationError) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for error in exc.errors:
        field = field_name(error.get("loc", ()))
        rule = str(error.get("type", "invalid"))
        out.setdefault(field, []).append(
            {"rule": RULE_NAMES.get(rule, rule), "message": str(error.get("msg", ""))}
        )
    return out


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn domain and schema errors into 4xx responses."""

    @api.exception_handler(RuleViolation)
    def rule_violation(request: HttpRequest, exc: RuleViolation) -> HttpResponse:
        count = len(exc.violations)
        # The handlers run inside the request, so its language is active: translate now.
        detail = (
            _("The input breaks a rule.")
            if count == 1
            else _("The input breaks %(count)d rules.") % {"count": count}
        )
        return api.create_response(request, {"detail": detail, "errors": exc.as_dict()}, status=422)

    @api.exception_handler(SchemaValidationError)
    def schema_violation(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
        return api.create_response(
            request,
            {"detail": _("The input does not match the schema."), "errors": schema_errors(exc)},
            status=422,
        )

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc)}, status=403)

    @api.exception_handler(NotFound)
    def not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc)}, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        # ninja's own message when no credentials came at all is a bare "Unauthorized".
        detail = exc.message if exc.message != "Unauthorized" else str(NO_CREDENTIALS)
        response = api.create_response(request, {"detail": detail}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="hverdag"'
        return response

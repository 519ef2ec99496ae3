"""Who is calling: a system with a bearer token, or a signed-in person with a session.

Both end in the same ``User``, whose roles and care relationships the access policy
checks exactly as it does for the pages.
"""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from hverdag.access.models import User
from hverdag.access.services import authenticate_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer hv_…``, for other systems (alarm centres, FHIR clients)."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = authenticate_token(token)
        if user is None:
            # A token that was sent and is wrong, revoked or of an inactive user is a
            # refusal, not a cue to try the session instead. Authentication runs inside the
            # request, whose language is active, and ninja wants a str: translate now.
            raise AuthenticationError(401, _("The token is unknown or revoked."))
        return user


class SessionUserAuth(APIKeyCookie):
    """The pages' own session, for their JavaScript; unsafe methods need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> User | None:
        # Anonymous callers get 401, not a CSRF complaint about a session they do not have.
        if not request.user.is_authenticated:
            return None
        return cast(User | None, super().__call__(request))

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        return user if user.is_authenticated else None


def actor(request: HttpRequest) -> User:
    """The authenticated user of an API request (set by one of the auth classes)."""
    return cast(User, request.auth)  # type: ignore[attr-defined]


API_AUTH = [TokenAuth(), SessionUserAuth()]

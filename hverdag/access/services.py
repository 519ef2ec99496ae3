"""Writes of the access context: emergency access, its review, API tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hverdag.access import policy
from hverdag.access.logging import audit, snapshot
from hverdag.access.models import ApiToken, BreakGlass, BreakGlassTemplate, User
from hverdag.core.crypto import digest
from hverdag.core.errors import Collector, PermissionDenied
from hverdag.core.i18n import interpolate

if TYPE_CHECKING:
    from hverdag.clients.models import Client

BREAK_GLASS_DURATION = dt.timedelta(hours=4)
MIN_REASON_LENGTH = 10


def do_open_break_glass(user: User, client: Client, template: str, reason_text: str) -> BreakGlass:
    """Emergency access: time-limited, with a written reason, flagged for leader review."""
    if not policy.is_staff_user(user) or client.municipality_id not in policy.municipality_ids(
        user
    ):
        raise PermissionDenied(
            _("Only staff of the client's municipality may use emergency access.")
        )
    errors = Collector()
    if template not in BreakGlassTemplate.values:
        errors.add("template", "choice", _("Choose one of the listed reasons."))
    if len(reason_text.strip()) < MIN_REASON_LENGTH:
        errors.add(
            "reason_text",
            "min_length",
            interpolate(
                _("Write the reason in at least %(limit)d characters."),
                {"limit": MIN_REASON_LENGTH},
            ),
        )
    errors.raise_if_any()
    with transaction.atomic():
        glass = BreakGlass.objects.create(
            user=user,
            client=client,
            template=template,
            reason_text=reason_text.strip(),
            expires_at=timezone.now() + BREAK_GLASS_DURATION,
        )
        audit(user, "break_glass.open", glass, client=client, new=snapshot(glass))
    return glass


def do_review_break_glass(reviewer: User, glass: BreakGlass, note: str) -> BreakGlass:
    policy.require_action(reviewer, "break_glass.review", glass.client)
    if glass.user_id == reviewer.pk:
        raise PermissionDenied(_("Nobody reviews their own emergency access."))
    with transaction.atomic():
        old = snapshot(glass)
        glass.reviewed_by = reviewer
        glass.reviewed_at = timezone.now()
        glass.review_note = note.strip()
        glass.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
        audit(
            reviewer, "break_glass.review", glass, client=glass.client, old=old, new=snapshot(glass)
        )
    return glass


def do_create_api_token(actor: User, owner: User, name: str) -> tuple[ApiToken, str]:
    """Returns the row and the token in clear text, which is never stored or shown again."""
    if not (actor.is_superuser or policy.has_role(actor, "system_admin")):
        raise PermissionDenied(_("Only a system administrator creates API tokens."))
    errors = Collector()
    if not name.strip():
        errors.add("name", "required", _("Give the token a name that says which system uses it."))
    errors.raise_if_any()
    raw = "hv_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=owner, name=name.strip(), digest=digest(raw))
        audit(actor, "api_token.create", token, new=snapshot(token))
    return token, raw


def authenticate_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def do_revoke_api_token(actor: User, token: ApiToken) -> ApiToken:
    if not (actor.is_superuser or policy.has_role(actor, "system_admin")):
        raise PermissionDenied(_("Only a system administrator revokes API tokens."))
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit(
            actor,
            "api_token.revoke",
            token,
            old={"revoked_at": None},
            new={"revoked_at": token.revoked_at},
        )
    return token

"""The access log and the audit trail: append-only rows, written inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hverdag.access import policy
from hverdag.access.models import AccessLog, AccessReason, AuditEvent, BreakGlass, User
from hverdag.core.errors import PermissionDenied

if TYPE_CHECKING:
    from hverdag.clients.models import Client


def access_health(user: User, client: Client, what: str, *, channel: str = "web") -> AccessReason:
    """Allow a read of the client's health information and log it, or raise.

    Call this before any health data leaves the database for a user.
    """
    found = policy.health_reason(user, client, what)
    if found is None:
        raise PermissionDenied(_("You have no care relationship with this client."))
    reason, glass = found
    log_read(user, client, what, reason, glass, channel=channel)
    return reason


def log_read(
    user: User,
    client: Client,
    what: str,
    reason: AccessReason,
    glass: BreakGlass | None = None,
    *,
    channel: str = "web",
) -> None:
    role = next(iter(sorted(policy.roles(user))), "")
    AccessLog.objects.create(
        user=user,
        role=role,
        client=client,
        what=what,
        reason=reason,
        break_glass=glass,
        channel=channel,
    )


def log_reads_once_a_day(
    user: User,
    clients: Iterable[Client],
    what: str,
    reason: AccessReason,
    *,
    channel: str = "web",
) -> None:
    """One row per client and day for a list the user opens again and again (the day list):
    the log says who saw what and why, without a row per page view. Two queries."""
    wanted = {c.pk: c for c in clients}
    if not wanted:
        return
    since = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time()))
    seen = set(
        AccessLog.objects.filter(
            user=user, what=what, client_id__in=wanted, at__gte=since
        ).values_list("client_id", flat=True)
    )
    role = next(iter(sorted(policy.roles(user))), "")
    AccessLog.objects.bulk_create(
        AccessLog(user=user, role=role, client=c, what=what, reason=reason, channel=channel)
        for pk, c in wanted.items()
        if pk not in seen
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return f"<{len(value)} bytes>"
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


# Values that must never be copied into the audit trail in clear text.
SECRET_FIELDS = frozenset({"entry_code_encrypted", "digest", "password", "pdf"})
# Identity numbers appear in logs only with the personal digits masked.
MASKED_FIELDS = frozenset({"identity_number"})


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values, ready for JSON (secrets masked)."""
    out: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        value = getattr(instance, field.attname)
        if field.name in SECRET_FIELDS and value:
            value = "***"
        elif field.name in MASKED_FIELDS and value:
            value = str(value)[:6] + "*****"
        out[field.attname] = _jsonable(value)
    return out


def audit(
    actor: User | None,
    action: str,
    obj: models.Model,
    *,
    client: Client | None = None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
) -> AuditEvent:
    object_id = str(getattr(obj, "public_id", None) or obj.pk)
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label,
        object_id=object_id,
        client=client,
        old=_jsonable(old) if old is not None else None,
        new=_jsonable(new) if new is not None else None,
    )


def changed(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, as (old, new)."""
    keys = [k for k in new if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in keys}, {k: new[k] for k in keys}

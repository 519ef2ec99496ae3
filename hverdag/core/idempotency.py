"""Apply a client's action once, however often it is sent.

A phone's offline queue sends each action with a key it chose (a UUID) and sends it again
until it hears back. The row an action writes carries the key in a unique column
``idempotency_key``: the same action sent again gets the row the first one wrote; the key
reused for a different action is a conflict, reported on the field ``idempotency_key``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from hverdag.core.errors import RuleViolation
from hverdag.core.i18n import interpolate

M = TypeVar("M", bound=models.Model)


def parse_key(key: uuid.UUID | str) -> uuid.UUID:
    try:
        return key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))
    except ValueError as exc:
        raise RuleViolation.single(
            "idempotency_key", "invalid", _("The action's key is not a valid UUID.")
        ) from exc


def replayed(model: type[M], key: uuid.UUID, same: Callable[[M], bool]) -> M | None:
    """The row ``key`` already wrote if ``same`` says it was this action; None if unused."""
    found = model._default_manager.filter(idempotency_key=key).first()
    if found is None or same(found):
        return found
    raise RuleViolation.single(
        "idempotency_key",
        "conflict",
        interpolate(_("The key %(key)s was already used for another action."), {"key": key}),
    )


def save_once(row: M, same: Callable[[M], bool]) -> tuple[M, bool]:
    """Insert ``row``; if a concurrent request wrote its key first, that row instead.

    Returns the row and whether this call wrote it. Call inside a transaction, after
    ``replayed`` found nothing.
    """
    key = row.idempotency_key  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        found = replayed(type(row), key, same)
        if found is None:
            raise
        return found, False
    return row, True

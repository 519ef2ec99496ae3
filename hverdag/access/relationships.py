"""Care relationships that the contexts above ``access`` know of, registered at start-up.

``access`` sits below the contexts that know why a staff member has a service need for a
client: the client record names a contact person, a published plan names the caregiver of a
visit. Those apps register a check here from their ``AppConfig.ready``; the policy asks the
checks in registration order, which is ``INSTALLED_APPS`` order (lower layers first), so
the reason logged for a read is the same on every start.

A check answers for one user and one client and may query; it never raises for "no".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hverdag.access.models import AccessReason, User

if TYPE_CHECKING:
    from hverdag.clients.models import Client

Check = Callable[[User, "Client"], bool]


@dataclass(frozen=True)
class Relationship:
    """A care relationship one context knows of: the reason it gives, and how to see it."""

    reason: AccessReason
    check: Check
    registered_by: str


_registry: dict[AccessReason, Relationship] = {}


def register(reason: AccessReason, check: Check, *, registered_by: str) -> None:
    """Add a care relationship. Registering the same reason twice is a start-up error,
    unless it is the same app registering again (``ready`` may run twice in tests)."""
    known = _registry.get(reason)
    if known is not None and known.registered_by != registered_by:
        raise RuntimeError(
            f"care relationship {reason!r} is registered by {known.registered_by} "
            f"and again by {registered_by}"
        )
    _registry[reason] = Relationship(reason, check, registered_by)


def registered() -> tuple[Relationship, ...]:
    return tuple(_registry.values())


def first_relationship(user: User, client: Client) -> AccessReason | None:
    """The first registered relationship the user has with the client, or None."""
    for relationship in _registry.values():
        if relationship.check(user, client):
            return relationship.reason
    return None

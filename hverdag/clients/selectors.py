"""Reads of the clients context. Health information only through access_health (logged)."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from hverdag.access.logging import access_health
from hverdag.access.models import User
from hverdag.clients.models import Assessment, Client, HomeNotes
from hverdag.clients.permissions import basic_visible_clients
from hverdag.core import crypto
from hverdag.core.errors import NotFound


def find_client(user: User, public_id: uuid.UUID | str) -> Client:
    """A client the user may at least know exists; NotFound otherwise (no existence leak)."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise NotFound("No such client.") from exc
    client = (
        basic_visible_clients(user)
        .select_related("team", "district", "contact_person", "practical_provider")
        .filter(public_id=key)
        .first()
    )
    if client is None:
        raise NotFound("No such client.")
    return client


def search_clients(user: User, query: str = "", team_slug: str | None = None) -> QuerySet[Client]:
    """Basic details only: name, address, team. Never searched by identity number."""
    qs = basic_visible_clients(user).select_related("team").filter(active=True)
    if team_slug:
        qs = qs.filter(team__slug=team_slug)
    for word in query.split():
        qs = qs.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(street_address__icontains=word)
        )
    return qs.order_by("last_name", "first_name")


def find_by_identity_number(user: User, raw: str) -> Client | None:
    """Look a client up by identity number among those the user may know about.

    Called from a POST form only: the number must never travel in a URL.
    """
    number = "".join(raw.split())
    if len(number) != 11 or not number.isdigit():
        return None
    return basic_visible_clients(user).filter(identity_number=number).first()


def assessments_for(user: User, client: Client, *, channel: str = "web") -> list[Assessment]:
    access_health(user, client, "assessments", channel=channel)
    return list(
        client.assessments.prefetch_related("scores__variable", "goals").order_by("-version")
    )


def home_notes_for(user: User, client: Client, *, channel: str = "web") -> list[HomeNotes]:
    access_health(user, client, "home_notes", channel=channel)
    return list(client.home_notes.select_related("recorded_by").order_by("-version"))


def reveal_entry_code(user: User, client: Client, *, channel: str = "web") -> str:
    """The key-box code in clear text: a read of its own, logged as such."""
    access_health(user, client, "entry_code", channel=channel)
    notes = client.home_notes.order_by("-version").first()
    return crypto.decrypt(notes.entry_code_encrypted) if notes else ""

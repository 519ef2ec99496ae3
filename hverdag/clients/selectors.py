"""Reads of the clients context. Health information only through access_health (logged)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hverdag.access import policy
from hverdag.access.logging import access_health
from hverdag.access.models import AccessLog, BreakGlass, User
from hverdag.clients.models import (
    Assessment,
    Client,
    FunctionVariable,
    HomeNotes,
    ResourcePerson,
    WelfareTechnology,
)
from hverdag.clients.permissions import basic_visible_clients
from hverdag.clients.reference import SPEC_VERSION
from hverdag.core import crypto
from hverdag.core.errors import NotFound, PermissionDenied


def find_client(user: User, public_id: uuid.UUID | str) -> Client:
    """A client the user may at least know exists; NotFound otherwise (no existence leak)."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise NotFound(_("No such client.")) from exc
    client = (
        basic_visible_clients(user)
        .select_related("team", "district", "contact_person", "practical_provider")
        .filter(public_id=key)
        .first()
    )
    if client is None:
        raise NotFound(_("No such client."))
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


def function_variables() -> list[FunctionVariable]:
    """The function variables (IPLOS/KPR) of the specification in use, for the intake form."""
    return list(FunctionVariable.objects.filter(spec_version=SPEC_VERSION))


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


def access_overview(user: User, client: Client, *, channel: str = "web") -> Client:
    """The record's own details (the identity number, contact data): a logged read
    (``overview``). The client as it was found; the caller shows it."""
    access_health(user, client, "overview", channel=channel)
    return client


@dataclass
class Overview:
    """The client page's overview: who is around the client and the installed technology."""

    resource_persons: list[ResourcePerson]
    devices: list[WelfareTechnology]


def overview_for(user: User, client: Client) -> Overview:
    """The overview section: active resource persons and technology not removed; logged
    once as ``overview``."""
    access_overview(user, client)
    return Overview(
        resource_persons=list(client.resource_persons.filter(active=True)),
        devices=list(client.welfare_technology.filter(removed_on__isnull=True)),
    )


def resource_persons_for(
    user: User, client: Client, *, channel: str = "web"
) -> list[ResourcePerson]:
    """Every resource person, inactive ones too (never deleted); logged ``resource_persons``."""
    access_health(user, client, "resource_persons", channel=channel)
    return list(client.resource_persons.all())


def welfare_technology_for(
    user: User, client: Client, *, channel: str = "web"
) -> list[WelfareTechnology]:
    """Every device, removed ones too; logged ``welfare_technology``."""
    access_health(user, client, "welfare_technology", channel=channel)
    return list(client.welfare_technology.all())


def find_resource_person(client: Client, public_id: uuid.UUID | str) -> ResourcePerson:
    """One of the client's resource persons, to change; NotFound otherwise. Nothing of the
    person is shown here, so nothing is logged."""
    person = client.resource_persons.filter(public_id=public_id).first()
    if person is None:
        raise NotFound(_("No such resource person."))
    return person


def find_device(client: Client, public_id: uuid.UUID | str) -> WelfareTechnology:
    """One of the client's devices, to record its removal; NotFound otherwise."""
    device = client.welfare_technology.filter(public_id=public_id).first()
    if device is None:
        raise NotFound(_("No such device."))
    return device


def assessment_with_details(assessment: Assessment) -> Assessment:
    """An assessment just written, read back with its scores and goals for the answer."""
    return (
        Assessment.objects.select_related("recorded_by")
        .prefetch_related("scores__variable", "goals")
        .get(pk=assessment.pk)
    )


def access_log_for(user: User, client: Client, *, channel: str = "web") -> QuerySet[AccessLog]:
    """Who has read the client's health information, newest first: for the client, their
    next of kin and the team leader. Reading it is itself a logged read (``access_log``);
    a refused read writes nothing."""
    if not policy.may_read_access_log(user, client):
        raise PermissionDenied(_("The client, their next of kin and the team leader read it."))
    access_health(user, client, "access_log", channel=channel)
    return AccessLog.objects.filter(client=client).select_related("user", "break_glass")


def reviewable_break_glass(user: User) -> list[BreakGlass]:
    """Open emergency accesses to clients the reviewing leader has a care relationship
    with, oldest first; nobody reviews their own."""
    reviewers = policy.ACTION_ROLES["break_glass.review"]
    rows = (
        BreakGlass.objects.filter(reviewed_at__isnull=True, client__in=basic_visible_clients(user))
        .select_related("user", "client", "client__team")
        .order_by("opened_at")
    )
    return [
        g
        for g in rows
        if g.user_id != user.pk
        and policy.care_relationship(user, g.client, for_roles=reviewers) is not None
    ]

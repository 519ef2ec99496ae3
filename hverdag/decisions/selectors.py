"""Reads of the decisions context. A decision is health information: every read is logged.

Unknown ids and clients the user may not even know about raise NotFound (no existence
leak); a known client without a care relationship raises PermissionDenied. Clients and
next of kin see only what was sent to them, never drafts.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hverdag.access import policy
from hverdag.access.logging import log_read
from hverdag.access.models import AccessReason, User
from hverdag.clients.models import Client
from hverdag.clients.permissions import basic_visible_clients
from hverdag.core.errors import NotFound, PermissionDenied
from hverdag.decisions.models import Decision, DecisionStatus, Letter, Service, ServiceLine

UNSENT = (DecisionStatus.DRAFT, DecisionStatus.APPROVED)
PORTAL_REASONS = (AccessReason.OWN_RECORD, AccessReason.PROXY)
# Whole sentences per thing, so each language words "no such ..." its own way.
NO_SUCH = {
    "decision": _("No such decision."),
    "decisions": _("No such decisions."),
    "decision_letter": _("No such decision letter."),
    "letter": _("No such letter."),
}


def access_decision(user: User, public_id: uuid.UUID | str, *, channel: str = "web") -> Decision:
    decision = (
        Decision.objects.select_related("client", "previous", "caseworker", "approved_by")
        .filter(public_id=_uuid(public_id, "decision"))
        .first()
    )
    if decision is None:
        raise NotFound(_("No such decision."))
    _read(user, decision.client, decision, "decision", channel)
    return decision


def access_decision_for_editor(
    user: User, public_id: uuid.UUID | str, *, channel: str = "web"
) -> Decision:
    """``access_decision`` (one logged read), then the decision with what the editor shows
    besides: the client's team and municipality, the district."""
    decision = access_decision(user, public_id, channel=channel)
    return Decision.objects.select_related(
        "client", "client__team", "client__municipality", "district", "municipality"
    ).get(pk=decision.pk)


def lines_of(decision: Decision) -> QuerySet[ServiceLine]:
    """The decision's lines with their services and providers (the caller read the decision
    through ``access_decision``, which logged it)."""
    return decision.lines.select_related("service", "provider")


def letters_of(decision: Decision) -> QuerySet[Letter]:
    return decision.letters.all()


def access_letter(user: User, public_id: uuid.UUID | str, *, channel: str = "web") -> Letter:
    """The stored letter (PDF bytes in ``letter.pdf``), for download."""
    letter = (
        Letter.objects.select_related("decision__client")
        .filter(public_id=_uuid(public_id, "letter"))
        .first()
    )
    if letter is None:
        raise NotFound(_("No such letter."))
    _read(user, letter.decision.client, letter.decision, "decision_letter", channel)
    return letter


def decisions_for(user: User, client: Client, *, channel: str = "web") -> list[Decision]:
    """Every version of every decision of the client, newest first."""
    reason = _allow(user, client, "decisions", channel, unsent=False)
    qs = Decision.objects.filter(client=client).prefetch_related("lines__service", "letters")
    if reason in PORTAL_REASONS:
        qs = qs.exclude(status__in=UNSENT)
    return list(qs.order_by("-valid_from", "-version"))


def _read(user: User, client: Client, decision: Decision, what: str, channel: str) -> None:
    _allow(user, client, what, channel, unsent=decision.status in UNSENT)


def _allow(user: User, client: Client, what: str, channel: str, *, unsent: bool) -> AccessReason:
    """Log the read and return why it is allowed, or raise NotFound / PermissionDenied."""
    found = policy.health_reason(user, client, what)
    if found is None:
        # Say "not found" unless the user may at least know the client exists.
        if not basic_visible_clients(user).filter(pk=client.pk).exists():
            raise NotFound(NO_SUCH[what])
        raise PermissionDenied(_("You have no care relationship with this client."))
    reason, glass = found
    if unsent and reason in PORTAL_REASONS:
        # A draft is the caseworker's working paper until it is sent.
        raise NotFound(NO_SUCH[what])
    log_read(user, client, what, reason, glass, channel=channel)
    return reason


def _uuid(value: uuid.UUID | str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise NotFound(NO_SUCH[what]) from exc


def catalogue_of(user: User, category: str | None = None) -> QuerySet[Service]:
    """The active services of the user's municipalities, by category and name."""
    found = Service.objects.filter(
        municipality_id__in=policy.municipality_ids(user), active=True
    ).select_related("required_competence")
    if category is not None:
        found = found.filter(category=category)
    return found.order_by("category", "name", "pk")


def decision_to_write(user: User, public_id: uuid.UUID) -> Decision:
    """The decision a write is about, without logging a read; the service checks the rest.

    A decision of a client the user may not even know about does not exist for them.
    """
    decision = _with_people().filter(public_id=public_id).first()
    if decision is None or not basic_visible_clients(user).filter(pk=decision.client_id).exists():
        raise NotFound(_("No such decision."))
    return decision


def reloaded(decision: Decision) -> Decision:
    """The decision as stored now, with the people it names (after a write)."""
    return _with_people().get(pk=decision.pk)


def _with_people() -> QuerySet[Decision]:
    return Decision.objects.select_related("client", "previous", "caseworker", "approved_by")

"""Reads of the deviations context. A deviation about a client is health information:
reading it goes through access_health (logged, and refused without a care relationship)."""

from __future__ import annotations

import uuid

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from hverdag.access import policy
from hverdag.access.logging import access_health, log_read
from hverdag.access.models import AccessReason, Role, User
from hverdag.clients.models import Client
from hverdag.clients.permissions import basic_visible_clients
from hverdag.core.errors import NotFound
from hverdag.deviations.models import Deviation, DeviationEvent, DeviationStatus
from hverdag.deviations.permissions import led_teams
from hverdag.visits.models import Visit

# What the access log says was read.
ACCESS_WHAT = "deviation"


def _listed(qs: QuerySet[Deviation]) -> QuerySet[Deviation]:
    """Open first, then in progress, then closed; newest first within each."""
    order = Case(
        When(status=DeviationStatus.OPEN, then=Value(0)),
        When(status=DeviationStatus.IN_PROGRESS, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return qs.select_related("client", "team", "reported_by").order_by(order, "-reported_at", "-id")


def deviations_for_leader(user: User) -> QuerySet[Deviation]:
    """The deviations of the teams the user leads (none for anyone else)."""
    return _listed(Deviation.objects.filter(led_teams(user)))


def deviations_reported_by(user: User) -> QuerySet[Deviation]:
    return _listed(Deviation.objects.filter(reported_by=user))


def open_count(user: User) -> int:
    """The navigation badge: open deviations waiting for the leader. One query."""
    return Deviation.objects.filter(led_teams(user), status=DeviationStatus.OPEN).count()


def find_deviation(user: User, public_id: uuid.UUID | str) -> Deviation:
    """A deviation the user reported or handles; NotFound otherwise (no existence leak).

    Does not log: call ``deviation_detail`` before showing its content.
    """
    try:
        key = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise NotFound(_("No such deviation.")) from exc
    deviation = (
        Deviation.objects.filter(Q(reported_by=user) | led_teams(user))
        .select_related("client", "team", "visit", "reported_by", "assigned_to")
        .filter(public_id=key)
        .first()
    )
    if deviation is None:
        raise NotFound(_("No such deviation."))
    return deviation


def deviation_detail(
    user: User, public_id: uuid.UUID | str, *, channel: str = "web"
) -> tuple[Deviation, list[DeviationEvent]]:
    """The report and its follow-ups; the read is logged when it concerns a client."""
    deviation = find_deviation(user, public_id)
    if deviation.client is not None:
        if deviation.reported_by_id == user.pk and not policy.health_reason(
            user, deviation.client, ACCESS_WHAT
        ):
            # The reporter reads back what they wrote, though no longer planned for the client.
            log_read(user, deviation.client, ACCESS_WHAT, AccessReason.AUTHOR, channel=channel)
        else:
            access_health(user, deviation.client, ACCESS_WHAT, channel=channel)
    events = list(deviation.events.select_related("author", "assigned_to"))
    return deviation, events


# --- the report form: what the reporter may name (basic details, not logged) -------------


def visit_to_report(user: User, public_id: uuid.UUID | None) -> Visit | None:
    """A visit to a client whose basic details the user may see, to report about; None
    when there is no such visit."""
    if public_id is None:
        return None
    return (
        Visit.objects.filter(public_id=public_id, client__in=basic_visible_clients(user))
        .select_related("client")
        .first()
    )


def client_to_report(user: User, public_id: uuid.UUID | None) -> Client | None:
    """A client whose basic details the user may see; None when there is no such client."""
    if public_id is None:
        return None
    return basic_visible_clients(user).filter(public_id=public_id).first()


def clients_to_choose(user: User, also: Client | None) -> QuerySet[Client]:
    """The clients of the reporter's own teams (the whole district for staff without one)."""
    visible = basic_visible_clients(user)
    team_ids = {a.team_id for a in policy.assignments(user) if a.team_id}
    wanted = Q(team_id__in=team_ids, active=True) if team_ids else Q(active=True)
    if also is not None:
        wanted |= Q(pk=also.pk)
    return visible.filter(wanted).order_by("last_name", "first_name")


def team_users(deviation: Deviation) -> QuerySet[User]:
    """Who the leader may make responsible: the team's staff and its leaders."""
    return (
        User.objects.filter(
            Q(employee__team_id=deviation.team_id, employee__active=True)
            | Q(role_assignments__role=Role.TEAM_LEADER, role_assignments__team=deviation.team_id)
        )
        .distinct()
        .order_by("first_name", "last_name")
    )

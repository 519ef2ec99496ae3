"""Writes of the deviations context: report, follow up. Nothing here edits or deletes.

Each ``do_*``: permission, validation naming the field and the rule, one transaction, audit.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hverdag.access import policy
from hverdag.access.logging import audit, snapshot
from hverdag.access.models import Role, User
from hverdag.core.errors import Collector, PermissionDenied
from hverdag.core.i18n import interpolate
from hverdag.deviations.inputs import DeviationInput
from hverdag.deviations.models import (
    Deviation,
    DeviationEvent,
    DeviationKind,
    DeviationStatus,
    EventKind,
    Severity,
)
from hverdag.deviations.permissions import may_handle
from hverdag.org.models import Team

MAX_TEXT = 4000
# A deviation is reported while it is fresh; older ones go to the leader by other means.
MAX_AGE = dt.timedelta(days=30)
# Phones' clocks drift; "a minute from now" is still now.
CLOCK_SLACK = dt.timedelta(minutes=2)


def _reporter_team(user: User) -> Team | None:
    """The team a report without a client goes to: the reporter's own team."""
    for a in policy.assignments(user):
        if a.role in policy.ACTION_ROLES["deviation.report"] and a.team is not None:
            return a.team
    from hverdag.staff.models import Employee

    employee = Employee.objects.filter(user=user, team__isnull=False).select_related("team")
    found = employee.first()
    return found.team if found is not None else None


def _text(errors: Collector, field: str, value: str, *, required: bool) -> str:
    value = value.strip()
    if required and not value:
        errors.add(field, "required", _("Describe what happened."))
    if len(value) > MAX_TEXT:
        errors.add(
            field,
            "max_length",
            interpolate(_("At most %(limit)d characters."), {"limit": MAX_TEXT}),
        )
    return value


def do_report_deviation(user: User, data: DeviationInput) -> Deviation:
    """Record a deviation and route it to the leader of the client's (or reporter's) team."""
    client = data.client
    visit = data.visit
    if visit is not None and client is None:
        client = visit.client
    if not policy.has_role(user, *policy.ACTION_ROLES["deviation.report"]):
        raise PermissionDenied(_("Only the service's staff report deviations."))
    if client is not None:
        # Reporting about a client means writing into their health information.
        policy.require_action(user, "deviation.report", client)
    errors = Collector()
    if data.kind not in DeviationKind.values:
        errors.add("kind", "choice", _("Choose what kind of deviation it is."))
    if data.severity not in Severity.values:
        errors.add("severity", "choice", _("Choose how serious it is."))
    now = timezone.now()
    happened = data.happened_at
    if timezone.is_naive(happened):
        errors.add("happened_at", "aware", _("Give the time with its time zone."))
    elif happened > now + CLOCK_SLACK:
        errors.add("happened_at", "not_future", _("The time cannot be in the future."))
    elif happened < now - MAX_AGE:
        errors.add(
            "happened_at",
            "max_age",
            interpolate(
                _("Report deviations within %(days)d days; tell your leader about older ones."),
                {"days": MAX_AGE.days},
            ),
        )
    description = _text(errors, "description", data.description, required=True)
    immediate = _text(errors, "immediate_action", data.immediate_action, required=False)
    if visit is not None and (visit.client_id != client.pk if client else True):
        errors.add("visit", "same_client", _("The visit is not this client's visit."))
    team = client.team if client is not None else _reporter_team(user)
    if team is None:
        errors.add(
            "client",
            "team_required",
            _("Choose the client: you have no team to send a report without a client to."),
        )
    errors.raise_if_any()
    assert team is not None
    with transaction.atomic():
        deviation = Deviation.objects.create(
            municipality_id=team.municipality_id,
            team=team,
            client=client,
            visit=visit,
            kind=data.kind,
            severity=data.severity,
            happened_at=happened,
            description=description,
            immediate_action=immediate,
            reported_by=user,
        )
        audit(user, "deviation.report", deviation, client=client, new=snapshot(deviation))
    return deviation


def do_add_follow_up(
    user: User,
    deviation: Deviation,
    text: str,
    new_status: str | None = None,
    assign_to: User | None = None,
) -> DeviationEvent:
    """Add a follow-up: a note, and for the leader a status change or an assignment.

    The reporter may add notes; only the team's leader changes status, assigns or closes,
    and closing needs a note that says what was done and learnt.
    """
    handles = may_handle(user, deviation)
    if not handles and deviation.reported_by_id != user.pk:
        raise PermissionDenied(_("Only the reporter and the team's leader follow up."))
    reporter = deviation.reported_by_id == user.pk
    if (
        deviation.client is not None
        and not reporter
        and not policy.health_reason(user, deviation.client)
    ):
        raise PermissionDenied(_("You have no care relationship with this client."))
    if (new_status is not None or assign_to is not None) and not handles:
        raise PermissionDenied(_("Only the team's leader changes the status of a deviation."))
    errors = Collector()
    text = _text(errors, "text", text, required=False)
    if new_status is not None and new_status not in DeviationStatus.values:
        errors.add("new_status", "choice", _("Choose one of the listed statuses."))
    if assign_to is not None and not _on_team(assign_to, deviation):
        errors.add("assign_to", "team", _("Assign the deviation to someone on its team."))
    errors.raise_if_any()
    with transaction.atomic():
        # Read the current status under a lock: two leaders closing at once see each other.
        current = Deviation.objects.select_for_update().get(pk=deviation.pk)
        status = new_status if new_status != current.status else None
        if assign_to is not None and assign_to.pk == current.assigned_to_id:
            assign_to = None
        if status == DeviationStatus.CLOSED and not text:
            errors.add("text", "required_to_close", _("Write what was done before closing."))
        elif not text and status is None and assign_to is None:
            errors.add("text", "required", _("Write a note, or change the status."))
        errors.raise_if_any()
        kind = EventKind.NOTE
        if assign_to is not None:
            kind = EventKind.ASSIGNMENT
        if status is not None:
            kind = EventKind.STATUS
        event = DeviationEvent.objects.create(
            deviation=current,
            kind=kind,
            text=text,
            from_status=current.status if status else "",
            to_status=status or "",
            assigned_to=assign_to,
            author=user,
        )
        changed: list[str] = []
        if status is not None:
            current.status = status
            changed.append("status")
        if assign_to is not None:
            current.assigned_to = assign_to
            changed.append("assigned_to")
        if changed:
            current.save(update_fields=changed)
            deviation.status, deviation.assigned_to_id = current.status, current.assigned_to_id
        audit(
            user,
            "deviation.follow_up",
            current,
            client=current.client,
            new=snapshot(event, ["kind", "text", "from_status", "to_status", "assigned_to"]),
        )
    return event


def _on_team(person: User, deviation: Deviation) -> bool:
    from hverdag.staff.models import Employee

    on_team = Employee.objects.filter(user=person, team_id=deviation.team_id, active=True)
    leads = any(
        a.role == Role.TEAM_LEADER and a.team_id == deviation.team_id
        for a in policy.assignments(person)
    )
    return leads or on_team.exists()

"""Writes of the decisions context. Each ``do_*``: permission, validation, one transaction, audit.

Lifecycle (docs/decisions.md): draft → approved → sent → active → changed / ended. A change
or termination is a new version in the same series; the version it replaces becomes
``changed`` (or ``ended``) when the new one takes effect. Sending activates at once when
the decision is already valid; otherwise ``apply_due_transitions`` (a daily job) or
``do_activate`` does it on the first valid day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hverdag.access import policy
from hverdag.access.logging import audit, changed, snapshot
from hverdag.access.models import User
from hverdag.clients.models import Client
from hverdag.core.background import REGENERATE_CLIENT_VISITS, enqueue_on_commit
from hverdag.core.errors import Collector, RuleViolation
from hverdag.core.i18n import interpolate, lowercase
from hverdag.decisions.inputs import DecisionInput
from hverdag.decisions.letters import store_letter
from hverdag.decisions.models import (
    Decision,
    DecisionKind,
    DecisionStatus,
    InformedHow,
    Letter,
    ServiceLine,
)
from hverdag.decisions.validation import ResolvedLine, validate_decision

ACTION = "decision.edit"
# A change or termination may be made only while the decision stands.
CURRENT = (DecisionStatus.SENT, DecisionStatus.ACTIVE)
# The infinitive that fills "Cannot %(action)s a decision ...", translated on its own.
VERBS = {
    "edit": pgettext_lazy("decision action", "edit"),
    "discard": pgettext_lazy("decision action", "discard"),
    "approve": pgettext_lazy("decision action", "approve"),
    "send": pgettext_lazy("decision action", "send"),
    "activate": pgettext_lazy("decision action", "activate"),
    "change": pgettext_lazy("decision action", "change"),
    "terminate": pgettext_lazy("decision action", "terminate"),
}
# Identifiers change with every save of a draft; leave them out so audit diffs show content.
_LINE_NOISE = ("id", "public_id", "decision_id")


def today() -> dt.date:
    """The service's calendar day (Europe/Oslo), which decides validity."""
    return timezone.localdate()


def do_create_decision(user: User, client: Client, data: DecisionInput) -> Decision:
    """A new decision (version 1 of a new series) as a draft with its service lines."""
    policy.require_action(user, ACTION, client)
    errors = Collector()
    resolved = validate_decision(client, data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        decision = Decision.objects.create(
            municipality_id=client.municipality_id,
            district_id=client.district_id,
            client=client,
            kind=DecisionKind.NEW,
            status=DecisionStatus.DRAFT,
            caseworker=user,
            **_fields(data),
        )
        lines = _create_lines(decision, _checked(resolved))
        audit(user, "decision.create", decision, client=client, new=_state(decision, lines))
    return decision


def do_update_draft(user: User, decision: Decision, data: DecisionInput) -> Decision:
    """Replace a draft's content and lines. Only drafts of a new or changed decision."""
    client = decision.client
    policy.require_action(user, ACTION, client)
    with transaction.atomic():
        locked = _lock(decision)
        _require_status(locked, DecisionStatus.DRAFT, "edit")
        if locked.kind == DecisionKind.TERMINATION:
            raise RuleViolation.single(
                "kind", "not_editable", _("Discard the termination draft and terminate again.")
            )
        errors = Collector()
        resolved = validate_decision(client, data, errors)
        if locked.previous is not None:
            _not_before_previous(locked.previous, data, errors)
        errors.raise_if_any()
        old = _state(locked, list(locked.lines.all()))
        locked.lines.all().delete()
        for name, value in _fields(data).items():
            setattr(locked, name, value)
        locked.save()
        lines = _create_lines(locked, _checked(resolved))
        before, after = changed(old, _state(locked, lines))
        audit(user, "decision.update_draft", locked, client=client, old=before, new=after)
    return locked


def do_discard_draft(user: User, decision: Decision) -> None:
    """Remove a decision that was never sent; the audit row keeps what it held."""
    client = decision.client
    policy.require_action(user, ACTION, client)
    with transaction.atomic():
        locked = _lock(decision)
        _require_status(locked, (DecisionStatus.DRAFT, DecisionStatus.APPROVED), "discard")
        lines = list(locked.lines.all())
        old = _state(locked, lines)
        # The audit row names the object, so write it before the row disappears.
        audit(user, "decision.discard", locked, client=client, old=old)
        locked.lines.all().delete()
        locked.delete()


def do_approve(user: User, decision: Decision) -> Decision:
    client = decision.client
    policy.require_action(user, ACTION, client)
    with transaction.atomic():
        locked = _lock(decision)
        _require_status(locked, DecisionStatus.DRAFT, "approve")
        old = snapshot(locked)
        locked.status = DecisionStatus.APPROVED
        locked.approved_by = user
        locked.approved_at = timezone.now()
        locked.save(update_fields=["status", "approved_by", "approved_at"])
        before, after = changed(old, snapshot(locked))
        audit(user, "decision.approve", locked, client=client, old=before, new=after)
    return locked


def do_send(
    user: User, decision: Decision, informed_how: str, informed_on: dt.date | None
) -> Letter:
    """Record how the client was informed, make and store the letter, mark the decision sent.

    A decision already valid on the day it is sent is activated in the same transaction.
    """
    client = decision.client
    policy.require_action(user, ACTION, client)
    errors = Collector()
    if informed_how not in InformedHow.values:
        errors.add("informed_how", "choice", _("Orally, in writing, or both."))
    if informed_on is None:
        errors.add("informed_on", "required", _("When was the client informed?"))
    errors.raise_if_any()
    day = today()
    with transaction.atomic():
        locked = _lock(decision)
        _require_status(locked, DecisionStatus.APPROVED, "send")
        if locked.previous is not None and locked.previous.status not in CURRENT:
            raise RuleViolation.single(
                "status",
                "invalid_transition",
                _("The decision this one replaces no longer stands."),
            )
        old = snapshot(locked)
        locked.status = DecisionStatus.SENT
        locked.sent_at = timezone.now()
        locked.informed_how = informed_how
        locked.informed_on = informed_on
        locked.save(update_fields=["status", "sent_at", "informed_how", "informed_on"])
        before, after = changed(old, snapshot(locked))
        audit(user, "decision.send", locked, client=client, old=before, new=after)
        letter = store_letter(locked, user, day)
        if locked.valid_from <= day:
            _activate(locked, user, day)  # regenerates the visits itself
        else:
            _visits_follow(locked)
    return letter


def do_activate(user: User, decision: Decision) -> Decision:
    """Activate a sent decision on or after its first valid day."""
    client = decision.client
    policy.require_action(user, ACTION, client)
    day = today()
    with transaction.atomic():
        locked = _lock(decision)
        _require_status(locked, DecisionStatus.SENT, "activate")
        if locked.valid_from > day:
            raise RuleViolation.single(
                "valid_from", "not_yet_valid", _("The decision is not valid yet.")
            )
        _activate(locked, user, day)
    return locked


def do_change(user: User, decision: Decision, data: DecisionInput) -> Decision:
    """A new draft version that will replace a sent or active decision once it is sent."""
    client = decision.client
    policy.require_action(user, ACTION, client)
    errors = Collector()
    resolved = validate_decision(client, data, errors)
    _not_before_previous(decision, data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        locked = _lock(decision)
        _require_replaceable(locked, "change")
        new = _next_version(locked, user, DecisionKind.CHANGE, **_fields(data))
        lines = _create_lines(new, _checked(resolved))
        audit(user, "decision.change", new, client=client, new=_state(new, lines))
    return new


def do_terminate(
    user: User, decision: Decision, end_date: dt.date, reasons: str, *, facts: str = ""
) -> Decision:
    """A draft termination: the same services, ending on ``end_date`` (the last day).

    Once sent it is the standing version until the end date passes; the version it
    replaces becomes ``ended`` at once.
    """
    client = decision.client
    policy.require_action(user, ACTION, client)
    errors = Collector()
    if not reasons.strip():
        errors.add("reasons", "required", _("Give the reasons for ending the services."))
    if end_date < decision.valid_from:
        errors.add("end_date", "end_before_start", _("The services cannot end before they start."))
    elif decision.valid_to is not None and end_date > decision.valid_to:
        errors.add(
            "end_date", "after_current_end", _("The decision already ends before this date.")
        )
    errors.raise_if_any()
    with transaction.atomic():
        locked = _lock(decision)
        _require_replaceable(locked, "terminate")
        new = _next_version(
            locked,
            user,
            DecisionKind.TERMINATION,
            applied_on=locked.applied_on,
            applied_for="",
            valid_from=locked.valid_from,
            valid_to=end_date,
            review_on=None,
            facts=facts.strip(),
            reasons=reasons.strip(),
            refused="",
        )
        lines = [_copy_line(line, new) for line in locked.lines.all()]
        audit(user, "decision.terminate", new, client=client, new=_state(new, lines))
    return new


def apply_due_transitions(day: dt.date | None = None) -> list[Decision]:
    """The daily job: activate sent decisions that became valid, end those that expired.

    Runs without a user (audit actor None). Each decision in its own transaction, so one
    failure does not hold back the rest.
    """
    day = day or today()
    touched: list[Decision] = []
    due = Decision.objects.filter(status=DecisionStatus.SENT, valid_from__lte=day)
    for pk in due.order_by("valid_from", "version").values_list("pk", flat=True):
        with transaction.atomic():
            locked = Decision.objects.select_for_update().get(pk=pk)
            if locked.status == DecisionStatus.SENT and locked.valid_from <= day:
                _activate(locked, None, day)
                touched.append(locked)
    expired = Decision.objects.filter(status=DecisionStatus.ACTIVE, valid_to__lt=day)
    for pk in expired.values_list("pk", flat=True):
        with transaction.atomic():
            locked = Decision.objects.select_for_update().get(pk=pk)
            if locked.status == DecisionStatus.ACTIVE:
                _end(locked, None)
                touched.append(locked)
    return touched


# Helpers -------------------------------------------------------------------------------


def _fields(data: DecisionInput) -> dict[str, Any]:
    return {
        "applied_on": data.applied_on,
        "applied_for": data.applied_for.strip(),
        "valid_from": data.valid_from,
        "valid_to": data.valid_to,
        "review_on": data.review_on,
        "facts": data.facts.strip(),
        "reasons": data.reasons.strip(),
        "refused": data.refused.strip(),
    }


def _checked(resolved: list[ResolvedLine | None]) -> list[ResolvedLine]:
    # validate_decision adds a violation for every line it could not resolve.
    lines = [line for line in resolved if line is not None]
    assert len(lines) == len(resolved), "unresolved line passed validation"
    return lines


def _create_lines(decision: Decision, resolved: list[ResolvedLine]) -> list[ServiceLine]:
    lines = []
    for r in resolved:
        lines.append(
            ServiceLine.objects.create(
                decision=decision,
                service=r.service,
                provider=r.provider,
                times_per_day=r.data.times_per_day,
                weekdays=sorted(r.data.weekdays),
                every_n_weeks=r.data.every_n_weeks,
                minutes_per_visit=r.data.minutes_per_visit,
                window_start=r.data.window_start,
                window_end=r.data.window_end,
                staff_count=r.data.staff_count,
                tasks=r.data.tasks.strip(),
                outcome=r.data.outcome,
            )
        )
    return lines


def _copy_line(line: ServiceLine, decision: Decision) -> ServiceLine:
    return ServiceLine.objects.create(
        decision=decision,
        service_id=line.service_id,
        provider_id=line.provider_id,
        times_per_day=line.times_per_day,
        weekdays=list(line.weekdays),
        every_n_weeks=line.every_n_weeks,
        minutes_per_visit=line.minutes_per_visit,
        window_start=line.window_start,
        window_end=line.window_end,
        staff_count=line.staff_count,
        tasks=line.tasks,
        outcome=line.outcome,
    )


def _state(decision: Decision, lines: list[ServiceLine]) -> dict[str, Any]:
    state = snapshot(decision)
    state["lines"] = [
        {k: v for k, v in snapshot(line).items() if k not in _LINE_NOISE} for line in lines
    ]
    return state


def _lock(decision: Decision) -> Decision:
    """Re-read the row under a lock, so two clicks on 'send' cannot both pass the check."""
    locked = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("previous")
        .get(pk=decision.pk)
    )
    return locked


def _require_status(decision: Decision, allowed: str | tuple[str, ...], verb: str) -> None:
    wanted = (allowed,) if isinstance(allowed, str) else allowed
    if decision.status not in wanted:
        raise RuleViolation.single(
            "status",
            "invalid_transition",
            interpolate(
                _("Cannot %(action)s a decision that is %(status)s."),
                {
                    "action": VERBS[verb],
                    # The lazy label, not get_status_display(), which translates at once.
                    "status": lowercase(DecisionStatus(decision.status).label),
                },
            ),
        )


def _require_replaceable(decision: Decision, verb: str) -> None:
    _require_status(decision, CURRENT, verb)
    if decision.kind == DecisionKind.TERMINATION:
        raise RuleViolation.single(
            "status",
            "invalid_transition",
            interpolate(
                _("Cannot %(action)s a decision that ends the services."), {"action": VERBS[verb]}
            ),
        )
    if Decision.objects.filter(previous=decision).exists():
        raise RuleViolation.single(
            "decision",
            "has_newer_version",
            _("A newer version of this decision exists; work on that one."),
        )


def _not_before_previous(previous: Decision, data: DecisionInput, errors: Collector) -> None:
    if data.valid_from < previous.valid_from:
        errors.add(
            "valid_from",
            "before_previous_start",
            _("A change cannot take effect before the decision it changes."),
        )


def _next_version(decision: Decision, user: User, kind: str, **fields: Any) -> Decision:
    return Decision.objects.create(
        municipality_id=decision.municipality_id,
        district_id=decision.district_id,
        client_id=decision.client_id,
        series=decision.series,
        version=decision.version + 1,
        previous=decision,
        kind=kind,
        status=DecisionStatus.DRAFT,
        caseworker=user,
        **fields,
    )


def _activate(decision: Decision, actor: User | None, day: dt.date) -> None:
    """Make the decision the standing version; close the one it replaces."""
    old = snapshot(decision)
    decision.status = DecisionStatus.ACTIVE
    decision.save(update_fields=["status"])
    before, after = changed(old, snapshot(decision))
    audit(actor, "decision.activate", decision, client=decision.client, old=before, new=after)
    previous = decision.previous
    if previous is not None and previous.status in CURRENT:
        prev_old = snapshot(previous)
        previous.status = (
            DecisionStatus.ENDED
            if decision.kind == DecisionKind.TERMINATION
            else DecisionStatus.CHANGED
        )
        previous.ended_at = timezone.now()
        previous.save(update_fields=["status", "ended_at"])
        before, after = changed(prev_old, snapshot(previous))
        audit(actor, "decision.replace", previous, client=decision.client, old=before, new=after)
    if decision.valid_to is not None and decision.valid_to < day:
        _end(decision, actor)  # regenerates the visits itself
    else:
        _visits_follow(decision)


def _visits_follow(decision: Decision) -> None:
    """A sent, active or ended decision changes the client's visits: regenerate them now
    (after commit, in a worker) rather than at the next scheduled run. Once per service
    call: a decision sent and activated at once queues one run, not two."""
    enqueue_on_commit(REGENERATE_CLIENT_VISITS, decision.client_id)


def _end(decision: Decision, actor: User | None) -> None:
    old = snapshot(decision)
    decision.status = DecisionStatus.ENDED
    decision.ended_at = timezone.now()
    decision.save(update_fields=["status", "ended_at"])
    _visits_follow(decision)
    before, after = changed(old, snapshot(decision))
    audit(actor, "decision.expire", decision, client=decision.client, old=before, new=after)

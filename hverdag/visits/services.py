"""Writes at the visit: check-in and check-out, care tasks done or not, client not home.

Every action carries an idempotency key chosen by the client (the page, or a phone's offline
queue replaying what it could not send). The server applies a key once: the same action sent
again returns the row the first one wrote; the key reused for another action is a conflict.
Rows are never changed: a correction is a new version (not offered yet).

Client not home: the caregiver followed the agreed procedure (call the client; call the next
of kin; tell the team) and could not get in. The report records who was called and whether
anyone knows where the client is; when nobody knows, the board shows it as urgent, because a
client who does not open may be lying hurt inside.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from hverdag.access.logging import audit, snapshot
from hverdag.access.models import User
from hverdag.core.errors import Collector, RuleViolation
from hverdag.core.i18n import interpolate
from hverdag.core.idempotency import parse_key, replayed, save_once
from hverdag.core.phone_time import check_phone_time
from hverdag.staff.models import Employee
from hverdag.visits.care_tasks import tasks_of
from hverdag.visits.models import (
    CheckAction,
    NotHomeReport,
    PlanEntry,
    PlanStatus,
    SkipReason,
    TaskRecord,
    Visit,
    VisitCheck,
    VisitStatus,
)
from hverdag.visits.permissions import DAYS_AROUND_TODAY, require_caregiver, require_planned

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Position:
    """Where the phone was, sent only when the caregiver agreed to share it."""

    lat: float
    lon: float
    consent: bool


def do_check_in(
    user: User,
    visit: Visit,
    at: dt.datetime,
    key: uuid.UUID | str,
    position: Position | None = None,
) -> VisitCheck:
    return _record(user, visit, CheckAction.CHECK_IN, at, key, position)


def do_check_out(
    user: User,
    visit: Visit,
    at: dt.datetime,
    key: uuid.UUID | str,
    position: Position | None = None,
) -> VisitCheck:
    return _record(user, visit, CheckAction.CHECK_OUT, at, key, position)


def _same_action(user: User, visit: Visit, action: CheckAction) -> Callable[[VisitCheck], bool]:
    def same(found: VisitCheck) -> bool:
        return (found.action, found.visit_id, found.recorded_by_id) == (action, visit.pk, user.pk)

    return same


def act_at_visit(
    user: User,
    visit: Visit,
    key: uuid.UUID | str,
    model: type[M],
    same: Callable[[M], bool],
    act: Callable[[Employee, Visit, uuid.UUID], M],
) -> M:
    """The frame of every action a caregiver takes at a visit.

    The visit row is locked (one action at a time per visit: the rules read what the others
    wrote); a key already applied returns its row; then only the caregiver planned for the
    visit, on a visit still open, reaches ``act``, which checks its own rules and writes.
    """
    parsed = parse_key(key)
    employee = require_caregiver(user)
    with transaction.atomic():
        locked = (
            Visit.objects.select_for_update(of=("self",))
            .select_related("client", "line", "service")
            .get(pk=visit.pk)
        )
        found = replayed(model, parsed, same)
        if found is not None:
            return found
        require_planned(employee, locked)
        check_visit_open(locked)
        return act(employee, locked, parsed)


def _record(
    user: User,
    visit: Visit,
    action: CheckAction,
    at: dt.datetime,
    key: uuid.UUID | str,
    position: Position | None,
) -> VisitCheck:
    def act(employee: Employee, locked: Visit, key: uuid.UUID) -> VisitCheck:
        _check_rules(employee, locked, action, at, position)
        check, written = save_once(
            VisitCheck(
                visit=locked,
                employee=employee,
                action=action,
                at=at,
                lat=position.lat if position else None,
                lon=position.lon if position else None,
                position_consent=bool(position and position.consent),
                idempotency_key=key,
                recorded_by=user,
            ),
            same,
        )
        if not written:
            return check
        audit(user, f"visit.{action}", check, client=locked.client, new=snapshot(check))
        if action == CheckAction.CHECK_OUT:
            _mark_done(user, locked)
        return check

    same = _same_action(user, visit, action)
    return act_at_visit(user, visit, key, VisitCheck, same, act)


def check_visit_days(visit: Visit, refusal: StrOrPromise | None = None) -> None:
    """A caregiver acts on visits from yesterday to tomorrow (documenting late, a night visit)."""
    if abs((visit.date - timezone.localdate()).days) > DAYS_AROUND_TODAY:
        raise RuleViolation.single(
            "visit",
            "outside_days",
            refusal or _("Visits are documented from yesterday to tomorrow only."),
        )


def check_visit_open(visit: Visit, refusal: StrOrPromise | None = None) -> None:
    """A visit a caregiver acts on: not cancelled, from yesterday to tomorrow."""
    if visit.status == VisitStatus.CANCELLED:
        raise RuleViolation.single("visit", "cancelled", _("The visit is cancelled."))
    check_visit_days(visit, refusal)


def check_moment(visit: Visit, at: dt.datetime) -> None:
    """When a phone says the action happened: aware, not ahead of now, near the visit."""
    check_phone_time(at, near=visit.date)


def checked_in(employee: Employee, visit: Visit) -> bool:
    return VisitCheck.objects.filter(
        visit=visit, employee=employee, action=CheckAction.CHECK_IN
    ).exists()


def _check_rules(
    employee: Employee,
    visit: Visit,
    action: CheckAction,
    at: dt.datetime,
    position: Position | None,
) -> None:
    if visit.status == VisitStatus.NOT_HOME:
        raise RuleViolation.single(
            "visit", "not_home", _("The visit is recorded as client not home.")
        )
    check_moment(visit, at)
    if position is not None:
        if not position.consent:
            raise RuleViolation.single(
                "position", "consent", _("A position is kept only with your consent.")
            )
        if not (-90 <= position.lat <= 90 and -180 <= position.lon <= 180):
            raise RuleViolation.single(
                "position", "range", _("The position is not a latitude and longitude.")
            )
    done = {
        c.action: c
        for c in VisitCheck.objects.filter(visit=visit, employee=employee).order_by("version")
    }
    if action == CheckAction.CHECK_IN:
        if CheckAction.CHECK_IN in done:
            raise RuleViolation.single(
                "action", "already_checked_in", _("You have already checked in on this visit.")
            )
        return
    checked_in = done.get(CheckAction.CHECK_IN)
    if checked_in is None:
        raise RuleViolation.single("action", "not_checked_in", _("Check in before you check out."))
    if CheckAction.CHECK_OUT in done:
        raise RuleViolation.single(
            "action", "already_checked_out", _("You have already checked out of this visit.")
        )
    if at < checked_in.at:
        raise RuleViolation.single(
            "at", "before_check_in", _("The check-out time is before the check-in time.")
        )


def _mark_done(user: User, visit: Visit) -> None:
    """The visit (and its double-staffed partner) is done when all its caregivers checked out."""
    group = [visit.pk] + ([visit.partner_id] if visit.partner_id else [])
    planned = set(
        PlanEntry.objects.filter(
            visit_id__in=group, plan__status=PlanStatus.PUBLISHED, employee__isnull=False
        ).values_list("visit_id", "employee_id")
    )
    out = set(
        VisitCheck.objects.filter(visit_id__in=group, action=CheckAction.CHECK_OUT).values_list(
            "visit_id", "employee_id"
        )
    )
    if not planned or not planned <= out:
        return
    finished = sorted({visit_id for visit_id, _employee in planned})
    for done in (
        Visit.objects.filter(pk__in=finished)
        .exclude(status=VisitStatus.DONE)
        .select_related("client")
    ):
        done.status = VisitStatus.DONE
        done.save(update_fields=["status", "updated_at"])
        audit(user, "visit.done", done, client=done.client, new={"status": VisitStatus.DONE})


EXPLANATION_MAX = 2000


def do_report_not_home(
    user: User,
    visit: Visit,
    *,
    called_client: bool,
    called_next_of_kin: bool,
    whereabouts_known: bool,
    explanation: str,
    at: dt.datetime,
    key: uuid.UUID | str,
) -> NotHomeReport:
    def act(employee: Employee, visit: Visit, key: uuid.UUID) -> NotHomeReport:
        check_moment(visit, at)
        errors = Collector()
        if visit.status == VisitStatus.DONE:
            errors.add("visit", "done", _("The visit is already done."))
        if visit.status == VisitStatus.NOT_HOME:
            errors.add("visit", "not_home", _("The visit is already recorded as not home."))
        if checked_in(employee, visit):
            errors.add("visit", "checked_in", _("You checked in, so you got in."))
        has_kin = visit.client.resource_persons.filter(active=True, is_next_of_kin=True).exists()
        if not called_client:
            errors.add("called_client", "procedure", _("Call the client first."))
        if has_kin and not called_next_of_kin:
            errors.add("called_next_of_kin", "procedure", _("Call the next of kin too."))
        if not explanation.strip():
            errors.add("explanation", "required", _("Write what you found out."))
        elif len(explanation) > EXPLANATION_MAX:
            errors.add(
                "explanation",
                "too_long",
                interpolate(_("At most %(n)s characters."), {"n": EXPLANATION_MAX}),
            )
        errors.raise_if_any()
        report, written = save_once(
            NotHomeReport(
                visit=visit,
                employee=employee,
                called_client=called_client,
                called_next_of_kin=called_next_of_kin,
                whereabouts_known=whereabouts_known,
                explanation=explanation.strip(),
                at=at,
                idempotency_key=key,
                recorded_by=user,
            ),
            same,
        )
        if not written:
            return report
        audit(user, "visit.not_home", report, client=visit.client, new=snapshot(report))
        group = [visit.pk] + ([visit.partner_id] if visit.partner_id else [])
        for v in Visit.objects.filter(pk__in=group).exclude(status=VisitStatus.DONE):
            v.status = VisitStatus.NOT_HOME
            v.save(update_fields=["status", "updated_at"])
        return report

    same = _same_report(user, visit)
    return act_at_visit(user, visit, key, NotHomeReport, same, act)


def _same_report(user: User, visit: Visit) -> Callable[[NotHomeReport], bool]:
    def same(found: NotHomeReport) -> bool:
        return (found.visit_id, found.recorded_by_id) == (visit.pk, user.pk)

    return same


COMMENT_MAX = 500


def do_record_task(
    user: User,
    visit: Visit,
    number: int,
    done: bool,
    reason: str,
    comment: str,
    at: dt.datetime,
    key: uuid.UUID | str,
) -> TaskRecord:
    """Record a task done, or not done with the reason; recording it again corrects it."""

    def act(employee: Employee, visit: Visit, key: uuid.UUID) -> TaskRecord:
        if not checked_in(employee, visit):
            raise RuleViolation.single(
                "action", "not_checked_in", _("Check in before you record the tasks.")
            )
        text = _check(visit, number, done, reason, comment, at)
        previous = (
            TaskRecord.objects.filter(visit=visit, number=number).order_by("-version").first()
        )
        record, written = save_once(
            TaskRecord(
                visit=visit,
                employee=employee,
                number=number,
                text=text,
                version=previous.version + 1 if previous else 1,
                done=done,
                reason="" if done else reason,
                comment=comment.strip(),
                at=at,
                idempotency_key=key,
                recorded_by=user,
            ),
            same,
        )
        if written:
            audit(user, "visit.task", record, client=visit.client, new=snapshot(record))
        return record

    same = _same_task(user, visit, number, done)
    return act_at_visit(user, visit, key, TaskRecord, same, act)


def _same_task(user: User, visit: Visit, number: int, done: bool) -> Callable[[TaskRecord], bool]:
    def same(found: TaskRecord) -> bool:
        return (found.visit_id, found.number, found.done, found.recorded_by_id) == (
            visit.pk,
            number,
            done,
            user.pk,
        )

    return same


def _check(
    visit: Visit, number: int, done: bool, reason: str, comment: str, at: dt.datetime
) -> str:
    if visit.status == VisitStatus.NOT_HOME:
        raise RuleViolation.single(
            "visit", "not_home", _("The visit is recorded as client not home.")
        )
    check_moment(visit, at)
    tasks = tasks_of(visit)
    errors = Collector()
    if not 1 <= number <= len(tasks):
        errors.add(
            "number", "unknown_task", interpolate(_("The visit has no task %(n)s."), {"n": number})
        )
    if not done and reason not in SkipReason.values:
        errors.add("reason", "required", _("Say why the task was not done."))
    if not done and reason == SkipReason.OTHER and not comment.strip():
        errors.add("comment", "required", _("Describe the other reason."))
    if len(comment) > COMMENT_MAX:
        errors.add(
            "comment", "too_long", interpolate(_("At most %(n)s characters."), {"n": COMMENT_MAX})
        )
    errors.raise_if_any()
    return tasks[number - 1]

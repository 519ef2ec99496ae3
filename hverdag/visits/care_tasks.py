"""The tasks of a visit, from its decision's service line, each done or not done with a reason.

A line's "content / tasks" is free text written by the caseworker. Each line of the text, and
each sentence in it, is one task: "Hjelp til dusj. Smøre legger med krem." is two. A visit
without a line (added by hand) has one task: its service.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hverdag.access.logging import audit, snapshot
from hverdag.access.models import User
from hverdag.core.errors import Collector, RuleViolation
from hverdag.core.i18n import interpolate
from hverdag.core.idempotency import save_once
from hverdag.staff.models import Employee
from hverdag.visits.execution import act_at_visit, check_moment, checked_in
from hverdag.visits.models import SkipReason, TaskRecord, Visit, VisitStatus

# A sentence ends at . ! or ? followed by space and a capital letter (not "f.eks. dusj").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
COMMENT_MAX = 500


def task_list(text: str) -> list[str]:
    """The tasks in a line's free text, in order."""
    tasks: list[str] = []
    for line in text.splitlines():
        for sentence in _SENTENCE_END.split(line.strip()):
            sentence = sentence.strip(" -•*\t")
            if sentence:
                tasks.append(sentence)
    return tasks


def tasks_of(visit: Visit) -> list[str]:
    if visit.line is not None and visit.line.tasks.strip():
        return task_list(visit.line.tasks)
    return [visit.service.name]


@dataclass(frozen=True)
class VisitTask:
    number: int
    text: str
    record: TaskRecord | None  # the current (latest) record, None when not yet recorded


def visit_tasks(visit: Visit) -> list[VisitTask]:
    """The visit's tasks with what was recorded on each (one query after the line)."""
    latest: dict[int, TaskRecord] = {}
    for record in TaskRecord.objects.filter(visit=visit).order_by("number", "version"):
        latest[record.number] = record
    return [
        VisitTask(number, text, latest.get(number))
        for number, text in enumerate(tasks_of(visit), start=1)
    ]


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

    same = _same(user, visit, number, done)
    return act_at_visit(user, visit, key, TaskRecord, same, act)


def _same(user: User, visit: Visit, number: int, done: bool) -> Callable[[TaskRecord], bool]:
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

"""Visits generated from decisions, the plans that assign them, and what caregivers record.

The plan rows are here, not in ``plans``: generation (a locked visit is left alone), the
caregiver at the door (only the planned caregiver acts) and the access rules (a planned
visit opens the record) read them, and all of those sit below the planning workflow. The
``plans`` app writes them, and holds the optimisation job.

A *plan scope* is where visits are planned together: a team of the municipal provider, or a
private provider as a whole (``team`` is null): a private provider's visits go to its own plan.
Times are stored as aware datetimes (UTC in the database) and planned in Europe/Oslo.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hverdag.core.append_only import AppendOnlyModel
from hverdag.core.models import PublicIdModel


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
    # The caregiver came and could not get in; the not-home procedure was followed.
    NOT_HOME = "not_home", _("Client not home")


class CancelReason(models.TextChoices):
    CLIENT_ABSENT = "client_absent", _("Client not home")
    PUBLIC_HOLIDAY = "public_holiday", _("Public holiday")
    DECISION_CHANGED = "decision_changed", _("Decision changed or ended")
    MANUAL = "manual", _("Cancelled by the planner")


def latest_start(window_start: dt.datetime, window_end: dt.datetime, minutes: int) -> dt.datetime:
    """The agreed window is when the visit is *done*: it starts by the end minus its length
    (or at the window's start, when the visit is longer than the window)."""
    return max(window_start, window_end - dt.timedelta(minutes=minutes))


class Visit(PublicIdModel):
    """One visit on one date, generated from a service line (or added by hand).

    A double-staffed line gives two linked visits (``position`` 1 and 2, each other's
    ``partner``) that start together with two different caregivers.
    """

    municipality = models.ForeignKey("org.Municipality", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="visits")
    provider = models.ForeignKey("org.Provider", on_delete=models.PROTECT, related_name="visits")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="visits")
    line = models.ForeignKey(
        "decisions.ServiceLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
    )
    service = models.ForeignKey("decisions.Service", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    slot = models.PositiveSmallIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=1)
    partner = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    window_start = models.DateTimeField(_("agreed from"))
    window_end = models.DateTimeField(_("agreed to"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    status = models.CharField(
        _("status"), max_length=12, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    cancel_reason = models.CharField(
        _("cancelled because"), max_length=20, choices=CancelReason.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["date", "window_start", "id"]
        constraints = [
            # Generation is idempotent because a line has one visit per date, slot and position.
            models.UniqueConstraint(
                fields=["line", "date", "slot", "position"],
                condition=models.Q(line__isnull=False),
                name="visit_unique_per_line_slot",
            ),
            models.CheckConstraint(
                condition=models.Q(window_end__gte=models.F("window_start")),
                name="visit_window_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(position__in=[1, 2]), name="visit_position_one_or_two"
            ),
        ]
        indexes = [
            models.Index(fields=["team", "date", "status"]),
            models.Index(fields=["provider", "date", "status"]),
            models.Index(fields=["client", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.date} {self.service}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")
    DISCARDED = "discarded", _("Discarded")


class PlanSource(models.TextChoices):
    OPTIMISED = "optimised", _("Optimised")
    REPLANNED = "replanned", _("Re-planned")
    MANUAL = "manual", _("Edited by hand")


class Plan(PublicIdModel):
    """Who does which visit when, for one plan scope and one date.

    At most one draft and one published plan per scope and date; publishing supersedes the
    previous one, which stays for the record. ``version`` is the optimistic lock: every edit
    names the version it was made against, and a stale version is refused.
    """

    municipality = models.ForeignKey("org.Municipality", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("org.Provider", on_delete=models.PROTECT, related_name="plans")
    team = models.ForeignKey(
        "org.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="plans"
    )
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    source = models.CharField(_("made by"), max_length=12, choices=PlanSource.choices)
    version = models.PositiveIntegerField(default=1)
    objective = models.FloatField(null=True, blank=True)
    #: Key figures at the last save (see plans.figures): travel, lateness, continuity, ...
    figures = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "team", "date"],
                condition=models.Q(status="draft"),
                name="plan_one_draft",
            ),
            models.UniqueConstraint(
                fields=["provider", "team", "date"],
                condition=models.Q(status="published"),
                name="plan_one_published",
            ),
        ]
        indexes = [models.Index(fields=["team", "date", "status"])]

    def __str__(self) -> str:
        return f"{self.team or self.provider} {self.date} {self.status} v{self.version}"


class PlanRoute(models.Model):
    """A caregiver's day in a plan: the shift it was planned against, the break, travel."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="routes")
    employee = models.ForeignKey("staff.Employee", on_delete=models.PROTECT, related_name="+")
    shift_start = models.DateTimeField()
    shift_end = models.DateTimeField()
    break_start = models.DateTimeField(null=True, blank=True)
    break_minutes = models.PositiveSmallIntegerField(default=0)
    travel_minutes = models.FloatField(default=0)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "employee"], name="route_one_per_employee")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} in plan {self.plan_id}"


class EntryReason(models.TextChoices):
    """Why a plan entry has no caregiver, as a code; the planner's words for each are in
    ``web.planning_words``. The first seven are ``hverdag.planning.UnassignedReason`` (same
    values: a solve's reason is stored as it comes), the last two the workflow's own."""

    PINNED_UNAVAILABLE = "pinned_unavailable"
    NO_QUALIFIED = "no_qualified"
    TOO_FEW_QUALIFIED = "too_few_qualified"
    WINDOW_UNREACHABLE = "window_unreachable"
    SHIFT_TOO_SHORT = "shift_too_short"
    LINKED_UNPLANNED = "linked_unplanned"
    NO_ROOM = "no_room"
    TAKEN_OUT = "taken_out"
    HANDED_BACK = "handed_back"


class PlanEntry(models.Model):
    """One visit in a plan: its caregiver and start, or (no caregiver) why it is unassigned.

    The why is data: ``reason_code``, the other object the reason names (``reason_other``,
    a planner id: ``v12`` a visit, ``e3`` an employee) and, for a visit handed back, the
    caregiver's own words. ``reason`` keeps the English sentence for the admin; an entry saved
    before the codes existed and whose sentence matched none of them has only that.
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="entries")
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="entries")
    employee = models.ForeignKey(
        "staff.Employee", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    start = models.DateTimeField(null=True, blank=True)
    locked = models.BooleanField(_("locked"), default=False)
    reason = models.CharField(_("why unassigned"), max_length=200, blank=True)
    reason_code = models.CharField(
        _("why unassigned (code)"), max_length=24, choices=EntryReason.choices, blank=True
    )
    reason_other = models.CharField(max_length=40, blank=True)
    reason_words = models.CharField(_("the caregiver's words"), max_length=300, blank=True)

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "visit"], name="entry_one_per_visit"),
            models.CheckConstraint(
                condition=models.Q(employee__isnull=True) | models.Q(start__isnull=False),
                name="entry_assigned_has_start",
            ),
        ]

    def __str__(self) -> str:
        return f"visit {self.visit_id} -> {self.employee_id or 'unassigned'}"


class CheckAction(models.TextChoices):
    CHECK_IN = "check_in", _("Checked in")
    CHECK_OUT = "check_out", _("Checked out")


class CaregiverAction(PublicIdModel, AppendOnlyModel):
    """What every action a caregiver takes at a visit records: who, when on the phone, the
    phone's key for it (applied once, see ``core.idempotency``), and who sent it when."""

    employee = models.ForeignKey("staff.Employee", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"))
    idempotency_key = models.UUIDField(unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class VisitCheck(CaregiverAction):
    """A caregiver's check-in or check-out of a visit, with the actual time.

    Append-only: a correction is a new row with the next ``version`` of the same (visit,
    employee, action); the earlier rows stay. ``idempotency_key`` is the client's key for the
    action (a phone's offline queue may send it twice): the server applies a key once.
    A position is kept only with the caregiver's consent.
    """

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="checks")
    action = models.CharField(_("action"), max_length=10, choices=CheckAction.choices)
    version = models.PositiveSmallIntegerField(default=1)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    position_consent = models.BooleanField(_("consented to sharing the position"), default=False)

    class Meta:
        verbose_name = _("check-in or check-out")
        verbose_name_plural = _("check-ins and check-outs")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "employee", "action", "version"], name="check_one_per_version"
            ),
            models.CheckConstraint(
                condition=models.Q(lat__isnull=True, lon__isnull=True)
                | models.Q(lat__isnull=False, lon__isnull=False, position_consent=True),
                name="check_position_with_consent",
            ),
        ]
        indexes = [models.Index(fields=["visit", "employee"])]

    def __str__(self) -> str:
        return f"{self.action} visit {self.visit_id} by {self.employee_id} at {self.at}"


class SkipReason(models.TextChoices):
    CLIENT_DECLINED = "client_declined", _("The client did not want it")
    NOT_NEEDED = "not_needed", _("Not needed today")
    NO_TIME = "no_time", _("No time")
    OTHER = "other", _("Other reason")


class TaskRecord(CaregiverAction):
    """One task of the visit's service line, done or not done with the reason.

    ``number`` is the task's place in the line's list and ``text`` what it said then, so the
    record stays readable when the decision changes. A correction is the next ``version``.
    """

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="task_records")
    number = models.PositiveSmallIntegerField(_("task number"))
    text = models.CharField(_("task"), max_length=500)
    version = models.PositiveSmallIntegerField(default=1)
    done = models.BooleanField(_("done"))
    reason = models.CharField(
        _("why not done"), max_length=20, choices=SkipReason.choices, blank=True
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("task record")
        verbose_name_plural = _("task records")
        ordering = ["visit", "number", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "number", "version"], name="task_one_per_version"
            ),
            models.CheckConstraint(
                condition=models.Q(done=True, reason="")
                | models.Q(done=False) & ~models.Q(reason=""),
                name="task_reason_when_not_done",
            ),
        ]

    def __str__(self) -> str:
        return f"visit {self.visit_id} task {self.number} v{self.version} done={self.done}"


class NotHomeReport(CaregiverAction):
    """The caregiver could not get in: what the agreed procedure found.

    The procedure is to call the client, then the next of kin, and to tell the team; the
    report says who was reached and where the client is, if anyone knows. The planner and
    the team leader see it on the board the same day.
    """

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="not_home_reports")
    called_client = models.BooleanField(_("called the client"))
    called_next_of_kin = models.BooleanField(_("called the next of kin"))
    whereabouts_known = models.BooleanField(_("we know where the client is"))
    explanation = models.TextField(_("what was found"))

    class Meta:
        verbose_name = _("not-home report")
        verbose_name_plural = _("not-home reports")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"not home: visit {self.visit_id} by {self.employee_id}"


class HandBack(CaregiverAction):
    """A caregiver gave a planned visit back: it is unassigned in the plan with this reason."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="hand_backs")
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("handed-back visit")
        verbose_name_plural = _("handed-back visits")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"handed back: visit {self.visit_id} by {self.employee_id}"

"""The optimisation job: a background solve of one plan scope for a day or a week.

The plan rows themselves (``Plan``, ``PlanRoute``, ``PlanEntry``) live in ``visits.models``:
generation, the caregiver at the door and the access rules all read who is planned for a
visit, and they sit below this app. Every write to them goes through this app's services,
except a caregiver handing a visit back (``plans.hand_back``, also here).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hverdag.core.models import PublicIdModel


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_JOB_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class JobKind(models.TextChoices):
    OPTIMISE = "optimise", _("Optimise")
    REPLAN = "replan", _("Re-plan with few moves")


class OptimisationJob(PublicIdModel):
    """A background solve of one plan scope for ``date`` .. ``last_date`` (one day or a week).

    The worker writes ``progress`` and ``heartbeat_at`` as it goes, and the draft plans only
    at the end, in one transaction: a job that dies leaves the plans as they were.
    """

    municipality = models.ForeignKey("org.Municipality", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("org.Provider", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        "org.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    date = models.DateField(_("date"))
    last_date = models.DateField(_("last date"))
    kind = models.CharField(max_length=10, choices=JobKind.choices, default=JobKind.OPTIMISE)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    seconds = models.FloatField(_("time limit (seconds)"), default=20)
    continuity = models.BooleanField(_("continuity"), default=True)
    #: For a re-plan after a sick call: the caregiver who dropped out.
    absent_employee = models.ForeignKey(
        "staff.Employee", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_requested = models.BooleanField(default=False)
    progress = models.JSONField(default=dict)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("optimisation job")
        verbose_name_plural = _("optimisation jobs")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "team", "date"],
                condition=models.Q(status__in=["queued", "running"]),
                name="job_one_active_per_scope_day",
            ),
            models.CheckConstraint(
                condition=models.Q(last_date__gte=models.F("date")), name="job_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.team or self.provider} {self.date} {self.status}"

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_JOB_STATUSES

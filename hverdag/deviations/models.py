"""Deviations (avvik) and their follow-ups: append-only, like a health record.

Internal control (forskrift om ledelse og kvalitetsforbedring i helse- og omsorgstjenesten
§ 6-8): a deviation is recorded, handled and learnt from. The report is never edited; what
happens afterwards (a note, a status change, an assignment) is a new ``DeviationEvent``.
The deviation's ``status`` and ``assigned_to`` are a denormalised copy of the latest events,
so that lists and the navigation badge need no subquery; only the service changes them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hverdag.core.append_only import AppendOnlyModel
from hverdag.core.models import PublicIdModel


class DeviationKind(models.TextChoices):
    FALL = "fall", _("Fall")
    MEDICATION_ERROR = "medication_error", _("Medication error")
    MISSED_VISIT = "missed_visit", _("Missed visit")
    THREAT = "threat", _("Threat or violence")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


# High and critical deviations are highlighted wherever they are listed.
SERIOUS = frozenset({Severity.HIGH, Severity.CRITICAL})


class DeviationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class Deviation(PublicIdModel, AppendOnlyModel):
    # Kept up to date by the service from the latest event; nothing else may change.
    MUTABLE_FIELDS = frozenset({"status", "assigned_to"})

    municipality = models.ForeignKey("org.Municipality", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="deviations")
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviations",
    )
    visit = models.ForeignKey(
        "visits.Visit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DeviationKind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    happened_at = models.DateTimeField(_("when it happened"))
    description = models.TextField(_("what happened"))
    immediate_action = models.TextField(_("what was done at once"), blank=True)
    reported_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("reported"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DeviationStatus.choices, default=DeviationStatus.OPEN
    )
    assigned_to = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")
        indexes = [models.Index(fields=["team", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_at:%Y-%m-%d}"

    @property
    def serious(self) -> bool:
        return self.severity in SERIOUS


class EventKind(models.TextChoices):
    NOTE = "note", _("Follow-up note")
    STATUS = "status", _("Status change")
    ASSIGNMENT = "assignment", _("Assignment")


class DeviationEvent(AppendOnlyModel):
    """One step of the follow-up (oppfølging). Written once, never changed."""

    deviation = models.ForeignKey(Deviation, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    text = models.TextField(_("note"), blank=True)
    from_status = models.CharField(max_length=12, choices=DeviationStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=DeviationStatus.choices, blank=True)
    assigned_to = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deviation follow-up")
        verbose_name_plural = _("deviation follow-ups")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.deviation} {self.get_kind_display()}"

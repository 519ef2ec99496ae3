"""Medication: the client's list (legemiddelliste), each dose signed at the visit, as-needed
doses with their follow-up, and the alert for a dose nobody signed.

Health records, never edited or deleted (pasientjournalforskriften: corrections stay
traceable). A change to the list is a new ``MedicationOrder`` version in the same
``series``, linked to the version it replaces; discontinuing is a version with an end date.
The version in force is the one nobody has replaced (``next_version`` is empty).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from hverdag.core.append_only import AppendOnlyModel
from hverdag.core.models import PublicIdModel


class DrugForm(models.TextChoices):
    TABLET = "tablet", _("Tablet")
    MIXTURE = "mixture", _("Mixture")
    INJECTION = "injection", _("Injection")
    PATCH = "patch", _("Patch")
    EYE_DROPS = "eye_drops", _("Eye drops")
    INHALER = "inhaler", _("Inhaler")
    OTHER = "other", _("Other")


class Route(models.TextChoices):
    ORAL = "oral", _("By mouth")
    SUBCUTANEOUS = "subcutaneous", _("Under the skin")
    INTRAMUSCULAR = "intramuscular", _("Into the muscle")
    TRANSDERMAL = "transdermal", _("On the skin")
    EYE = "eye", _("In the eye")
    INHALED = "inhaled", _("Inhaled")
    OTHER = "other", _("Other")


class GivenBy(models.TextChoices):
    STAFF = "staff", _("Staff")
    # A multidose dispenser in the home (Evondos and the like) gives the scheduled doses;
    # the staff fill it and follow its own alerts, they do not sign each dose.
    DISPENSER = "dispenser", _("Medicine dispenser")


class OrderChange(models.TextChoices):
    NEW = "new", _("Added")
    CHANGE = "change", _("Changed")
    DISCONTINUE = "discontinue", _("Discontinued")


class MedicationOrder(AppendOnlyModel, PublicIdModel):
    """One version of one medicine on the client's list."""

    municipality = models.ForeignKey("org.Municipality", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="medication_orders"
    )
    series = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveIntegerField(default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
    )
    change = models.CharField(
        _("change"), max_length=12, choices=OrderChange.choices, default=OrderChange.NEW
    )
    drug = models.CharField(_("drug"), max_length=120)
    strength = models.CharField(_("strength"), max_length=60, blank=True)
    form = models.CharField(_("form"), max_length=12, choices=DrugForm.choices)
    dose = models.CharField(_("dose"), max_length=120)
    dose_amount = models.DecimalField(
        _("amount"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    dose_unit = models.CharField(_("unit"), max_length=20, blank=True)
    route = models.CharField(_("route"), max_length=14, choices=Route.choices, default=Route.ORAL)
    #: Local wall-clock times "HH:MM", sorted; empty for an as-needed medicine.
    times = models.JSONField(_("times"), default=list, blank=True)
    as_needed = models.BooleanField(_("as needed"), default=False)
    indication = models.CharField(_("indication"), max_length=200, blank=True)
    max_per_day = models.PositiveSmallIntegerField(
        _("at most doses per 24 h"), null=True, blank=True
    )
    given_by = models.CharField(
        _("given by"), max_length=10, choices=GivenBy.choices, default=GivenBy.STAFF
    )
    start_date = models.DateField(_("from"))
    #: The first day the medicine is no longer given (exclusive); empty while it goes on.
    end_date = models.DateField(_("stopped from"), null=True, blank=True)
    end_reason = models.CharField(_("reason for stopping"), max_length=300, blank=True)
    prescriber = models.CharField(_("prescribed by"), max_length=120)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("medication order")
        verbose_name_plural = _("medication orders")
        ordering = ["drug", "version"]
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="medication_series_version"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="medication_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["client", "series"])]

    def __str__(self) -> str:
        return f"{self.drug} {self.strength} v{self.version}".strip()

    @property
    def label(self) -> str:
        return f"{self.drug} {self.strength}".strip()

    def active_on(self, day: Any) -> bool:
        return self.start_date <= day and (self.end_date is None or day < self.end_date)

    @property
    def signed_at_visits(self) -> bool:
        """Scheduled doses the staff give and sign at the visit."""
        return self.given_by == GivenBy.STAFF and not self.as_needed


class DoseOutcome(models.TextChoices):
    GIVEN = "given", _("Given")
    NOT_GIVEN = "not_given", _("Not given")
    REFUSED = "refused", _("Refused")


class DoseRecord(AppendOnlyModel, PublicIdModel):
    """A dose signed at a visit: a scheduled one (``due_at``) or an as-needed one (no due)."""

    order = models.ForeignKey(MedicationOrder, on_delete=models.PROTECT, related_name="doses")
    #: The order's series, so that one scheduled dose is signed once whatever the version.
    series = models.UUIDField(editable=False)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey("visits.Visit", on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=DoseOutcome.choices)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("when"))
    employee = models.ForeignKey("staff.Employee", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    idempotency_key = models.UUIDField(unique=True)

    class Meta:
        verbose_name = _("dose")
        verbose_name_plural = _("doses")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "due_at"],
                condition=models.Q(due_at__isnull=False),
                name="medication_dose_signed_once",
            ),
        ]
        indexes = [models.Index(fields=["client", "at"])]

    def __str__(self) -> str:
        return f"{self.order.label} {self.get_outcome_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def as_needed(self) -> bool:
        return self.due_at is None


class Effect(models.TextChoices):
    GOOD = "good", _("Good effect")
    PARTIAL = "partial", _("Some effect")
    NONE = "none", _("No effect")


class PrnFollowUp(AppendOnlyModel, PublicIdModel):
    """The effect of an as-needed dose, observed afterwards (one per dose)."""

    dose = models.OneToOneField(DoseRecord, on_delete=models.PROTECT, related_name="follow_up")
    visit = models.ForeignKey("visits.Visit", on_delete=models.PROTECT, related_name="+")
    effect = models.CharField(_("effect"), max_length=10, choices=Effect.choices)
    text = models.TextField(_("observation"), blank=True)
    at = models.DateTimeField(_("when"))
    employee = models.ForeignKey("staff.Employee", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    idempotency_key = models.UUIDField(unique=True)

    class Meta:
        verbose_name = _("as-needed follow-up")
        verbose_name_plural = _("as-needed follow-ups")

    def __str__(self) -> str:
        return f"{self.dose} → {self.get_effect_display()}"


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SIGNED = "signed", _("Signed later")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class MedicationAlert(AppendOnlyModel, PublicIdModel):
    """A scheduled staff-given dose nobody signed in time, for the nurse on duty.

    Raised once per (series, due) by ``raise_unsigned_alerts``; it closes when the dose is
    signed after all or a nurse acknowledges it with a note. Only the closing fields change.
    """

    MUTABLE_FIELDS = frozenset({"status", "closed_at", "closed_by", "note", "dose", "close_key"})

    municipality = models.ForeignKey("org.Municipality", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(MedicationOrder, on_delete=models.PROTECT, related_name="alerts")
    series = models.UUIDField(editable=False)
    due_at = models.DateTimeField(_("due"))
    raised_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    dose = models.ForeignKey(
        DoseRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: The acknowledgement's idempotency key (the phone may send it again).
    close_key = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("unsigned-dose alert")
        verbose_name_plural = _("unsigned-dose alerts")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "due_at"], name="medication_alert_once"),
        ]
        indexes = [models.Index(fields=["team", "status"])]

    def __str__(self) -> str:
        return f"{self.order.label} {self.due_at:%Y-%m-%d %H:%M} {self.status}"

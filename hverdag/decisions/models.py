"""Service catalogue, decisions (vedtak) with service lines, and their letters."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from hverdag.core.models import PublicIdModel
from hverdag.decisions import legal


class ServiceCategory(models.TextChoices):
    HEALTH_CARE = "health_care", _("Health care in the home")
    PERSONAL_CARE = "personal_care", _("Practical assistance – personal care")
    HOUSEHOLD = "household", _("Practical assistance – household")
    ADDITIONAL = "additional", _("Paid additional service")


# Health care and personal care are never charged (egenandel regulation); household help
# is; additional services are bought outside the decision and priced separately.
CHARGEABLE_BY_CATEGORY = {
    ServiceCategory.HEALTH_CARE: False,
    ServiceCategory.PERSONAL_CARE: False,
    ServiceCategory.HOUSEHOLD: True,
    ServiceCategory.ADDITIONAL: True,
}

# The texts live in hverdag.decisions.legal with every other legal reference.
LEGAL_BASIS_BY_CATEGORY = {category: legal.SERVICE_BASIS[category] for category in ServiceCategory}


class Service(PublicIdModel):
    municipality = models.ForeignKey("org.Municipality", on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    category = models.CharField(_("category"), max_length=20, choices=ServiceCategory.choices)
    kpr_code = models.CharField(_("KPR service code"), max_length=6)
    required_competence = models.ForeignKey(
        "staff.Competence", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    default_minutes = models.PositiveSmallIntegerField(_("default minutes"))
    chargeable = models.BooleanField(_("chargeable"), editable=False)
    part_of_decision = models.BooleanField(_("granted by decision"), default=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("service catalogue")
        ordering = ["category", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="service_unique_code")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        # Derived, never chosen: the regulation decides what may be charged.
        self.chargeable = CHARGEABLE_BY_CATEGORY[ServiceCategory(self.category)]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SENT = "sent", _("Sent")
    ACTIVE = "active", _("Active")
    CHANGED = "changed", _("Replaced by a change")
    ENDED = "ended", _("Ended")


class DecisionKind(models.TextChoices):
    NEW = "new", _("New decision")
    CHANGE = "change", _("Change")
    TERMINATION = "termination", _("Termination")


class InformedHow(models.TextChoices):
    ORALLY = "orally", _("Orally")
    IN_WRITING = "in_writing", _("In writing")
    BOTH = "both", _("Orally and in writing")


class Decision(PublicIdModel):
    """One version of a client's decision. A change or termination is a new version."""

    municipality = models.ForeignKey("org.Municipality", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("org.District", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="decisions")
    series = models.UUIDField(default=uuid.uuid4, db_index=True)
    version = models.PositiveIntegerField(default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    kind = models.CharField(max_length=12, choices=DecisionKind.choices, default=DecisionKind.NEW)
    status = models.CharField(
        max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    applied_on = models.DateField(_("application received"))
    applied_for = models.TextField(_("what was applied for"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    review_on = models.DateField(_("review date"), null=True, blank=True)
    facts = models.TextField(_("facts of the case"))
    reasons = models.TextField(_("reasons"))
    # Services applied for and not granted, with why; shown as refused in the letter.
    refused = models.TextField(_("refused"), blank=True)
    informed_how = models.CharField(
        _("client informed"), max_length=12, choices=InformedHow.choices, blank=True
    )
    informed_on = models.DateField(_("informed on"), null=True, blank=True)
    caseworker = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-valid_from", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="decision_unique_version"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="decision_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} v{self.version}"

    @property
    def reference(self) -> str:
        return f"{str(self.series)[:8].upper()}-{self.version}"


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


class LineOutcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    PARTLY_GRANTED = "partly_granted", _("Partly granted")


class ServiceLine(PublicIdModel):
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="lines")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    times_per_day = models.PositiveSmallIntegerField(_("times per day"))
    # ISO weekdays as a sorted list of ints, e.g. [1, 3, 5].
    weekdays = models.JSONField(_("weekdays"))
    every_n_weeks = models.PositiveSmallIntegerField(_("every n weeks"), default=1)
    minutes_per_visit = models.PositiveSmallIntegerField(_("minutes per visit"))
    window_start = models.TimeField(_("preferred from"), null=True, blank=True)
    window_end = models.TimeField(_("preferred to"), null=True, blank=True)
    staff_count = models.PositiveSmallIntegerField(_("number of staff"), default=1)
    provider = models.ForeignKey("org.Provider", on_delete=models.PROTECT, related_name="+")
    tasks = models.TextField(_("content / tasks"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=LineOutcome.choices, default=LineOutcome.GRANTED
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(times_per_day__gte=1), name="line_times_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(staff_count__in=[1, 2]), name="line_staff_one_or_two"
            ),
        ]

    @property
    def visits_per_week(self) -> float:
        return self.times_per_day * len(self.weekdays) / self.every_n_weeks

    @property
    def hours_per_week(self) -> float:
        return self.visits_per_week * self.minutes_per_visit / 60


class Letter(PublicIdModel):
    """A decision letter as sent: the PDF and the exact content it was made from."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="letters")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    template_version = models.CharField(max_length=20)
    content = models.JSONField()
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at"]

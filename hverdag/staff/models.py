"""Employees, their professions and what they are authorised to do."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hverdag.core.models import PublicIdModel
from hverdag.org.models import Municipality, Provider, Team


class Profession(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    PHYSIOTHERAPIST = "physiotherapist", _("Physiotherapist")
    OCCUPATIONAL_THERAPIST = "occupational_therapist", _("Occupational therapist")
    NURSE = "nurse", _("Nurse")
    HEALTH_WORKER = "health_worker", _("Health worker")
    HOME_HELPER = "home_helper", _("Home helper")
    CLINICAL_NUTRITIONIST = "clinical_nutritionist", _("Clinical nutritionist")
    ADVANCED_CLINICAL_NURSE = "advanced_clinical_nurse", _("Advanced clinical nurse")
    DEMENTIA_COORDINATOR = "dementia_coordinator", _("Dementia coordinator")
    CANCER_COORDINATOR = "cancer_coordinator", _("Cancer coordinator")
    PLANNER = "planner", _("Planner / coordinator")
    TEAM_LEADER = "team_leader", _("Team leader")


class TransportMode(models.TextChoices):
    WALK = "walk", _("Walking")
    BIKE = "bike", _("Bicycle")
    CAR = "car", _("Car")
    PUBLIC_TRANSPORT = "public_transport", _("Public transport")


class Competence(models.Model):
    """An authorisation or skill a service may require (e.g. medication administration)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Employee(PublicIdModel):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="employees"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employee",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    profession = models.CharField(_("profession"), max_length=40, choices=Profession.choices)
    hpr_number = models.CharField(_("HPR number"), max_length=9, blank=True)
    competences = models.ManyToManyField(Competence, blank=True, related_name="employees")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="employees"
    )
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="employees")
    employment_percent = models.PositiveSmallIntegerField(_("employment percentage"), default=100)
    home_base_address = models.CharField(_("home base"), max_length=200, blank=True)
    home_base_lat = models.FloatField(_("home base latitude"), null=True, blank=True)
    home_base_lon = models.FloatField(_("home base longitude"), null=True, blank=True)
    transport_mode = models.CharField(
        _("transport mode"), max_length=20, choices=TransportMode.choices, default=TransportMode.CAR
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(employment_percent__gte=1, employment_percent__lte=100),
                name="employee_percent_range",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ShiftKind(models.TextChoices):
    DAY = "day", _("Day")
    EVENING = "evening", _("Evening")


class Shift(PublicIdModel):
    """One employee's working hours on one date (local wall-clock times, Europe/Oslo).

    A rota is a set of these; the planner plans a caregiver only on a date they have a shift
    and no absence. ``break_minutes`` follows the Working Environment Act (see working_time).
    """

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="shifts")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("shift"), max_length=10, choices=ShiftKind.choices)
    starts_at = models.TimeField(_("starts"))
    ends_at = models.TimeField(_("ends"))
    break_minutes = models.PositiveSmallIntegerField(_("break (minutes)"), default=0)

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["date", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "date"], name="shift_one_per_day"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["date", "team"])]

    def __str__(self) -> str:
        return f"{self.employee} {self.date} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"


class AbsenceKind(models.TextChoices):
    SICK = "sick", _("Sick")
    HOLIDAY = "holiday", _("Holiday")
    COURSE = "course", _("Course")
    OTHER = "other", _("Other leave")


class Absence(PublicIdModel):
    """An employee away for whole days, ``starts_on`` to ``ends_on`` inclusive."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="absences")
    kind = models.CharField(_("kind"), max_length=10, choices=AbsenceKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="absence_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.kind} {self.starts_on}-{self.ends_on}"

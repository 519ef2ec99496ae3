"""The client record and what staff need to know before the door."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hverdag.core.models import PublicIdModel


class IdentityKindChoice(models.TextChoices):
    FNR = "fnr", _("National identity number")
    DNR = "dnr", _("D number")
    HNR = "hnr", _("H number")
    FHN = "fhn", _("Common assistance number")


class Client(PublicIdModel):
    municipality = models.ForeignKey("org.Municipality", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("org.District", on_delete=models.PROTECT, related_name="clients")
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="clients")
    identity_number = models.CharField(_("identity number"), max_length=11)
    identity_kind = models.CharField(max_length=3, choices=IdentityKindChoice.choices)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    street_address = models.CharField(_("address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=4)
    postal_place = models.CharField(_("postal place"), max_length=60)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=40, default="norsk")
    needs_interpreter = models.BooleanField(_("needs interpreter"), default=False)
    contact_person = models.ForeignKey(
        "staff.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="primary_clients",
        verbose_name=_("contact person"),
    )
    practical_provider = models.ForeignKey(
        "org.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clients",
        verbose_name=_("provider of practical assistance"),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "identity_number"], name="client_unique_identity"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def address_line(self) -> str:
        return f"{self.street_address}, {self.postal_code} {self.postal_place}"


class ResourcePerson(PublicIdModel):
    """Next of kin or another resource person (ressursperson)."""

    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("Spouse / partner")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Sibling")
        OTHER_FAMILY = "other_family", _("Other family")
        FRIEND = "friend", _("Friend / neighbour")
        GUARDIAN = "guardian", _("Guardian (verge)")
        OTHER = "other", _("Other")

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="resource_persons")
    name = models.CharField(_("name"), max_length=150)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_next_of_kin = models.BooleanField(_("next of kin"), default=True)
    has_proxy = models.BooleanField(_("power of attorney"), default=False)
    consent_to_information = models.BooleanField(_("may receive information"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("resource person")
        verbose_name_plural = _("resource persons")
        ordering = ["-is_next_of_kin", "name"]

    def __str__(self) -> str:
        return self.name


class EntryMethod(models.TextChoices):
    CLIENT_OPENS = "client_opens", _("Client opens")
    KEY_BOX = "key_box", _("Key box")
    SERVICE_KEY = "service_key", _("Key held by the service")
    DIGITAL_LOCK = "digital_lock", _("Digital lock")


class HomeNotes(models.Model):
    """What staff need to know before the door. Versioned: a change is a new row."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="home_notes")
    version = models.PositiveIntegerField()
    entry_method = models.CharField(_("how to get in"), max_length=20, choices=EntryMethod.choices)
    # Key-box code or digital-lock PIN, Fernet-encrypted (hverdag.core.crypto).
    entry_code_encrypted = models.TextField(blank=True)
    entry_instructions = models.CharField(_("entry instructions"), max_length=300, blank=True)
    pets = models.CharField(_("pets"), max_length=200, blank=True)
    pets_in_separate_room = models.BooleanField(_("pets kept in a separate room"), default=False)
    smoking = models.BooleanField(_("smoking in the home"), default=False)
    cleaning_equipment = models.BooleanField(_("cleaning equipment present"), default=False)
    hospital_bed = models.BooleanField(_("hospital bed"), default=False)
    patient_lift = models.BooleanField(_("patient lift"), default=False)
    other_aids = models.CharField(_("other aids"), max_length=300, blank=True)
    risk_notes = models.TextField(_("risk notes"), blank=True)
    recorded_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("home notes")
        verbose_name_plural = _("home notes")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["client", "version"], name="home_notes_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.client} v{self.version}"


class WelfareTechnology(PublicIdModel):
    class Kind(models.TextChoices):
        SAFETY_ALARM = "safety_alarm", _("Safety alarm")
        MEDICINE_DISPENSER = "medicine_dispenser", _("Medicine dispenser")
        GPS = "gps", _("GPS / location technology")
        DIGITAL_SUPERVISION = "digital_supervision", _("Digital supervision")

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="welfare_technology")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    serial_number = models.CharField(_("serial number"), max_length=60)
    supplier = models.CharField(_("supplier"), max_length=100)
    installed_on = models.DateField(_("installed"))
    removed_on = models.DateField(_("removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("welfare technology")
        verbose_name_plural = _("welfare technology")
        ordering = ["kind", "installed_on"]


class FunctionVariable(models.Model):
    """IPLOS/KPR function variable: reference data, versioned by the specification."""

    code = models.SlugField(max_length=40)
    spec_version = models.CharField(max_length=20, default="kpr-2024")
    order = models.PositiveSmallIntegerField()
    name_nb = models.CharField(max_length=80)
    name_en = models.CharField(max_length=80)
    group = models.CharField(max_length=20)  # adl, cognitive

    class Meta:
        ordering = ["spec_version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["spec_version", "code"], name="function_var_unique")
        ]

    def __str__(self) -> str:
        return self.name_nb


class Assessment(PublicIdModel):
    """Intake conversation (kartlegging) and function scores. Never overwritten."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="assessments")
    version = models.PositiveIntegerField()
    assessed_on = models.DateField(_("assessed on"))
    what_matters = models.TextField(_("What matters to you?"))
    manages_self = models.TextField(_("What do you manage yourself?"))
    resources = models.TextField(_("What resources do you have around you?"))
    notes = models.TextField(_("notes"), blank=True)
    home_visit = models.BooleanField(_("home visit carried out"), default=True)
    recorded_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["client", "version"], name="assessment_unique_version")
        ]


class FunctionScore(models.Model):
    SCORES = [(1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5"), (9, "9")]

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="scores")
    variable = models.ForeignKey(FunctionVariable, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(choices=SCORES)

    class Meta:
        ordering = ["variable__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "variable"], name="score_unique_var"),
            models.CheckConstraint(
                condition=models.Q(score__in=[1, 2, 3, 4, 5, 9]), name="score_valid_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.variable.code}={self.score}"


class Goal(models.Model):
    class Kind(models.TextChoices):
        EVERYDAY_MASTERY = "everyday_mastery", _("Everyday mastery")
        REABLEMENT = "reablement", _("Reablement")

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="goals")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("goal"), max_length=300)
    follow_up_on = models.DateField(_("follow up on"))

    class Meta:
        ordering = ["follow_up_on"]

    def __str__(self) -> str:
        return self.description


class ClientAbsence(PublicIdModel):
    """ "Not home": the client is away (hospital, travel, respite stay), whole days inclusive.

    Visits on these days are cancelled when visits are generated; withdrawing the absence
    (``withdrawn_at``) brings them back on the next generation run.
    """

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="absences")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    registered_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("client absence")
        verbose_name_plural = _("client absences")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="client_absence_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.starts_on}-{self.ends_on}"

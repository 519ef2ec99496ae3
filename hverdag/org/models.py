"""The organisation a home-care service runs in."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hverdag.core.models import PublicIdModel


class Municipality(PublicIdModel):
    name = models.CharField(_("name"), max_length=100)
    number = models.CharField(_("municipality number"), max_length=4, unique=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(PublicIdModel):
    """A bydel; the unit that makes decisions and receives complaints."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="districts"
    )
    name = models.CharField(_("name"), max_length=100)
    number = models.CharField(_("district number"), max_length=6, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    postal_address = models.CharField(_("postal address"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="district_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Unit(PublicIdModel):
    """E.g. Enhet helse og hverdagsmestring: the home-care unit of a district."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(PublicIdModel):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="teams")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("short name"), max_length=40)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["unit", "slug"], name="team_unique_slug")]

    def __str__(self) -> str:
        return self.name

    @property
    def district(self) -> District:
        return self.unit.district


class Provider(PublicIdModel):
    """Who delivers: the municipal service itself, or a private provider under free choice."""

    class Kind(models.TextChoices):
        MUNICIPAL = "municipal", _("Municipal")
        PRIVATE = "private", _("Private (free user choice)")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="providers"
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation_number = models.CharField(_("organisation number"), max_length=9, blank=True)
    contract_from = models.DateField(_("contract from"), null=True, blank=True)
    contract_to = models.DateField(_("contract to"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # Which service categories the provider is approved for (see decisions.ServiceCategory).
    categories = models.JSONField(_("service categories"), default=list, blank=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="provider_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Centre(PublicIdModel):
    """A district centre (bydelssenter) run by the service."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="centres")
    name = models.CharField(_("name"), max_length=150)
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("district centre")
        verbose_name_plural = _("district centres")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

"""Users, roles and the trails that make every read and write of health data traceable."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    preferred_language = models.CharField(_("language"), max_length=5, default="nb")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    PLANNER = "planner", _("Planner")
    FIELD_STAFF = "field_staff", _("Field staff")
    TEAM_LEADER = "team_leader", _("Team leader")
    PROVIDER_ADMIN = "provider_admin", _("Provider administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    CLIENT = "client", _("Client")
    NEXT_OF_KIN = "next_of_kin", _("Next of kin")


class RoleAssignment(models.Model):
    """One role of one user, with the scope it applies to.

    A person may hold several roles (a nurse who also plans); each is explicit. Scope:
    ``team`` for team-bound staff, ``district`` for roles that serve a whole district
    (a caseworker in the allocation office), ``provider`` for a private provider's
    administrator, ``client`` for the client and next-of-kin portal roles.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        "org.Municipality", on_delete=models.PROTECT, related_name="role_assignments"
    )
    district = models.ForeignKey(
        "org.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        "org.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    provider = models.ForeignKey(
        "org.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class AccessReason(models.TextChoices):
    """Why a read of health information was allowed (Normen: the 'why' of an access)."""

    TEAM = "team", _("Client of the user's team")
    DISTRICT = "district", _("Case handling in the district")
    CONTACT_PERSON = "contact_person", _("Contact person")
    PLANNED_VISIT = "planned_visit", _("Planned visit to the client")
    PROVIDER = "provider", _("Client of the user's provider")
    BREAK_GLASS = "break_glass", _("Emergency access")
    OWN_RECORD = "own_record", _("Own record")
    PROXY = "proxy", _("Next of kin with power of attorney")
    # A report the user wrote (a deviation), read back without any other relationship.
    AUTHOR = "author", _("The user's own report")
    # The nurse on duty for the client's team, answering an unsigned-dose alert.
    ON_DUTY = "on_duty", _("Nurse on duty for the client's team")


class BreakGlassTemplate(models.TextChoices):
    """Fixed decision templates (beslutningsmal) for emergency access."""

    URGENT_CARE = "urgent_care", _("Urgent care need")
    STANDING_IN = "standing_in", _("Standing in for a colleague")
    CLIENT_CONTACTED_US = "client_contacted", _("The client or next of kin contacted us")
    OTHER = "other", _("Other (explain)")


class BreakGlass(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="break_glasses")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    template = models.CharField(_("reason"), max_length=30, choices=BreakGlassTemplate.choices)
    reason_text = models.TextField(_("written reason"))
    opened_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"{self.user} → {self.client_id} ({self.opened_at:%Y-%m-%d %H:%M})"


# What a logged read was of, as the client and the reviewer read it in the log.
WHAT_LABELS = {
    "overview": _("Overview of the record"),
    "home_notes": _("Home notes"),
    "entry_code": _("Key-box or lock code"),
    "resource_persons": _("Next of kin and resource persons"),
    "welfare_technology": _("Welfare technology"),
    "assessments": _("Intake and function scores"),
    "decisions": _("Decisions"),
    "decision": _("A decision"),
    "decision_letter": _("A decision letter"),
    "access_log": _("The access log"),
    "journal": _("Journal notes"),
    "case_file": _("Case file notes"),
    "medication": _("Medication list and doses"),
    "deviation": _("A deviation report"),
    "day_list": _("The visit in the caregiver's day list"),
}


class AccessLog(models.Model):
    """Append-only: one row per read of a client's health information."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="access_log"
    )
    what = models.CharField(_("what"), max_length=60)
    reason = models.CharField(_("why"), max_length=20, choices=AccessReason.choices)
    break_glass = models.ForeignKey(BreakGlass, on_delete=models.PROTECT, null=True, blank=True)
    channel = models.CharField(max_length=10, default="web")  # web, api

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.what}"

    @property
    def what_label(self) -> str:
        return str(WHAT_LABELS.get(self.what, self.what))


class AuditEvent(models.Model):
    """Append-only: one row per write, with the old and new values."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_id}"


class ApiToken(models.Model):
    """A system's token; only a keyed digest is stored, the token is shown once."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return self.name
